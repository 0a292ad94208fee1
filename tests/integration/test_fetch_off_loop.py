"""Parsing runs off the event loop: the loop's thread never parses, and a deadline can fire.

Real HTTP on 127.0.0.1; each source type's parser is wrapped to record the thread it ran on
(or, for the deadline, to stay busy until the test lets it go), so nothing here is timed.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from rtc_tui.config import SourceConfig
from rtc_tui.schema import Duration
from rtc_tui.sources import bluesky, google_trends, hackernews, mastodon, reddit, rss
from rtc_tui.sources.fetch import Fetcher, make_client
from tests.httpserver import FeedServer
from tests.integration.test_fetch import every_type

PARSERS = [
    (rss, "parse_rss"),
    (google_trends, "parse_google_trends"),
    (mastodon, "parse_tags"),
    (hackernews, "parse_item"),
    (reddit, "parse_reddit"),
    (bluesky, "parse_bluesky"),
]


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(trust_env=False) as shared:
        yield shared


def recording(original: Callable[..., Any], threads: list[int]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.get_ident())
        return original(*args, **kwargs)

    return wrapper


async def test_every_parser_runs_in_a_worker_thread(
    feed_server: FeedServer, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: dict[str, list[int]] = {}
    for module, name in PARSERS:
        threads[name] = []
        monkeypatch.setattr(module, name, recording(getattr(module, name), threads[name]))
    results = await Fetcher(client).refresh(every_type(feed_server))
    assert all(r.ok for r in results), {r.source.name: r.error for r in results}
    loop_thread = threading.get_ident()
    for name, seen in threads.items():
        assert seen, f"{name} was never called"
        assert loop_thread not in seen, f"{name} ran on the event loop's thread"


async def test_a_deadline_fires_while_a_parse_is_still_running(
    feed_server: FeedServer, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    started = threading.Event()
    original = rss.parse_rss

    def stuck(*args: Any, **kwargs: Any) -> Any:
        started.set()
        release.wait(30)  # a feed that takes "forever" to parse
        return original(*args, **kwargs)

    monkeypatch.setattr(rss, "parse_rss", stuck)
    source = SourceConfig(
        "Slow parse", "rss", feed_server.url("/feeds/rss2_ansa.xml"), timeout=Duration(0.3)
    )
    try:
        result = await Fetcher(client).fetch(source)
        still_parsing = not release.is_set()
    finally:
        release.set()
    assert started.is_set()
    assert still_parsing, "the fetch waited for the parser"
    assert not result.ok
    assert result.error == (
        "answer not complete after 0.6 s (the source's deadline, twice its timeout); stopped"
    )
