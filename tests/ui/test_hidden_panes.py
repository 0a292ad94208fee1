"""Issue 11: a pane off screen leaves its work until it is shown.

Below 100 columns only the active pane is on screen. The Draft pane's counters, the
Checklist pane's checks and the Calendar pane's agenda are not computed for nobody at start
(they would compete with the first screen for the interpreter, and load the URL patterns,
the safety lexicon and the public holidays); each is done when its pane comes on screen.
Wide, the four panes show and all of it is done at once. A real FileStore and the real app.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.events import Key
from textual.pilot import Pilot

from rtc_tui.config import Config
from rtc_tui.desk import Desk
from rtc_tui.ui.app import RtcApp
from rtc_tui.ui.panes.base import Pane
from rtc_tui.ui.panes.calendar import CalendarPane
from rtc_tui.ui.panes.checklist import ChecklistPane
from rtc_tui.ui.panes.draft import DraftPane
from rtc_tui.ui.panes.trending import TrendingPane
from rtc_tui.ui.screens.main import MainScreen
from tests.ranked_stores import ranked_store
from tests.waiting import all_panes_up, until

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _desk(tmp_path: Path) -> Desk:
    store = ranked_store(tmp_path / "store", 20, NOW)
    desk = Desk(Config(sources=()), store, user="alice", now=lambda: NOW)
    draft = desk.drafts.new(title="Already written")
    desk.drafts.save(draft.id, text="See https://example.com #final")
    return desk


class Calls:
    """Counts the calendar loads and the checklist computations the app starts."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calendar = 0
        self.checklist = 0
        real_load = CalendarPane.load
        real_compute = ChecklistPane._compute

        def load(pane: CalendarPane, *args: Any) -> Any:
            self.calendar += 1
            return real_load(pane, *args)

        def compute(pane: ChecklistPane, *args: Any) -> Any:
            self.checklist += 1
            return real_compute(pane, *args)

        monkeypatch.setattr(CalendarPane, "load", load)
        monkeypatch.setattr(ChecklistPane, "_compute", compute)


async def test_narrow_the_hidden_panes_work_only_once_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = Calls(monkeypatch)
    app = RtcApp(_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: all_panes_up(app))
        screen = app.main_screen()
        trending = screen.query_one(TrendingPane)
        draft_pane = screen.query_one(DraftPane)
        checklist = screen.query_one(ChecklistPane)
        await until(pilot, lambda: bool(trending.shown_events) and draft_pane.draft is not None)
        await pilot.pause(0.3)
        # The draft is loaded (its text is in the editor), but nothing was counted or checked.
        assert draft_pane.editor.text == "See https://example.com #final"
        assert draft_pane.counters_text == ""
        assert (calls.calendar, calls.checklist) == (0, 0)
        assert not any(p.shown for p in (draft_pane, checklist, screen.query_one(CalendarPane)))

        await pilot.press("3")
        await until(pilot, lambda: "X 34/280" in draft_pane.counters_text)  # a URL weighs 23
        assert (calls.calendar, calls.checklist) == (0, 0)

        await pilot.press("4")
        await until(pilot, lambda: checklist.followed is not None and calls.checklist >= 1)
        assert calls.calendar == 0

        await pilot.press("2")
        calendar = screen.query_one(CalendarPane)
        # Computed now (again if a change arrives meanwhile: this desk's own presence mark
        # can make the first load's stamp stale), never before.
        await until(pilot, lambda: calls.calendar >= 1 and calendar.view is not None)


async def test_a_change_while_hidden_is_caught_up_when_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = Calls(monkeypatch)
    desk = _desk(tmp_path)
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: all_panes_up(app))
        screen = app.main_screen()
        draft_pane = screen.query_one(DraftPane)
        await until(pilot, lambda: draft_pane.draft is not None)
        await pilot.press("3")
        await until(pilot, lambda: "X 34/280" in draft_pane.counters_text)
        await pilot.press("1")
        # Another session changes the draft while the Draft pane is hidden.
        assert draft_pane.draft is not None
        desk.drafts.save(draft_pane.draft.id, text="No link at all")
        await until(pilot, lambda: draft_pane.editor.text == "No link at all")
        await pilot.pause(0.2)
        assert "X 34/280" in draft_pane.counters_text  # still the old count: nobody looked
        await pilot.press("3")
        await until(pilot, lambda: "X 14/280" in draft_pane.counters_text)
        assert calls.checklist == 0  # the Checklist pane was never shown


async def test_wide_every_pane_works_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = Calls(monkeypatch)
    app = RtcApp(_desk(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen()
        draft_pane = screen.query_one(DraftPane)
        await until(pilot, lambda: "X 34/280" in draft_pane.counters_text)
        await until(pilot, lambda: calls.calendar >= 1 and calls.checklist >= 1)
        kinds = (DraftPane, ChecklistPane, CalendarPane)
        assert all(screen.query_one(kind).shown for kind in kinds)


async def test_narrowing_hides_and_widening_catches_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = Calls(monkeypatch)
    app = RtcApp(_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: all_panes_up(app))
        screen = app.main_screen()
        draft_pane = screen.query_one(DraftPane)
        await until(pilot, lambda: draft_pane.draft is not None)
        await pilot.pause(0.2)
        assert (calls.calendar, calls.checklist, draft_pane.counters_text) == (0, 0, "")
        await pilot.resize_terminal(120, 40)
        await until(pilot, lambda: "X 34/280" in draft_pane.counters_text)
        await until(pilot, lambda: calls.calendar >= 1 and calls.checklist >= 1)


class MountGate:
    """Holds the mount of the Calendar, Draft and Checklist panes until :meth:`open`.

    On a fast machine they are mounted a few milliseconds after the first rows; held, the
    test can act in between, as a user on a slow one would.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._open = asyncio.Event()
        self.pane_key_waiting = False
        """Whether a pane key is waiting for the mount (in the app's key handling)."""
        real_mount = MainScreen._mount_later_widgets
        real_wait = MainScreen._panes_mounted

        async def mount(screen: MainScreen) -> None:
            await self._open.wait()
            await real_mount(screen)

        async def wait(screen: MainScreen) -> None:
            self.pane_key_waiting = True
            await real_wait(screen)

        monkeypatch.setattr(MainScreen, "_mount_later_widgets", mount)
        monkeypatch.setattr(MainScreen, "_panes_mounted", wait)

    def open(self) -> None:
        self._open.set()


async def _first_rows(pilot: Pilot[None], app: RtcApp) -> MainScreen:
    """The main screen once its first rows are painted."""
    await until(pilot, lambda: isinstance(app.screen, MainScreen))
    screen = app.main_screen()
    trending = screen.query_one(TrendingPane)
    await until(pilot, lambda: bool(trending.shown_events) and trending.rows_painted.is_set())
    return screen


def _later_panes(screen: MainScreen) -> list[Pane]:
    return [*screen.query(CalendarPane), *screen.query(DraftPane), *screen.query(ChecklistPane)]


async def test_narrow_the_first_screen_is_trending_alone_and_the_rest_follows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = MountGate(monkeypatch)
    app = RtcApp(_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _first_rows(pilot, app)
        await pilot.pause(0.2)
        # The first rows are painted with Trending alone; the drafts read meanwhile wait.
        assert _later_panes(screen) == []
        assert not screen.all_panes_mounted
        gate.open()
        await until(pilot, lambda: all_panes_up(app))
        draft_pane = screen.query_one(DraftPane)
        await until(pilot, lambda: draft_pane.draft is not None)
        assert draft_pane.editor.text == "See https://example.com #final"
        assert [p.id for p in screen.query_one("#panes").query_children()] == [
            "trending",
            "calendar",
            "draft",
            "checklist",
        ]
        assert not any(p.shown for p in _later_panes(screen))  # mounted off screen


async def test_a_pane_key_before_the_mount_waits_and_the_next_key_reaches_the_pane(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = MountGate(monkeypatch)
    app = RtcApp(_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _first_rows(pilot, app)
        app.post_message(Key("3", "3"))
        await until(pilot, lambda: gate.pane_key_waiting)
        # Typed while the Draft pane is still being mounted: it must not reach Trending.
        app.post_message(Key("i", "i"))
        # Not a pilot pause: it waits for the app, which is inside the key's handling.
        await asyncio.sleep(0.2)
        assert _later_panes(screen) == []
        gate.open()
        await until(pilot, lambda: all_panes_up(app))
        draft_pane = screen.query_one(DraftPane)
        await until(pilot, lambda: app.focused is draft_pane.editor)
        assert screen.active == "draft"
        await until(pilot, lambda: draft_pane.draft is not None)
        await pilot.press("end", *"!!")
        assert draft_pane.editor.text == "See https://example.com #final!!"


async def test_quitting_before_the_mount_quits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    MountGate(monkeypatch)
    app = RtcApp(_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await _first_rows(pilot, app)
        await pilot.press("ctrl+q")
        await until(pilot, lambda: not app.is_running)
    assert _later_panes_never_mounted(app)


def _later_panes_never_mounted(app: RtcApp) -> bool:
    return not any(
        isinstance(n, (CalendarPane, DraftPane, ChecklistPane)) for n in app.walk_children()
    )
