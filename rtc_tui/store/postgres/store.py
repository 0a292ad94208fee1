"""The PostgreSQL store: the same repositories as the data dir, on a database server.

A team whose editors work on several machines points every desk at one database
(``store: postgresql://…``); each desk keeps a local data dir only for what is local by nature
(exports). The schema is checked when the desk starts (:meth:`PgStore.check`) and changed only
by ``rtc store migrate`` (:meth:`PgStore.migrate`).
"""

from __future__ import annotations

from pathlib import Path

import psycopg
from psycopg.types.json import Json

from rtc_tui.core import audit as audit_chain
from rtc_tui.core.models import Event
from rtc_tui.core.trending.standing import is_default, triage_of
from rtc_tui.i18n import _
from rtc_tui.store.changes import ChangeFeed
from rtc_tui.store.fsio import FileModes, StoreError, ensure_dir
from rtc_tui.store.interface import StoreSnapshot
from rtc_tui.store.postgres.changes import PgChangeFeed
from rtc_tui.store.postgres.database import PgDatabase, database_error
from rtc_tui.store.postgres.events import (
    PgEventRepo,
    archive_events,
    event_rows,
    upsert_triage,
)
from rtc_tui.store.postgres.migrations import grant_editor, migrate, schema_problem
from rtc_tui.store.postgres.posts import PgPostRepo, insert_post, upsert_results
from rtc_tui.store.postgres.repos import (
    PgDraftRepo,
    PgStateRepo,
    insert_audit,
    insert_draft,
    upsert_events,
)


class PgStore:
    """Every repository over one PostgreSQL database (see :class:`rtc_tui.store.Store`).

    Args:
        url: ``postgresql://[user@]host[:port]/dbname[?sslmode=…]``; the password is best left
            to ``PGPASSWORD`` or ``~/.pgpass``.
        data_dir: The local folder for exports and other local files.
        modes: Permissions for that folder and its files.

    Raises:
        StoreError: the server cannot be reached or refuses the credentials (one line, the
            password masked).
    """

    def __init__(self, url: str, *, data_dir: Path, modes: FileModes | None = None) -> None:
        self.modes = modes or FileModes()
        self.data_dir = data_dir
        self.db = PgDatabase(url)
        self.drafts = PgDraftRepo(self.db)
        self.events = PgEventRepo(self.db)
        self.state = PgStateRepo(self.db)
        self.posts = PgPostRepo(self.db)
        self.changes: ChangeFeed = PgChangeFeed(self.db)
        """Tells subscribers about every write to the database, from any machine."""
        ensure_dir(data_dir, self.modes)

    @property
    def location(self) -> str:
        """The database URL, password masked."""
        return self.db.location

    def check(self) -> list[str]:
        """Refuse a database on another schema version, saying what to do.

        Raises:
            StoreError: not migrated, older (run ``rtc store migrate``) or newer (upgrade rtc).
        """
        with self.db.transaction() as conn:
            problem = schema_problem(conn)
        if problem:
            raise StoreError(f"{self.location}: {problem}")
        return []

    def migrate(self, *, editor_role: str = "") -> list[int]:
        """Bring the schema up to date; return the versions applied now.

        Args:
            editor_role: A role to grant a desk's rights (no change to the audit log, no
                change to the schema); run this as the tables' owner.
        """
        conn = self.db.connect(autocommit=True)
        try:
            applied = migrate(conn)
            if editor_role:
                grant_editor(conn, editor_role)
            return applied
        except StoreError as exc:
            raise StoreError(f"{self.location}: {exc}") from None
        except psycopg.Error as exc:
            raise database_error(self.db.url, _("migration failed"), exc) from None
        finally:
            conn.close()

    def snapshot(self) -> StoreSnapshot:
        """Everything stored, read in one repeatable-read transaction (a consistent view)."""
        with self.db.transaction() as conn:
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            counter = conn.execute(
                "SELECT value FROM counters WHERE name = 'next_draft'"
            ).fetchone()
            return StoreSnapshot(
                drafts=[r[0] for r in conn.execute("SELECT body FROM drafts ORDER BY id")],
                next_draft=int(counter[0]) if counter else 1,
                events=event_rows(conn),
                archived=[
                    r[0] for r in conn.execute("SELECT body FROM events_archive ORDER BY seq")
                ],
                state={str(k): v for k, v in conn.execute("SELECT key, value FROM state")},
                audit=[r[0] for r in conn.execute("SELECT entry FROM audit ORDER BY seq")],
                posts=[r[0] for r in conn.execute("SELECT body FROM posts ORDER BY id")],
                results=[r[0] for r in conn.execute("SELECT body FROM results ORDER BY post_id")],
            )

    def restore(self, snapshot: StoreSnapshot) -> None:
        """Fill this empty database with ``snapshot``, in one transaction.

        Raises:
            StoreError: the database already holds drafts, events, state or audit entries.
        """
        self.check()
        with self.db.transaction() as conn:
            conn.execute(
                "LOCK TABLE drafts, events, event_triage, events_archive, state, audit, counters,"
                " posts, results IN EXCLUSIVE MODE"
            )
            filled = conn.execute(
                "SELECT (SELECT count(*) FROM drafts) + (SELECT count(*) FROM events)"
                " + (SELECT count(*) FROM events_archive)"
                " + (SELECT count(*) FROM state) + (SELECT count(*) FROM audit)"
                " + (SELECT count(*) FROM posts) + (SELECT count(*) FROM results)"
            ).fetchone()
            if filled and filled[0]:
                raise StoreError(
                    _("{store}: not empty; copy only into an empty store").format(
                        store=self.location
                    )
                )
            for row in snapshot.drafts:
                insert_draft(conn, row)
            conn.execute(
                "UPDATE counters SET value = %s WHERE name = 'next_draft'", (snapshot.next_draft,)
            )
            upsert_events(conn, list(enumerate(snapshot.events, 1)))
            # As a merge does: an event without a record is in its default state (new, not
            # pinned), so only the triaged ones get a row; every read of the ranking joins them.
            records = (triage_of(Event.from_dict(row)) for row in snapshot.events)
            upsert_triage(conn, (r for r in records if not is_default(r)))
            archive_events(conn, snapshot.archived)
            for key, value in snapshot.state.items():
                conn.execute(
                    "INSERT INTO state (key, value) VALUES (%s, %s)",
                    (key, Json(value)),
                )
            for entry in audit_chain.sealed_log(snapshot.audit):
                insert_audit(conn, entry)
            for post in snapshot.posts:
                insert_post(conn, post)
            for results in snapshot.results:
                upsert_results(conn, results)

    def close(self) -> None:
        """Close the pool's connections (idempotent)."""
        self.db.close()
