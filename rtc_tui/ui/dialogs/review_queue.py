"""The reviewer's queue: the drafts waiting for this user's second pair of eyes.

Enter opens the chosen draft (the screen shows it with its checklist); escape closes. Titles
are typed by people and shown literally (no markup).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from rtc_tui.desk.views import ReviewRequest
from rtc_tui.i18n import _
from rtc_tui.ui.dialogs.choice import NumberScreen


def request_label(request: ReviewRequest) -> Text:
    """One row: id, when, who asks whom, title."""
    whom = request.to or _("anyone")
    asks = _("{by} asks {whom}").format(by=request.by, whom=whom)
    return Text(f"#{request.draft_id:<4} {request.at:%m-%d %H:%M}  {asks}  {request.title}")


class ReviewQueueScreen(NumberScreen):
    """Drafts waiting for review, oldest first. Answers the chosen draft's id, or ``None``."""

    BINDINGS = [
        Binding("escape,q", "close", _("Close"), id="review-queue.close"),
    ]

    def __init__(self, requests: Sequence[ReviewRequest], user: str) -> None:
        super().__init__()
        self.requests = list(requests)
        self.user = user

    def compose(self) -> ComposeResult:
        """Title and list."""
        with Vertical(id="review-queue-box", classes="rtc-dialog"):
            yield Static(
                _("Waiting for {user}'s review: {count}  (enter opens, escape closes)").format(
                    user=self.user, count=len(self.requests)
                ),
                classes="rtc-dialog-title",
                markup=False,
            )
            options = [Option(request_label(r), id=str(r.draft_id)) for r in self.requests]
            if not options:
                options = [Option(_("Nothing waits for your review."), disabled=True)]
            yield OptionList(*options, id="review-queue", markup=False)

    def on_mount(self) -> None:
        """Focus the list."""
        self.query_one(OptionList).focus()
