"""The app on a real PostgreSQL server that goes away mid-session and comes back.

The server is the session's throwaway cluster (``pg_server``), stopped and started again by
the test itself: nothing typed is lost, the save made while it is down waits (no failure
dialog) and is stored exactly once when it returns, the status bar says what happens, and
changes made elsewhere reach the app again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from rtc_tui.config import Config
from rtc_tui.desk import Desk
from rtc_tui.store.postgres import PgStore
from rtc_tui.ui.app import RtcApp
from rtc_tui.ui.dialogs.save_failed import SaveFailedScreen
from rtc_tui.ui.panes import draft_view
from rtc_tui.ui.panes.draft import DraftPane
from rtc_tui.ui.screens import main as main_screen
from rtc_tui.ui.status_bar import StatusBar
from rtc_tui.ui.widgets.draft_status import DraftStatusLine
from tests.pgserver import PgServer
from tests.waiting import all_panes_up

UNREACHABLE = "Database unreachable — reconnecting… (your text is kept)"
RECONNECTED = "Database reconnected"


@pytest.fixture
def pg_desk(pg_url: str, tmp_path: Path, frozen_now: Callable[[], datetime]) -> Iterator[Desk]:
    store = PgStore(pg_url, data_dir=tmp_path / "alice")
    yield Desk(Config(), store, user="alice", now=frozen_now)
    store.close()


async def _until(pilot: Pilot[None], ready: Callable[[], bool], what: str) -> None:
    """Let the app run (its workers and timers too) until ``ready()``."""
    for _ in range(600):
        if ready():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"never happened: {what}")


def _status(app: RtcApp) -> str:
    return app.main_screen().query_one(StatusBar).render().plain


def _draft_line(app: RtcApp) -> str:
    return str(app.main_screen().query_one("#draft-status", DraftStatusLine).render())


async def _typing_when_the_server_stops(
    pilot: Pilot[None], app: RtcApp, server: PgServer, how: str
) -> DraftPane:
    """Type "ciao" into the draft, stop the server, wait until the status bar says so."""
    await _until(pilot, lambda: all_panes_up(app), "the main screen")
    pane = app.main_screen().query_one(DraftPane)
    await _until(pilot, lambda: pane.draft is not None, "the draft shown")
    await pilot.press("3", "i", *"ciao")
    assert app.focused is pane.editor
    server.stop(how)
    await _until(pilot, lambda: UNREACHABLE in _status(app), "the status line (from the feed)")
    return pane


@pytest.mark.parametrize("how", ["fast", "immediate"])  # immediate: a crash, for the clients
async def test_a_server_down_mid_session_loses_nothing_and_the_app_recovers(
    pg_stoppable: PgServer,
    pg_desk: Desk,
    pg_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
) -> None:
    monkeypatch.setattr(draft_view, "AUTOSAVE_SECONDS", 3600.0)  # only the saves asked for
    monkeypatch.setattr(main_screen, "RECONNECTED_SECONDS", 0.5)
    draft = pg_desk.drafts.new(title="Neve", platforms=["x"])
    app = RtcApp(pg_desk)
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await _typing_when_the_server_stops(pilot, app, pg_stoppable, how)
        await pilot.press("ctrl+s", *" tutti")
        await _until(pilot, lambda: pane.save_waiting, "the save waiting")
        assert pane.editor.text == "ciao tutti"
        assert app.focused is pane.editor, "the focus never moves"
        assert not isinstance(app.screen, SaveFailedScreen), "no failure dialog"
        toasts = [n.message for n in app._notifications]
        assert toasts == [], "no toast: the status bar and the Draft line say it"
        assert "waits for the database" in _draft_line(app)
        await pilot.press(*" quanti")  # typed while the server is still down

        pg_stoppable.restart()
        await _until(pilot, lambda: not pane.dirty, "the waiting save stored")
        stored = pg_desk.drafts.get(draft.id)
        assert [r.text for r in stored.revisions] == ["ciao tutti quanti"], "stored exactly once"
        assert pane.editor.text == "ciao tutti quanti"
        assert "saved" in _draft_line(app)
        assert "waits" not in _draft_line(app)
        # A worker that failed while the server was down, or the server still starting up, can
        # say "unreachable" once more after the save went through: the next check clears it.
        await _until(
            pilot,
            lambda: UNREACHABLE not in _status(app) and RECONNECTED not in _status(app),
            "the status line cleared",
        )

        # Another machine's save reaches this app again (LISTEN/NOTIFY, after the restart).
        bob_store = PgStore(pg_url, data_dir=tmp_path / "bob")
        try:
            bob = Desk(Config(), bob_store, user="bob", now=pg_desk.now)
            bob.drafts.save(draft.id, text="ciao da bob", expect_revision=stored.revision)
            await _until(pilot, lambda: pane.editor.text == "ciao da bob", "bob's save shown")
        finally:
            bob_store.close()
        assert pg_desk.drafts.get(draft.id).revision == stored.revision + 1


async def test_quitting_while_the_server_is_down_offers_a_copy_and_quits_once_written(
    pg_stoppable: PgServer, pg_desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(draft_view, "AUTOSAVE_SECONDS", 3600.0)
    pg_desk.drafts.new(title="Neve", platforms=["x"])
    copy = tmp_path / "neve.txt"
    app = RtcApp(pg_desk)
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await _typing_when_the_server_stops(pilot, app, pg_stoppable, "fast")

        await pilot.press("ctrl+q")
        await _until(pilot, lambda: isinstance(app.screen, SaveFailedScreen), "the copy offered")
        dialog = app.screen
        assert isinstance(dialog, SaveFailedScreen)
        assert "write a copy to quit now" in dialog.reason
        await pilot.press("escape")  # stay: the text is kept, the save waits
        await _until(pilot, lambda: app.focused is pane.editor, "back in the text")
        assert not app._exit
        await pilot.press(*" tutti", "ctrl+q")
        await _until(pilot, lambda: isinstance(app.screen, SaveFailedScreen), "offered again")
        field = app.screen.query_one(Input)
        field.value = str(copy)
        await pilot.press("enter")
        await _until(pilot, lambda: app._exit, "the quit going on once the copy is written")
    assert copy.read_text(encoding="utf-8") == "ciao tutti\n"
