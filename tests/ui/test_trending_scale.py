"""Issue 11 in the Trending pane: the first screen from the stored ranking, more on the way down.

A store with more stories than the first screen reads: the pane shows the ranking's first
rows, asks for more only when the cursor nears their end (or a filter lacks matches),
and the rows already shown stay where they are (the new ones are added after them). Moving
the cursor over new rows marks them seen in place: no reload of the list, no body written.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from rtc_tui.config import Config
from rtc_tui.core.models import Event, TriageState
from rtc_tui.core.trending.rerank import ranker
from rtc_tui.desk import Desk
from rtc_tui.desk.trending import FIRST_SCREEN_ROWS
from rtc_tui.desk.views import Story
from rtc_tui.store import FileStore
from rtc_tui.ui.app import RtcApp
from rtc_tui.ui.panes.trending import TrendingPane
from rtc_tui.ui.panes.trending_view import FILTER_ROWS, SEEN_DELAY
from rtc_tui.ui.screens.main import MORE_ROWS, MainScreen

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
STORIES = FIRST_SCREEN_ROWS + 60


def _event(n: int, also: str = "") -> Event:
    at = NOW - timedelta(minutes=n)
    # Words of their own per title: no two events are one story.
    title = f"Zq{n}alfa zq{n}beta zq{n}gamma zq{n}delta{also}"
    return Event(id=f"ev{n:04d}", source="Notizie", title=title, first_seen=at, last_seen=at)


def _desk(tmp_path: Path) -> Desk:
    store = FileStore(tmp_path / "store")
    events = [_event(n) for n in range(STORIES)]
    store.events.merge(lambda _current: events, rank=ranker(now=NOW))
    # No sources: no automatic refresh reloads the list while the test counts reloads.
    return Desk(Config(sources=()), store, user="alice", now=lambda: NOW)


def _pane(app: RtcApp) -> TrendingPane:
    return app.screen.query_one(TrendingPane)


async def _settle(pilot: Pilot[None]) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def _opened(pilot: Pilot[None]) -> None:
    """Wait for the main screen's first list."""
    for _ in range(50):
        await _settle(pilot)
        if isinstance(pilot.app.screen, MainScreen) and _pane(pilot.app).shown_events:  # type: ignore[arg-type]
            return
    raise AssertionError("the Trending pane never loaded")


async def test_the_first_screen_then_more_as_the_cursor_goes_down(tmp_path: Path) -> None:
    desk = _desk(tmp_path)
    app = RtcApp(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await _opened(pilot)
        table = _pane(app).table
        assert table.row_count == FIRST_SCREEN_ROWS
        first_keys = [row.key.value for row in table.ordered_rows]
        table.move_cursor(row=FIRST_SCREEN_ROWS - 10, animate=False)
        await _settle(pilot)
        assert table.row_count == STORIES
        # The rows shown before stay, in place; the rest came after them.
        assert [row.key.value for row in table.ordered_rows][:FIRST_SCREEN_ROWS] == first_keys
        assert table.cursor_row == FIRST_SCREEN_ROWS - 10


async def test_rows_passed_over_are_seen_without_a_reload(tmp_path: Path) -> None:
    desk = _desk(tmp_path)
    folder = desk.store.data_dir
    bodies = [folder / "events-live.json", *(folder / "events.d").iterdir()]
    before = [p.stat().st_mtime_ns for p in bodies]
    app = RtcApp(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await _opened(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        reloads = screen._reload_seq
        await pilot.press("down", "down")
        await pilot.pause(SEEN_DELAY + 0.5)
        await _settle(pilot)
        shown = _pane(app).shown_events
        assert shown[1].state is TriageState.SEEN
        assert shown[2].state is TriageState.SEEN
        stored = desk.store.events.get(shown[1].id)
        assert stored is not None
        assert stored.state is TriageState.SEEN
        # Only the triage records were written: neither the manifest nor a segment.
        assert [p.stat().st_mtime_ns for p in bodies] == before
        assert sorted((folder / "events.d").iterdir()) == sorted(bodies[1:])
        assert screen._reload_seq == reloads  # no reload for our own seen marks


async def test_a_filter_shows_its_first_matches_then_more_as_the_cursor_goes_down(
    tmp_path: Path,
) -> None:
    """A filter matching most of a big store fills the table with a few hundred rows only."""
    desk = _desk(tmp_path)
    app = RtcApp(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await _opened(pilot)
        pane = _pane(app)
        table = pane.table
        await pilot.press("slash", "z", "q")  # every title has "zq": every story matches
        await _settle(pilot)
        assert table.row_count == FILTER_ROWS
        first = [row.key.value for row in table.ordered_rows]
        assert [e.id for e in pane.shown_events] == [f"ev{n:04d}" for n in range(FILTER_ROWS)]
        table.move_cursor(row=FILTER_ROWS - 10, animate=False)
        await _settle(pilot)
        assert table.row_count == STORIES
        assert [row.key.value for row in table.ordered_rows][:FILTER_ROWS] == first
        await pilot.press("2", "5")  # zq25..., zq250... zq259...: a narrower filter
        await _settle(pilot)
        assert sorted(e.id for e in pane.shown_events) == [
            "ev0025",
            *(f"ev{n:04d}" for n in range(250, STORIES) if str(n).startswith("25")),
        ]
        assert pane.query_one("#trending-filter", Input).value == "zq25"


async def test_a_filter_searches_the_ranking_part_by_part_until_it_has_its_matches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A filter reads the next part of the ranking only while it lacks matches to show.

    A query the first stories answer reads nothing more; a rare one reads the next parts
    (each ``MORE_ROWS`` times the last), never the whole ranking at once while a part
    still lies ahead.
    """
    count = FIRST_SCREEN_ROWS * MORE_ROWS + 100
    rare = {700, count - 20}  # in the second part, and past it

    store = FileStore(tmp_path / "store")
    events = [_event(n, " xylofono" if n in rare else "") for n in range(count)]
    store.events.merge(lambda _current: events, rank=ranker(now=NOW))
    desk = Desk(Config(sources=()), store, user="alice", now=lambda: NOW)
    reads: list[int | None] = []
    real_first = desk.trending.first_stories
    last_part = threading.Event()  # the last part's read waits for it

    def first_stories(rows: int | None = FIRST_SCREEN_ROWS) -> tuple[list[Story], bool]:
        reads.append(rows)
        if rows is not None and rows > count:
            last_part.wait(10)
        return real_first(rows)

    monkeypatch.setattr(desk.trending, "first_stories", first_stories)
    app = RtcApp(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await _opened(pilot)
        pane = _pane(app)
        assert reads == [FIRST_SCREEN_ROWS]
        await pilot.press("slash", "z", "q")  # every story matches: the first part answers
        await _settle(pilot)
        assert pane.table.row_count == FILTER_ROWS
        assert reads == [FIRST_SCREEN_ROWS]
        await pilot.press(*"5xylofono")  # "zq5xylofono": no story; then the rare word alone
        for _ in range(len("zq5xylofono")):
            await pilot.press("backspace")
        await pilot.press(*"xylofono")
        for _ in range(100):
            await pilot.pause(0.05)
            if len(reads) == 3:
                break
        # The match of the second part is shown; the last part is still being searched.
        await pilot.pause(0.2)
        assert [e.id for e in pane.shown_events] == ["ev0700"]
        assert str(pane.border_subtitle) == "filter: xylofono (searching…)"
        last_part.set()
        await _settle(pilot)
        assert sorted(e.id for e in pane.shown_events) == [f"ev{n:04d}" for n in sorted(rare)]
        assert str(pane.border_subtitle) == "filter: xylofono"
        parts = [FIRST_SCREEN_ROWS * MORE_ROWS**k for k in range(3)]
        assert reads == parts  # part after part, each read once
