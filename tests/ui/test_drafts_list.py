"""The drafts list on either backend: it opens on the latest, reads more as the cursor goes
down, and on a change made anywhere reads and relabels only the drafts that changed."""

from __future__ import annotations

import itertools
from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from rtc_tui.config import Config
from rtc_tui.core.models import Draft
from rtc_tui.desk import Desk
from rtc_tui.store import Store
from rtc_tui.store.postgres import PgStore
from rtc_tui.ui.app import RtcApp
from rtc_tui.ui.dialogs import drafts_list
from rtc_tui.ui.dialogs.drafts_list import DraftsListScreen
from rtc_tui.ui.panes.draft import DraftPane
from tests.conftest import FROZEN_NOW
from tests.store_helpers import reopen
from tests.waiting import all_panes_up
from tests.waiting import settle as _settle


def _desk(store: Store, user: str = "alice", *, hours: int = 0) -> Desk:
    """A desk whose clock moves on a minute at each call, from ``hours`` after the frozen now."""
    start = FROZEN_NOW + timedelta(hours=hours)
    clock = (start + timedelta(minutes=m) for m in itertools.count(1))
    return Desk(Config(), store, user=user, now=lambda: next(clock))


async def _open_list(pilot: Pilot[None], app: RtcApp) -> DraftsListScreen:
    await _settle(pilot, lambda: all_panes_up(app))
    pane = app.main_screen().query_one(DraftPane)
    await _settle(pilot, lambda: pane.draft is not None)
    await app.main_screen().action_show_pane("draft")
    await pilot.press("l")
    await _settle(pilot, lambda: isinstance(app.screen, DraftsListScreen))
    screen = app.screen
    assert isinstance(screen, DraftsListScreen)
    return screen


def _ids(screen: DraftsListScreen) -> list[int]:
    option_list = screen.query_one(OptionList)
    return [int(option.id or 0) for option in option_list.options]


async def test_a_change_elsewhere_relabels_only_the_drafts_that_changed(
    any_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = _desk(any_store)
    made = [desk.drafts.new(title=f"Bozza {n}", platforms=["x"]) for n in range(1, 4)]
    app = RtcApp(desk)
    other_store = reopen(any_store, tmp_path / "other")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _open_list(pilot, app)
            assert _ids(screen) == [3, 2, 1]
            option_list = screen.query_one(OptionList)
            before = {int(o.id or 0): o for o in option_list.options}
            if isinstance(any_store, PgStore):
                # On a database the list never reads every draft again, whatever changes.
                def every_draft(self: object) -> list[Draft]:
                    raise AssertionError("every draft read again")

                monkeypatch.setattr(type(any_store.drafts), "all", every_draft)
            other = _desk(other_store, user="bruno", hours=1)
            other.drafts.save(made[0].id, text="ritoccata")
            extra = other.drafts.new(title="Da Torino", platforms=["x"])
            await _settle(pilot, lambda: _ids(screen)[:2] == [extra.id, made[0].id])
            assert _ids(screen) == [extra.id, 1, 3, 2]
            after = {int(o.id or 0): o for o in option_list.options}
            # Only the drafts that changed are labelled again.
            assert after[3] is before[3]
            assert after[2] is before[2]
            assert after[1] is not before[1]
            assert "Da Torino" in str(after[extra.id].prompt)
            assert option_list.highlighted is not None
            assert _ids(screen)[option_list.highlighted] == 3  # the cursor stays on its draft
    finally:
        other_store.close()


async def test_the_list_opens_on_the_latest_and_reads_more_near_the_end(
    any_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(drafts_list, "FIRST_ROWS", 5)
    monkeypatch.setattr(drafts_list, "NEAR_END", 2)
    desk = _desk(any_store)
    for n in range(1, 31):
        desk.drafts.new(title=f"Bozza {n}", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_list(pilot, app)
        assert _ids(screen) == [30, 29, 28, 27, 26]
        assert not screen.complete
        await pilot.press("end")
        await _settle(pilot, lambda: len(_ids(screen)) > 5)
        assert _ids(screen) == list(range(30, 5, -1))  # five times as many
        await pilot.press("end")
        await _settle(pilot, lambda: screen.complete)
        assert _ids(screen) == list(range(30, 0, -1))
        await pilot.press("end", "enter")
        await _settle(pilot, lambda: all_panes_up(app))
        pane = app.main_screen().query_one(DraftPane)
        await _settle(pilot, lambda: pane.draft is not None and pane.draft.id == 1)
