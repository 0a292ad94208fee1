"""The audit log: every decision with a name and a time, and whether the hash chain holds.

The first line says whether the log verifies (or names the first broken record); below, one
line per record, newest at the bottom with the cursor on it. Records hold text people typed
(titles, reasons): shown literally.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from rtc_tui.i18n import _


class AuditLogScreen(ModalScreen[None]):
    """The audit log as lines, with the chain's verdict on top."""

    BINDINGS = [
        Binding("escape,q", "close", _("Close"), id="audit-log.close"),
    ]

    def __init__(self, lines: Sequence[str], verdict: str, *, broken: bool) -> None:
        """Show ``lines`` (oldest first) under ``verdict``.

        Args:
            lines: One line per record.
            verdict: ``chain intact: N records`` or the first broken record.
            broken: Whether the chain is broken (the verdict is shown as an error).
        """
        super().__init__()
        self.lines = list(lines)
        self.verdict = verdict
        self.broken = broken

    def compose(self) -> ComposeResult:
        """Verdict and list."""
        with Vertical(id="audit-log-box", classes="rtc-dialog"):
            yield Static(
                _("Audit log, oldest first  (escape closes)"),
                classes="rtc-dialog-title",
                markup=False,
            )
            verdict = Text(self.verdict, style="bold reverse" if self.broken else "")
            yield Static(verdict, id="audit-verdict", markup=False)
            options = [Option(Text(line)) for line in self.lines]
            if not options:
                options = [Option(_("Nothing recorded yet."), disabled=True)]
            yield OptionList(*options, id="audit-log", markup=False)

    def on_mount(self) -> None:
        """Focus the list on the newest record."""
        option_list = self.query_one(OptionList)
        option_list.focus()
        if self.lines:
            option_list.highlighted = len(self.lines) - 1

    def action_close(self) -> None:
        """Close."""
        self.dismiss(None)
