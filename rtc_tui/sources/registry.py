"""Which collect function handles which configured source ``type``.

Each source module is imported when a source of its type is first fetched: a desk of RSS
feeds never loads the Mastodon, Reddit or Bluesky parsers (``rtc fetch`` starts that much
sooner).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from rtc_tui.sources.base import Collector

MODULES: dict[str, str] = {
    "rss": "rtc_tui.sources.rss",
    "google_trends": "rtc_tui.sources.google_trends",
    "mastodon_trends": "rtc_tui.sources.mastodon",
    "hackernews": "rtc_tui.sources.hackernews",
    "reddit": "rtc_tui.sources.reddit",
    "bluesky_trending": "rtc_tui.sources.bluesky",
}
"""Source type (as in the config's ``type:``) -> the module whose ``collect`` handles it."""


class _Collectors(Mapping[str, Collector]):
    """Source type -> its collector, each module imported on first use."""

    def __getitem__(self, kind: str) -> Collector:
        collector: Collector = importlib.import_module(MODULES[kind]).collect
        return collector

    def __iter__(self) -> Iterator[str]:
        return iter(MODULES)

    def __len__(self) -> int:
        return len(MODULES)


COLLECTORS: Mapping[str, Collector] = _Collectors()
"""Source type (as in the config's ``type:``) -> its collector."""
