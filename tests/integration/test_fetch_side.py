"""A refresh of many sources: the fetcher's hooks, and texts classified beside this process.

Real HTTP on 127.0.0.1 (the feeds answer after a delay, as slow sources do), a real child
process classifying, a real store in the test's folder. What is checked is order (the
requests are all out before the refresh's own work starts; each result is handed over as it
comes in) and sameness (the store holds exactly what a refresh classifying here alone
stores), never a duration.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Future
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from rtc_tui.config import Config, SourceConfig
from rtc_tui.core.models import Event, Level
from rtc_tui.core.trending.ingest import sensitivity_text
from rtc_tui.core.trending.stories import worst_sensitivity
from rtc_tui.desk import Desk, side_classifier
from rtc_tui.desk.safety_data import lexicon_for
from rtc_tui.desk.side_classifier import SideClassifier
from rtc_tui.schema import Duration
from rtc_tui.sources.fetch import Fetcher, make_client
from rtc_tui.store import FileStore
from tests.httpserver import FeedServer
from tests.waiting import wait_for

NOW = datetime(2026, 3, 1, 0, 30, tzinfo=UTC)
FEEDS = ["rss2_ansa.xml", "rss1_rdf.xml", "atom_world.xml", "italian_dates.xml", "hostile_ansi.xml"]
"""UTF-8 feeds, served without validators (``/lying-charset/``): every refresh gets them whole."""


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(trust_env=False) as shared:
        yield shared


def slow(server: FeedServer, name: str, route: str, seconds: float = 0.5) -> SourceConfig:
    return SourceConfig(name, "rss", server.url(f"/slow/{seconds}{route}"), timeout=Duration(5))


async def test_waiting_is_told_once_every_request_is_out_before_any_answer(
    feed_server: FeedServer, client: httpx.AsyncClient
) -> None:
    with FeedServer() as gone:
        refused = gone.url("/feeds/rss2_ansa.xml")
    sources = [
        slow(feed_server, "Slow A", "/feeds/rss2_ansa.xml"),
        slow(feed_server, "Slow B", "/feeds/atom_world.xml"),
        SourceConfig("Hangs", "rss", feed_server.url("/hang/x"), timeout=Duration(1)),
        SourceConfig("Refused", "rss", refused, timeout=Duration(2)),
    ]
    seen: list[str] = []
    results = await Fetcher(client, now=lambda: NOW).fetch_all(
        sources,
        on_events=lambda source, events: seen.append(source.name),
        on_waiting=lambda: seen.append("waiting"),
    )
    assert seen.count("waiting") == 1
    # The slow sources answer after their requests are out; nothing came before that.
    assert seen[0] == "waiting"
    assert {"Slow A", "Slow B"} <= set(seen)
    assert "Hangs" not in seen  # no events: nothing to tell
    assert "Refused" not in seen
    assert [r.source.name for r in results] == [s.name for s in sources]  # config order
    assert [r.ok for r in results] == [True, True, False, False]


async def test_events_are_told_as_they_are_parsed_in_the_parsing_thread(
    feed_server: FeedServer, client: httpx.AsyncClient
) -> None:
    """Each source's events, told from the thread that parsed them, then from the loop."""
    sources = [
        slow(feed_server, "Slow", "/feeds/rss2_ansa.xml", seconds=1),
        SourceConfig("Fast", "rss", feed_server.url("/feeds/atom_world.xml")),
    ]
    told: list[tuple[str, list[str], bool]] = []
    loop_thread = threading.get_ident()

    def on_events(source: SourceConfig, events: list[Event]) -> None:
        told.append((source.name, [e.id for e in events], threading.get_ident() == loop_thread))

    results = await Fetcher(client, now=lambda: NOW).fetch_all(sources, on_events=on_events)
    slow_ids = [e.id for e in results[0].events]
    fast_ids = [e.id for e in results[1].events]
    assert told == [
        ("Fast", fast_ids, False),  # the parsing thread
        ("Fast", fast_ids, True),  # the event loop, once the source is done
        ("Slow", slow_ids, False),
        ("Slow", slow_ids, True),
    ]


async def test_a_fetcher_with_nothing_to_fetch_tells_nobody(client: httpx.AsyncClient) -> None:
    told: list[str] = []
    results = await Fetcher(client).fetch_all(
        [],
        on_events=lambda source, events: told.append("events"),
        on_waiting=lambda: told.append("waiting"),
    )
    assert results == []
    assert told == []


def _desk(server: FeedServer, data: Path) -> Desk:
    sources = (slow(server, f"Feed {n}", f"/lying-charset/{f}") for n, f in enumerate(FEEDS))
    return Desk(Config(sources=tuple(sources)), FileStore(data), user="alice", now=lambda: NOW)


def _stored(desk: Desk) -> list[Event]:
    return sorted(desk.store.events.all(), key=lambda e: e.id)


def _classified_in_place(desk: Desk) -> None:
    """Each stored verdict is the lexicon's on its event's text, each story's its worst.

    What classifying each new event as it is merged gave: the merge classifies only once its
    batch is scored (``MergeOutcome.settle``), the standings and bodies must not show it.
    """
    classify = lexicon_for(desk.config).classify
    stored = {e.id: e for e in desk.store.events.all()}
    for event in stored.values():
        assert event.sensitivity == classify(sensitivity_text(event)), event.title
    ranking = desk.store.events.ranking()
    assert {s.id for s in ranking} == stored.keys()
    for standing in ranking:
        assert standing.event.sensitivity == stored[standing.id].sensitivity
        members = [stored[m].sensitivity for m in standing.members]
        assert standing.story_sensitivity == worst_sensitivity(members)


def test_a_refresh_classified_beside_this_process_stores_the_same_events(
    feed_server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Five slow sources: the child parses and classifies as they come in; the same store."""
    monkeypatch.setattr(side_classifier, "processors", lambda: 2)
    monkeypatch.setattr(side_classifier, "BACKLOG", 1_000_000)  # every body to the child
    monkeypatch.setattr(side_classifier, "TAKE_BACK_AFTER", 60)  # however long it takes
    sides: list[SideClassifier] = []
    used: list[int] = []
    parsed: list[int] = []
    original_init = SideClassifier.__init__
    original_all = SideClassifier.classify_all
    original_parse = SideClassifier.parse
    original_answered = SideClassifier._answered

    def init(self: SideClassifier) -> None:
        original_init(self)
        sides.append(self)

    def parse(self: SideClassifier, parse: Any, body: Any) -> Any:
        wait_for(lambda: self.ready, timeout=60)  # not left here for a child still starting
        return original_parse(self, parse, body)

    def answered(self: SideClassifier, number: int, events: list[Event] | None) -> None:
        parsed.append(len(events or ()))
        original_answered(self, number, events)

    monkeypatch.setattr(SideClassifier, "parse", parse)
    monkeypatch.setattr(SideClassifier, "_answered", answered)

    def classify_all(self: SideClassifier, texts: Any, classify: Callable[..., Any]) -> Any:
        # The merge waits here until the child has answered every text handed to it, so the
        # verdicts stored are the child's (without this, the merge would take them anyway).
        wait_for(lambda: len(self.verdicts) == len(self._sent), timeout=60)
        used.append(len(self.verdicts))
        return original_all(self, texts, classify)

    monkeypatch.setattr(SideClassifier, "__init__", init)
    monkeypatch.setattr(SideClassifier, "classify_all", classify_all)

    beside = _desk(feed_server, tmp_path / "beside")
    report = beside.trending.refresh_now()
    assert all(s.ok for s in report.sources), report.sources
    assert len(sides) == 1
    assert used == [len(sides[0]._sent)]
    assert used[0] > 0
    assert len(parsed) == len(FEEDS)  # every body was parsed by the child
    assert all(parsed)

    monkeypatch.setattr(side_classifier, "worth_it", lambda sources: False)
    alone = _desk(feed_server, tmp_path / "alone")
    alone_report = alone.trending.refresh_now()
    assert len(sides) == 1  # no child this time
    assert [(s.name, s.new, s.total) for s in alone_report.sources] == [
        (s.name, s.new, s.total) for s in report.sources
    ]
    assert _stored(beside) == _stored(alone)
    assert beside.store.events.ranking() == alone.store.events.ranking()
    assert any(e.sensitivity.level is Level.BLOCK for e in _stored(beside))
    _classified_in_place(beside)
    _classified_in_place(alone)


def test_bodies_the_child_cannot_parse_in_time_are_parsed_here(
    feed_server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A child starved of processor time, and one whose parser fails: the same store.

    A feed that is not one fails in the child: it is parsed again here, and reported with
    the same words as without a child.
    """
    monkeypatch.setattr(side_classifier, "processors", lambda: 2)
    monkeypatch.setattr(side_classifier, "BACKLOG", 1_000_000)
    monkeypatch.setattr(side_classifier, "TAKE_BACK_AFTER", 0.01)
    given_up: list[Any] = []
    refused: list[Any] = []
    original_parse = SideClassifier.parse

    def parse(self: SideClassifier, parse: Any, body: Any) -> Any:
        wait_for(lambda: self.ready, timeout=60)
        if body.url.endswith("malformed.xml"):  # the first to answer: the child's to parse
            future = original_parse(self, parse, body)
            assert future is not None
            wait_for(future.done, timeout=60)
            refused.append(future.exception())
            return future
        if body.url.endswith("rss2_ansa.xml"):  # this one never comes back in time
            given_up.append(Future())
            return given_up[-1]
        return None  # the others are parsed here

    monkeypatch.setattr(SideClassifier, "parse", parse)

    def desk(data: Path) -> Desk:
        sources = [
            *(slow(feed_server, f"Feed {n}", f"/lying-charset/{f}") for n, f in enumerate(FEEDS)),
            SourceConfig("Broken", "rss", feed_server.url("/lying-charset/malformed.xml")),
        ]
        return Desk(Config(sources=tuple(sources)), FileStore(data), user="alice", now=lambda: NOW)

    beside = desk(tmp_path / "beside")
    report = beside.trending.refresh_now()
    assert len(refused) == 1
    assert isinstance(refused[0], side_classifier.ChildParseError)
    assert len(given_up) == 1
    assert given_up[0].cancelled()
    monkeypatch.setattr(side_classifier, "worth_it", lambda sources: False)
    alone = desk(tmp_path / "alone")
    alone_report = alone.trending.refresh_now()
    assert [(s.name, s.ok, s.new, s.error) for s in report.sources] == [
        (s.name, s.ok, s.new, s.error) for s in alone_report.sources
    ]
    assert not report.sources[-1].ok
    assert _stored(beside) == _stored(alone)
    assert beside.store.events.ranking() == alone.store.events.ranking()
    _classified_in_place(beside)


def test_texts_handed_over_at_the_last_refresh_are_not_handed_over_again(
    feed_server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(side_classifier, "processors", lambda: 2)
    sides: list[SideClassifier] = []
    original_init = SideClassifier.__init__

    def init(self: SideClassifier) -> None:
        original_init(self)
        sides.append(self)

    monkeypatch.setattr(SideClassifier, "__init__", init)
    desk = _desk(feed_server, tmp_path / "data")
    desk.trending.refresh_now()
    first = _stored(desk)
    desk.trending.refresh_now()
    assert len(sides) == 2
    assert sides[0]._sent  # the first refresh handed every text over
    assert not sides[1]._sent  # the feeds did not change: nothing to classify again
    assert [e.sensitivity for e in _stored(desk)] == [e.sensitivity for e in first]
