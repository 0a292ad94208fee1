"""The main screen's handlers for the Draft pane: every draft intent becomes one desk call.

A mixin of :class:`~rtc_tui.ui.screens.main.MainScreen`, kept in its own module so the draft
feature does not crowd the screen. Textual runs ``on_mount``/``on_unmount`` of every class in
the screen's MRO, so these run beside the screen's own.
"""

from __future__ import annotations

from textual.screen import Screen

from rtc_tui.core.drafting.platforms import DEFAULT_LIMITS
from rtc_tui.core.models import Draft
from rtc_tui.desk import Desk, DeskError
from rtc_tui.ui.panes.draft import DraftPane
from rtc_tui.ui.screens.drafts_list import DraftsListScreen


class DraftHandlers(Screen[None]):
    """Turns :class:`DraftPane` messages into desk calls and pushes the results back down."""

    desk: Desk
    _stamp: tuple[tuple[int, int], ...]
    _draft_pane: DraftPane | None = None

    def on_mount(self) -> None:
        """Give the Draft pane the limit table and the clock."""
        pane = self.query_one(DraftPane)
        self._draft_pane = pane
        try:
            limits = self.desk.drafts.platform_limits()
        except DeskError as exc:
            self.notify(str(exc), severity="error")
            limits = DEFAULT_LIMITS
        pane.configure(limits=limits, now=self.desk.now)

    def on_unmount(self) -> None:
        """Quitting with unsaved text saves it."""
        self.flush_draft()

    def flush_draft(self) -> None:
        """Save the Draft pane's unsaved work now, synchronously."""
        pane = self._draft_pane
        pending = pane.pending_save() if pane is not None else None
        if pending is not None:
            self._save(pending)

    def _save(self, message: DraftPane.SaveRequested) -> Draft | None:
        try:
            draft = self.desk.drafts.save(
                message.draft_id, text=message.text, variants=message.variants
            )
        except DeskError as exc:
            self.notify(str(exc), severity="error")
            return None
        self._stamp = self.desk.changes_stamp()
        return draft

    def open_draft(self, draft: Draft) -> None:
        """Show ``draft`` in the Draft pane and go into its editor."""
        self._stamp = self.desk.changes_stamp()
        pane = self.query_one(DraftPane)
        pane.show_draft(draft)
        self.call_later(self._enter_editor)

    async def _enter_editor(self) -> None:
        await self.run_action("show_pane('draft')")
        self.query_one(DraftPane).editor.focus()

    def on_draft_pane_save_requested(self, message: DraftPane.SaveRequested) -> None:
        """Save the pane's texts; a save that changed them adds a revision."""
        draft = self._save(message)
        if draft is None:
            return
        pane = self.query_one(DraftPane)
        if pane.draft is not None and pane.draft.id == draft.id:
            pane.show_draft(draft)
        if message.reason == "save":
            self.notify(f"Draft #{draft.id} saved (r{len(draft.revisions)})", timeout=2)

    def on_draft_pane_restore_requested(self, message: DraftPane.RestoreRequested) -> None:
        """Restore a revision (as a new revision) and reload the editor with it."""
        try:
            draft = self.desk.drafts.restore_revision(message.draft_id, message.number)
        except DeskError as exc:
            self.notify(str(exc), severity="error")
            return
        self._stamp = self.desk.changes_stamp()
        self.query_one(DraftPane).show_draft(draft, force=True)
        self.notify(f"Revision {message.number} restored", timeout=2)

    def on_draft_pane_drafts_list_requested(self) -> None:
        """Show every draft, last changed first; the chosen one opens."""
        pane = self.query_one(DraftPane)
        current = pane.draft.id if pane.draft is not None else None

        def chosen(draft_id: int | None) -> None:
            if draft_id is None or draft_id == current:
                return
            try:
                draft = self.desk.drafts.get(draft_id)
            except DeskError as exc:
                self.notify(str(exc), severity="error")
                return
            self.open_draft(draft)

        self.app.push_screen(DraftsListScreen(self.desk.drafts.all(), current), chosen)

    def on_draft_pane_new_draft_requested(self) -> None:
        """Create a blank draft and open it."""
        try:
            draft = self.desk.drafts.new()
        except DeskError as exc:
            self.notify(str(exc), severity="error")
            return
        self.open_draft(draft)

    def on_draft_pane_review_toggle_requested(
        self, message: DraftPane.ReviewToggleRequested
    ) -> None:
        """Send the draft to review, or take it back to drafting."""
        self.flush_draft()
        try:
            draft = self.desk.drafts.toggle_review(message.draft_id)
        except DeskError as exc:
            self.notify(str(exc), severity="warning")
            return
        self._stamp = self.desk.changes_stamp()
        self.query_one(DraftPane).show_draft(draft)
        self.notify(f"Draft #{draft.id} is now {draft.status.value}", timeout=2)

    def on_draft_pane_platforms_chosen(self, message: DraftPane.PlatformsChosen) -> None:
        """Store the draft's platforms."""
        try:
            draft = self.desk.drafts.save(message.draft_id, platforms=message.platforms)
        except DeskError as exc:
            self.notify(str(exc), severity="error")
            return
        self._stamp = self.desk.changes_stamp()
        self.query_one(DraftPane).show_draft(draft)
