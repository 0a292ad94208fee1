"""The Draft pane: the editor (:mod:`.draft_view`) plus saving, revisions and the workflow.

Every intent of the view becomes one desk call here, in a thread worker: the UI never waits on
the store's lock. Saves go one at a time (:class:`~rtc_tui.ui.panes.draft_saving.DraftSaver`),
each stating the revision the text is based on; a conflict opens the conflict screen, a failure
keeps the text and offers to write it to a file. Whenever the pane shows a draft (another one,
or the same one saved or changed elsewhere) it posts :class:`Pane.DraftShown`: the screen
hands it to the Checklist pane, which recomputes from that message instead of watching.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on, work

from rtc_tui.desk import Desk, DeskError
from rtc_tui.desk.views import DEFAULT_LIMITS, Draft
from rtc_tui.i18n import _
from rtc_tui.ui.dialogs import drafts_list
from rtc_tui.ui.panes.draft_saving import DraftSaver
from rtc_tui.ui.panes.draft_view import DraftPaneView
from rtc_tui.ui.panes.save_ticket import SaveTicket


class DraftPane(DraftPaneView):
    """Edits one draft at a time and keeps it saved through the desk."""

    def __init__(self, desk: Desk, *, id: str | None = None) -> None:
        self._limits_error = ""
        try:
            limits = desk.drafts.platform_limits()
        except DeskError as exc:
            self._limits_error = str(exc)
            limits = DEFAULT_LIMITS
        super().__init__(limits=limits, now=desk.now, id=id)
        self.desk = desk
        self.saver = DraftSaver(self, desk, self.announce)
        """Runs the saves, one at a time, and what follows them (conflicts, failures)."""

    def on_mount(self) -> None:
        """Say so when the config's limits are invalid (the defaults apply meanwhile)."""
        if self._limits_error:
            self.notify(self._limits_error, severity="error")

    def on_unmount(self) -> None:
        """Last resort: work still unsaved when the pane goes is saved here and now.

        Quitting normally saves first, in a worker (:meth:`save_then`); this only runs when the
        app ends another way, and it never raises.
        """
        self.saver.save_now_or_never()

    def show_draft(self, draft: Draft | None, *, force: bool = False) -> None:
        """Show ``draft`` (see :meth:`DraftPaneView.show_draft`) and tell who follows it."""
        super().show_draft(draft, force=force)
        self.announce()

    def announce(self) -> None:
        """Tell the screen which draft the pane shows (the Checklist pane follows it)."""
        if self.is_mounted and self.draft is not None:
            self.post_message(self.DraftShown(self.draft))

    def flush(self) -> SaveTicket:
        """Start saving unsaved work now (before a tick, an export); wait on the ticket.

        The caller's own worker waits on the returned ticket, so what it does next applies to
        the saved text, and the UI thread never waits.
        """
        pending = self.pending_save()
        return self.saver.request(pending) if pending is not None else SaveTicket.done()

    def save_then(self, then: Callable[[], None]) -> None:
        """Save unsaved work, then run ``then`` (quitting); a failed save shows why instead."""
        pending = self.pending_save()
        if pending is None and not self.saver.busy:
            then()
            return
        self.saver.after_success(then)
        if pending is not None:
            self.saver.request(pending)

    @on(DraftPaneView.SaveRequested)
    def _save_requested(self, message: DraftPaneView.SaveRequested) -> None:
        """Save the texts (in a worker, one save at a time)."""
        self.saver.request(message)

    @on(DraftPaneView.RestoreRequested)
    def _restore_requested(self, message: DraftPaneView.RestoreRequested) -> None:
        """Restore a revision (as a new revision) and reload the editor with it."""
        self._restore(message.draft_id, message.number)

    @work(thread=True, group="draft-write", exit_on_error=False)
    def _restore(self, draft_id: int, number: int) -> None:
        try:
            draft = self.desk.drafts.restore_revision(draft_id, number)
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self._restored, draft, number)

    def _restored(self, draft: Draft, number: int) -> None:
        self.show_draft(draft, force=True)
        self.notify(_("Revision {number} restored").format(number=number), timeout=2)

    @on(DraftPaneView.DraftsListRequested)
    def _drafts_list_requested(self) -> None:
        """Show every draft, last changed first; the chosen one opens."""
        self._load_list(self.draft.id if self.draft is not None else None)

    @work(thread=True, group="draft-read", exit_on_error=False)
    def _load_list(self, current: int | None) -> None:
        try:
            # The mark first: a draft written while the list is read is read again after.
            mark = self.desk.drafts.mark()
            drafts = self.desk.drafts.recent(drafts_list.FIRST_ROWS)
            editors = self.desk.presence.editors()
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        screen = drafts_list.DraftsListScreen(
            self.desk,
            drafts,
            mark,
            complete=len(drafts) < drafts_list.FIRST_ROWS,
            current=current,
            editors=editors,
        )

        def chosen(draft_id: int | None) -> None:
            if draft_id is not None and draft_id != current:
                chosen_draft = next((d for d in screen.drafts if d.id == draft_id), None)
                if chosen_draft is not None:
                    self.post_message(self.DraftOpened(chosen_draft))

        self.app.call_from_thread(self.app.push_screen, screen, chosen)

    @on(DraftPaneView.NewDraftRequested)
    def _new_draft_requested(self, message: DraftPaneView.NewDraftRequested) -> None:
        """Create a blank draft and open it (or adopt it, when typing started it)."""
        self._create(typed=message.typed)

    @work(thread=True, group="draft-write", exit_on_error=False)
    def _create(self, *, typed: bool) -> None:
        try:
            draft = self.desk.drafts.new()
        except DeskError as exc:
            self.app.call_from_thread(self._creation_failed, str(exc), typed=typed)
            return
        self.app.call_from_thread(self._created, draft, typed=typed)

    def _created(self, draft: Draft, *, typed: bool) -> None:
        if not typed:
            self.post_message(self.DraftOpened(draft))
            return
        self.created_by_typing(draft)
        self.announce()
        self.post_message(self.DataChanged())

    def _creation_failed(self, reason: str, *, typed: bool) -> None:
        if typed:
            self.creation_failed()
            reason += " " + _("(the text typed is kept in the editor; ctrl+s tries again)")
        self.notify(reason, severity="error", markup=False)

    @on(DraftPaneView.ReviewToggleRequested)
    def _review_toggle_requested(self, message: DraftPaneView.ReviewToggleRequested) -> None:
        """Ask for review (the draft goes in review), or take it back to drafting.

        The text is saved first; the review request applies to the saved text.
        """
        self._toggle_review(message.draft_id, self.flush())

    @work(thread=True, group="draft-write", exit_on_error=False)
    def _toggle_review(self, draft_id: int, saved: SaveTicket) -> None:
        saved.wait()
        try:
            self.desk.reviews.toggle(draft_id)
            draft = self.desk.drafts.get(draft_id)
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="warning", markup=False)
            return
        self.app.call_from_thread(self._status_changed, draft)

    def _status_changed(self, draft: Draft) -> None:
        self.show_draft(draft)
        self.notify(
            _("Draft #{id} is now {status}").format(id=draft.id, status=draft.status.value),
            timeout=2,
        )

    @on(DraftPaneView.PlatformsChosen)
    def _platforms_chosen(self, message: DraftPaneView.PlatformsChosen) -> None:
        """Store the draft's platforms."""
        self._store_platforms(message.draft_id, message.platforms)

    @work(thread=True, group="draft-write", exit_on_error=False)
    def _store_platforms(self, draft_id: int, platforms: list[str]) -> None:
        try:
            draft = self.desk.drafts.save(draft_id, platforms=platforms)
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self.show_draft, draft)
