"""A save that failed: the text is kept in the editor; offer to write it to a file as well.

Answers the path typed (to write the text there), or ``None`` to close: the text stays in the
editor, unsaved, and ``ctrl+s`` tries again.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from rtc_tui.i18n import _
from rtc_tui.ui.key_order import OrderedInput


class SaveFailedScreen(ModalScreen[str | None]):
    """Why the save failed, and a file name to keep a copy in; enter writes, escape closes."""

    BINDINGS = [
        Binding("escape", "close", _("Keep it in the editor"), id="save-failed.close"),
    ]

    def __init__(self, draft_id: int, reason: str, suggested: str) -> None:
        super().__init__()
        self.draft_id = draft_id
        """The draft that could not be saved."""
        self.reason = reason
        """Why (one line from the store or the desk, shown literally)."""
        self.suggested = suggested
        """The file name offered."""

    def compose(self) -> ComposeResult:
        """Title, the reason, the file field and a hint."""
        with Vertical(id="save-failed-box", classes="rtc-dialog"):
            yield Static(
                Text(_("Draft #{id} could not be saved").format(id=self.draft_id)),
                classes="rtc-dialog-title",
            )
            yield Static(Text(self.reason), id="save-failed-reason")
            yield Static(
                Text(_("Your text is kept in the editor. Write a copy to this file as well:")),
                id="save-failed-about",
            )
            yield OrderedInput(value=self.suggested, id="save-failed-path")
            yield Static(
                Text(_("enter: write the copy · escape: keep it in the editor (ctrl+s retries)")),
                id="save-failed-hint",
            )

    def on_mount(self) -> None:
        """Focus the file name."""
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path = event.value.strip()
        if path:
            self.dismiss(path)

    def action_close(self) -> None:
        """Close without a copy."""
        self.dismiss(None)
