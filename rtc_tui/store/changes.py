"""Store change notifications: who wrote the data dir, told as events instead of polls.

:class:`ChangeFeed` is the interface the desk exposes; :class:`FileChangeFeed` implements it by
watching the data dir's JSON files (inotify and friends, through watchdog), which sees the
writes of every rtc process on the machine, this one included. A database store would
implement the same interface with its own notifications (PostgreSQL ``LISTEN``/``NOTIFY``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from watchdog.events import FileSystemEvent
    from watchdog.observers.api import BaseObserver

Stamp = tuple[tuple[int, int], ...]
"""A cheap fingerprint of the data (one ``(mtime_ns, size)`` per file)."""


@dataclass(frozen=True)
class StoreChange:
    """Something in the store changed: which tables, and the stamp after the change."""

    tables: frozenset[str]
    stamp: Stamp


Listener = Callable[[StoreChange], None]
"""Called with each change, from the feed's own thread (hand it over to your event loop)."""

LinkListener = Callable[[str | None], None]
"""Called when the feed loses its server (with the reason, one line, no password) and again
with ``None`` once it listens again, from the feed's own thread."""


class Subscription(Protocol):
    """A live subscription; :meth:`close` stops the notifications (idempotent)."""

    def close(self) -> None:
        """Stop notifying."""


class ChangeFeed(Protocol):
    """The store tells its subscribers when its data changes, whoever changed it."""

    def stamp(self) -> Stamp:
        """The fingerprint of the data now (compare it with :attr:`StoreChange.stamp`)."""

    def subscribe(self, listener: Listener, *, on_link: LinkListener | None = None) -> Subscription:
        """Call ``listener`` after every change until the subscription is closed.

        ``on_link`` hears when the feed loses its connection to a server and gets it back (a
        data dir on a local disk has none to lose: it is never called then).
        """


class FileChangeFeed:
    """Watches the JSON files of a data dir and reports each change once.

    Args:
        data_dir: The folder holding the files.
        files: File name -> the table it holds, e.g. ``{"drafts.json": "drafts"}`` (several
            files may hold parts of one table).
        stamp: Reads the current stamp of every table, in ``tables`` order.
        stamp_tables: The table each entry of a stamp belongs to, so a change is announced
            for every table whose entry moved, not only for the file whose event arrived.
    """

    def __init__(
        self,
        data_dir: Path,
        files: dict[str, str],
        stamp: Callable[[], Stamp],
        stamp_tables: tuple[str, ...] = (),
    ) -> None:
        self._data_dir = data_dir
        self._tables = dict(files)
        self._read_stamp = stamp
        self._stamp_tables = stamp_tables

    def stamp(self) -> Stamp:
        """The fingerprint of the data now."""
        return self._read_stamp()

    def subscribe(self, listener: Listener, *, on_link: LinkListener | None = None) -> Subscription:
        """Start watching the data dir for ``listener`` (one watcher thread per subscription).

        ``on_link`` is never called: files on a local disk have no connection to lose (their
        faults come back from the writes themselves).
        """
        return _FileSubscription(
            self._data_dir, self._tables, self._read_stamp, listener, self._stamp_tables
        )


class _FileSubscription:
    """One watchdog observer, reporting only real changes (the stamp moved)."""

    def __init__(
        self,
        data_dir: Path,
        tables: dict[str, str],
        stamp: Callable[[], Stamp],
        listener: Listener,
        stamp_tables: tuple[str, ...] = (),
    ) -> None:
        # watchdog is imported here, not at the top: the CLI never watches and starts faster.
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        self._tables = tables
        self._read_stamp = stamp
        self._listener = listener
        self._stamp_tables = stamp_tables
        self._lock = threading.Lock()
        self._last = stamp()
        feed = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                feed.seen(event)

        self._observer: BaseObserver | None = Observer()
        self._observer.schedule(Handler(), str(data_dir), recursive=False)
        self._observer.daemon = True
        self._observer.start()

    def seen(self, event: FileSystemEvent) -> None:
        """A file event: tell the listener if it touched a table and changed the stamp."""
        names = {_name(event.src_path), _name(event.dest_path)}
        tables = frozenset(self._tables[n] for n in names if n in self._tables)
        if not tables:
            return
        with self._lock:
            stamp = self._read_stamp()
            if stamp == self._last:
                return
            # Two files written in a row (a draft, then its review request) can give two events
            # whose first read of the stamp already holds both writes: the second event then
            # finds nothing new. So every table whose part of the stamp moved is announced.
            moved = {
                table
                for table, now, before in zip(self._stamp_tables, stamp, self._last, strict=False)
                if now != before
            }
            self._last = stamp
        self._listener(StoreChange(tables | moved, stamp))

    def close(self) -> None:
        """Stop the watcher thread (idempotent)."""
        observer, self._observer = self._observer, None
        if observer is not None:
            observer.stop()
            observer.join(timeout=2)


def _name(path: bytes | str) -> str:
    text = path.decode() if isinstance(path, bytes) else path
    return Path(text).name if text else ""
