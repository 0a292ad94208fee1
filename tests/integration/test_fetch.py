"""The fetcher against a real local server: concurrency, timeouts, caps, 304s, hostile feeds."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from rtc_tui.config import SourceConfig
from rtc_tui.schema import Duration
from rtc_tui.sources.fetch import USER_AGENT, Fetcher, SourceHealth, make_client
from tests.httpserver import FeedServer

NOW = datetime(2026, 3, 1, 0, 30, tzinfo=UTC)


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(trust_env=False) as shared:
        yield shared


def rss(server: FeedServer, name: str, path: str, timeout: float = 5.0) -> SourceConfig:
    return SourceConfig(name, "rss", server.url(path), timeout=Duration(timeout), lang="it")


def every_type(server: FeedServer, prefix: str = "") -> list[SourceConfig]:
    return [
        SourceConfig("News IT", "rss", server.url(f"{prefix}/feeds/rss2_ansa.xml"), lang="it"),
        SourceConfig("Agenzia", "rss", server.url(f"{prefix}/feeds/rss1_rdf.xml"), lang="it"),
        SourceConfig("World", "rss", server.url(f"{prefix}/feeds/atom_world.xml"), lang="en"),
        SourceConfig(
            "Trends IT",
            "google_trends",
            server.url(f"{prefix}/feeds/google_trends_it.xml"),
            lang="it",
            region="IT",
        ),
        SourceConfig("Mastodon", "mastodon_trends", server.url(f"{prefix}/mastodon")),
        SourceConfig("HN", "hackernews", server.url(f"{prefix}/hn/v0")),
        SourceConfig("r/italy", "reddit", server.url(f"{prefix}/reddit/r/italy/hot.json")),
        SourceConfig("Bluesky", "bluesky_trending", server.url(f"{prefix}/bsky")),
    ]


async def test_every_source_type_is_fetched_and_parsed(
    feed_server: FeedServer, client: httpx.AsyncClient
) -> None:
    fetcher = Fetcher(client, now=lambda: NOW)
    results = await fetcher.refresh(every_type(feed_server))
    by_name = {r.source.name: r for r in results}
    assert all(r.ok for r in results), {r.source.name: r.error for r in results}
    assert len(by_name["News IT"].events) == 5
    assert len(by_name["Agenzia"].events) == 2
    assert len(by_name["World"].events) == 3
    assert [e.title for e in by_name["Trends IT"].events][0] == "sanremo 2026"
    assert len(by_name["Trends IT"].events[0].context) == 3
    titles = {e.title for e in by_name["Mastodon"].events}
    assert {"#Sanremo2026", "#CoppaItalia"} <= titles
    assert len(by_name["HN"].events) == 3  # the deleted item and the job are left out
    assert len(by_name["r/italy"].events) == 3  # the stickied megathread is left out
    assert len(by_name["Bluesky"].events) == 4
    assert fetcher.health["HN"].item_count == 3
    assert fetcher.health["HN"].ok


async def test_requests_carry_an_honest_user_agent_and_raw_json(
    feed_server: FeedServer, client: httpx.AsyncClient
) -> None:
    fetcher = Fetcher(client, now=lambda: NOW)
    await fetcher.refresh(every_type(feed_server))
    agents = {r.headers.get("user-agent") for r in feed_server.requests}
    assert agents == {USER_AGENT}
    (reddit,) = feed_server.requests_to("/reddit/r/italy/hot.json")
    assert "raw_json=1" in reddit.query


async def test_items_are_fetched_for_each_top_story(
    feed_server: FeedServer, client: httpx.AsyncClient
) -> None:
    fetcher = Fetcher(client, now=lambda: NOW)
    await fetcher.refresh([SourceConfig("HN", "hackernews", feed_server.url("/hn/v0"))])
    item_paths = sorted(r.path for r in feed_server.requests if r.path.startswith("/hn/v0/item/"))
    assert item_paths == [f"/hn/v0/item/4310000{i}.json" for i in range(1, 6)]


async def test_second_fetch_sends_conditional_requests_and_adds_nothing(
    feed_server: FeedServer, client: httpx.AsyncClient
) -> None:
    sources = [rss(feed_server, "News IT", "/feeds/rss2_ansa.xml")]
    fetcher = Fetcher(client, now=lambda: NOW)
    (first,) = await fetcher.refresh(sources)
    (second,) = await fetcher.refresh(sources)
    assert len(first.events) == 5
    assert second.ok
    assert second.not_modified
    assert second.events == []
    conditional = feed_server.requests_to("/feeds/rss2_ansa.xml")[1].headers
    assert conditional["if-none-match"].startswith('"')
    assert "if-modified-since" in conditional


async def test_validators_survive_a_new_process(
    feed_server: FeedServer, client: httpx.AsyncClient
) -> None:
    """A cron ``rtc fetch`` persists health; the next run starts from it and gets a 304."""
    sources = [rss(feed_server, "News IT", "/feeds/rss2_ansa.xml")]
    first = Fetcher(client, now=lambda: NOW)
    await first.refresh(sources)
    saved = [SourceHealth.from_dict(h.to_dict()) for h in first.health.values()]
    second = Fetcher(client, now=lambda: NOW, health=saved)
    (result,) = await second.refresh(sources)
    assert result.not_modified
    assert result.events == []


async def test_unchanged_mastodon_endpoints_keep_their_context(
    feed_server: FeedServer, client: httpx.AsyncClient
) -> None:
    sources = [SourceConfig("Mastodon", "mastodon_trends", feed_server.url("/mastodon"))]
    fetcher = Fetcher(client, now=lambda: NOW)
    await fetcher.refresh(sources)
    (again,) = await fetcher.refresh(sources)
    assert again.not_modified
    assert len(feed_server.requests_to("/mastodon/api/v1/trends/statuses")) == 2


async def test_a_hanging_source_fails_with_its_timeout_and_others_succeed(
    feed_server: FeedServer, client: httpx.AsyncClient
) -> None:
    sources = [
        rss(feed_server, "Hangs", "/hang/feed.xml", timeout=0.5),
        rss(feed_server, "Fine", "/feeds/rss2_ansa.xml"),
    ]
    fetcher = Fetcher(client, now=lambda: NOW)
    hangs, fine = await fetcher.refresh(sources)
    assert not hangs.ok
    assert hangs.error == "no answer within 0.5 s"
    assert fine.ok
    assert len(fine.events) == 5
    assert fetcher.health["Hangs"].last_error == "no answer within 0.5 s"


async def test_a_trickling_source_is_cut_off_by_its_deadline(
    feed_server: FeedServer, client: httpx.AsyncClient
) -> None:
    fetcher = Fetcher(client, now=lambda: NOW)
    (result,) = await fetcher.refresh([rss(feed_server, "Trickle", "/trickle", timeout=0.5)])
    assert not result.ok
    assert (
        result.error
        == "answer not complete after 1 s (the source's deadline, twice its timeout); stopped"
    )
    assert result.ms >= 1000, "the words match the time it took"


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("/big/declared", "response larger than 5 MB; refused"),
        ("/big/streamed", "response larger than 5 MB; stopped reading"),
        ("/big/gzip", "response larger than 5 MB; stopped reading"),
        ("/status/500", "HTTP 500 Internal Server Error"),
        ("/status/404", "HTTP 404 Not Found"),
        ("/redirect-loop", "more than 5 redirects"),
        ("/gzip-broken", "could not be decompressed"),
        ("/feeds/billion_laughs.xml", "possible entity-expansion attack"),
        ("/feeds/external_entity.xml", "possible entity-expansion attack"),
        ("/feeds/malformed.xml", "malformed feed"),
        ("/feeds/not_a_feed.html", "malformed feed"),
    ],
)
async def test_misbehaving_sources_fail_in_words(
    feed_server: FeedServer, client: httpx.AsyncClient, path: str, error: str
) -> None:
    fetcher = Fetcher(client, now=lambda: NOW)
    bad, good = await fetcher.refresh(
        [rss(feed_server, "Bad", path), rss(feed_server, "Good", "/feeds/atom_world.xml")]
    )
    assert not bad.ok
    assert error in bad.error
    assert bad.events == []
    assert good.ok


async def test_a_dropped_connection_is_a_source_error(
    feed_server: FeedServer, client: httpx.AsyncClient
) -> None:
    fetcher = Fetcher(client, now=lambda: NOW)
    (result,) = await fetcher.refresh([rss(feed_server, "Drop", "/drop")])
    assert not result.ok
    assert result.error


async def test_refused_connection_is_a_source_error(client: httpx.AsyncClient) -> None:
    with FeedServer() as server:
        url = server.url("/feeds/rss2_ansa.xml")
    fetcher = Fetcher(client, now=lambda: NOW)
    (result,) = await fetcher.refresh([SourceConfig("Gone", "rss", url, timeout=Duration(2))])
    assert not result.ok
    assert result.error.startswith("could not connect")


async def test_compressed_feeds_are_read(
    feed_server: FeedServer, client: httpx.AsyncClient
) -> None:
    fetcher = Fetcher(client, now=lambda: NOW)
    (result,) = await fetcher.refresh([rss(feed_server, "Zipped", "/gzip/rss2_ansa.xml")])
    assert result.ok
    assert len(result.events) == 5


async def test_a_few_redirects_are_followed(
    feed_server: FeedServer, client: httpx.AsyncClient
) -> None:
    fetcher = Fetcher(client, now=lambda: NOW)
    (result,) = await fetcher.refresh(
        [rss(feed_server, "Moved", "/redirect/3/feeds/rss2_ansa.xml")]
    )
    assert result.ok
    assert len(result.events) == 5


async def test_failures_back_off_exponentially_and_honour_retry_after(
    feed_server: FeedServer, client: httpx.AsyncClient
) -> None:
    clock = [NOW]
    fetcher = Fetcher(client, now=lambda: clock[0])
    failing = SourceConfig("Down", "rss", feed_server.url("/status/500"), every=Duration(60))
    busy = SourceConfig("Busy", "rss", feed_server.url("/status/429"), every=Duration(60))
    await fetcher.refresh([failing, busy])
    assert fetcher.health["Down"].retry_at == NOW + timedelta(seconds=60)
    assert fetcher.health["Busy"].retry_at == NOW + timedelta(seconds=120)
    clock[0] = NOW + timedelta(seconds=61)
    assert fetcher.due([failing, busy]) == [failing]
    await fetcher.refresh([failing, busy], only_due=True)
    assert fetcher.health["Down"].failures == 2
    assert fetcher.health["Down"].retry_at == clock[0] + timedelta(seconds=120)
    assert fetcher.health["Busy"].failures == 1


async def test_a_success_resets_the_backoff(
    feed_server: FeedServer, client: httpx.AsyncClient
) -> None:
    fetcher = Fetcher(
        client,
        now=lambda: NOW,
        health=[SourceHealth("News", failures=3, last_error="HTTP 500", retry_at=NOW)],
    )
    (result,) = await fetcher.refresh([rss(feed_server, "News", "/feeds/rss2_ansa.xml")])
    health = fetcher.health["News"]
    assert result.ok
    assert (health.failures, health.last_error, health.retry_at) == (0, "", None)
    assert health.last_success == NOW
    assert health.latency_ms is not None


@pytest.mark.parametrize("path", ["/feeds/latin1.xml", "/lying-charset/latin1.xml"])
async def test_declared_latin1_is_decoded_right(
    feed_server: FeedServer, client: httpx.AsyncClient, path: str
) -> None:
    fetcher = Fetcher(client, now=lambda: NOW)
    (result,) = await fetcher.refresh([rss(feed_server, "Latino", path)])
    assert result.events[0].title == (
        "Perché la città è già in festa: più di mille persone in piazza"
    )


async def test_hostile_titles_arrive_as_plain_text(
    feed_server: FeedServer, client: httpx.AsyncClient
) -> None:
    fetcher = Fetcher(client, now=lambda: NOW)
    markup, ansi = await fetcher.refresh(
        [
            rss(feed_server, "Markup", "/feeds/hostile_markup.xml"),
            rss(feed_server, "Ansi", "/feeds/hostile_ansi.xml"),
        ]
    )
    assert markup.events[0].title == "[bold red]x[/]"
    for event in ansi.events:
        assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in event.title)
        assert event.url == "" or event.url.startswith("https://")


async def test_disabled_sources_are_skipped(
    feed_server: FeedServer, client: httpx.AsyncClient
) -> None:
    off = SourceConfig("Off", "rss", feed_server.url("/feeds/rss2_ansa.xml"), enabled=False)
    fetcher = Fetcher(client, now=lambda: NOW)
    assert await fetcher.refresh([off]) == []
    assert feed_server.requests == []
