"""The Checklist pane: the safety items a draft must pass before export."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import DataTable

from rtc_tui.ui.panes.base import Pane


class ChecklistPane(Pane):
    """The checklist of the draft being edited."""

    PANE_ID = "checklist"
    PANE_TITLE = "Checklist"
    PANE_KEY = "4"

    def compose(self) -> ComposeResult:
        """The checklist table."""
        table: DataTable[str | Text] = DataTable(id="checklist-table", cursor_type="row")
        table.add_columns("", "Item")
        yield table

    def focus_target(self) -> Widget:
        """The checklist table."""
        return self.query_one(DataTable)

    def show_items(self, items: Sequence[tuple[str, str]]) -> None:
        """Replace the rows (state marker, label)."""
        table: DataTable[str | Text] = self.query_one(DataTable)
        table.clear()
        for marker, label in items:
            table.add_row(Text(marker), Text(label))
