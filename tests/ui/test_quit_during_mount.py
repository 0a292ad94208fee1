"""A quit pressed while the later panes are being mounted ends the app with 0, not a traceback.

At 80x24 the Calendar, Draft and Checklist panes are mounted once Trending's first rows are
out. ``q`` right then (the e2e tests type it as soon as the list shows) tears the screen down
while those mounts are under way: a pane's children can be gone before its ``on_mount`` runs.
The e2e run caught ``NoMatches: '#calendar-grid'`` from the Calendar pane's ``on_mount``, and
the app exited with code 1. Here each such pane's ``on_mount`` runs with its children gone.
"""

from __future__ import annotations

import pytest

from rtc_tui.desk import Desk
from rtc_tui.ui.app import RtcApp
from rtc_tui.ui.panes.calendar import CalendarPane
from rtc_tui.ui.panes.checklist import ChecklistPane
from rtc_tui.ui.panes.draft import DraftPane
from rtc_tui.ui.screens.main import MainScreen
from tests.waiting import all_panes_up, until


async def test_a_later_pane_mounted_while_the_app_quits_needs_none_of_its_children(
    desk: Desk,
) -> None:
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: all_panes_up(app))
        for pane in (app.screen.query_one(CalendarPane), app.screen.query_one(DraftPane)):
            await pane.remove_children()
            pane.on_mount()  # what the quit's teardown let run: nothing of the pane to find
        # The Draft pane's timer, started by its first mount, ticks between the children's
        # removal and the pane's: nothing to refresh (it raised NoMatches: '#draft-origin').
        app.screen.query_one(DraftPane).tick()
        await pilot.press("q")
    assert app.return_code == 0


async def test_later_panes_taken_down_by_a_quit_as_their_mount_ends_leave_nothing_to_run(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What waits for the later panes (showing the latest draft) is not run without them."""
    real_mount = MainScreen._mount_later_widgets

    async def mount_then_quit(screen: MainScreen) -> None:
        await real_mount(screen)
        # The quit's teardown, between the mount and what follows it.
        await screen.query_one("#panes").remove_children(
            [screen.query_one(pane) for pane in (CalendarPane, DraftPane, ChecklistPane)]
        )

    monkeypatch.setattr(MainScreen, "_mount_later_widgets", mount_then_quit)
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await until(pilot, lambda: screen._later_started)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not screen.all_panes_mounted
        await pilot.press("q")
    assert app.return_code == 0
