"""The Draft pane: the text of the draft being written, its origin and status."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static, TextArea

from rtc_tui.core.models import Draft
from rtc_tui.ui.panes.base import Pane


class DraftPane(Pane, can_focus=True):
    """Edits one draft at a time; saving is asked of the screen, which calls the desk.

    The pane itself takes focus when the user leaves the editor with escape, so the
    pane's own keys work outside the text field.
    """

    PANE_ID = "draft"
    PANE_TITLE = "Draft"
    PANE_KEY = "3"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="draft.save", priority=True),
    ]

    class SaveRequested(Message):
        """The user wants the editor's text saved into the draft."""

        def __init__(self, draft_id: int, text: str) -> None:
            self.draft_id = draft_id
            """The draft being edited."""
            self.text = text
            """The editor's text."""
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.draft: Draft | None = None

    def compose(self) -> ComposeResult:
        """Origin line, editor, status line."""
        yield Static(id="draft-origin", markup=False)
        yield TextArea(id="draft-editor", soft_wrap=True, show_line_numbers=False)
        yield Static(id="draft-status", markup=False)

    def focus_target(self) -> Widget:
        """The editor."""
        return self.query_one(TextArea)

    def show_draft(self, draft: Draft | None) -> None:
        """Load ``draft`` into the editor (``None``: nothing to edit yet)."""
        self.draft = draft
        editor = self.query_one(TextArea)
        origin = self.query_one("#draft-origin", Static)
        status = self.query_one("#draft-status", Static)
        if draft is None:
            editor.load_text("")
            editor.disabled = True
            origin.update("No draft yet: press n on an event or a moment.")
            status.update("")
            return
        editor.disabled = False
        if editor.text != draft.text:
            editor.load_text(draft.text)
        if draft.origin is not None:
            marker = draft.origin.sensitivity.level.marker.strip()
            prefix = f"[{marker}] " if marker else ""
            origin.update(Text(f"#{draft.id} {prefix}{draft.origin.kind}: {draft.origin.title}"))
        else:
            origin.update(Text(f"#{draft.id} {draft.title}"))
        status.update(
            Text(f"{draft.status.value} · by {draft.author} · {len(draft.revisions)} rev")
        )

    def action_save(self) -> None:
        """Ask the screen to save the editor's text."""
        if self.draft is None:
            return
        self.post_message(self.SaveRequested(self.draft.id, self.query_one(TextArea).text))
