"""Issue 11: the first screen paints from the stored ranking before anything else is read.

The Trending list is shown as soon as the ranking's first rows are read: the drafts (which
grow with the desk's history) are read after it, and the sources' health (which imports the
network stack) starts only once the list is there. A real FileStore and the real app.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from rtc_tui.config import Config
from rtc_tui.core.models import Draft
from rtc_tui.desk import Desk
from rtc_tui.store import FileStore
from rtc_tui.ui import collector
from rtc_tui.ui.app import RtcApp
from rtc_tui.ui.panes.calendar import CalendarPane
from rtc_tui.ui.panes.draft import DraftPane
from rtc_tui.ui.panes.trending import TrendingPane
from rtc_tui.ui.screens.main import MainScreen
from tests.ranked_stores import ranked_store
from tests.waiting import until

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _desk(tmp_path: Path) -> Desk:
    store = ranked_store(tmp_path / "store", 30, NOW)
    desk = Desk(Config(sources=()), store, user="alice", now=lambda: NOW)
    desk.drafts.new(title="Bozza già scritta")
    return desk


async def test_the_list_is_shown_while_the_drafts_are_still_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = _desk(tmp_path)
    release = threading.Event()
    real_recent = desk.drafts.recent

    def slow_recent(limit: int = 1) -> list[Draft]:
        release.wait(10)  # the drafts arrive only when the test says so
        return real_recent(limit)

    # What a reload reads of the drafts: the latest one (never all of them).
    monkeypatch.setattr(desk.drafts, "recent", slow_recent)
    app = RtcApp(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        trending = app.screen.query_one(TrendingPane)
        await until(pilot, lambda: bool(trending.shown_events))
        assert trending.table.row_count == len(desk.trending.first_stories()[0])
        assert app.screen.query_one(DraftPane).draft is None  # not read yet
        release.set()
        draft_pane = app.screen.query_one(DraftPane)
        await until(pilot, lambda: draft_pane.draft is not None)
        assert draft_pane.draft is not None
        assert draft_pane.draft.title == "Bozza già scritta"


async def test_the_sources_health_starts_once_the_first_rows_are_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = _desk(tmp_path)
    rows_at_start: list[int] = []
    real_start = TrendingPane.start

    def start(pane: TrendingPane) -> None:
        rows_at_start.append(pane.table.row_count)
        real_start(pane)

    monkeypatch.setattr(TrendingPane, "start", start)
    app = RtcApp(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: bool(rows_at_start))
        await pilot.app.workers.wait_for_complete()
    # Once, and only after the list was there.
    assert rows_at_start == [len(desk.trending.first_stories()[0])]
    assert rows_at_start[0] > 0


async def test_the_calendar_is_computed_only_after_the_list_is_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = _desk(tmp_path)
    rows_at_load: list[int] = []
    real_load = CalendarPane.load

    def load(pane: CalendarPane, *args: Any) -> Any:
        rows_at_load.append(pane.app.screen.query_one(TrendingPane).table.row_count)
        return real_load(pane, *args)

    monkeypatch.setattr(CalendarPane, "load", load)
    app = RtcApp(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        calendar = app.screen.query_one(CalendarPane)
        await until(pilot, lambda: calendar.view is not None)
        await pilot.app.workers.wait_for_complete()
    # Not at mount (it would compete with the first screen): only once the list is shown.
    assert rows_at_load
    assert all(rows > 0 for rows in rows_at_load), rows_at_load


async def test_the_drafts_are_read_only_once_the_list_was_painted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = _desk(tmp_path)
    painted_at_read: list[bool] = []
    real_recent = desk.drafts.recent
    app = RtcApp(desk)

    def recent_drafts(limit: int = 1) -> list[Draft]:
        pane = app.screen.query_one(TrendingPane)
        painted_at_read.append(pane.rows_painted.is_set())
        return real_recent(limit)

    monkeypatch.setattr(desk.drafts, "recent", recent_drafts)
    async with app.run_test(size=(100, 30)) as pilot:
        draft_pane = app.screen.query_one(DraftPane)
        await until(pilot, lambda: draft_pane.draft is not None)
    # Painted, not only added to the table: showing a draft (its counters, its URL patterns)
    # would otherwise take the interpreter before the first frame is out.
    assert painted_at_read
    assert painted_at_read[0] is True


async def test_a_change_written_before_the_app_listens_is_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The change feed is subscribed once the first rows are painted, after the first load
    # read the store: a draft another session writes in between is announced by nobody, and
    # must still be shown (the stamp is compared once listening).
    import rtc_tui.ui.screens.main as main_module

    desk = _desk(tmp_path)
    drafts_read = threading.Event()
    reads: list[list[str]] = []
    real_recent = desk.drafts.recent

    def recent(limit: int = 1) -> list[Draft]:
        found = real_recent(limit)
        reads.append([d.title for d in found])
        drafts_read.set()
        return found

    class Silent:
        """A subscription that announces nothing: only the stamp comparison can tell."""

        def close(self) -> None:
            pass

    rows_when_listening: list[int] = []

    def subscribe_late(*_args: Any, **_kwargs: Any) -> Silent:
        rows_when_listening.append(app.screen.query_one(TrendingPane).table.row_count)
        assert drafts_read.wait(5)  # the first load has read the drafts
        other = Desk(Config(sources=()), FileStore(tmp_path / "store"), user="bob")
        other.drafts.new(title="Scritta nel frattempo")
        return Silent()

    monkeypatch.setattr(desk.drafts, "recent", recent)
    monkeypatch.setattr(main_module, "subscribe_node", subscribe_late)
    app = RtcApp(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        # The first load read the draft there was; a reload reads the one written since.
        await until(pilot, lambda: ["Scritta nel frattempo"] in reads)
        assert reads[0] == ["Bozza già scritta"]
        assert rows_when_listening  # subscribed…
        assert rows_when_listening[0] > 0  # …after the first rows


async def test_the_cycle_collector_paused_for_the_start_up_runs_again_after_the_first_rows(
    tmp_path: Path,
) -> None:
    import gc

    desk = _desk(tmp_path)
    gc.disable()  # as ``rtc`` does before it imports the app
    try:
        app = RtcApp(desk)
        async with app.run_test(size=(100, 30)) as pilot:
            await until(pilot, lambda: bool(app.screen.query_one(TrendingPane).shown_events))
            await until(pilot, gc.isenabled)
            assert collector.settled()  # the start-up frozen, later full collections held
    finally:
        gc.enable()
        collector.release()


async def test_the_first_frame_holds_its_rows_and_the_rest_joins_once_it_is_painted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rtc_tui.desk.trending import FIRST_SCREEN_ROWS
    from rtc_tui.ui.panes.trending_view import FIRST_FILL_SCREENS, REST_MARGIN
    from rtc_tui.ui.widgets.story_table import StoryTable

    # Titles that share no word: a story each, more than the first screen reads.
    count = FIRST_SCREEN_ROWS + 50
    store = ranked_store(
        tmp_path / "store", count, NOW, title=lambda n: f"Alfa{n} beta{n} gamma{n}"
    )
    desk = Desk(Config(sources=()), store, user="alice", now=lambda: NOW)
    first_render: list[int] = []
    real_render = StoryTable.render_lines

    def render_lines(table: StoryTable, crop: Any) -> Any:
        if table.row_count and not first_render:
            first_render.append(table.row_count)
        return real_render(table, crop)

    monkeypatch.setattr(StoryTable, "render_lines", render_lines)
    # The frame is drawn, but the message saying so waits (as it does behind the keys the
    # editor typed meanwhile): until it is handled the table holds the first frame's rows.
    held: list[StoryTable.Painted] = []
    real_post = StoryTable.post_message

    def post_message(table: StoryTable, message: Any) -> bool:
        if isinstance(message, StoryTable.Painted) and not held:
            held.append(message)
            return True
        return real_post(table, message)

    monkeypatch.setattr(StoryTable, "post_message", post_message)
    reads: list[int | None] = []
    real_first = desk.trending.first_stories

    def first_stories(rows: int | None = FIRST_SCREEN_ROWS) -> Any:
        reads.append(rows)
        return real_first(rows)

    monkeypatch.setattr(desk.trending, "first_stories", first_stories)
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        trending = app.screen.query_one(TrendingPane)
        # The first frame's table held two screens of rows, not the first screen's 200.
        await until(pilot, lambda: bool(held))
        assert first_render == [FIRST_FILL_SCREENS * 24]
        # A move within them is no reason to read the rest of the ranking: they are not
        # the end of the list, only of what the first frame shows.
        await pilot.press("down")
        await pilot.pause(0.3)
        assert trending.table.cursor_row == 1
        assert trending.table.row_count == FIRST_FILL_SCREENS * 24
        assert reads == [FIRST_SCREEN_ROWS]
        # Once the frame is known to be out, the first screen's stories join, in ranked
        # order, the cursor where the editor put it; the rest is still not read.
        real_post(trending.table, held[0])
        await until(pilot, lambda: trending.table.row_count == FIRST_SCREEN_ROWS)
        assert [e.id for e in trending.shown_events][:3] == ["ev0000", "ev0001", "ev0002"]
        assert trending.table.cursor_row == 1
        await pilot.pause(0.3)
        assert reads == [FIRST_SCREEN_ROWS]
        await pilot.press("ctrl+end")  # near the end now: the rest is read
        assert trending.table.cursor_row >= FIRST_SCREEN_ROWS - REST_MARGIN
        await until(pilot, lambda: trending.table.row_count == count)
