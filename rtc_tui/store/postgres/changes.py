"""Store changes from PostgreSQL: ``LISTEN rtc_changes``, the same feed as the file watcher.

Every write bumps its table's counter in ``rtc_stamps`` and sends ``NOTIFY rtc_changes,
'<table>:<counter>'`` when its transaction commits (see :mod:`.migrations`), whichever machine
made it. A subscription holds one connection of its own, outside the pool, waiting on the
socket for those notifications (no table is polled): a change reaches every running desk in
milliseconds. When the connection drops (the server restarted), the subscription reconnects
every second, and on its return reports every table as changed if anything moved meanwhile,
so a desk reloads what it may have missed. Its ``on_link`` listener hears both moments (the
connection lost, with the reason, and listening again): every running app learns that the
server went away even when it was not writing.
"""

from __future__ import annotations

import contextlib
import threading

import psycopg

from rtc_tui.i18n import _
from rtc_tui.store.changes import LinkListener, Listener, Stamp, StoreChange, Subscription
from rtc_tui.store.fsio import StoreError
from rtc_tui.store.postgres.database import PgDatabase, database_error
from rtc_tui.store.postgres.migrations import CHANNEL, Conn

TABLES = ("drafts", "events", "state", "posts")
"""The change groups, in stamp order (the audit log and the id counter count as state and
drafts, as their files do in a data dir)."""

WAKE_EVERY = 0.5
"""Seconds the listening thread waits on the socket before checking it should stop."""

RECONNECT_EVERY = 1.0
"""Seconds between attempts to listen again after the connection dropped."""


def read_counters(conn: Conn) -> dict[str, int]:
    """Every table's write counter."""
    rows = conn.execute("SELECT tbl, n FROM rtc_stamps").fetchall()
    return {str(table): int(n) for table, n in rows}


def as_stamp(counters: dict[str, int]) -> Stamp:
    """The counters as a stamp, one ``(counter, 0)`` per table in :data:`TABLES` order."""
    return tuple((counters.get(table, 0), 0) for table in TABLES)


class PgChangeFeed:
    """The database's change notifications, as a :class:`~rtc_tui.store.changes.ChangeFeed`."""

    def __init__(self, db: PgDatabase) -> None:
        self._db = db

    def stamp(self) -> Stamp:
        """Every table's write counter now."""
        with self._db.transaction() as conn:
            return as_stamp(read_counters(conn))

    def subscribe(self, listener: Listener, *, on_link: LinkListener | None = None) -> Subscription:
        """Listen for ``listener`` on a connection of its own (one thread per subscription).

        ``on_link`` hears the connection lost (with the reason) and back (``None``).
        """
        return _PgSubscription(self._db, listener, on_link)


class _PgSubscription:
    """One ``LISTEN`` connection and the thread waiting on it."""

    def __init__(self, db: PgDatabase, listener: Listener, on_link: LinkListener | None) -> None:
        self._db = db
        self._listener = listener
        self._on_link = on_link
        self._stop = threading.Event()
        self._conn: Conn | None = self._listen()
        self._counters = read_counters(self._conn)
        self._thread = threading.Thread(target=self._run, name="rtc-pg-changes", daemon=True)
        self._thread.start()

    def _listen(self) -> Conn:
        """A fresh autocommit connection listening on the channel.

        It listens before any counter is read, so nothing committed after the read is missed.
        """
        conn = self._db.connect(autocommit=True)
        conn.execute(f"LISTEN {CHANNEL}")
        return conn

    def _run(self) -> None:
        try:
            self._listen_until_stopped()
        finally:
            # The thread closes its own connection: :meth:`close` does not wait for it.
            conn, self._conn = self._conn, None
            if conn is not None:
                with contextlib.suppress(psycopg.Error):
                    conn.close()

    def _listen_until_stopped(self) -> None:
        while not self._stop.is_set():
            conn = self._conn
            if conn is None:
                self._reconnect()
                continue
            try:
                for notify in conn.notifies(timeout=WAKE_EVERY):
                    if self._stop.is_set():
                        break
                    self._heard(notify.payload)
            except psycopg.Error as exc:
                with contextlib.suppress(psycopg.Error):
                    conn.close()
                self._conn = None
                if self._on_link is not None and not self._stop.is_set():
                    self._on_link(str(database_error(self._db.url, _("connection lost"), exc)))

    def _heard(self, payload: str) -> None:
        if self._stop.is_set():
            return
        table, _sep, count = payload.partition(":")
        if table not in TABLES or not count.isdigit():
            return
        if int(count) <= self._counters.get(table, 0):
            return  # already reported (or older than what a reconnection read)
        self._counters[table] = int(count)
        self._listener(StoreChange(frozenset({table}), as_stamp(self._counters)))

    def _reconnect(self) -> None:
        if self._stop.wait(RECONNECT_EVERY):
            return
        try:
            conn = self._listen()
            counters = read_counters(conn)
        except (StoreError, psycopg.Error):
            return
        self._conn = conn
        moved = frozenset(t for t in TABLES if counters.get(t, 0) != self._counters.get(t, 0))
        self._counters = counters
        if self._on_link is not None:
            self._on_link(None)
        if moved:
            self._listener(StoreChange(moved, as_stamp(counters)))

    def close(self) -> None:
        """Stop listening (idempotent): nothing new is reported once this returns.

        A notification already being handed over at that moment may still arrive. The thread
        notices within :data:`WAKE_EVERY` seconds and closes its connection then; nobody
        waits for that (a quitting app would wait half a second for nothing).
        """
        self._stop.set()
