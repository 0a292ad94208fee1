"""Choose which platforms a draft targets: space toggles, enter applies, escape cancels."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static

from rtc_tui.desk.views import PLATFORM_LABELS, PLATFORMS
from rtc_tui.i18n import _


class PlatformsScreen(ModalScreen[list[str] | None]):
    """A checklist of every platform. Answers the chosen ones in display order, or ``None``."""

    BINDINGS = [
        Binding("enter", "apply", _("Apply"), id="platforms.apply", priority=True),
        Binding("escape", "close", _("Cancel"), id="platforms.close"),
    ]

    def __init__(self, chosen: Sequence[str]) -> None:
        super().__init__()
        self.chosen = list(chosen)

    def compose(self) -> ComposeResult:
        """Title and the checklist."""
        with Vertical(id="platforms-box", classes="rtc-dialog"):
            yield Static(
                _("Platforms  (space toggles, enter applies, escape cancels)"),
                classes="rtc-dialog-title",
                markup=False,
            )
            yield SelectionList[str](
                *[(PLATFORM_LABELS[p], p, p in self.chosen) for p in PLATFORMS],
                id="platforms-list",
            )

    def on_mount(self) -> None:
        """Focus the checklist."""
        self.query_one(SelectionList).focus()

    def action_apply(self) -> None:
        """Answer the ticked platforms."""
        selected = set(self.query_one("#platforms-list", SelectionList).selected)
        self.dismiss([p for p in PLATFORMS if p in selected])

    def action_close(self) -> None:
        """Cancel."""
        self.dismiss(None)
