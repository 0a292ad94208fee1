"""The team in the app through Pilot: two desks on one data dir (two editors' sessions).

The other editor's actions go through a second :class:`Desk` on the same folder, as another
process would; they reach the app through the store's change feed (a file watcher), so the
tests wait on the screen for them, never on a sleep.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from msgspec.structs import replace
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from rtc_tui.config import TeamConfig, load_config
from rtc_tui.core.models import DraftStatus
from rtc_tui.desk import Desk
from rtc_tui.ui.app import RtcApp
from rtc_tui.ui.dialogs.audit_log import AuditLogScreen
from rtc_tui.ui.dialogs.review_queue import ReviewQueueScreen
from rtc_tui.ui.panes.checklist import ChecklistPane
from rtc_tui.ui.panes.draft import DraftPane
from rtc_tui.ui.screens.main import MainScreen
from rtc_tui.ui.status_bar import StatusBar

MANUAL = ("timing", "off_limits", "no_bar_jokes", "understandable", "brand_fit", "facts", "rights")

CHANGE_SECONDS = 30.0
"""How long to wait for a change made elsewhere to arrive through the change feed (a bound
against hanging, not a target: the 2 s target is measured by ``tests/bench/bench_team.py``)."""


def colleague(desk: Desk, user: str) -> Desk:
    """Another editor's desk on the same data dir (same config and clock)."""
    return Desk(desk.config, desk.store, user=user, now=desk.now)


async def until(pilot: Pilot[None], ready: Callable[[], bool], seconds: float) -> None:
    """Let the app run until ``ready()`` (fails after ``seconds``)."""
    start = time.monotonic()
    while not ready():
        assert time.monotonic() - start < seconds, "the change never reached the app"
        await pilot.pause(0.02)


async def settle(pilot: Pilot[None], app: RtcApp) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def open_checklist(pilot: Pilot[None], app: RtcApp) -> ChecklistPane:
    """Make the Checklist pane active once the app has loaded (as key 4 does)."""
    await settle(pilot, app)
    await app.main_screen().action_show_pane("checklist")
    await settle(pilot, app)
    return app.main_screen().query_one(ChecklistPane)


def status(app: RtcApp) -> StatusBar:
    return app.main_screen().query_one(StatusBar)


async def test_a_review_asked_elsewhere_shows_and_opens_from_the_queue(
    desk: Desk,
) -> None:
    bob = colleague(desk, "bob")
    draft = desk.drafts.new(title="Finale", text="Che finale!", platforms=["x"])
    app = RtcApp(bob)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        assert status(app).reviews == 0
        desk.reviews.request(draft.id)  # alice, in "another app"
        await until(pilot, lambda: status(app).reviews == 1, CHANGE_SECONDS)
        assert "1 to review" in str(status(app).render())
        await pilot.press("R")
        await settle(pilot, app)
        assert isinstance(app.screen, ReviewQueueScreen)
        [option] = app.screen.query_one(OptionList).options
        assert "#1" in str(option.prompt)
        assert "alice asks anyone  Finale" in str(option.prompt)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        assert app.main_screen().active == "checklist"
        # bob gives the second pair of eyes from the app: the request is resolved everywhere.
        app.main_screen().query_one(ChecklistPane).select("item:second_eyes")
        await pilot.press("space")
        await settle(pilot, app)
        assert desk.drafts.get(draft.id).ticks["second_eyes"].by == "bob"
        await until(pilot, lambda: status(app).reviews == 0, CHANGE_SECONDS)


async def test_the_author_cannot_tick_the_second_pair_of_eyes_in_the_app(desk: Desk) -> None:
    draft = desk.drafts.new(title="Finale", text="Che finale!", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        (await open_checklist(pilot, app)).select("item:second_eyes")
        await pilot.press("space")
        await settle(pilot, app)
        assert "second_eyes" not in desk.drafts.get(draft.id).ticks
        assert any("other than the author (alice)" in n.message for n in app._notifications)


async def test_r_in_the_checklist_asks_for_review(desk: Desk) -> None:
    draft = desk.drafts.new(title="Finale", text="Che finale!", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checklist(pilot, app)
        await pilot.press("r")
        await settle(pilot, app)
        assert desk.drafts.get(draft.id).status is DraftStatus.IN_REVIEW
        assert [r.draft_id for r in colleague(desk, "bob").reviews.queue()] == [draft.id]
        assert any("Review of #1 asked of the team" in n.message for n in app._notifications)


async def test_presence_of_another_editor_shows_on_the_draft_and_in_the_list(
    desk: Desk,
) -> None:
    draft = desk.drafts.new(title="Finale", text="Che finale!", platforms=["x"])
    bob = colleague(desk, "bob")
    app = RtcApp(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        pane = app.main_screen().query_one(DraftPane)
        # The app marks the draft it shows as being edited by alice, for everyone else.
        await until(pilot, lambda: bob.presence.editing(draft.id) == ["alice"], CHANGE_SECONDS)
        assert "being edited" not in str(pane.border_title)
        bob.presence.mark(draft.id)  # bob opens it in his app
        await until(pilot, lambda: "being edited by bob" in str(pane.border_title), CHANGE_SECONDS)
        await app.main_screen().action_show_pane("draft")
        await pilot.press("l")
        await settle(pilot, app)
        [row] = app.screen.query_one(OptionList).options
        assert "(being edited by bob)" in str(row.prompt)
        await pilot.press("escape")
        await settle(pilot, app)
        bob.presence.clear()
        await until(pilot, lambda: "being edited" not in str(pane.border_title), CHANGE_SECONDS)
    # Quitting clears alice's mark at once.
    assert bob.presence.editing(draft.id) == []


async def test_audit_log_screen_shows_the_records_and_the_chain(desk: Desk) -> None:
    draft = desk.drafts.new(title="Finale", text="Che finale!", platforms=["x"])
    desk.checklist.tick(draft.id, "timing")
    app = RtcApp(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("A")
        await settle(pilot, app)
        assert isinstance(app.screen, AuditLogScreen)
        verdict = str(app.screen.query_one("#audit-verdict", Static).content)
        assert verdict == "Hash chain intact: 2 records"
        lines = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        assert "alice  draft created #1" in lines[0]
        assert "alice  ticked #1  content hash=" in lines[1]
        assert "item=timing" in lines[1]


async def test_a_solo_desk_says_so_in_the_status_bar(desk: Desk) -> None:
    solo = Desk(replace(desk.config, team=TeamConfig(solo=True)), desk.store, user="alice")
    app = RtcApp(solo)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        assert str(status(app).render()).startswith(" alice (solo desk) ")


async def test_a_retired_team_mode_is_said_in_the_app(desk: Desk, tmp_path: Path) -> None:
    path = tmp_path / "old.yaml"
    path.write_text("sources: []\nteam: {mode: true}\n", encoding="utf-8")
    app = RtcApp(Desk(load_config(path), desk.store, user="alice", now=desk.now))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        assert any("team.mode is retired" in n.message for n in app._notifications)
