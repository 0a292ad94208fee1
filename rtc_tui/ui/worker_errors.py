"""No error vanishes in a worker: every failed ``exit_on_error=False`` worker tells the user.

Textual's ``Worker.StateChanged`` does not bubble, so each node that runs workers (the panes
through :class:`~rtc_tui.ui.panes.base.Pane`, the main screen, the app) hands its failures to
:func:`report_worker_failure`. The worker's own code still reports the errors it expects (a
desk error, in words); this catches the rest (a bug, an ``OSError`` nobody wrapped), so the app
keeps running and the user knows something did not happen. A worker that failed because the
store's server is out of reach raises no toast: it is posted up as
:class:`~rtc_tui.ui.store_events.StoreUnreachable`, and the status bar says it once for all.
"""

from __future__ import annotations

from textual.message_pump import MessagePump
from textual.worker import Worker, WorkerState

from rtc_tui.i18n import N_, _
from rtc_tui.ui.store_events import told_unreachable

WHAT_FAILED = {
    "reload": N_("Reloading the data"),
    "calendar": N_("Loading the calendar"),
    "checklist": N_("Checking the draft"),
    "checklist-write": N_("Changing the checklist"),
    "links": N_("Checking the links"),
    "export": N_("The export"),
    "draft-save": N_("Saving the draft"),
    "draft-write": N_("Changing the draft"),
    "draft-read": N_("Reading the drafts"),
    "draft-copy": N_("Writing the copy"),
    "trending-health": N_("Reading the sources' health"),
    "trending-write": N_("Changing the event"),
    "trending-detail": N_("Loading the details"),
    "first-run": N_("The first-run check"),
    "preferences": N_("Remembering the choice"),
    "publish-open": N_("Opening the publish dialog"),
    "publish-write": N_("Publishing"),
    "publish-due": N_("Sending the due posts"),
    "publish-results": N_("Reading the results"),
    "queue-load": N_("Loading the queue"),
    "queue-write": N_("Changing the queue"),
    "queue-network": N_("Reaching the network"),
    "team-presence": N_("Marking the draft as being edited"),
    "team-read": N_("Reading the review queue"),
    "team-dialog": N_("Opening the team dialog"),
}
"""What the user was waiting for, by worker group (anything else: "A background task")."""

SOMETHING = N_("A background task")
"""What failed, for a worker group not in :data:`WHAT_FAILED`."""


def failure_message(worker: Worker[object]) -> str:
    """One line: what failed (by the worker's group) and why."""
    what = _(WHAT_FAILED.get(worker.group, SOMETHING))
    error = worker.error
    reason = (str(error) or type(error).__name__) if error is not None else _("unknown error")
    return _("{what} failed: {reason}").format(what=what, reason=reason)


def report_worker_failure(
    node: MessagePump, event: Worker.StateChanged, *, skip: frozenset[str] = frozenset()
) -> None:
    """Notify the user when ``event`` says a worker of ``node`` failed.

    Workers in the groups of ``skip`` report their failures themselves.
    """
    worker = event.worker
    if event.state is not WorkerState.ERROR or worker.group in skip:
        return
    if worker.error is not None and told_unreachable(node, worker.error):
        return
    node.app.notify(failure_message(worker), severity="error", timeout=10, markup=False)
