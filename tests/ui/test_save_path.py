"""The save path through Pilot: keys, saves in workers, conflicts, failures, autosave."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from rtc_tui.config import Config
from rtc_tui.desk import Desk
from rtc_tui.desk.views import Draft
from rtc_tui.ui.app import RtcApp
from rtc_tui.ui.dialogs.conflict import ConflictScreen
from rtc_tui.ui.dialogs.save_failed import SaveFailedScreen
from rtc_tui.ui.panes import draft_view
from rtc_tui.ui.panes.draft import DraftPane
from rtc_tui.ui.screens.main import MainScreen
from tests.waiting import all_panes_up


def _pane(app: RtcApp) -> DraftPane:
    return app.main_screen().query_one(DraftPane)


async def _until(pilot: Pilot[None], ready: Callable[[], bool]) -> None:
    """Let the app run (workers included) until ``ready()``, without any sleep."""
    for _ in range(500):
        if ready():
            return
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    raise AssertionError("never happened")


async def _editing(pilot: Pilot[None], app: RtcApp) -> DraftPane:
    await _until(pilot, lambda: all_panes_up(app))
    pane = _pane(app)
    await _until(pilot, lambda: pane.draft is not None)
    await pilot.press("3", "i")
    assert app.focused is pane.editor
    return pane


def _bob(desk: Desk) -> Desk:
    return Desk(Config(), desk.store, user="bob", now=desk.now)


@pytest.fixture
def _no_autosave(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the saves the test asks for (a loaded machine would autosave in between)."""
    monkeypatch.setattr(draft_view, "AUTOSAVE_SECONDS", 3600.0)


@pytest.mark.usefixtures("_no_autosave")
async def test_keys_typed_right_after_ctrl_s_stay_in_the_text(desk: Desk) -> None:
    draft = desk.drafts.new(title="Neve", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _editing(pilot, app)
        # One burst: the keys before ctrl+s are in its save, the keys after it in the text.
        await pilot.press(*"ciao", "ctrl+s", *"ao tutti")
        await _until(pilot, lambda: desk.drafts.get(draft.id).revision == 1)
        assert desk.drafts.get(draft.id).text == "ciao"
        assert pane.editor.text == "ciaoao tutti"
        assert app.focused is pane.editor


@pytest.mark.usefixtures("_no_autosave")
async def test_first_key_in_an_empty_pane_starts_a_draft_and_is_kept(desk: Desk) -> None:
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await _until(pilot, lambda: all_panes_up(app))
        pane = _pane(app)
        await pilot.press("3")
        assert pane.draft is None
        await pilot.press(*"Che neve", "ctrl+s")
        await _until(pilot, lambda: bool(desk.drafts.all()) and desk.drafts.all()[0].revision == 1)
        [draft] = desk.drafts.all()
        assert draft.text == "Che neve"
        assert isinstance(app.focused, TextArea)
        assert pane.draft is not None
        assert pane.draft.id == draft.id


async def test_autosave_fires_after_a_pause_and_on_leaving_the_text(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(draft_view, "AUTOSAVE_SECONDS", 3600.0)
    draft = desk.drafts.new(title="A", text="uno", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _editing(pilot, app)
        await pilot.press(*" due")
        assert pane.dirty  # reading the state first must not hide the edit from autosave
        monkeypatch.setattr(draft_view, "AUTOSAVE_SECONDS", 0.0)
        pane.tick()
        await _until(pilot, lambda: desk.drafts.get(draft.id).text == "uno due")
        monkeypatch.setattr(draft_view, "AUTOSAVE_SECONDS", 3600.0)
        await pilot.press(*" tre", "escape")
        await _until(pilot, lambda: desk.drafts.get(draft.id).text == "uno due tre")
        assert [r.text for r in desk.drafts.get(draft.id).revisions][-2:] == [
            "uno due",
            "uno due tre",
        ]


@pytest.mark.usefixtures("_no_autosave")
async def test_a_stale_save_opens_the_conflict_screen_and_keep_mine_keeps_both(
    desk: Desk,
) -> None:
    draft = desk.drafts.new(title="Finale", text="base", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _editing(pilot, app)
        await pilot.press(*" di alice")
        _bob(desk).drafts.save(draft.id, text="base di bob", expect_revision=1)
        await pilot.press("ctrl+s")
        await _until(pilot, lambda: isinstance(app.screen, ConflictScreen))
        screen = app.screen
        assert isinstance(screen, ConflictScreen)
        assert (screen.texts.mine, screen.texts.theirs) == ("base di alice", "base di bob")
        assert (screen.texts.theirs_by, screen.texts.theirs_revision) == ("bob", 2)
        await pilot.press("m")
        await _until(pilot, lambda: desk.drafts.get(draft.id).revision == 3)
        stored = desk.drafts.get(draft.id)
        assert [(r.author, r.text) for r in stored.revisions] == [
            ("alice", "base"),
            ("bob", "base di bob"),
            ("alice", "base di alice"),
        ]
        assert pane.editor.text == "base di alice"
        assert not pane.dirty


async def _in_conflict(pilot: Pilot[None], app: RtcApp, desk: Desk, draft_id: int) -> DraftPane:
    """Type " mia", let bob save "loro" meanwhile, save: the conflict screen is up."""
    pane = await _editing(pilot, app)
    await pilot.press(*" mia")
    _bob(desk).drafts.save(draft_id, text="loro", expect_revision=1)
    await pilot.press("ctrl+s")
    await _until(pilot, lambda: isinstance(app.screen, ConflictScreen))
    return pane


@pytest.mark.usefixtures("_no_autosave")
async def test_take_theirs_loads_theirs_and_keeps_mine_in_the_history(desk: Desk) -> None:
    draft = desk.drafts.new(title="Finale", text="base", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _in_conflict(pilot, app, desk, draft.id)
        await pilot.press("t")
        await _until(pilot, lambda: desk.drafts.get(draft.id).revision == 4)
        assert [r.text for r in desk.drafts.get(draft.id).revisions] == [
            "base",
            "loro",
            "base mia",
            "loro",
        ]
        await _until(pilot, lambda: pane.editor.text == "loro")


@pytest.mark.usefixtures("_no_autosave")
async def test_merge_puts_both_texts_in_the_editor(desk: Desk) -> None:
    draft = desk.drafts.new(title="Finale", text="base", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _in_conflict(pilot, app, desk, draft.id)
        await pilot.press("e")
        await _until(pilot, lambda: "=======" in pane.editor.text)
        assert "loro" in pane.editor.text
        assert "base mia" in pane.editor.text
        assert app.focused is pane.editor
        assert [r.text for r in desk.drafts.get(draft.id).revisions] == ["base", "loro", "base mia"]


@pytest.mark.usefixtures("_no_autosave")
async def test_a_reload_never_replaces_unsaved_typing(desk: Desk) -> None:
    draft = desk.drafts.new(title="Finale", text="base", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _editing(pilot, app)
        await pilot.press(*" mia")
        _bob(desk).drafts.save(draft.id, text="loro", expect_revision=1)
        app.main_screen().reload()
        await _until(pilot, lambda: pane.draft is not None and pane.draft.revision == 2)
        assert pane.editor.text == "base mia"
        assert app.focused is pane.editor


@pytest.mark.usefixtures("_no_autosave")
async def test_a_failed_save_keeps_the_text_and_writes_a_copy(desk: Desk, tmp_path: Path) -> None:
    desk.drafts.new(title="Finale", text="base", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _editing(pilot, app)
        await pilot.press(*" da non perdere")
        path = desk.data_dir / "drafts.json"
        path.write_text("{ corrupt", encoding="utf-8")
        await pilot.press("ctrl+s")
        await _until(pilot, lambda: isinstance(app.screen, SaveFailedScreen))
        assert pane.editor.text == "base da non perdere"
        copy = tmp_path / "salvata.txt"
        field = app.screen.query_one(Input)
        field.value = str(copy)
        await pilot.press("enter")
        await _until(pilot, copy.exists)
        assert copy.read_text(encoding="utf-8") == "base da non perdere\n"
        assert isinstance(app.screen, MainScreen)
        assert pane.editor.text == "base da non perdere"
        assert any("not saved" in n.message for n in app._notifications)
        assert path.read_text(encoding="utf-8") == "{ corrupt"


async def test_quitting_saves_first(desk: Desk) -> None:
    draft = desk.drafts.new(title="Q", text="a", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await _editing(pilot, app)
        await pilot.press(*"bc", "ctrl+q")
        await _until(pilot, lambda: app.return_code is not None)
    assert desk.drafts.get(draft.id).text == "abc"


async def test_a_worker_failure_is_shown_and_the_app_goes_on(desk: Desk) -> None:
    desk.drafts.new(title="W", text="a", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await _until(pilot, lambda: all_panes_up(app))

        def broken(limit: int = 1) -> list[Draft]:
            raise RuntimeError("disk on fire")

        desk.drafts.recent = broken  # type: ignore[method-assign]
        app.main_screen().reload()
        await _until(
            pilot,
            lambda: any(
                n.message == "Reloading the data failed: disk on fire" for n in app._notifications
            ),
        )
        assert app.is_running


@pytest.mark.usefixtures("_no_autosave")
async def test_a_save_asked_for_before_the_choice_saves_the_text_shown_now(desk: Desk) -> None:
    draft = desk.drafts.new(title="Finale", text="base", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _in_conflict(pilot, app, desk, draft.id)
        stale = pane.save_request("save")  # "base mia" on r1, as a ctrl+s queued meanwhile
        await pilot.press("t")
        await _until(pilot, lambda: pane.editor.text == "loro" and not pane.saver.busy)
        # It reaches the saver only now: what it saves is the working copy, on its base.
        ticket = pane.saver.request(stale)
        await _until(pilot, lambda: ticket.wait(0))
        assert not isinstance(app.screen, ConflictScreen)
        stored = desk.drafts.get(draft.id)
        assert (stored.revision, stored.text) == (4, "loro")
        assert pane.editor.text == "loro"
