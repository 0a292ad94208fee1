"""The help screen: every key, generated from the real bindings."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from rtc_tui.i18n import _
from rtc_tui.ui.keys import KeyEntry


class HelpScreen(ModalScreen[None]):
    """A modal table of keys by scope, with the binding ids ``keys:`` remaps; escape closes."""

    BINDINGS = [
        Binding("escape,q,question_mark", "close", _("Close"), id="help.close"),
    ]

    def __init__(self, keys: Sequence[KeyEntry]) -> None:
        super().__init__()
        self.keys = list(keys)
        """The entries shown, in order (global keys first, then pane by pane)."""

    def compose(self) -> ComposeResult:
        """Title, the key table, and how to remap."""
        with Vertical(id="help-box"):
            yield Static(_("Keys   (escape closes)"), id="help-title", markup=False)
            table: DataTable[Text] = DataTable(
                id="help-table", cursor_type="row", zebra_stripes=True
            )
            table.add_columns(_("Where"), _("Key"), _("Does"), _("Id (for keys:)"))
            scope = None
            for entry in self.keys:
                # The scope is written once per group, so the eye finds the pane quickly.
                shown = entry.scope if entry.scope != scope else ""
                scope = entry.scope
                table.add_row(
                    Text(shown, style="bold"),
                    Text(entry.key, style="bold"),
                    Text(entry.description),
                    Text(entry.binding_id),
                )
            yield table
            yield Static(
                _("Remap in config.yaml:  keys: {trending.new-draft: N}"),
                id="help-footnote",
                markup=False,
            )

    def on_mount(self) -> None:
        """The table gets focus, so up/down scroll it."""
        self.query_one(DataTable).focus()

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
