"""Drafts, events and state in PostgreSQL: the same repositories as the files, as SQL.

Each stored model is one row: its ``to_dict()`` form in a ``json`` column (kept byte for byte,
so a copy in and out is lossless) beside the columns the screens sort and filter on. Every
read-modify-write runs in one transaction holding what it changes: the draft's row
(``SELECT ... FOR UPDATE``), the events table (``LOCK TABLE ... EXCLUSIVE``: a refresh replaces
the set, and a single-event update waits for it), a state key (an advisory lock on the key, so
a key not stored yet is also guarded). A save that states the revision it was based on is
compared with the ``revision`` column under that lock: a stale one writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from psycopg.types.json import Json

from rtc_tui.core import audit as audit_chain
from rtc_tui.core.models import Draft, Event
from rtc_tui.i18n import _
from rtc_tui.store.interface import (
    DraftChanges,
    DraftMark,
    DraftNotFoundError,
    check_revision,
    current_revision,
)
from rtc_tui.store.postgres.database import PgDatabase
from rtc_tui.store.postgres.migrations import Conn


def read_stamp(conn: Conn, table: str) -> tuple[int, int]:
    """The write counter of ``table`` (``drafts``, ``events`` or ``state``) as a stamp."""
    row = conn.execute("SELECT n FROM rtc_stamps WHERE tbl = %s", (table,)).fetchone()
    return (int(row[0]) if row else 0, 0)


def insert_draft(conn: Conn, row: dict[str, Any]) -> None:
    """Insert a draft's stored row with its sort columns."""
    draft = Draft.from_dict(row)
    conn.execute(
        "INSERT INTO drafts (id, status, updated_at, revision, body) VALUES (%s, %s, %s, %s, %s)",
        (draft.id, draft.status.value, draft.updated_at, current_revision(draft)[0], Json(row)),
    )


def upsert_events(conn: Conn, rows: list[tuple[int, dict[str, Any]]]) -> None:
    """Insert or replace events given as ``(position, stored row)``."""
    if not rows:
        return
    params = []
    for position, row in rows:
        event = Event.from_dict(row)
        params.append(
            (event.id, position, event.score, event.state.value, event.last_seen, Json(row))
        )
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO events (id, position, score, state, last_seen, body)"
            " VALUES (%s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (id) DO UPDATE SET position = excluded.position,"
            " score = excluded.score, state = excluded.state,"
            " last_seen = excluded.last_seen, body = excluded.body",
            params,
        )


AUDIT_LOCK = 7_461_626_302
"""The advisory lock every audit append holds (a constant of ours, beside the migrations')."""


def last_audit_hash(conn: Conn) -> str:
    """The hash the next audit entry chains to (``""`` for an empty log)."""
    row = conn.execute("SELECT entry FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return audit_chain.last_hash([row[0]]) if row else ""


def insert_audit(conn: Conn, entry: dict[str, Any]) -> None:
    """Append one audit entry exactly as given."""
    draft_id = audit_chain.draft_of(entry)
    conn.execute(
        "INSERT INTO audit (at, action, by_user, draft_id, entry) VALUES (%s, %s, %s, %s, %s)",
        (str(entry["at"]), str(entry["action"]), str(entry["by"]), draft_id, Json(entry)),
    )


class PgDraftRepo:
    """Drafts in the ``drafts`` table; ids from the ``next_draft`` counter, never reused."""

    def __init__(self, db: PgDatabase) -> None:
        self.db = db

    def create(self, build: Callable[[int], Draft]) -> Draft:
        """Take the next id under the counter's row lock and insert ``build(id)`` with it.

        The counter and the draft are one transaction: an id is used up only when its draft
        is saved.
        """
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT value FROM counters WHERE name = 'next_draft' FOR UPDATE"
            ).fetchone()
            top = conn.execute("SELECT coalesce(max(id), 0) FROM drafts").fetchone()
            next_id = max(int(row[0]) if row else 1, (int(top[0]) if top else 0) + 1)
            draft = build(next_id)
            insert_draft(conn, draft.to_dict())
            conn.execute(
                "INSERT INTO counters (name, value) VALUES ('next_draft', %s)"
                " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (next_id + 1,),
            )
        return draft

    def get(self, draft_id: int) -> Draft:
        """The draft with ``draft_id``.

        Raises:
            DraftNotFoundError: there is none.
        """
        with self.db.transaction() as conn:
            row = conn.execute("SELECT body FROM drafts WHERE id = %s", (draft_id,)).fetchone()
        if row is None:
            raise DraftNotFoundError(_("no draft with id {id}").format(id=draft_id))
        return Draft.from_dict(row[0])

    def all(self) -> list[Draft]:
        """Every draft, most recently changed first."""
        with self.db.transaction() as conn:
            rows = conn.execute("SELECT body FROM drafts ORDER BY updated_at DESC, id").fetchall()
        return [Draft.from_dict(r[0]) for r in rows]

    def recent(self, limit: int) -> list[Draft]:
        """The ``limit`` most recently changed drafts (index ``drafts_by_update``)."""
        with self.db.transaction() as conn:
            rows = conn.execute(
                "SELECT body FROM drafts ORDER BY updated_at DESC, id LIMIT %s", (max(0, limit),)
            ).fetchall()
        return [Draft.from_dict(r[0]) for r in rows]

    def mark(self) -> DraftMark:
        """The highest change number a draft row carries (index ``drafts_by_change``)."""
        with self.db.transaction() as conn:
            row = conn.execute("SELECT coalesce(max(changed), 0) FROM drafts").fetchone()
        return (int(row[0]) if row else 0, 0)

    def changed_since(self, mark: DraftMark) -> DraftChanges:
        """The rows whose change number is past ``mark`` (index ``drafts_by_change``).

        Numbers commit in order (see migration 6): none below the highest one read can
        appear later, so nothing is missed and nothing unchanged is read.
        """
        with self.db.transaction() as conn:
            rows = conn.execute(
                "SELECT changed, body FROM drafts WHERE changed > %s ORDER BY updated_at DESC, id",
                (mark[0],),
            ).fetchall()
        top = max((int(changed) for changed, _body in rows), default=mark[0])
        return DraftChanges([Draft.from_dict(body) for _changed, body in rows], (top, 0))

    def for_moments(self) -> list[Draft]:
        """The drafts made for a calendar moment, most recently changed first.

        The server picks them (a scan of the drafts' bodies, never sent here): the desk reads
        and parses only those, a handful among thousands.
        """
        with self.db.transaction() as conn:
            rows = conn.execute(
                "SELECT body FROM drafts WHERE body -> 'origin' ->> 'kind' = 'moment'"
                " ORDER BY updated_at DESC, id"
            ).fetchall()
        return [Draft.from_dict(r[0]) for r in rows]

    def update(
        self,
        draft_id: int,
        change: Callable[[Draft], None],
        *,
        expect_revision: int | None = None,
    ) -> Draft:
        """Lock the draft's row, check the revision, apply ``change`` and write it back.

        Raises:
            DraftNotFoundError: there is no such draft.
            RevisionConflictError: ``expect_revision`` is not the draft's latest revision.
        """
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT body FROM drafts WHERE id = %s FOR UPDATE", (draft_id,)
            ).fetchone()
            if row is None:
                raise DraftNotFoundError(_("no draft with id {id}").format(id=draft_id))
            draft = Draft.from_dict(row[0])
            check_revision(draft, expect_revision)
            change(draft)
            conn.execute(
                "UPDATE drafts SET status = %s, updated_at = %s, revision = %s, body = %s"
                " WHERE id = %s",
                (
                    draft.status.value,
                    draft.updated_at,
                    current_revision(draft)[0],
                    Json(draft.to_dict()),
                    draft_id,
                ),
            )
        return draft

    def stamp(self) -> tuple[int, int]:
        """Changes when any session writes drafts."""
        with self.db.transaction() as conn:
            return read_stamp(conn, "drafts")


class PgStateRepo:
    """Named JSON records in ``state`` and the append-only ``audit`` table."""

    def __init__(self, db: PgDatabase) -> None:
        self.db = db

    def get(self, key: str, default: Any = None) -> Any:
        """The value stored under ``key``."""
        with self.db.transaction() as conn:
            row = conn.execute("SELECT value FROM state WHERE key = %s", (key,)).fetchone()
        return default if row is None else row[0]

    def update(self, key: str, change: Callable[[Any], Any], default: Any = None) -> Any:
        """Hold the key's advisory lock, store ``change(old)`` and return it."""
        with self.db.transaction() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", ("state:" + key,))
            row = conn.execute("SELECT value FROM state WHERE key = %s", (key,)).fetchone()
            value = change(default if row is None else row[0])
            conn.execute(
                "INSERT INTO state (key, value) VALUES (%s, %s)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, Json(value)),
            )
        return value

    def set(self, key: str, value: Any) -> None:
        """Store ``value`` under ``key``."""
        self.update(key, lambda _old: value)

    def audit(self, action: str, by: str, **details: Any) -> None:
        """Append an entry chained to the last one (the table refuses any later change).

        Appends are serialised by an advisory lock held to commit, so two desks never chain to
        the same record; the entry is sealed by :mod:`rtc_tui.core.audit`, the code the files
        store uses, so ``rtc audit --verify`` reads both the same way.
        """
        entry = audit_chain.record(action, by, details)
        with self.db.transaction() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (AUDIT_LOCK,))
            insert_audit(conn, audit_chain.seal(entry, last_audit_hash(conn)))

    def audit_log(self, draft: int | None = None) -> list[dict[str, Any]]:
        """Every audit entry, oldest first; only ``draft``'s by the index on ``draft_id``."""
        with self.db.transaction() as conn:
            if draft is None:
                rows = conn.execute("SELECT entry FROM audit ORDER BY seq").fetchall()
            else:
                rows = conn.execute(
                    "SELECT entry FROM audit WHERE draft_id = %s ORDER BY seq", (draft,)
                ).fetchall()
        return [dict(r[0]) for r in rows]

    def stamp(self) -> tuple[int, int]:
        """Changes when any session writes state or audit."""
        with self.db.transaction() as conn:
            return read_stamp(conn, "state")

    @property
    def location(self) -> str:
        """The database (password masked) and the table."""
        return f"{self.db.location} (table state)"
