"""A quit pressed while the later panes are being mounted ends the app with 0, not a traceback.

At 80x24 the Calendar, Draft and Checklist panes are mounted once Trending's first rows are
out. ``q`` right then (the e2e tests type it as soon as the list shows) tears the screen down
while those mounts are under way: a pane's children can be gone before its ``on_mount`` runs.
The e2e run caught ``NoMatches: '#calendar-grid'`` from the Calendar pane's ``on_mount``, and
the app exited with code 1. Here each such pane's ``on_mount`` runs with its children gone.
"""

from __future__ import annotations

from rtc_tui.desk import Desk
from rtc_tui.ui.app import RtcApp
from rtc_tui.ui.panes.calendar import CalendarPane
from rtc_tui.ui.panes.draft import DraftPane
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
        await pilot.press("q")
    assert app.return_code == 0
