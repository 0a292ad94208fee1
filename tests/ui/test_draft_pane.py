"""The Draft pane through Pilot: typing, variants, counters, autosave, revisions, workflow."""

from __future__ import annotations

import contextlib
import itertools
import sys
from collections.abc import Iterator
from datetime import timedelta

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import OptionList, SelectionList, TextArea

from rtc_tui.core.models import DraftStatus, Event, Level, Sensitivity
from rtc_tui.desk import Desk
from rtc_tui.store import FileStore
from rtc_tui.ui.app import RtcApp
from rtc_tui.ui.dialogs.drafts_list import DraftsListScreen
from rtc_tui.ui.dialogs.platforms_picker import PlatformsScreen
from rtc_tui.ui.dialogs.revisions import RevisionsScreen
from rtc_tui.ui.panes import draft_view
from rtc_tui.ui.panes.draft import DraftPane
from rtc_tui.ui.panes.trending import TrendingPane
from rtc_tui.ui.screens.main import MainScreen
from tests.conftest import FROZEN_NOW
from tests.waiting import all_panes_up
from tests.waiting import settle as _settle

SIX = ["x", "mastodon", "bluesky", "threads", "linkedin", "instagram"]


def _pane(app: RtcApp) -> DraftPane:
    return app.main_screen().query_one(DraftPane)


async def _saved(pilot: Pilot[None], app: RtcApp) -> None:
    """Let the save workers (and what they start) finish."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def _open_draft_pane(pilot: Pilot[None], app: RtcApp) -> DraftPane:
    await _settle(pilot, lambda: all_panes_up(app))
    pane = _pane(app)
    await _settle(pilot, lambda: pane.draft is not None)
    # The pane keys (1-4) are the shell's tests; here, go straight into the Draft editor.
    await app.main_screen().action_show_pane("draft")
    await pilot.press("i")
    await pilot.pause()
    return pane


async def test_pane_key_lands_outside_the_field_and_i_enters_it(desk: Desk) -> None:
    desk.drafts.new(title="Finale", text="Che finale!", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot, lambda: all_panes_up(app))
        pane = _pane(app)
        await _settle(pilot, lambda: pane.draft is not None)
        await pilot.press("3")
        assert app.focused is pane, "3 must not put the cursor in the text: 4 would be typed"
        await pilot.press("4")
        assert app.main_screen().active == "checklist"
        await pilot.press("3", "enter")
        assert isinstance(app.focused, TextArea)
        await pilot.press("4")
        assert pane.editor.text.endswith("4"), "inside the field, keys are text"


async def test_typing_then_ctrl_s_saves_a_revision(desk: Desk) -> None:
    draft = desk.drafts.new(title="Finale", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open_draft_pane(pilot, app)
        assert isinstance(app.focused, TextArea)
        await pilot.press(*"Forza!", "ctrl+s")
        await _saved(pilot, app)
        assert not pane.dirty
        assert app.focused is pane.editor  # the cursor stays in the text: keys go on into it
        await pilot.press(*" e q", "ctrl+s")
        await _saved(pilot, app)
        await pilot.press("escape", "q")
    assert app.return_code == 0
    saved = desk.drafts.get(draft.id)
    assert saved.text == "Forza! e q"
    assert [r.text for r in saved.revisions] == ["Forza!", "Forza! e q"]


async def test_a_read_older_than_the_shown_revision_never_replaces_it(desk: Desk) -> None:
    # A reload that read the draft before a save was stored (the save waited for the server)
    # arrives after it: the editor keeps the saved text, the pane its revision.
    draft = desk.drafts.new(title="Finale", platforms=["x"])
    stale = desk.drafts.get(draft.id)
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open_draft_pane(pilot, app)
        await pilot.press(*"Forza!", "ctrl+s")
        await _saved(pilot, app)
        assert pane.draft is not None
        assert pane.draft.revision == 1
        pane.show_draft(stale)
        await pilot.pause()
        assert pane.editor.text == "Forza!"
        assert pane.draft.revision == 1
        newer = desk.drafts.save(draft.id, text="Da un'altra sessione", expect_revision=1)
        pane.show_draft(newer)  # a newer one, nothing unsaved here: taken
        await pilot.pause()
        assert pane.editor.text == "Da un'altra sessione"


async def test_counters_for_six_platforms_mark_over_limit_without_colour(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(draft_view, "COUNTER_DELAY_SECONDS", 0.0)
    desk.drafts.new(title="Lungo", text="a" * 278, platforms=SIX)
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open_draft_pane(pilot, app)
        assert pane.counters_text.startswith("X 278/280  Mast 278/500  Bsky 278/300")
        assert "IG 278/2200" in pane.counters_text
        await pilot.press(*"bbbb #uno @due")
        pane.tick()
        assert "X 292/280 !+12" in pane.counters_text
        assert "Mast 292/500  " in pane.counters_text
        assert pane.counters_text.endswith("#1 @1")


async def test_counters_follow_a_pause_and_are_never_a_second_late_in_a_burst(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk.drafts.new(title="Raffica", text="a", platforms=["x"])
    clock = [100.0]
    monkeypatch.setattr(draft_view, "monotonic", lambda: clock[0])  # the pane's clock only
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open_draft_pane(pilot, app)
        pane.tick()  # whatever opening the editor left due
        # When the tick (the pane's 0.1 s timer, or the test) recounts, in seconds since the
        # burst began. A reload (presence, another session) may recount too: not the debounce.
        recounts: list[float] = []
        real_recount = pane._refresh_counters

        def recount() -> None:
            if sys._getframe(1).f_code.co_name == "tick":
                recounts.append(round(clock[0] - start, 2))
            real_recount()

        monkeypatch.setattr(pane, "_refresh_counters", recount)
        start = clock[0]
        for key in "bcdefghijklmnopqrstu":  # a key every 60 ms: a burst, 1.2 s long
            await pilot.press(key)
            pane.tick()
            clock[0] += 0.06
        # No recount between two keys of the burst, but never more than a second behind.
        assert recounts == [1.02]
        clock[0] += draft_view.COUNTER_DELAY_SECONDS
        pane.tick()
        assert len(recounts) == 2  # a pause: they follow the text
        assert pane.counters_text.startswith("X 21/280")


async def test_variant_switch_edits_only_that_platform(desk: Desk) -> None:
    draft = desk.drafts.new(title="V", text="Base", platforms=["x", "mastodon"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open_draft_pane(pilot, app)
        await pilot.press("ctrl+t")
        assert pane.variant == "x"
        assert pane.editor.text == "Base"  # a new variant starts from the base text
        await pilot.press(*" per X", "ctrl+s")
        await _saved(pilot, app)
        await pilot.press("ctrl+t")
        assert pane.variant == "mastodon"
        assert pane.editor.text == "Base"
        await pilot.press("ctrl+t")
        assert pane.variant == ""
        await pilot.press(*"!", "ctrl+s")
        await _saved(pilot, app)
    saved = desk.drafts.get(draft.id)
    assert saved.text == "Base!"
    assert saved.variants == {"x": "Base per X"}
    assert saved.text_for("mastodon") == "Base!"


async def test_next_variant_is_in_the_footer_and_the_palette(desk: Desk) -> None:
    desk.drafts.new(title="V", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_draft_pane(pilot, app)
        footer_actions = {b.action for _, b, _, _ in app.screen.active_bindings.values()}
        assert "next_variant" in footer_actions
        described = {(e.key, e.description) for e in app.main_screen().key_entries()}
        assert ("^t", "Variant") in described
        assert ("l", "Drafts") in described
        assert ("h", "History") in described


async def test_autosave_after_typing_stops(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(draft_view, "AUTOSAVE_SECONDS", 0.0)
    draft = desk.drafts.new(title="A", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open_draft_pane(pilot, app)
        await pilot.press(*"salvami")
        pane.tick()  # the pane's own interval may have got there first: same outcome
        await pilot.pause()
        assert desk.drafts.get(draft.id).text == "salvami"
        assert not pane.dirty


async def test_autosave_waits_for_the_debounce(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(draft_view, "AUTOSAVE_SECONDS", 3600.0)
    draft = desk.drafts.new(title="A", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open_draft_pane(pilot, app)
        await pilot.press(*"non ancora")
        pane.tick()
        await pilot.pause()
        assert desk.drafts.get(draft.id).text == ""
        assert pane.dirty


async def test_quitting_with_unsaved_text_saves_it(desk: Desk) -> None:
    draft = desk.drafts.new(title="Q", text="Inizio", platforms=["x", "bluesky"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_draft_pane(pilot, app)
        await pilot.press(*" e fine", "ctrl+t", *" (X)", "ctrl+q")
    saved = desk.drafts.get(draft.id)
    assert saved.text == "Inizio e fine"
    assert saved.variants == {"x": "Inizio e fine (X)"}


async def test_q_outside_the_field_quits_and_saves(desk: Desk) -> None:
    draft = desk.drafts.new(title="Q", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_draft_pane(pilot, app)
        await pilot.press(*"quasi", "escape", "q")
    assert desk.drafts.get(draft.id).text == "quasi"


async def test_ten_edits_ten_revisions_and_restore_is_exact(desk: Desk) -> None:
    draft = desk.drafts.new(title="R", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open_draft_pane(pilot, app)
        for i in range(10):
            await pilot.press(*f" e{i}", "ctrl+s")
            await _saved(pilot, app)
        await pilot.press("escape")
        assert [r.number for r in desk.drafts.get(draft.id).revisions] == list(range(1, 11))
        wanted = desk.drafts.get(draft.id).revisions[2].text
        assert wanted == " e0 e1 e2"
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, RevisionsScreen)
        # Newest first: r10 is highlighted, seven steps down is r3.
        await pilot.press(*["down"] * 7, "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert pane.editor.text == wanted
    saved = desk.drafts.get(draft.id)
    assert saved.text == wanted
    assert len(saved.revisions) == 11
    assert saved.revisions[-1].text == wanted


async def test_history_escape_restores_nothing(desk: Desk) -> None:
    draft = desk.drafts.new(title="R", text="uno", platforms=["x"])
    desk.drafts.save(draft.id, text="due")
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_draft_pane(pilot, app)
        await pilot.press("escape", "h")
        await pilot.pause()
        assert isinstance(app.screen, RevisionsScreen)
        await pilot.press("escape")
        await pilot.pause()
    assert len(desk.drafts.get(draft.id).revisions) == 2


async def test_drafts_list_sorted_by_last_change_opens_a_draft(desk: Desk) -> None:
    first = desk.drafts.new(title="Primo", text="uno", platforms=["x"])
    second = desk.drafts.new(title="Secondo", text="due", platforms=["x"])
    clock = (FROZEN_NOW + timedelta(minutes=m) for m in itertools.count(1))
    # A desk whose clock moves on a minute at each call (the services take the clock given).
    desk = Desk(desk.config, desk.store, user=desk.user, now=lambda: next(clock))
    desk.drafts.save(first.id, text="uno!")  # now the most recently changed
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open_draft_pane(pilot, app)
        pane.show_draft(desk.drafts.get(second.id))
        await pilot.press("escape", "l")
        await pilot.pause()
        assert isinstance(app.screen, DraftsListScreen)
        assert [d.id for d in app.screen.drafts] == [first.id, second.id]
        option_list = app.screen.query_one(OptionList)
        assert option_list.highlighted == 1  # on the draft being edited
        await pilot.press("up", "enter")
        await pilot.pause()
        assert pane.draft is not None
        assert pane.draft.id == first.id
        assert pane.editor.text == "uno!"


async def test_an_open_drafts_list_shows_a_draft_made_by_another_desk(desk: Desk) -> None:
    first = desk.drafts.new(title="Primo", text="uno", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_draft_pane(pilot, app)
        await pilot.press("escape", "l")
        await _settle(pilot, lambda: isinstance(app.screen, DraftsListScreen))
        screen = app.screen
        assert isinstance(screen, DraftsListScreen)
        # Another editor's desk on the same store (another process, as far as the store knows).
        other = Desk(desk.config, FileStore(desk.store.data_dir), user="bruno")
        made = other.drafts.new(title="Da Torino", text="ciao", platforms=["x"])
        await _settle(pilot, lambda: made.id in [d.id for d in screen.drafts])
        option_list = screen.query_one(OptionList)
        labels = [str(option_list.get_option_at_index(i).prompt) for i in range(2)]
        assert any("Da Torino" in label for label in labels), labels
        assert option_list.highlighted is not None
        # The cursor stays on the draft it was on (the one being edited).
        assert screen.drafts[option_list.highlighted].id == first.id


async def test_switching_drafts_saves_the_one_left(desk: Desk) -> None:
    first = desk.drafts.new(title="Primo", platforms=["x"])
    desk.drafts.new(title="Secondo", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open_draft_pane(pilot, app)
        pane.show_draft(desk.drafts.get(first.id))
        await pilot.press(*"lasciato")
        await pilot.press("escape", "n")
        # The new draft is made in a worker, then opened: wait for both, not for a moment.
        for _ in range(200):
            if pane.draft is not None and pane.draft.id == 3:
                break
            await _saved(pilot, app)
        assert pane.draft is not None
        assert pane.draft.id == 3
    assert desk.drafts.get(first.id).text == "lasciato"


async def test_review_key_moves_the_workflow(desk: Desk) -> None:
    draft = desk.drafts.new(title="W", text="ciao", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_draft_pane(pilot, app)
        await pilot.press("escape", "r")
        await pilot.pause()
        assert desk.drafts.get(draft.id).status is DraftStatus.IN_REVIEW
        await pilot.press("r")
        await pilot.pause()
        assert desk.drafts.get(draft.id).status is DraftStatus.DRAFT


async def test_platforms_picker_changes_the_counters(desk: Desk) -> None:
    draft = desk.drafts.new(title="P", text="ciao", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open_draft_pane(pilot, app)
        await pilot.press("escape", "p")
        await pilot.pause()
        assert isinstance(app.screen, PlatformsScreen)
        assert app.screen.query_one(SelectionList).selected == ["x"]
        await pilot.press("down", "space", "enter")
        await pilot.pause()
        assert desk.drafts.get(draft.id).platforms == ["x", "mastodon"]
        assert pane.counters_text.startswith("X 4/280  Mast 4/500")


async def test_origin_shows_event_sensitivity_and_time_to_post(desk: Desk) -> None:
    event = Event(
        id="ev1",
        source="Google Trends IT",
        title="Italia-Spagna 2-1",
        first_seen=FROZEN_NOW - timedelta(minutes=7),
        last_seen=FROZEN_NOW,
        sensitivity=Sensitivity(level=Level.WARN, categories=("tragedy",)),
    )
    desk.store.events.merge(lambda current: [event])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot, lambda: all_panes_up(app))
        trending = app.main_screen().query_one(TrendingPane)
        await _settle(pilot, lambda: trending.current_event() is not None)
        trending.action_new_draft()  # what n does on the Trending pane
        pane = _pane(app)
        await _settle(pilot, lambda: pane.draft is not None)  # made in a thread worker
        assert pane.draft is not None
        assert pane.draft.origin is not None
        origin = str(app.main_screen().query_one("#draft-origin").render())
        assert "[! warn]" in origin
        assert "Italia-Spagna 2-1" in origin
        assert "7m since first seen" in origin
        assert isinstance(app.focused, TextArea)
        await pilot.press(*"Che partita", "ctrl+s")
        await _saved(pilot, app)
    saved = desk.drafts.all()[0]
    assert saved.text == "Che partita"
    assert saved.origin is not None
    assert saved.origin.ref == "ev1"


@contextlib.contextmanager
def _no_suspend(self: App[object]) -> Iterator[None]:
    yield


async def test_external_editor_round_trip(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(App, "suspend", _no_suspend)
    # Appends a line, as `echo >>` would: the file ends with a newline, so it is a line of its own.
    script = "import sys; p = sys.argv[1]; t = open(p).read(); open(p, 'w').write(t + 'da vim\\n')"
    monkeypatch.setenv("VISUAL", f'"{sys.executable}" -c "{script}"')
    draft = desk.drafts.new(title="E", text="scritto", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open_draft_pane(pilot, app)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert pane.editor.text == "scritto\nda vim"
        assert app.focused is pane.editor
        await pilot.press("ctrl+s")
        await _saved(pilot, app)
    assert desk.drafts.get(draft.id).text == "scritto\nda vim"


async def test_failing_external_editor_keeps_the_text(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(App, "suspend", _no_suspend)
    monkeypatch.setenv("VISUAL", f'"{sys.executable}" -c "import sys; sys.exit(3)"')
    desk.drafts.new(title="E", text="resta", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open_draft_pane(pilot, app)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert pane.editor.text == "resta"


async def test_another_sessions_save_is_shown_when_nothing_is_unsaved(desk: Desk) -> None:
    draft = desk.drafts.new(title="T", text="mio", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open_draft_pane(pilot, app)
        other = Desk(desk.config, desk.store, user="bob", now=desk.now)
        pane.show_draft(other.drafts.save(draft.id, text="di bob"))
        assert pane.editor.text == "di bob"
        await pilot.press("!")
        pane.show_draft(other.drafts.save(draft.id, text="di bob, ancora"))
        assert pane.editor.text == "di bob!"  # unsaved typing is never overwritten
