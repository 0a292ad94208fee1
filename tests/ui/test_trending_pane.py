"""The Trending pane under Pilot: triage keys, filter, details, mute, refresh, literal titles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable

from rtc_tui.config import Config, SourceConfig, TrendingConfig
from rtc_tui.core.models import ContextItem, Event, SignalPoint, TriageState, event_id
from rtc_tui.core.trending import ingest
from rtc_tui.desk import Desk
from rtc_tui.sources.fetch import make_client
from rtc_tui.store import FileStore
from rtc_tui.ui.app import RtcApp
from rtc_tui.ui.dialogs.event_detail import EventDetailScreen
from rtc_tui.ui.dialogs.sources import SourcesScreen
from rtc_tui.ui.dialogs.trending_dialogs import MuteScreen, SavedFiltersScreen, UnmuteScreen
from rtc_tui.ui.panes.trending import TrendingPane
from rtc_tui.ui.screens.main import MainScreen
from tests.httpserver import FeedServer
from tests.safety_corpus import shipped_lexicon

NOW = datetime(2026, 3, 1, 0, 30, tzinfo=UTC)


def merge_refresh(
    known: Mapping[str, Event], fresh: Iterable[Event], **kwargs: Any
) -> ingest.MergeOutcome:
    """:func:`rtc_tui.core.trending.ingest.merge_refresh` classifying with the shipped lexicon."""
    kwargs.setdefault("classify", shipped_lexicon().classify)
    return ingest.merge_refresh(known, fresh, **kwargs)


def event(title: str, source: str, minutes_ago: int, signal: float | None = None) -> Event:
    at = NOW - timedelta(minutes=minutes_ago)
    return Event(
        id=event_id(source, title),
        source=source,
        title=title,
        url=f"https://{source.lower().replace(' ', '')}.example/{minutes_ago}",
        published=at,
        first_seen=at,
        last_seen=at,
        signal=signal,
        signal_history=[SignalPoint(at, signal)] if signal is not None else [],
        context=[ContextItem("Il conduttore sbaglia il nome", "https://tv.example/gaffe", "TV")]
        if "Sanremo" in title
        else [],
    )


SEED = [
    event("Sanremo, vince Olivia Marras con Vetro sottile", "Notizie", 10, 900),
    event("Olivia Marras wins Sanremo festival", "World", 12),
    event("Blackout a Milano, quartieri al buio", "Notizie", 60, 100),
    event("[bold red]x[/] and [link=https://evil.example]click[/link]", "Hostile", 30),
    event("Pasta, il prezzo del grano duro ai minimi", "Economia", 200),
    event("Crollo di una palazzina a Catania, tre morti", "Notizie", 90, 50),
]


def seeded_desk(tmp_path: Path, sources: tuple[SourceConfig, ...] = ()) -> Desk:
    store = FileStore(tmp_path / "store")
    store.events.merge(lambda current: list(merge_refresh(current, SEED, now=NOW).events.values()))
    config = Config(sources=sources, trending=TrendingConfig(notify_threshold=2.0))
    return Desk(config, store, user="alice", now=lambda: NOW)


def hold_automatic_refresh(monkeypatch: pytest.MonkeyPatch, desk: Desk) -> None:
    """Only ``r`` refreshes: no source falls due for an hour.

    The app refreshes due sources a second after it starts; on a loaded machine that lands in
    the middle of a test counting what its own ``r`` fetched.
    """
    monkeypatch.setattr(desk.trending, "next_refresh_due", lambda: NOW + timedelta(hours=1))


def pane(app: RtcApp) -> TrendingPane:
    return app.screen.query_one(TrendingPane)


def titles(app: RtcApp) -> list[str]:
    return [e.title for e in pane(app).shown_events]


async def settle(app: RtcApp) -> None:
    """Let every worker (desk reads and writes, refreshes) finish."""
    await app.workers.wait_for_complete()


def move_to(app: RtcApp, title: str) -> None:
    pane(app).table.move_cursor(row=titles(app).index(title), animate=False)


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    return seeded_desk(tmp_path)


async def loaded(pilot: Pilot[None]) -> None:
    """Wait for the first load of the pane (a thread worker, then a call back)."""
    app = pilot.app
    for _ in range(100):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if isinstance(app.screen, MainScreen) and pane(app).shown_events:  # type: ignore[arg-type]
            return
    raise AssertionError("the Trending pane never loaded")


async def test_rows_are_ranked_with_markers(desk: Desk) -> None:
    app = RtcApp(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        shown = pane(app).shown_events
        # One row per story: the two Sanremo copies (Notizie, World) are one row.
        assert {e.title for e in shown} == {e.title for e in SEED} - {SEED[1].title}
        assert shown[0].title.startswith("Sanremo")  # two sources, biggest signal, fresh
        table = pane(app).table
        assert table.get_row(shown[0].id)[4].plain == "▸ 2 sources"
        crollo = next(e for e in shown if e.title.startswith("Crollo"))
        row = table.get_row(crollo.id)
        assert row[0].plain == "+"  # new
        assert row[1].plain == "X"  # blocking sensitivity, readable without colour
        await pilot.pause()


async def test_markup_titles_are_shown_literally(desk: Desk) -> None:
    app = RtcApp(desk)
    async with app.run_test(size=(160, 30)) as pilot:
        await loaded(pilot)
        hostile = next(e for e in pane(app).shown_events if e.source == "Hostile")
        cell = pane(app).table.get_row(hostile.id)[5]
        assert isinstance(cell, Text)
        assert cell.plain == hostile.title
        assert cell.spans == []
        await pilot.pause()
        screenshot = app.export_screenshot()
        assert "[bold" in screenshot
        assert "red]x[/]" in screenshot


async def test_pin_puts_the_event_on_top_and_keeps_the_cursor_on_it(desk: Desk) -> None:
    app = RtcApp(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        move_to(app, "Pasta, il prezzo del grano duro ai minimi")
        await pilot.press("p")
        await settle(app)
        await pilot.pause()
        stored = desk.store.events.get(event_id("Economia", SEED[4].title))
        assert stored is not None
        assert stored.state is TriageState.PINNED
        assert titles(app)[0] == SEED[4].title
        assert pane(app).current_event() is not None
        assert pane(app).current_event().title == SEED[4].title  # type: ignore[union-attr]
        assert pane(app).table.get_row(stored.id)[0].plain == "^"


async def test_dismiss_hides_and_stores_then_m_offers_to_mute(desk: Desk) -> None:
    app = RtcApp(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        target = "Blackout a Milano, quartieri al buio"
        move_to(app, target)
        await pilot.press("x")
        assert target not in titles(app)
        await settle(app)
        stored = desk.store.events.get(event_id("Notizie", target))
        assert stored is not None
        assert stored.state is TriageState.DISMISSED
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MuteScreen)
        assert app.screen.event.title == target
        await pilot.press("enter")  # the first choice: the source
        await settle(app)
        await pilot.pause()
        assert "source:Notizie" in desk.trending.mutes()
        assert not any(e.source == "Notizie" for e in pane(app).shown_events)


async def test_shift_m_lists_app_mutes_and_lifts_one(desk: Desk) -> None:
    desk.trending.mute("source:Notizie")
    app = RtcApp(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert not any(e.source == "Notizie" for e in pane(app).shown_events)
        await pilot.press("M")
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, UnmuteScreen)
        assert app.screen.entries == ["source:Notizie"]
        await pilot.press("enter")
        await settle(app)
        await pilot.pause()
        assert "source:Notizie" not in desk.trending.mutes()
        assert any(e.source == "Notizie" for e in pane(app).shown_events)


async def test_snooze_hides_for_an_hour(desk: Desk) -> None:
    app = RtcApp(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        target = SEED[4].title
        move_to(app, target)
        await pilot.press("z")
        await settle(app)
        await pilot.pause()
        stored = desk.store.events.get(SEED[4].id)
        assert stored is not None
        assert stored.state is TriageState.SNOOZED
        assert stored.snoozed_until == NOW + timedelta(hours=1)
        assert target not in titles(app)


async def test_n_opens_a_draft_reacting_to_the_event(desk: Desk) -> None:
    app = RtcApp(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        move_to(app, SEED[2].title)
        await pilot.press("n")
        await settle(app)
        await pilot.pause()
        (draft,) = desk.drafts.all()
        assert draft.origin is not None
        assert draft.origin.ref == SEED[2].id
        assert isinstance(app.screen, MainScreen)
        assert app.screen.active == "draft"


async def test_filter_as_you_type_and_escape_back_to_the_table(desk: Desk) -> None:
    app = RtcApp(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"marras")
        await pilot.pause()
        assert titles(app) == [SEED[0].title]  # one story, two sources
        await pilot.press("enter")  # back to the table, the filter kept
        await pilot.pause()
        assert pane(app).table.has_focus
        await pilot.press("space")  # the story's copies under it
        await pilot.pause()
        assert sorted(titles(app)) == sorted([SEED[0].title, SEED[0].title, SEED[1].title])
        await pilot.press("escape")  # escape clears an active filter
        await pilot.pause()
        assert pane(app).filter_text == ""
        assert len(pane(app).shown_stories) == len(SEED) - 1
        assert pane(app).table.has_focus
        await pilot.press("slash", *"pasta", "escape")  # from the field too
        await pilot.pause()
        assert pane(app).filter_text == ""
        assert pane(app).table.has_focus
        assert len(pane(app).shown_stories) == len(SEED) - 1


async def test_keys_reach_the_table_not_the_idle_filter_field(desk: Desk) -> None:
    app = RtcApp(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert pane(app).table.has_focus
        await pilot.press("j", "j", "k")
        assert pane(app).table.cursor_row == 1
        assert pane(app).filter_text == ""


async def test_enter_shows_details_with_factors_context_and_cluster(desk: Desk) -> None:
    app = RtcApp(desk)
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        move_to(app, SEED[0].title)
        await pilot.press("enter")
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, EventDetailScreen)
        detail = app.screen.detail
        assert detail.ranked.event.id == SEED[0].id
        assert [m.title for m in detail.members] == [SEED[1].title]
        assert "2 sources" in detail.ranked.explanation
        await pilot.press("c")
        assert app.clipboard == SEED[0].url
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_j_and_k_move_the_cursor(desk: Desk) -> None:
    app = RtcApp(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        pane(app).table.focus()
        await pilot.press("j", "j")
        assert pane(app).table.cursor_row == 2
        await pilot.press("k")
        assert pane(app).table.cursor_row == 1


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    with FeedServer() as server:
        yield server


async def test_refresh_keeps_the_cursor_on_the_same_event(
    tmp_path: Path, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = (
        SourceConfig("Trends", "google_trends", feed_server.url("/feeds/google_trends_it.xml")),
        SourceConfig("News", "rss", feed_server.url("/feeds/rss2_ansa.xml")),
    )
    desk = seeded_desk(tmp_path, sources)
    desk.trending.use_http_client(make_client(trust_env=False))
    hold_automatic_refresh(monkeypatch, desk)
    app = RtcApp(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        target = SEED[4].title  # the pasta story, low in the list
        move_to(app, target)
        before = titles(app).index(target)
        await pilot.press("r")
        await settle(app)
        await pilot.pause()
        await settle(app)
        await pilot.pause()
        after = titles(app)
        assert len(after) > len(SEED) - 1  # the refresh brought new stories
        assert after.index(target) != before  # it moved...
        current = pane(app).current_event()
        assert current is not None
        assert current.title == target  # ...and the cursor moved with it
        new_rows = [s for s in pane(app).shown_stories if s.state is TriageState.NEW]
        assert any("Trends" in s.sources for s in new_rows)
        assert "2/2 sources ok" in app.screen.query_one("#status-bar").health  # type: ignore[attr-defined]


async def test_sources_screen_shows_health(
    tmp_path: Path, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = (
        SourceConfig("News", "rss", feed_server.url("/feeds/rss2_ansa.xml")),
        SourceConfig("Down", "rss", feed_server.url("/status/503")),
    )
    desk = seeded_desk(tmp_path, sources)
    desk.trending.use_http_client(make_client(trust_env=False))
    hold_automatic_refresh(monkeypatch, desk)
    app = RtcApp(desk)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("r")
        await settle(app)
        await pilot.press("s")
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, SourcesScreen)
        by_name = {s.source.name: s.health for s in app.screen.statuses}
        assert by_name["News"].ok
        assert by_name["Down"].last_error == "HTTP 503 Service Unavailable"
        table: DataTable[Text] = app.screen.query_one(DataTable)
        assert table.get_row("Down")[0].plain == "FAIL x1"


async def test_a_new_top_event_raises_a_plain_text_notification(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    sources = (SourceConfig("Hostile", "rss", feed_server.url("/feeds/hostile_markup.xml")),)
    store = FileStore(tmp_path / "store")
    config = Config(sources=sources, trending=TrendingConfig(notify_threshold=0.0))
    desk = Desk(config, store, user="alice", now=lambda: NOW)
    desk.trending.use_http_client(make_client(trust_env=False))
    app = RtcApp(desk)
    notes: list[tuple[str, dict[str, object]]] = []
    original = app.notify

    def recording(message: str, **kwargs: Any) -> None:
        notes.append((message, kwargs))
        original(message, **kwargs)

    app.notify = recording  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await settle(app)
        await pilot.pause()
        await settle(app)
        rising = [(m, k) for m, k in notes if k.get("title") == "Rising now"]
        assert rising
        message, kwargs = rising[-1]
        assert kwargs["markup"] is False
        assert message.split("\n")[0] in {e.title for e in pane(app).shown_events}


async def test_saved_filters_apply_and_save(tmp_path: Path) -> None:
    desk = seeded_desk(tmp_path)
    desk.trending.save_filter("milano", "blackout|crollo")
    app = RtcApp(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("f")
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, SavedFiltersScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert pane(app).filter_text == "blackout|crollo"
        assert sorted(titles(app)) == sorted([SEED[2].title, SEED[5].title])
        await pilot.press("slash", *"pasta", "enter", "f")  # "/" selects the old filter
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, SavedFiltersScreen)
        await pilot.press("tab", *"grano", "enter")
        await settle(app)
        assert desk.trending.saved_filters()["grano"] == "pasta"
