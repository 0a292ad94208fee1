"""A dialog that asks for a written reason: overriding a blocking finding, sending a draft back.

Answers the reason (trimmed), or ``None`` when cancelled. A reason shorter than the minimum is
refused in place, so nobody waves a finding through with "ok".
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from rtc_tui.desk.views import MIN_REASON, Finding
from rtc_tui.i18n import _
from rtc_tui.ui.key_order import OrderedInput


class ReasonScreen(ModalScreen[str | None]):
    """Title, what it is about, one input; enter answers the reason, escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", _("Cancel"), id="reason.cancel"),
    ]

    def __init__(self, title: str, about: str, *, placeholder: str, minimum: int = 1) -> None:
        super().__init__()
        self.title_text = title
        """The dialog's title."""
        self.about = about
        """What the reason is for (shown literally: it may quote an event's words)."""
        self.placeholder = placeholder
        self.minimum = minimum
        """The fewest non-blank characters accepted."""

    def compose(self) -> ComposeResult:
        """Title, explanation, the reason field and a hint line."""
        with Vertical(id="reason-box", classes="rtc-dialog"):
            yield Static(Text(self.title_text), classes="rtc-dialog-title")
            yield Static(Text(self.about), id="reason-about")
            yield OrderedInput(placeholder=self.placeholder, id="reason-input")
            yield Static(Text(_("enter: confirm · escape: cancel")), id="reason-hint")

    def on_mount(self) -> None:
        """Focus the reason field."""
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Answer the reason, unless it is too short."""
        event.stop()
        reason = " ".join(event.value.split())
        if len(reason.replace(" ", "")) < self.minimum:
            self.query_one("#reason-hint", Static).update(
                Text(
                    _("Write a reason ({minimum}+ characters), or escape to cancel.").format(
                        minimum=self.minimum
                    )
                )
            )
            return
        self.dismiss(reason)

    def action_cancel(self) -> None:
        """Close without a reason."""
        self.dismiss(None)


def override_screen(finding: Finding) -> ReasonScreen:
    """The dialog that asks why a blocking finding may be waved through."""
    recorded = _("The override, your name and the time are recorded in the audit log.")
    return ReasonScreen(
        _("Override a blocking finding"),
        f"{finding.label}\n{finding.message}\n\n{recorded}",
        placeholder=_("Why is this safe to publish?"),
        minimum=MIN_REASON,
    )


def send_back_screen(draft_id: int, title: str) -> ReasonScreen:
    """The dialog that asks a reviewer's note when sending a draft back."""
    return ReasonScreen(
        _("Send #{id} {title} back to its author").format(id=draft_id, title=title),
        _("The note is kept with the draft for its author; it is never exported."),
        placeholder=_("What should change?"),
    )
