"""The Calendar pane: planned seasonal moments, prepared ahead."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import DataTable

from rtc_tui.ui.panes.base import Pane


class CalendarPane(Pane):
    """The agenda of the next moments."""

    PANE_ID = "calendar"
    PANE_TITLE = "Calendar"
    PANE_KEY = "2"

    def compose(self) -> ComposeResult:
        """The agenda table."""
        table: DataTable[str | Text] = DataTable(id="calendar-table", cursor_type="row")
        table.add_columns("Date", "In", "Region", "Moment")
        yield table

    def focus_target(self) -> Widget:
        """The agenda table."""
        return self.query_one(DataTable)

    def show_rows(self, rows: Sequence[tuple[str, str, str, str]]) -> None:
        """Replace the agenda rows (date, countdown, region, name)."""
        table: DataTable[str | Text] = self.query_one(DataTable)
        table.clear()
        for row in rows:
            table.add_row(*(Text(cell) for cell in row))
