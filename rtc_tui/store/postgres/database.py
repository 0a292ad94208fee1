"""One PostgreSQL database behind a connection pool, with errors that never show a password.

Credentials come from where libpq looks for them (the URL, ``PGPASSWORD``, ``~/.pgpass``,
``PGSSLMODE`` and friends): recommending ``~/.pgpass`` keeps them out of the config file. Any
error about the server is turned into one :class:`StoreError` line naming the database by its
URL with the password masked, so a wrong password or a server that is down ends a command with
exit 2 and a reason, never a traceback or the secret.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import msgspec
import psycopg
from psycopg.rows import TupleRow
from psycopg.types.json import set_json_loads
from psycopg_pool import ConnectionPool, PoolTimeout

from rtc_tui.i18n import _
from rtc_tui.store.fsio import StoreError, StoreUnreachableError

# The pool logs each failed reconnection; without a handler Python would print them on stderr,
# over the full-screen app. The store reports failures itself, in one line.
logging.getLogger("psycopg").addHandler(logging.NullHandler())

CONNECT_TIMEOUT = 5
"""Seconds to wait for the server before saying it cannot be reached."""

POOL_WAIT = 1.0
"""Seconds to wait for a pooled connection before opening one of its own."""

POOL_SIZE = 4
"""Connections a desk keeps at most: the UI's workers write one at a time, a few at once."""


def redact(url: str) -> str:
    """``url`` with any password replaced by ``***`` (safe to print, log and show)."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        host = parts.hostname or ""
        if ":" in host:
            host = f"[{host}]"
        port = f":{parts.port}" if parts.port is not None else ""
        user = parts.username or ""
        return urlunsplit(parts._replace(netloc=f"{user}:***@{host}{port}"))
    except ValueError:
        # A URL too broken to parse: keep only the scheme, so nothing secret can leak.
        return url.split("://", 1)[0] + "://***"


def _reason(exc: BaseException, url: str) -> str:
    """The first line of a driver error, with the URL's password removed if it is echoed."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    with contextlib.suppress(ValueError):
        password = urlsplit(url).password
        if password:
            text = text.replace(password, "***")
    return text


LOST_STATES = ("57P01", "57P02", "57P03")
"""SQLSTATEs of a server going away or not up yet: admin shutdown, crash shutdown, cannot
connect now (starting up or shutting down). Class ``08`` (connection exception) counts too."""


def connection_lost(exc: BaseException) -> bool:
    """Whether ``exc`` says the server is out of reach, rather than refusing the statement.

    A driver error with no SQLSTATE comes from the client side (refused, reset, closed by the
    server mid-query); a server error counts only when it is about the connection itself. A
    wrong password, a full disk or a constraint is not "unreachable": retrying cannot help.
    """
    if not isinstance(exc, psycopg.OperationalError):
        return False
    state = exc.sqlstate
    return state is None or state.startswith("08") or state in LOST_STATES


def database_error(url: str, what: str, exc: BaseException) -> StoreError:
    """One line: which database, what failed, the server's reason (no password).

    ``what`` is in the interface language (the callers translate it); the reason is the
    driver's or the server's own text, which stays as it came (libpq and the server speak
    English under ``LANG=C``), quoted inside a sentence in the interface language, so the
    editor reads what happened in their language and can still search for the exact words.
    A :class:`StoreUnreachableError` when the server is out of reach, so the app can keep
    the work and wait for it instead of reporting a failure.
    """
    kind = StoreUnreachableError if connection_lost(exc) else StoreError
    return kind(
        _("{where}: {what}; PostgreSQL says: “{reason}”").format(
            where=redact(url), what=what, reason=_reason(exc, url)
        )
    )


def fast_json(conn: psycopg.Connection[TupleRow]) -> None:
    """Read ``json``/``jsonb`` values with msgspec's decoder instead of the standard library's.

    Every row the store reads is a JSONB body; reading the 100,000-row ranking spent most of
    its time in ``json.loads``, which msgspec's decoder does several times faster (the same
    values: JSON has one meaning).
    """
    set_json_loads(msgspec.json.decode, conn)


class PgDatabase:
    """A pool of connections to one database, opened once the server has answered.

    A first connection is made directly, so a bad URL, a wrong password or a server that is
    down is reported at once, in one line, instead of the pool retrying in the background.
    """

    def __init__(self, url: str, *, pool_size: int = POOL_SIZE) -> None:
        self.url = url
        self.location = redact(url)
        try:
            with psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT):
                pass
        except (psycopg.Error, ValueError) as exc:
            raise database_error(url, _("cannot connect"), exc) from None
        self._pool = ConnectionPool(
            url,
            min_size=1,
            max_size=max(1, pool_size),
            kwargs={"connect_timeout": CONNECT_TIMEOUT},
            open=False,
            name="rtc-store",
            # A connection broken by a server restart is noticed before it is handed out.
            check=ConnectionPool.check_connection,
            configure=fast_json,
        )
        try:
            self._pool.open(wait=True, timeout=CONNECT_TIMEOUT)
        except PoolTimeout as exc:
            self._pool.close()
            raise database_error(url, _("cannot connect"), exc) from None
        self._closed = False
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[psycopg.Connection[TupleRow]]:
        """A pooled connection inside one transaction: committed on success, else rolled back.

        Raises:
            StoreError: the server cannot be reached or refused the statement.
        """
        try:
            with self._pool.connection(timeout=POOL_WAIT) as conn:
                yield conn
        except StoreError:
            raise
        except PoolTimeout:
            # No pooled connection soon: every one is busy, or the server went away and the
            # pool is backing off. Ask the server directly: an error comes at once while it is
            # down, and the first transaction after its return goes through at once.
            yield from self._direct()
        except psycopg.Error as exc:
            raise database_error(self.url, _("the database refused"), exc) from None

    def _direct(self) -> Iterator[psycopg.Connection[TupleRow]]:
        """One transaction on a connection of its own, closed afterwards."""
        conn = self.connect(autocommit=False)
        try:
            with conn:  # commits when the block succeeds, rolls back when it raises; closes
                yield conn
        except psycopg.Error as exc:
            raise database_error(self.url, _("the database refused"), exc) from None

    def connect(self, *, autocommit: bool = True) -> psycopg.Connection[TupleRow]:
        """A connection of its own, outside the pool (for LISTEN and for migrations).

        Raises:
            StoreError: the server cannot be reached.
        """
        try:
            conn = psycopg.connect(self.url, autocommit=autocommit, connect_timeout=CONNECT_TIMEOUT)
        except (psycopg.Error, ValueError) as exc:
            raise database_error(self.url, _("cannot connect"), exc) from None
        fast_json(conn)
        return conn

    def close(self) -> None:
        """Close every pooled connection (idempotent)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._pool.close()
