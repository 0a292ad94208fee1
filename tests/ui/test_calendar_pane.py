"""The Calendar pane at 80x24 and 160x48: agenda, month grid, drafts from moments."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import DataTable, Static, TextArea

from rtc_tui import i18n
from rtc_tui.config import CalendarConfig, Config
from rtc_tui.desk import Desk
from rtc_tui.store import FileStore
from rtc_tui.ui.app import RtcApp
from rtc_tui.ui.panes.calendar import CalendarPane
from rtc_tui.ui.panes.calendar_view import grid_window, month_grid, shift_month
from rtc_tui.ui.panes.draft import DraftPane

SIZES = [(80, 24), (160, 48)]


@pytest.fixture
def desk(store: FileStore, frozen_now: Callable[[], datetime]) -> Desk:
    """A desk showing Italy, the US and the UK (the default is Italy only), frozen clock."""
    config = Config(calendar=CalendarConfig(regions=("IT", "US", "GB")))
    return Desk(config, store, user="alice", now=frozen_now)


def _pane(app: RtcApp) -> CalendarPane:
    return app.screen.query_one(CalendarPane)


def _rows(pane: CalendarPane) -> list[list[str]]:
    table: DataTable[str | Text] = pane.query_one(DataTable)
    rows = []
    for index in range(table.row_count):
        rows.append([str(cell) for cell in table.get_row_at(index)])
    return rows


def _static_text(pane: CalendarPane, widget_id: str) -> str:
    content = pane.query_one(f"#{widget_id}", Static).content
    return content.plain if isinstance(content, Text) else str(content)


async def _settle(app: RtcApp) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await app.animator.wait_for_idle()


@pytest.mark.parametrize("size", SIZES)
async def test_agenda_rows_show_countdown_region_prep_and_markers(
    desk: Desk, size: tuple[int, int]
) -> None:
    app = RtcApp(desk)
    async with app.run_test(size=size) as pilot:
        await pilot.press("2")
        await _settle(app)
        await pilot.pause()
        pane = _pane(app)
        rows = _rows(pane)
        assert rows[0] == [">", "Thu 26 Nov", "today", "US", "no draft", "Thanksgiving"]
        assert rows[1][:3] == [">", "Fri 27 Nov", "tomorrow"]
        assert [r[5] for r in rows[:3]] == [
            "Thanksgiving",
            "Black Friday",
            "Small Business Saturday",
        ]
        assert any(r[2] == "in 29 d" and r[5] == "Christmas" for r in rows)
        assert pane.view is not None
        assert pane.view.days == 60
        heading = _static_text(pane, "calendar-heading")
        assert heading.startswith("Agenda · next 60 days")
        assert "> prep due" in heading
        assert "4th Thursday of November" in _static_text(pane, "calendar-detail")
        assert app.focused is pane.query_one(DataTable)


@pytest.mark.parametrize("size", SIZES)
async def test_n_on_a_moment_creates_a_linked_draft_and_opens_the_editor(
    desk: Desk, size: tuple[int, int]
) -> None:
    app = RtcApp(desk)
    async with app.run_test(size=size) as pilot:
        await pilot.press("2")
        await _settle(app)
        await pilot.press("down", "n")
        await _settle(app)
        await pilot.pause()
        (draft,) = desk.drafts.all()
        assert draft.origin is not None
        assert (draft.origin.kind, draft.origin.ref, draft.origin.date) == (
            "moment",
            "global.black-friday",
            "2026-11-27",
        )
        assert draft.title == "Black Friday 2026"
        assert draft.text == "#BlackFriday\n"
        assert isinstance(app.focused, TextArea)
        assert app.screen.query_one(DraftPane).draft is not None
        await pilot.press(*"Sconti!")  # on the line after the hashtags, not glued to them
        assert app.focused.text == "#BlackFriday\nSconti!"
        await pilot.press("escape", "2")
        await _settle(app)
        await pilot.pause()
        rows = _rows(_pane(app))
        assert rows[1] == [" ", "Fri 27 Nov", "tomorrow", "US,IT,GB", "drafting", "Black Friday"]


async def test_month_grid_moves_by_month_and_back_to_today(desk: Desk) -> None:
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "m")
        await _settle(app)
        await pilot.pause()
        pane = _pane(app)
        assert pane.mode == "month"
        grid = pane.query_one("#calendar-grid", Static)
        assert grid.display
        text = _static_text(pane, "calendar-grid")
        assert text.splitlines()[0].strip() == "November 2026"
        assert "[26]>" in text
        assert " 2 ~" in text  # Commemorazione dei defunti
        shown = {r[5] for r in _rows(pane)}
        assert shown >= {"All Saints' Day", "Thanksgiving", "Remembrance Sunday"}
        assert all(r[1].endswith("Nov") for r in _rows(pane))
        await pilot.press("right_square_bracket")
        await _settle(app)
        await pilot.pause()
        assert _static_text(pane, "calendar-grid").splitlines()[0].strip() == "December 2026"
        assert all(r[1].endswith("Dec") for r in _rows(pane))
        await pilot.press("left_square_bracket", "left_square_bracket")
        await _settle(app)
        await pilot.pause()
        assert _static_text(pane, "calendar-grid").splitlines()[0].strip() == "October 2026"
        await pilot.press("t")
        await _settle(app)
        await pilot.pause()
        assert _static_text(pane, "calendar-grid").splitlines()[0].strip() == "November 2026"
        current = pane.current_occurrence()
        assert current is not None
        assert current.moment.id == "us.thanksgiving"
        await pilot.press("m")
        await _settle(app)
        await pilot.pause()
        assert not grid.display
        assert _rows(pane)[0][5] == "Thanksgiving"


async def test_month_grid_at_160x48_beside_the_other_panes(desk: Desk) -> None:
    app = RtcApp(desk)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("2", "m", "right_square_bracket")
        await _settle(app)
        await pilot.pause()
        pane = _pane(app)
        grid = pane.query_one("#calendar-grid", Static)
        assert grid.region.height >= 7
        assert pane.query_one(DataTable).region.height >= 5
        assert "25 >" in _static_text(pane, "calendar-grid")  # Christmas, in its lead window


async def test_imported_names_are_shown_literally(desk: Desk, tmp_path: Path) -> None:
    ics = tmp_path / "team.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a@x\r\n"
        "DTSTART;VALUE=DATE:20261203\r\nSUMMARY:[b]Saldi[/b] \x1b[31m$panel\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    desk.calendar.import_ics(ics)
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await _settle(app)
        await pilot.pause()
        names = [r[5] for r in _rows(_pane(app))]
        assert "[b]Saldi[/b] [31m$panel" in names


async def test_a_broken_calendar_config_is_shown_not_crashed(desk: Desk) -> None:
    broken = Config(calendar=CalendarConfig(moments=({"id": "x", "name": "X", "rule": "99-99"},)))
    other = Desk(broken, desk.store, user="alice", now=desk.now)
    app = RtcApp(other)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await _settle(app)
        await pilot.pause()
        pane = _pane(app)
        assert "moment 'x': rule: '99-99' is not a day of the year" in _static_text(
            pane, "calendar-heading"
        )
        assert _rows(pane) == []
        await pilot.press("n")
        assert desk.drafts.all() == []


def test_month_helpers() -> None:
    assert shift_month(date(2026, 12, 1), 1) == date(2027, 1, 1)
    assert shift_month(date(2026, 1, 1), -1) == date(2025, 12, 1)
    assert grid_window(date(2026, 11, 1)) == (date(2026, 10, 26), 36)
    empty = month_grid(date(2026, 2, 1), [], date(2026, 2, 11), None, "yellow")
    lines = empty.plain.splitlines()
    assert lines[1] == " Mo   Tu   We   Th   Fr   Sa   Su"
    assert lines[2].rstrip().endswith(" 1")
    assert "[11]" in lines[4]


async def test_the_pane_speaks_italian(desk: Desk) -> None:
    i18n.setup("it")
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await _settle(app)
        await pilot.pause()
        pane = _pane(app)
        assert pane.border_title == "2 Calendario"
        rows = _rows(pane)
        assert rows[0] == [">", "gio 26 nov", "oggi", "US", "nessuna bozza", "Thanksgiving"]
        assert any(r[2] == "tra 29 g" and r[5] == "Natale" for r in rows)
        heading = _static_text(pane, "calendar-heading")
        assert heading.startswith("Agenda · prossimi 60 giorni · m mese")
        assert "quarto giovedì di novembre" in _static_text(pane, "calendar-detail")
        await pilot.press("m")
        await _settle(app)
        await pilot.pause()
        grid = _static_text(pane, "calendar-grid").splitlines()
        assert grid[0].strip() == "novembre 2026"
        assert grid[1].split() == ["lu", "ma", "me", "gi", "ve", "sa", "do"]
