"""The app's publishing controller: the publish dialog's flow, the queue screen, the timers.

One invisible widget on the main screen. The screen routes the Checklist pane's requests to it
(``P`` publish, ``U`` published and queued posts); while the app runs it sends what is due every
``publish.check_every`` (holding the queue first if a crisis is on) and reads the results of
recent posts every ``publish.results_every``. Network rounds run in thread workers with their
own event loop, so a slow server never freezes the screen; what happened is told in toasts
(holds and backlashes as warnings that stay longer).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on, work
from textual.widget import Widget
from textual.worker import Worker

from rtc_tui.desk import Desk, DeskError
from rtc_tui.i18n import _, format_date
from rtc_tui.ui.panes.save_ticket import SaveTicket
from rtc_tui.ui.store_events import told_unreachable
from rtc_tui.ui.worker_errors import report_worker_failure

if TYPE_CHECKING:
    from rtc_tui.desk.publishing import SendOutcome
    from rtc_tui.ui.dialogs.publish import PublishChoice

SEVERITY = {"sent": "information", "held": "warning", "retry": "warning"}
"""Toast severity by outcome (anything else is an error)."""


class Publisher(Widget):
    """Publishing for the running app; see the module docstring."""

    DEFAULT_CSS = """
    Publisher {
        display: none;
    }
    """

    def __init__(self, desk: Desk, *, save_pending: Callable[[], SaveTicket]) -> None:
        super().__init__()
        self.desk = desk
        self._save_pending = save_pending
        self._sending = False

    def on_mount(self) -> None:
        """Start the timers when accounts are configured; route the desk's alerts to toasts.

        The accounts are read from the config: building the publishing service (with the
        checklist and the calendar it checks against) would delay the first screen for a desk
        that publishes nothing.
        """
        if not self.desk.config.accounts:
            return
        self.desk.publishing.notify = self._alert
        settings = self.desk.config.publish
        self.set_interval(float(settings.check_every), self.send_due)
        self.set_interval(float(settings.results_every), self.read_results)

    def _alert(self, kind: str, text: str) -> None:
        """The desk tells the team something (called from a worker thread)."""
        self.app.call_from_thread(self.notify, text, severity="warning", timeout=15, markup=False)

    # -- the publish dialog ----------------------------------------------------------------

    def open(self, draft_id: int) -> None:
        """Save unsaved typing, then open the publish dialog for ``draft_id``."""
        self._open(draft_id, self._save_pending())

    @on(Worker.StateChanged)
    def _report_worker_failure(self, event: Worker.StateChanged) -> None:
        """No publishing worker fails silently."""
        report_worker_failure(self, event)

    @work(thread=True, group="publish-open", exit_on_error=False)
    def _open(self, draft_id: int, saved: SaveTicket) -> None:
        saved.wait()
        try:
            draft = self.desk.drafts.get(draft_id)
            state = self.desk.checklist.state(draft)
            accounts = [(a.name, a.type) for a in self.desk.publishing.accounts_for(draft)]
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return

        from rtc_tui.ui.dialogs.publish import PublishScreen, when_screen

        def chosen(choice: PublishChoice | None) -> None:
            if choice is None:
                return
            if not choice.later:
                self._publish_now(draft_id, choice.account)
                return

            def timed(text: str | None) -> None:
                if text:
                    self._schedule(draft_id, choice.account, text)

            self.app.push_screen(when_screen(draft_id, choice.account), timed)

        self.app.call_from_thread(
            self.app.push_screen, PublishScreen(draft, state, accounts), chosen
        )

    @work(thread=True, group="publish-write", exit_on_error=False)
    def _schedule(self, draft_id: int, account: str, text: str) -> None:
        publishing = self.desk.publishing
        try:
            post = publishing.queue(draft_id, account, at=publishing.when(text))
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        local = post.due_at.astimezone()
        due = f"{format_date(local.date(), 'dd MMM')} {local:%H:%M}"
        note = _("Queued for {account} at {due} (post {id})").format(
            account=account, due=due, id=post.id[:8]
        )
        self.app.call_from_thread(self.notify, note, timeout=5, markup=False)

    @work(thread=True, group="publish-write", exit_on_error=False)
    def _publish_now(self, draft_id: int, account: str) -> None:
        try:
            outcome = asyncio.run(self.desk.publishing.publish_now(draft_id, account))
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self._tell([outcome])

    # -- the queue screen ------------------------------------------------------------------

    def open_queue(self) -> None:
        """Show the queue and results."""
        from rtc_tui.ui.dialogs.publish_queue import QueueScreen

        self.app.push_screen(QueueScreen(self.desk))

    # -- timers ----------------------------------------------------------------------------

    def send_due(self) -> None:
        """Send what is due (one round at a time)."""
        if not self._sending:
            self._sending = True
            self._send_due()

    @work(thread=True, group="publish-due", exit_on_error=False)
    def _send_due(self) -> None:
        outcomes: list[SendOutcome] = []
        try:
            outcomes = asyncio.run(self.desk.publishing.send_due())
        except Exception as exc:  # a timer's failure is told, never lost with its worker
            self.app.call_from_thread(self._failed, exc)
        finally:
            self._sending = False
        self._tell(outcomes)

    @work(thread=True, group="publish-results", exit_on_error=False)
    def read_results(self) -> None:
        """Read the counts and replies of recent posts (a network fault is stored per post)."""
        try:
            asyncio.run(self.desk.publishing.refresh_results())
        except Exception as exc:  # a timer's failure is told, never lost with its worker
            self.app.call_from_thread(self._failed, exc)

    def _failed(self, exc: Exception) -> None:
        if told_unreachable(self, exc):  # the status bar says that one; the next round retries
            return
        text = _("Publishing: {error}").format(error=str(exc) or type(exc).__name__)
        self.notify(text, severity="error", timeout=10, markup=False)

    def _tell(self, outcomes: list[SendOutcome]) -> None:
        """One toast per outcome (from a worker thread)."""
        for outcome in outcomes:
            severity = SEVERITY.get(outcome.action, "error")
            text = f"{outcome.post.account}: {outcome.message}"
            self.app.call_from_thread(self.notify, text, severity=severity, timeout=8, markup=False)
