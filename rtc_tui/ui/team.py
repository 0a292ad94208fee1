"""The team's side of the main screen: review count, presence, the review queue, the audit log.

:class:`TeamDesk` is an invisible widget the main screen holds: it does the team's disk work in
thread workers (never on the UI thread) and reports with :class:`TeamDesk.Changed`, which the
screen shows (the status bar's "N to review", "being edited by" on the Draft pane's title).
It re-reads when the store's state changes (another app asked for a review, opened a draft)
and every :data:`~rtc_tui.desk.presence.PRESENCE_REFRESH`, which also refreshes this app's own
presence mark and lets an expired mark of a dead app disappear. Presence only warns.
"""

from __future__ import annotations

from textual import on, work
from textual.message import Message
from textual.widget import Widget
from textual.worker import Worker

from rtc_tui.desk import Desk, DeskError
from rtc_tui.desk.audit import describe
from rtc_tui.desk.presence import PRESENCE_REFRESH
from rtc_tui.desk.views import Draft
from rtc_tui.i18n import _, ngettext
from rtc_tui.ui.store_events import told_unreachable
from rtc_tui.ui.worker_errors import report_worker_failure


class TeamDesk(Widget):
    """Keeps the review count and presence fresh, and opens the queue and the audit log."""

    DEFAULT_CSS = """
    TeamDesk {
        display: none;
    }
    """

    class Changed(Message):
        """What waits for this user, and who else edits which draft."""

        def __init__(self, waiting: int, editors: dict[int, list[str]]) -> None:
            self.waiting = waiting
            """Drafts waiting for this user's review."""
            self.editors = editors
            """Draft id -> names editing it in other apps."""
            super().__init__()

    class DraftChosen(Message):
        """A draft picked in the review queue, to show with its checklist."""

        def __init__(self, draft: Draft) -> None:
            self.draft = draft
            """The draft as stored now."""
            super().__init__()

    def __init__(self, desk: Desk, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.desk = desk
        self._editing: int | None = None
        self._seq = 0

    def on_mount(self) -> None:
        """Refresh presence while the app runs (the screen asks for the first read).

        The first read waits for the first screen (``MainScreen._after_first_screen``): it
        loads the drafts' modules and reads the store, on a thread that would compete with
        the first paint for the interpreter.
        """
        self.set_interval(PRESENCE_REFRESH.total_seconds(), self._heartbeat)

    def on_unmount(self) -> None:
        """This app edits nothing any more: its mark goes at once (not after the time to live)."""
        if self._editing is not None:
            try:
                self.desk.presence.clear()
            except DeskError:
                return  # the mark expires by itself

    @on(Worker.StateChanged)
    def _report_worker_failure(self, event: Worker.StateChanged) -> None:
        """No team worker fails silently."""
        report_worker_failure(self, event)

    def editing(self, draft_id: int) -> None:
        """The Draft pane shows ``draft_id``: mark it as edited here (if it is another one)."""
        if draft_id != self._editing:
            self._editing = draft_id
            self._mark(draft_id)

    def _heartbeat(self) -> None:
        if self._editing is not None:
            self._mark(self._editing)
        else:
            self.refresh_team()

    @work(thread=True, group="team-presence", exit_on_error=False)
    def _mark(self, draft_id: int) -> None:
        try:
            self.desk.presence.mark(draft_id)
        except DeskError as exc:
            if not told_unreachable(self, exc):  # the status bar says that one
                self.app.call_from_thread(self.notify, str(exc), severity="warning")
        # The write changes the state file: the change feed calls refresh_team.

    def refresh_team(self) -> None:
        """Re-read the review count and presence (off the UI thread); the newest read wins."""
        self._seq += 1
        self._read(self._seq)

    @work(thread=True, group="team-read", exit_on_error=False)
    def _read(self, seq: int) -> None:
        try:
            waiting = self.desk.reviews.waiting_count()
            editors = self.desk.presence.editors()
        except DeskError as exc:
            if not told_unreachable(self, exc):  # the status bar says that one
                self.app.call_from_thread(self.notify, str(exc), severity="warning")
            return
        self.app.call_from_thread(self._post, seq, waiting, editors)

    def _post(self, seq: int, waiting: int, editors: dict[int, list[str]]) -> None:
        if seq == self._seq:
            self.post_message(self.Changed(waiting, editors))

    def open_queue(self) -> None:
        """Show the drafts waiting for this user's review; the chosen one opens."""
        self._open_queue()

    @work(thread=True, group="team-dialog", exit_on_error=False)
    def _open_queue(self) -> None:
        try:
            requests = self.desk.reviews.queue()
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return

        def chosen(draft_id: int | None) -> None:
            if draft_id is not None:
                self._choose(draft_id)

        from rtc_tui.ui.dialogs.review_queue import ReviewQueueScreen

        screen = ReviewQueueScreen(requests, self.desk.user)
        self.app.call_from_thread(self.app.push_screen, screen, chosen)

    @work(thread=True, group="team-dialog", exit_on_error=False)
    def _choose(self, draft_id: int) -> None:
        try:
            draft = self.desk.drafts.get(draft_id)
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.post_message, self.DraftChosen(draft))

    def open_audit(self) -> None:
        """Show the audit log with the verdict of its hash chain."""
        self._open_audit()

    @work(thread=True, group="team-dialog", exit_on_error=False)
    def _open_audit(self) -> None:
        try:
            records = self.desk.audit.records()
            broken = self.desk.audit.verify()
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        if broken is None:
            count = len(records)
            verdict = ngettext(
                "Hash chain intact: {count} record", "Hash chain intact: {count} records", count
            ).format(count=count)
        else:
            verdict = _("BROKEN: {problem}").format(problem=broken.describe())
        lines = [describe(r) for r in records]
        from rtc_tui.ui.dialogs.audit_log import AuditLogScreen

        screen = AuditLogScreen(lines, verdict, broken=broken is not None)
        self.app.call_from_thread(self.app.push_screen, screen)
