from rtc_tui.desk import Desk
from rtc_tui.ui.app import RtcApp
from rtc_tui.ui.dialogs.help import HelpScreen
from rtc_tui.ui.pane_bar import PaneBar
from rtc_tui.ui.panes.base import Pane
from rtc_tui.ui.screens.main import MainScreen
from tests.waiting import all_panes_up, until


def _visible_panes(app: RtcApp) -> list[str]:
    return [p.PANE_ID for p in app.screen.query(Pane) if p.display]


async def test_narrow_layout_shows_one_pane_and_keys_switch(desk: Desk) -> None:
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert _visible_panes(app) == ["trending"]
        await pilot.press("2")
        assert _visible_panes(app) == ["calendar"]
        assert app.screen.query_one(PaneBar).active == "calendar"
        await pilot.press("4")
        assert _visible_panes(app) == ["checklist"]
        await pilot.press("tab")
        assert _visible_panes(app) == ["trending"]
        await pilot.press("shift+tab")
        assert _visible_panes(app) == ["checklist"]


async def test_wide_layout_shows_all_four(desk: Desk) -> None:
    app = RtcApp(desk)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert _visible_panes(app) == ["trending", "calendar", "draft", "checklist"]
        await pilot.press("3")
        assert app.screen.query_one(PaneBar).active == "draft"
        assert _visible_panes(app) == ["trending", "calendar", "draft", "checklist"]


async def test_resizing_switches_layout(desk: Desk) -> None:
    app = RtcApp(desk)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert len(_visible_panes(app)) == 1


async def test_help_lists_real_bindings_and_closes(desk: Desk) -> None:
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        described = {(k.key, k.description) for k in app.screen.keys}
        assert ("1", "Trending") in described
        assert ("q/^q", "Quit") in described
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_q_quits_cleanly(desk: Desk) -> None:
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
    assert app.return_code == 0


async def test_other_sessions_changes_are_reloaded(desk: Desk) -> None:
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        other = Desk(desk.config, desk.store, user="bob", now=desk.now)
        other.drafts.new(title="From bob", text="ciao")
        await until(pilot, lambda: all_panes_up(app))
        main = app.screen
        assert isinstance(main, MainScreen)
        from rtc_tui.ui.panes.draft import DraftPane

        pane = main.query_one(DraftPane)
        # Nobody asks for a reload: the desk's change feed (a file watcher) reports bob's write.
        for _ in range(200):
            if pane.draft is not None and pane.draft.title == "From bob":
                break
            await pilot.pause(0.05)
        assert pane.draft is not None
        assert pane.draft.title == "From bob"


async def test_rows_styled_from_theme_tokens_follow_a_theme_switch(desk: Desk) -> None:
    from rich.color import Color
    from textual.widgets import DataTable

    from rtc_tui.ui.panes.calendar import CalendarPane

    def lead_colours(app: RtcApp) -> set[str]:
        table = app.screen.query_one(CalendarPane).query_one(DataTable)
        colours = set()
        for row in range(table.row_count):
            cell = table.get_row_at(row)[0]
            if cell.plain.strip() == ">" and cell.style and cell.style.color:
                colours.add(cell.style.color.get_truecolor().hex.upper())
        return colours

    app = RtcApp(desk, theme="rtc-dark")
    async with app.run_test(size=(160, 48)) as pilot:
        for _ in range(2):
            await pilot.pause()
            await app.workers.wait_for_complete()
        dark = app.get_css_variables()["rtc-lead-window"].upper()
        assert lead_colours(app) == {Color.parse(dark).get_truecolor().hex.upper()}
        app.theme = "rtc-light"
        for _ in range(2):
            await pilot.pause()
            await app.workers.wait_for_complete()
        light = app.get_css_variables()["rtc-lead-window"].upper()
        assert light != dark
        assert lead_colours(app) == {Color.parse(light).get_truecolor().hex.upper()}
