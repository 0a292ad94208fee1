"""The Draft pane: the editor (:mod:`.draft_view`) plus saving, revisions and the workflow.

Every intent of the view becomes one desk call here. Whenever the pane shows a draft (another
one, or the same one saved or changed elsewhere) it posts :class:`DraftPane.DraftShown`: the
screen hands it to the Checklist pane, which recomputes from that message instead of watching.
Quitting with unsaved text saves it (:meth:`DraftPane.flush`).
"""

from __future__ import annotations

from textual import on
from textual.message import Message

from rtc_tui.desk import Desk, DeskError
from rtc_tui.desk.views import DEFAULT_LIMITS, Draft
from rtc_tui.ui.dialogs.drafts_list import DraftsListScreen
from rtc_tui.ui.panes.draft_view import DraftPaneView


class DraftPane(DraftPaneView):
    """Edits one draft at a time and keeps it saved through the desk."""

    class DraftShown(Message):
        """The pane now shows ``draft`` (opened, saved, or changed by another session)."""

        def __init__(self, draft: Draft) -> None:
            self.draft = draft
            """The draft as the pane shows it (as last saved or loaded)."""
            super().__init__()

    def __init__(self, desk: Desk, *, id: str | None = None) -> None:
        self._limits_error = ""
        try:
            limits = desk.drafts.platform_limits()
        except DeskError as exc:
            self._limits_error = str(exc)
            limits = DEFAULT_LIMITS
        super().__init__(limits=limits, now=desk.now, id=id)
        self.desk = desk

    def on_mount(self) -> None:
        """Say so when the config's limits are invalid (the defaults apply meanwhile)."""
        if self._limits_error:
            self.notify(self._limits_error, severity="error")

    def on_unmount(self) -> None:
        """Quitting with unsaved text saves it."""
        self.flush()

    def show_draft(self, draft: Draft | None, *, force: bool = False) -> None:
        """Show ``draft`` (see :meth:`DraftPaneView.show_draft`) and tell who follows it."""
        super().show_draft(draft, force=force)
        if self.is_mounted and self.draft is not None:
            self.post_message(self.DraftShown(self.draft))

    def flush(self) -> None:
        """Save the unsaved work now, synchronously (before a tick, an export, quitting)."""
        pending = self.pending_save()
        if pending is not None:
            self._save(pending)

    def _save(self, message: DraftPaneView.SaveRequested) -> Draft | None:
        try:
            draft = self.desk.drafts.save(
                message.draft_id, text=message.text, variants=message.variants
            )
        except DeskError as exc:
            self.notify(str(exc), severity="error")
            return None
        return draft

    @on(DraftPaneView.SaveRequested)
    def _save_requested(self, message: DraftPaneView.SaveRequested) -> None:
        """Save the texts; a save that changed them adds a revision."""
        draft = self._save(message)
        if draft is None:
            return
        if self.draft is not None and self.draft.id == draft.id:
            self.show_draft(draft)
        if message.reason == "save":
            self.notify(f"Draft #{draft.id} saved (r{len(draft.revisions)})", timeout=2)

    @on(DraftPaneView.RestoreRequested)
    def _restore_requested(self, message: DraftPaneView.RestoreRequested) -> None:
        """Restore a revision (as a new revision) and reload the editor with it."""
        try:
            draft = self.desk.drafts.restore_revision(message.draft_id, message.number)
        except DeskError as exc:
            self.notify(str(exc), severity="error")
            return
        self.show_draft(draft, force=True)
        self.notify(f"Revision {message.number} restored", timeout=2)

    @on(DraftPaneView.DraftsListRequested)
    def _drafts_list_requested(self) -> None:
        """Show every draft, last changed first; the chosen one opens."""
        current = self.draft.id if self.draft is not None else None

        def chosen(draft_id: int | None) -> None:
            if draft_id is None or draft_id == current:
                return
            try:
                draft = self.desk.drafts.get(draft_id)
            except DeskError as exc:
                self.notify(str(exc), severity="error")
                return
            self.post_message(self.DraftOpened(draft))

        editors = self.desk.presence.editors()
        self.app.push_screen(DraftsListScreen(self.desk.drafts.all(), current, editors), chosen)

    @on(DraftPaneView.NewDraftRequested)
    def _new_draft_requested(self) -> None:
        """Create a blank draft and open it."""
        try:
            draft = self.desk.drafts.new()
        except DeskError as exc:
            self.notify(str(exc), severity="error")
            return
        self.post_message(self.DraftOpened(draft))

    @on(DraftPaneView.ReviewToggleRequested)
    def _review_toggle_requested(self, message: DraftPaneView.ReviewToggleRequested) -> None:
        """Ask for review (the draft goes in review), or take it back to drafting."""
        self.flush()
        try:
            self.desk.reviews.toggle(message.draft_id)
            draft = self.desk.drafts.get(message.draft_id)
        except DeskError as exc:
            self.notify(str(exc), severity="warning")
            return
        self.show_draft(draft)
        self.notify(f"Draft #{draft.id} is now {draft.status.value}", timeout=2)

    @on(DraftPaneView.PlatformsChosen)
    def _platforms_chosen(self, message: DraftPaneView.PlatformsChosen) -> None:
        """Store the draft's platforms."""
        try:
            draft = self.desk.drafts.save(message.draft_id, platforms=message.platforms)
        except DeskError as exc:
            self.notify(str(exc), severity="error")
            return
        self.show_draft(draft)
