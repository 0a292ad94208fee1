"""The help screen: every key, generated from the real bindings."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from rtc_tui.ui.keys import KeyEntry


class HelpScreen(ModalScreen[None]):
    """A modal table of keys by scope; escape, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
    ]

    def __init__(self, keys: Sequence[KeyEntry]) -> None:
        super().__init__()
        self.keys = list(keys)

    def compose(self) -> ComposeResult:
        """Title and the key table."""
        with Vertical(id="help-box"):
            yield Static("Keys  (escape closes)", id="help-title", markup=False)
            table: DataTable[Text] = DataTable(
                id="help-table", cursor_type="row", zebra_stripes=True
            )
            table.add_columns("Where", "Key", "Does")
            for entry in self.keys:
                table.add_row(
                    Text(entry.scope), Text(entry.key, style="bold"), Text(entry.description)
                )
            yield table

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
