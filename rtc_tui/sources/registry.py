"""Which collect function handles which configured source ``type``."""

from __future__ import annotations

from rtc_tui.sources import bluesky, google_trends, hackernews, mastodon, reddit, rss
from rtc_tui.sources.base import Collector

COLLECTORS: dict[str, Collector] = {
    "rss": rss.collect,
    "google_trends": google_trends.collect,
    "mastodon_trends": mastodon.collect,
    "hackernews": hackernews.collect,
    "reddit": reddit.collect,
    "bluesky_trending": bluesky.collect,
}
"""Source type (as in the config's ``type:``) -> its collector."""
