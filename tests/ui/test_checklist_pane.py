"""The Checklist pane and the export dialog through Pilot: ticks, staleness, overrides, export."""

from __future__ import annotations

from pathlib import Path

from msgspec.structs import replace
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Static, TextArea

from rtc_tui.config import TeamConfig
from rtc_tui.core.models import DraftStatus
from rtc_tui.desk import Desk
from rtc_tui.ui.app import RtcApp
from rtc_tui.ui.dialogs.export import ExportScreen
from rtc_tui.ui.dialogs.override import ReasonScreen
from rtc_tui.ui.panes.checklist import ChecklistPane
from rtc_tui.ui.screens.main import MainScreen

MANUAL = ("timing", "off_limits", "no_bar_jokes", "understandable", "brand_fit", "facts", "rights")


async def settle(pilot: Pilot[None], app: RtcApp) -> None:
    """Let workers finish and the screen catch up (no sleeps)."""
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


def colleague(desk: Desk, user: str = "bob") -> Desk:
    """Another editor's desk on the same store (same config and clock)."""
    return Desk(desk.config, desk.store, user=user, now=desk.now)


def solo(desk: Desk) -> Desk:
    """The same user and store on a one-person desk (``team.solo: true``)."""
    config = replace(desk.config, team=TeamConfig(solo=True))
    return Desk(config, desk.store, user=desk.user, now=desk.now)


def pane(app: RtcApp) -> ChecklistPane:
    return app.main_screen().query_one(ChecklistPane)


async def open_checklist(pilot: Pilot[None], app: RtcApp) -> ChecklistPane:
    """Make the Checklist pane active and focused (as key 4 does outside a text field)."""
    await settle(pilot, app)
    await app.main_screen().action_show_pane("checklist")
    await settle(pilot, app)
    return pane(app)


def summary(app: RtcApp) -> str:
    return str(pane(app).query_one("#checklist-summary", Static).content)


async def choose(pilot: Pilot[None], app: RtcApp, label_start: str) -> None:
    """Pick the export option whose label starts with ``label_start``."""
    screen = app.screen
    assert isinstance(screen, ExportScreen)
    options = screen.query_one("#export-formats", OptionList)
    index = next(
        i for i, (_choice, label) in enumerate(screen.choices) if label.startswith(label_start)
    )
    options.highlighted = index
    await pilot.press("enter")
    await settle(pilot, app)


async def test_space_ticks_and_moves_to_the_next_open_item(desk: Desk) -> None:
    draft = desk.drafts.new(title="Finale", text="Che finale!", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        checklist = await open_checklist(pilot, app)
        assert checklist.selected_key() == "item:timing"
        assert summary(app).startswith("#1 Finale · 2/10")
        await pilot.press("space")
        await settle(pilot, app)
        tick = desk.drafts.get(draft.id).ticks["timing"]
        assert tick.by == "alice"
        assert summary(app).startswith("#1 Finale · 3/10")
        assert checklist.selected_key() == "item:off_limits"  # the next open item
        await pilot.press("up", "space")  # a ticked item: untick, and stay on it
        await settle(pilot, app)
        assert desk.drafts.get(draft.id).ticks == {}
        assert checklist.selected_key() == "item:timing"


async def test_a_burst_of_spaces_ticks_one_item_each(desk: Desk) -> None:
    draft = desk.drafts.new(title="Finale", text="Che finale!", platforms=["x"])
    colleague(desk).checklist.tick(draft.id, "second_eyes")  # not the author's to give
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        checklist = await open_checklist(pilot, app)
        checklist.select("item:no_bar_jokes")  # open items before and after the cursor
        await pilot.press(*["space"] * len(MANUAL))  # no wait between the keys
        await settle(pilot, app)
        assert set(desk.drafts.get(draft.id).ticks) == {*MANUAL, "second_eyes"}
        assert "ready to export" in summary(app)


async def test_auto_items_cannot_be_ticked_by_hand(desk: Desk) -> None:
    draft = desk.drafts.new(title="Finale", text="Che finale!", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        checklist = await open_checklist(pilot, app)
        checklist.select("item:platform_fit")
        await pilot.press("space")
        await settle(pilot, app)
        assert desk.drafts.get(draft.id).ticks == {}
        assert any("computed" in n.message for n in app._notifications)


async def test_export_refused_then_written_then_refused_again_after_an_edit(desk: Desk) -> None:
    desk = solo(desk)
    draft = desk.drafts.new(title="Finale", text="Che finale!", platforms=["x", "mastodon"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checklist(pilot, app)
        await pilot.press("e")
        await settle(pilot, app)
        assert isinstance(app.screen, ExportScreen)
        missing = [
            str(o.prompt) for o in app.screen.query_one("#export-missing", OptionList).options
        ]
        assert missing[0] == "- timing: Timing is right (not ticked)"
        assert len(missing) == len(MANUAL) + 1  # and the second pair of eyes
        await pilot.press("escape")
        await settle(pilot, app)

        for _ in MANUAL:
            await pilot.press("space")
            await settle(pilot, app)
        # The solo desk's author gives the second pair of eyes themselves, and it says so.
        pane(app).select("item:second_eyes")
        await pilot.press("space")
        await settle(pilot, app)
        assert "self-reviewed (solo desk) · ready to export" in summary(app)
        await pilot.press("e")
        await settle(pilot, app)
        await choose(pilot, app, "Markdown brief")
        assert isinstance(app.screen, MainScreen)
        exported = desk.drafts.get(draft.id)
        assert exported.status is DraftStatus.EXPORTED
        path = Path(exported.exports[0].target)
        assert path.parent == desk.data_dir / "exports"
        brief = path.read_text(encoding="utf-8")  # noqa: ASYNC240
        assert "> Che finale!" in brief
        assert "- [x] Second pair of eyes — self-reviewed (solo desk): alice," in brief

        desk.drafts.save(draft.id, text="Che finale, ragazzi!")
        await settle(pilot, app)
        await pilot.press("e")
        await settle(pilot, app)
        assert isinstance(app.screen, ExportScreen)
        missing = [
            str(o.prompt) for o in app.screen.query_one("#export-missing", OptionList).options
        ]
        assert "- timing: Timing is right (stale: ticked before the last edit)" in missing
        assert "stale" in summary(app)


async def test_ctrl_e_is_end_of_line_in_the_editor_and_export_outside(desk: Desk) -> None:
    desk.drafts.new(title="Finale", text="Che finale!\nSeconda riga", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await app.main_screen().action_show_pane("draft")
        await pilot.press("i")
        await settle(pilot, app)
        editor = app.focused
        assert isinstance(editor, TextArea)
        editor.move_cursor((0, 0))
        await pilot.press("ctrl+e")  # the shell's end of line, inside the text
        await settle(pilot, app)
        assert not isinstance(app.screen, ExportScreen)
        assert editor.cursor_location == (0, len("Che finale!"))
        await pilot.press("x")
        assert editor.text.startswith("Che finale!x\n")  # typed where the cursor went
        await pilot.press("escape", "ctrl+e")  # outside the text: export
        await settle(pilot, app)
        assert isinstance(app.screen, ExportScreen)
        assert not app.screen.state.gate.passed


async def test_clipboard_export_copies_the_platform_text(desk: Desk) -> None:
    draft = desk.drafts.new(title="Finale", text="Forza azzurri!", platforms=["x"])
    for item_id in MANUAL:
        desk.checklist.tick(draft.id, item_id)
    colleague(desk).checklist.tick(draft.id, "second_eyes")
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checklist(pilot, app)
        await pilot.press("ctrl+e")
        await settle(pilot, app)
        await choose(pilot, app, "Copy X text")
        assert app.clipboard == "Forza azzurri!"
        record = desk.drafts.get(draft.id).exports[0]
        assert (record.format, record.target, record.by) == ("clipboard", "clipboard", "alice")


async def test_o_asks_a_reason_and_records_the_override(desk: Desk) -> None:
    draft = desk.drafts.new(title="Gol", text="Sparatoria in centro stasera!", platforms=["x"])
    app = RtcApp(colleague(desk))
    async with app.run_test(size=(80, 24)) as pilot:
        checklist = await open_checklist(pilot, app)
        assert "1 blocking finding" in summary(app)
        key = "text:crime_harmful_acts:sparatoria"
        checklist.select(f"finding:{key}")
        await pilot.press("o")
        await settle(pilot, app)
        assert isinstance(app.screen, ReasonScreen)
        await pilot.press(*"ok", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ReasonScreen)
        app.screen.query_one(Input).value = ""
        await pilot.press(*"Football idiom", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        overrides = desk.drafts.get(draft.id).overrides
        assert [(o.finding, o.by, o.reason) for o in overrides] == [(key, "bob", "Football idiom")]
        assert "blocking" not in summary(app)
        audit = [a for a in desk.store.state.audit_log() if a["action"] == "override"]
        assert audit[0]["reason"] == "Football idiom"


async def test_the_author_cannot_override_their_own_draft(desk: Desk) -> None:
    draft = desk.drafts.new(title="Gol", text="Sparatoria in centro stasera!", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        checklist = await open_checklist(pilot, app)
        checklist.select("finding:text:crime_harmful_acts:sparatoria")
        await pilot.press("o")
        await settle(pilot, app)
        await pilot.press(*"Football idiom", "enter")
        await settle(pilot, app)
        assert desk.drafts.get(draft.id).overrides == []
        assert any("other than the author" in n.message for n in app._notifications)
        assert "1 blocking finding" in summary(app)


async def test_o_on_a_warning_only_explains(desk: Desk) -> None:
    draft = desk.drafts.new(title="Elezioni", text="Elezioni: chi vince?", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        checklist = await open_checklist(pilot, app)
        checklist.select("finding:text:sensitive_social_issues:elezioni")
        await pilot.press("o")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        assert desk.drafts.get(draft.id).overrides == []


async def test_b_sends_a_draft_in_review_back_with_a_note(desk: Desk) -> None:
    draft = desk.drafts.new(title="Finale", text="Che finale!", platforms=["x"])
    desk.drafts.toggle_review(draft.id)
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checklist(pilot, app)
        await pilot.press("b")
        await settle(pilot, app)
        assert isinstance(app.screen, ReasonScreen)
        await pilot.press(*"Troppo generico", "enter")
        await settle(pilot, app)
    sent = desk.drafts.get(draft.id)
    assert sent.status is DraftStatus.DRAFT
    assert sent.review_notes[0]["note"] == "Troppo generico"
    assert sent.review_notes[0]["by"] == "alice"


async def test_pane_follows_the_draft_open_in_the_draft_pane(desk: Desk) -> None:
    desk.drafts.new(title="Primo", text="Ciao", platforms=["x"])
    desk.drafts.new(title="Secondo", text="Tre morti", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(160, 48)) as pilot:
        await open_checklist(pilot, app)
        shown = pane(app).draft
        assert shown is not None
        assert summary(app).startswith(f"#{shown.id} {shown.title}")
        if shown.title == "Secondo":
            assert "1 blocking finding" in summary(app)


async def test_e_then_enter_repeats_the_last_export(desk: Desk) -> None:
    draft = desk.drafts.new(title="Finale", text="Che finale!", platforms=["x", "mastodon"])
    for item_id in MANUAL:
        desk.checklist.tick(draft.id, item_id)
    colleague(desk).checklist.tick(draft.id, "second_eyes")
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checklist(pilot, app)
        await pilot.press("e")
        await settle(pilot, app)
        await choose(pilot, app, "Plain text, Mastodon")
    assert desk.prefs.get("export.last") == {"format": "txt", "platform": "mastodon"}
    # The next session: e then enter takes the same format and platform.
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checklist(pilot, app)
        await pilot.press("e")
        await settle(pilot, app)
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("enter")
        await settle(pilot, app)
    exports = desk.drafts.get(draft.id).exports
    assert len(exports) == 2
    assert [(e.format, Path(e.target).name) for e in exports] == [
        ("txt", f"draft-{draft.id}-mastodon.txt"),
        ("txt", f"draft-{draft.id}-mastodon-2.txt"),  # never overwrites the first
    ]


async def test_unfocused_tables_are_measured_at_160x48(desk: Desk) -> None:
    """Issue #13: Calendar and Checklist started with header-wide columns until focused."""
    desk.drafts.new(title="Finale", text="Che finale!", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        screen = app.main_screen()
        checklist = pane(app).table
        calendar = screen.query_one("#calendar-table", DataTable)
        assert not checklist.has_focus
        assert not calendar.has_focus
        widths = {c.label.plain: c.content_width for c in checklist.columns.values()}
        assert widths["Item"] >= len("Timing is right")
        assert widths["Detail"] >= len("not ticked")
        dates = {c.label.plain: c.content_width for c in calendar.columns.values()}
        assert dates["Date"] >= len("Mon 30 Nov")
