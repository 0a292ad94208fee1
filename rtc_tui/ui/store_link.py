"""Whether the store's server can be reached: one place that knows, and tells the screen.

A database store can go away under a running app (the server restarted, the network cut).
Nothing here polls tables: the app learns it from failures the store already sees — a save or
any worker meeting :class:`~rtc_tui.desk.UnreachableError` (posted up as
:class:`~rtc_tui.ui.store_events.StoreUnreachable`), and the change feed losing its
``LISTEN`` connection (:class:`~rtc_tui.ui.store_events.StoreLinkChanged`). From then on
:class:`StoreLink` checks the connection in a thread worker, with a growing pause between
checks, until it answers (or the feed listens again, whichever comes first), and reports
both moments with :class:`StoreLink.Changed`: the screen shows a status line, and the Draft
pane keeps the saves that could not go through and sends each one again when the server is
back.
"""

from __future__ import annotations

from textual import on, work
from textual.message import Message
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from rtc_tui.desk import Desk, DeskError, UnreachableError
from rtc_tui.ui.store_events import StoreLinkChanged
from rtc_tui.ui.worker_errors import report_worker_failure

FIRST_CHECK = 1.0
"""Seconds after the connection was lost before the first check."""

LONGEST_PAUSE = 8.0
"""The pause between checks doubles up to this many seconds."""


class StoreLink(Widget):
    """Knows whether the store's server answers; checks again, off the UI thread, until it does."""

    DEFAULT_CSS = """
    StoreLink {
        display: none;
    }
    """

    class Changed(Message):
        """The server went out of reach (``down``) or answers again."""

        def __init__(self, down: bool, reason: str) -> None:
            self.down = down
            """Whether the server is out of reach now."""
            self.reason = reason
            """Why (empty once it is back)."""
            super().__init__()

    def __init__(self, desk: Desk, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.desk = desk
        self.down = False
        """Whether the server is out of reach (as last seen)."""
        self.reason = ""
        """The last reason it could not be reached."""
        self._pause = FIRST_CHECK
        self._checking = False

    def lost(self, reason: str) -> None:
        """The server could not be reached: say so once, then check until it answers."""
        self.reason = reason
        if self.down:
            return
        self.down = True
        self._pause = FIRST_CHECK
        self.post_message(self.Changed(True, reason))
        self._check_later()

    def back(self) -> None:
        """The server answers again (a check, or the change feed listening again)."""
        if not self.down:
            return
        self.down = False
        self.reason = ""
        self.post_message(self.Changed(False, ""))

    @on(StoreLinkChanged)
    def _feed_link(self, message: StoreLinkChanged) -> None:
        """The change feed lost its connection, or listens again."""
        message.stop()
        if message.reason is None:
            self.back()
        else:
            self.lost(message.reason)

    def _check_later(self) -> None:
        if self._checking:
            return
        self._checking = True
        self.set_timer(self._pause, self._check)
        self._pause = min(self._pause * 2, LONGEST_PAUSE)

    def _check(self) -> None:
        if not self.down:
            self._checking = False
            return
        self._ask_server()

    @work(thread=True, group="store-link", exit_on_error=False)
    def _ask_server(self) -> None:
        """In a thread worker: one cheap question (the write counters) to the server."""
        call = self.app.call_from_thread
        try:
            self.desk.changes.stamp()
        except UnreachableError as exc:
            call(self._still_down, str(exc))
        except DeskError:
            call(self._answered)  # it answered, if only to refuse: it is reachable
        else:
            call(self._answered)

    @on(Worker.StateChanged)
    def _report_worker_failure(self, event: Worker.StateChanged) -> None:
        """A check that broke (a bug, not the server) is told, and checking goes on."""
        report_worker_failure(self, event)
        if event.state is WorkerState.ERROR:
            self._still_down(self.reason)

    def _still_down(self, reason: str) -> None:
        self._checking = False
        if self.down:
            self.reason = reason
            self._check_later()

    def _answered(self) -> None:
        self._checking = False
        self.back()
