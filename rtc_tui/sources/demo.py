"""The demo's sources: bundled feed files served from memory through the real fetch path.

``rtc --demo`` needs no network, yet should exercise the same code as live sources. So the
demo gets an ordinary :class:`~rtc_tui.sources.fetch.Fetcher` whose shared client has an
``httpx.MockTransport`` answering for ``demo.rtc-tui.invalid`` from the files in
``rtc_tui/data/demo/feeds``; every byte still goes through the size cap, the conditional
request logic and the parsers. Placeholders in the files make the demo look live (see the
README next to them): dates relative to now, and signals that grow on every refresh.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import msgspec

from rtc_tui.config import SourceConfig
from rtc_tui.schema import load_yaml
from rtc_tui.sources.fetch import make_client

DEMO_HOST = "demo.rtc-tui.invalid"
"""The host every demo source points at; it never resolves, the transport answers."""

ROUTES = {
    "/notizie-italia.xml": ("notizie-italia.xml", "application/rss+xml"),
    "/agenzia-politica.rdf": ("agenzia-politica.rdf", "application/rdf+xml"),
    "/world-desk.atom": ("world-desk.atom", "application/atom+xml"),
    "/trends/rss": ("google-trends-it.xml", "application/rss+xml"),
    "/mastodon/api/v1/trends/tags": ("mastodon-tags.json", "application/json"),
    "/mastodon/api/v1/trends/links": ("mastodon-links.json", "application/json"),
    "/mastodon/api/v1/trends/statuses": ("mastodon-statuses.json", "application/json"),
    "/hn/v0/topstories.json": ("hn-topstories.json", "application/json"),
    "/reddit/r/italy/hot.json": ("reddit-italy.json", "application/json"),
    "/bsky/xrpc/app.bsky.unspecced.getTrendingTopics": (
        "bluesky-trending.json",
        "application/json",
    ),
}
"""Request path -> (file in the feeds folder, Content-Type)."""

_PLACEHOLDER = re.compile(r'"\{\{=([a-z0-9]+):([^}]*)\}\}"|\{\{([a-z0-9]+):([^}]*)\}\}')
_OFFSET = re.compile(r"^([+-]?\d+(?:\.\d+)?)([smhd])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def feeds_dir() -> Path:
    """The bundled demo feeds folder."""
    return Path(str(resources.files("rtc_tui") / "data" / "demo" / "feeds"))


def demo_sources() -> tuple[SourceConfig, ...]:
    """The demo's source list (``feeds/sources.yaml``)."""
    return load_yaml(feeds_dir() / "sources.yaml", _DemoSources).sources


class _DemoSources(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The shape of ``feeds/sources.yaml``: the config's own source records."""

    sources: tuple[SourceConfig, ...]


def _seconds(text: str) -> float:
    match = _OFFSET.match(text.strip())
    if not match:
        return float(text)
    return timedelta(**{_UNITS[match.group(2)]: float(match.group(1))}).total_seconds()


def _compact(value: float) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:g}M+"
    if value >= 1000:
        return f"{int(value // 1000)}K+"
    return f"{int(value)}+"


class DemoFeeds:
    """The transport handler: answers demo URLs from the bundled files, filled in for now."""

    def __init__(self, now: Callable[[], datetime]) -> None:
        self.now = now
        self.served: Counter[str] = Counter()
        """How many times each path was served (signals grow with it)."""
        self._items: dict[str, Any] = json.loads((feeds_dir() / "hn-items.json").read_text("utf-8"))

    def render(self, text: str, round_no: int) -> str:
        """Fill the placeholders in ``text`` for the ``round_no``-th serving (0 first)."""
        now = self.now().astimezone(UTC)

        def fill(match: re.Match[str]) -> str:
            kind = match.group(1) or match.group(3)
            arg = match.group(2) if match.group(1) else match.group(4)
            if kind in {"n", "k"}:
                base, growth = (float(x) for x in arg.split(":"))
                value = base * growth**round_no
                return _compact(value) if kind == "k" else str(int(value))
            if kind == "day":
                midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
                return str(int((midnight + timedelta(days=int(arg))).timestamp()))
            when = now + timedelta(seconds=_seconds(arg))
            if kind == "rfc822":
                return format_datetime(when)
            if kind == "iso":
                return when.isoformat()
            return str(int(when.timestamp()))

        return _PLACEHOLDER.sub(fill, text)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        """Answer one request."""
        if request.url.host != DEMO_HOST:
            return httpx.Response(502, text="the demo has no network")
        path = request.url.path
        round_no = self.served[path]
        self.served[path] += 1
        if path.startswith("/hn/v0/item/") and path.endswith(".json"):
            item = self._items.get(path.rsplit("/", 1)[1].removesuffix(".json"))
            body = self.render(json.dumps(item), round_no)
            return httpx.Response(200, text=body, headers={"content-type": "application/json"})
        if path not in ROUTES:
            return httpx.Response(404, text="not in the demo")
        name, ctype = ROUTES[path]
        text = (feeds_dir() / name).read_text("utf-8")
        return httpx.Response(
            200,
            content=self.render(text, round_no).encode("utf-8"),
            headers={"content-type": ctype},
        )


def demo_client(now: Callable[[], datetime]) -> httpx.AsyncClient:
    """A shared client whose only destination is the bundled demo feeds."""
    return make_client(transport=httpx.MockTransport(DemoFeeds(now)), trust_env=False)
