"""One webhook: a bounded queue and the thread that empties it, with retries and health.

Each webhook has its own thread, so a hanging endpoint delays only its own notifications (the
editor never waits: :meth:`Channel.offer` only puts into a queue), and its own bounded queue, so
a slow endpoint costs a fixed amount of memory: past ``queue`` waiting notifications the newest
is dropped and counted, and the health line says so.

A failure is retried with exponential backoff (``backoff``, doubling, at most
:data:`MAX_WAIT`; a ``Retry-After`` the server sends is honoured within that) when it may pass
(no answer, a timeout, 408, 425, 429, 5xx); an answer that will not change (404, 403, 400) is
given up at once. Every failure is logged (:mod:`rtc_tui.notify.journal`) and shown in
:meth:`Channel.health`; the URL never is.
"""

from __future__ import annotations

import queue
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rtc_tui.core.invisible import one_line
from rtc_tui.i18n import _, ngettext
from rtc_tui.notify.journal import Journal
from rtc_tui.notify.message import Notification

if TYPE_CHECKING:
    import httpx

MAX_WAIT = 300.0
"""The longest wait between two attempts, in seconds (also caps ``Retry-After``)."""

RETRYABLE = frozenset({408, 425, 429, 500, 502, 503, 504})
"""Answers worth trying again later; any other non-2xx answer is given up at once."""

USER_AGENT = "rtc-tui (notify)"


@dataclass(frozen=True)
class Settings:
    """How hard a channel tries (from ``notify:`` in the config)."""

    timeout: float = 10.0
    retries: int = 5
    backoff: float = 2.0
    queue: int = 100


DEFAULT_SETTINGS = Settings()
"""The config's defaults, for a notifier built without one (tests, tools)."""


@dataclass
class Pending:
    """A notification on its way, and its outbox file if it came from (or went to) one."""

    notification: Notification
    spool: Path | None = None
    attempts: int = 0


@dataclass(frozen=True)
class ChannelHealth:
    """What a webhook's health line says."""

    name: str
    pending: int
    sent: int
    dropped: int
    given_up: int
    last_error: str
    """The last failure in words (``""`` after a success)."""
    retry_in: float | None
    """Seconds to the next attempt, while one is waiting."""

    @property
    def ok(self) -> bool:
        """Nothing failing right now and nothing lost since the last success."""
        return not self.last_error and not self.dropped and not self.given_up


class AttemptError(Exception):
    """One attempt failed; ``retry`` says whether another may succeed."""

    def __init__(self, reason: str, *, retry: bool, wait: float | None = None) -> None:
        super().__init__(reason)
        self.retry = retry
        self.wait = wait


class Channel:
    """Sends notifications to one webhook URL from its own daemon thread."""

    def __init__(
        self,
        key: str,
        name: str,
        url: str,
        settings: Settings,
        journal: Journal,
        *,
        on_done: Callable[[Pending], None] = lambda _: None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.key = key
        """A digest of the URL: how the outbox names this webhook without writing the URL."""
        self.name = name
        self._url = url
        self._settings = settings
        self._journal = journal
        self._on_done = on_done
        self._clock = clock
        self._queue: queue.Queue[Pending] = queue.Queue(maxsize=settings.queue)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._current: Pending | None = None
        self._leftover: list[Pending] = []
        self._retry_at: float | None = None
        self._sent = self._dropped = self._given_up = 0
        self._last_error = ""
        self._thread: threading.Thread | None = None

    # -- the caller's side -----------------------------------------------------------------

    def offer(self, item: Pending) -> bool:
        """Queue ``item`` without waiting; ``False`` (and counted, logged) when full."""
        self._start()
        try:
            self._queue.put_nowait(item)
        except queue.Full:
            with self._lock:
                self._dropped += 1
            self._journal.write(
                _("{channel}: queue full ({count} waiting): dropped {what}").format(
                    channel=self.name, count=self._settings.queue, what=_what(item.notification)
                )
            )
            return False
        return True

    def room(self) -> int:
        """How many more notifications the queue takes."""
        return max(0, self._settings.queue - self._queue.qsize())

    def idle(self) -> bool:
        """Nothing queued and nothing in flight."""
        with self._lock:
            return self._current is None and self._queue.empty()

    def stop(self) -> list[Pending]:
        """Stop sending; return what was not sent (queued, in flight or waiting to retry).

        An attempt in flight is abandoned, not interrupted: if it succeeds after all, the
        notification may arrive twice (it is also returned here to be kept).
        """
        left: list[Pending] = []
        with self._lock:
            self._stop.set()
            busy = self._current is not None
            if self._current is not None:
                left.append(self._current)
                self._current = None
            thread = self._thread
        if not busy and thread is not None:
            # Idle, the thread is at most between taking an item and marking it current:
            # wait the moment it needs to hand that item back.
            thread.join(timeout=1.0)
        with self._lock:
            left += self._leftover
            self._leftover = []
        while True:
            try:
                left.append(self._queue.get_nowait())
            except queue.Empty:
                break
        return left

    def health(self) -> ChannelHealth:
        """This webhook's state now."""
        with self._lock:
            pending = self._queue.qsize() + (self._current is not None)
            retry_in = None
            if self._retry_at is not None:
                retry_in = max(0.0, self._retry_at - self._clock())
            return ChannelHealth(
                self.name,
                pending,
                self._sent,
                self._dropped,
                self._given_up,
                self._last_error,
                retry_in,
            )

    # -- the thread ------------------------------------------------------------------------

    def _start(self) -> None:
        with self._lock:
            if self._thread is not None or self._stop.is_set():
                return
            self._thread = threading.Thread(
                target=self._run, name=f"notify-{self.name}", daemon=True
            )
            self._thread.start()

    def _run(self) -> None:
        import httpx

        with httpx.Client(
            timeout=httpx.Timeout(self._settings.timeout),
            headers={"User-Agent": USER_AGENT},
            follow_redirects=False,
        ) as client:
            while not self._stop.is_set():
                try:
                    item = self._queue.get(timeout=0.1)
                except queue.Empty:
                    continue
                with self._lock:
                    if self._stop.is_set():
                        self._leftover.append(item)  # stop() collects it
                        return
                    self._current = item
                self._deliver(client, item)

    def _deliver(self, client: httpx.Client, item: Pending) -> None:
        """Try ``item`` until it is sent, given up, or the channel stops."""
        while True:
            item.attempts += 1
            try:
                self._attempt(client, item.notification)
            except AttemptError as failure:
                if self._stop.is_set():
                    return  # abandoned: stop() took it to be kept
                if not failure.retry or item.attempts > self._settings.retries:
                    self._give_up(item, str(failure))
                    return
                wait = self._wait(item.attempts, failure.wait)
                self._note_retry(item, str(failure), wait)
                if self._stop.wait(wait):
                    return
                continue
            self._succeed(item)
            return

    def _attempt(self, client: httpx.Client, notification: Notification) -> None:
        import httpx

        try:
            response = client.post(
                self._url,
                content=notification.body(),
                headers={"Content-Type": "application/json; charset=utf-8"},
            )
        except httpx.TimeoutException:
            raise AttemptError(
                _("no answer within {seconds} s").format(seconds=f"{self._settings.timeout:g}"),
                retry=True,
            ) from None
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            # httpx's words name the host at most, never the path (where a token lives).
            reason = one_line(str(exc).replace(self._url, "<webhook>"), 120)
            raise AttemptError(f"{type(exc).__name__}: {reason}", retry=True) from None
        if response.is_success:
            return
        status = response.status_code
        words = f"HTTP {status} {one_line(response.reason_phrase, 60)}".rstrip()
        raise AttemptError(words, retry=status in RETRYABLE, wait=_retry_after(response))

    def _wait(self, attempts: int, asked: float | None) -> float:
        wait: float = self._settings.backoff * 2.0 ** (attempts - 1) * random.uniform(0.9, 1.1)
        if asked is not None:
            wait = max(wait, asked)
        return min(wait, MAX_WAIT)

    def _note_retry(self, item: Pending, reason: str, wait: float) -> None:
        with self._lock:
            self._last_error = reason
            self._retry_at = self._clock() + wait
        self._journal.write(
            _("{channel}: {reason}: retry {attempt}/{retries} in {wait} s ({what})").format(
                channel=self.name,
                reason=reason,
                attempt=item.attempts,
                retries=self._settings.retries,
                wait=f"{wait:.1f}",
                what=_what(item.notification),
            )
        )

    def _succeed(self, item: Pending) -> None:
        with self._lock:
            if self._current is not item:
                return  # abandoned by stop() meanwhile: it is being kept
            self._current = None
            self._sent += 1
            self._last_error = ""
            self._retry_at = None
            self._dropped = self._given_up = 0
        if item.attempts > 1:
            self._journal.write(
                _("{channel}: sent after {count} attempts").format(
                    channel=self.name, count=item.attempts
                )
            )
        self._on_done(item)

    def _give_up(self, item: Pending, reason: str) -> None:
        with self._lock:
            if self._current is not item:
                return
            self._current = None
            self._given_up += 1
            self._last_error = reason
            self._retry_at = None
        self._journal.write(
            ngettext(
                "{channel}: gave up after {count} attempt: {reason} ({what})",
                "{channel}: gave up after {count} attempts: {reason} ({what})",
                item.attempts,
            ).format(
                channel=self.name,
                count=item.attempts,
                reason=reason,
                what=_what(item.notification),
            )
        )
        self._on_done(item)


def _what(notification: Notification) -> str:
    """A notification named in a log line: kind, draft, time (never its whole text)."""
    if notification.draft_id is None:
        return _("{kind} of {at}").format(kind=notification.kind, at=notification.at)
    return _("{kind} draft #{id} of {at}").format(
        kind=notification.kind, id=notification.draft_id, at=notification.at
    )


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(str(value)))
    except ValueError:
        return None
