"""The app's thread pool: quitting waits for the work that writes, never for the work that reads.

Textual runs every ``@work(thread=True)`` worker on the event loop's default executor, and
``asyncio.run`` ends by shutting that executor down, waiting for every thread still running:
ctrl+q on a big store waited for the list being read a second time, the detail of an event
being parsed, the calendar being computed, none of which anyone would see. This executor
knows, at submission, the worker group of the work it is given (Textual sets the worker as the
context of the task that submits it). Work of a group that only reads runs on a daemon thread
that shutdown does not wait for and the interpreter does not join at exit; everything else
(saves, ticks, triage, a refresh's ingest, and any work outside a known reading group) is
waited for as before: nothing written is ever cut short.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for_futures
from typing import Any, TypeVar

from textual.worker import NoActiveWorker, get_current_worker

T = TypeVar("T")

READ_ONLY_GROUPS = frozenset(
    {
        "reload",  # the main screen's stories and drafts
        "trending-detail",  # an event's detail, the sources, the filters
        "trending-health",  # the sources' health and next due time
        "calendar",  # the agenda
        "checklist",  # a draft's checklist state
        "publish-open",  # what the publish dialog offers
        "queue-load",  # the publishing queue's list
        "first-run",  # whether to greet a newcomer
    }
)
"""Worker groups whose work only reads: quitting does not wait for them. A group not named
here is waited for (forgetting one costs time at quit, never data)."""


def _reading_group() -> bool:
    """Whether the work being submitted belongs to a worker of a reading group."""
    try:
        worker = get_current_worker()
    except NoActiveWorker:  # asyncio.to_thread outside a worker: not known to only read
        return False
    return worker.group in READ_ONLY_GROUPS


class QuitExecutor(ThreadPoolExecutor):
    """A thread per task; ``shutdown`` waits for the writing tasks only.

    A ``ThreadPoolExecutor`` by type (``loop.set_default_executor`` insists), but none of its
    pool: its threads are not daemons and the interpreter joins them at exit, which is exactly
    the wait this class removes for reading work.
    """

    def __init__(self) -> None:
        super().__init__(thread_name_prefix="rtc-work")
        self._writes: set[Future[Any]] = set()
        self._lock = threading.Lock()
        self._closed = False

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        """Run ``fn(*args, **kwargs)`` on a thread of its own; its future reports the result."""
        future: Future[T] = Future()
        reading = _reading_group()
        with self._lock:
            if self._closed:
                raise RuntimeError("cannot schedule new work after shutdown")
            if not reading:
                self._writes.add(future)

        def run() -> None:
            try:
                if not future.set_running_or_notify_cancel():
                    return
                try:
                    result = fn(*args, **kwargs)
                except BaseException as exc:  # handed to whoever awaits the future
                    future.set_exception(exc)
                else:
                    future.set_result(result)
            finally:
                with self._lock:
                    self._writes.discard(future)

        name = f"rtc-{'read' if reading else 'work'}"
        threading.Thread(target=run, name=name, daemon=reading).start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Refuse new work; with ``wait``, wait for the writing tasks still running."""
        with self._lock:
            self._closed = True
            pending = list(self._writes)
        if cancel_futures:
            for future in pending:
                future.cancel()
        if wait:
            wait_for_futures(pending)
