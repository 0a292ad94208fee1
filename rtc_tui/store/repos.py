"""Repositories: core models in and out of the locked JSON databases.

Files under the data dir keep unrelated writers apart: ``drafts.json`` (drafts and the id
counter), the events' files (bodies rewritten by a refresh, triage, the ranking and the archive:
:mod:`rtc_tui.store.event_files`), ``state.json`` (source health, ETags, saved filters, user
moments, the audit log) and ``posts.json``. Every mutation is a read-modify-write under the
file's lock; ``docs/storage.md`` says why the data is split this way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB

from rtc_tui.core import audit as audit_chain
from rtc_tui.core.models import Draft
from rtc_tui.i18n import _
from rtc_tui.store.changes import ChangeFeed, FileChangeFeed, Stamp
from rtc_tui.store.db import JsonDatabase, StoreError
from rtc_tui.store.event_files import FileEventRepo
from rtc_tui.store.file_copy import DataDirFiles, file_restore, file_snapshot
from rtc_tui.store.fsio import FileModes, ensure_dir
from rtc_tui.store.interface import (
    DraftChanges,
    DraftMark,
    DraftNotFoundError,
    StoreSnapshot,
    check_revision,
)
from rtc_tui.store.posts import POSTS_CHECKS, PostRepo
from rtc_tui.store.row_index import IndexedDatabase, Keys
from rtc_tui.store.rows import (
    DRAFTS_CHECKS,
    EVENTS_CHECKS,
    MANIFEST_CHECKS,
    RANKING_CHECKS,
    STATE_CHECKS,
    TRIAGE_CHECKS,
    RowCheck,
)
from rtc_tui.store.segments import ManifestDatabase, Segments, body_keys

TABLE_FILES = {
    "drafts": "drafts.json",
    "events": "events.json",
    "state": "state.json",
    "posts": "posts.json",
}
"""Each table of the data dir and its main file."""

EVENT_FILES = {
    "manifest": "events-live.json",
    "triage": "triage.json",
    "ranking": "ranking.json",
    "top": "ranking-top.json",
    "archive": "archive.json",
}
"""The events' companion files (see :mod:`rtc_tui.store.event_files`)."""

WATCHED_FILES = {
    **{file: table for table, file in TABLE_FILES.items()},
    **{file: "events" for file in EVENT_FILES.values()},
}
"""File name -> the table a write to it changes (what the change feed announces)."""

STAMP_TABLES = ("drafts", "events", "state", "posts")
"""The table of each entry of :meth:`FileStore.stamp`, in order."""

__all__ = ["DraftNotFoundError", "DraftRepo", "FileEventRepo", "FileStore", "StateRepo"]


def _legacy_standing_keys(row: dict[str, Any]) -> list[tuple[str, str]]:
    """What a standing of ``ranking.json`` (before the segments) is found by: its event's id."""
    event = row.get("event")
    return [("id", str(event.get("id") or "") if isinstance(event, dict) else "")]


class DraftRepo:
    """Drafts, keyed by a small integer id unique across processes."""

    def __init__(self, db: JsonDatabase) -> None:
        self.db = db

    def create(self, build: Callable[[int], Draft]) -> Draft:
        """Allocate the next id under the lock and insert the draft ``build(id)`` returns.

        The counter and the draft are written in one transaction: an id is used up only when
        its draft is saved.
        """

        def run(db: TinyDB) -> Draft:
            counters = db.table("counters")
            row = counters.get(doc_id=1)
            # Never reuse an id, even when the counter row was lost (moved aside by the doctor).
            taken = [int(r["id"]) for r in db.table("drafts").all()]
            next_id = max(int(row["next_draft"]) if row else 1, max(taken, default=0) + 1)
            draft = build(next_id)
            if row:
                counters.update({"next_draft": next_id + 1}, doc_ids=[1])
            else:
                counters.insert({"next_draft": next_id + 1})
            db.table("drafts").insert(draft.to_dict())
            return draft

        return self.db.transact(run)

    def get(self, draft_id: int) -> Draft:
        """The draft with ``draft_id``.

        Raises:
            DraftNotFoundError: there is none.
        """
        row = self.db.read().table("drafts").get(Query().id == draft_id)
        if row is None:
            raise DraftNotFoundError(_("no draft with id {id}").format(id=draft_id))
        return Draft.from_dict(dict(row))

    def all(self) -> list[Draft]:
        """Every draft, most recently changed first."""
        drafts = [Draft.from_dict(dict(r)) for r in self.db.read().table("drafts").all()]
        drafts.sort(key=lambda d: d.updated_at, reverse=True)
        return drafts

    def recent(self, limit: int) -> list[Draft]:
        """The ``limit`` most recently changed drafts (the file is read whole anyway)."""
        return self.all()[: max(0, limit)]

    def mark(self) -> DraftMark:
        """The drafts file's stamp: it moves with every write, by any process."""
        return self.db.stamp()

    def changed_since(self, mark: DraftMark) -> DraftChanges:
        """Every draft once the file moved past ``mark``; none while it has not.

        The file is read whole anyway: which rows changed is the caller's to see. The stamp is
        read before the drafts, so a write landing in between is given again next time.
        """
        now = self.db.stamp()
        if now == mark:
            return DraftChanges([], mark)
        return DraftChanges(self.all(), now)

    def for_moments(self) -> list[Draft]:
        """The drafts made for a calendar moment, most recently changed first."""
        return [d for d in self.all() if d.origin is not None and d.origin.kind == "moment"]

    def update(
        self,
        draft_id: int,
        change: Callable[[Draft], None],
        *,
        expect_revision: int | None = None,
    ) -> Draft:
        """Re-read the draft under the lock, apply ``change`` to it and write it back.

        The no-lost-write contract (every backend keeps it the same way): with
        ``expect_revision`` the write is based on that revision (the number of the draft's
        latest revision when the caller read it, ``0`` before the first: ``Draft.revision``).
        If the stored draft's latest revision is another one, someone else saved in between:
        ``change`` is not called, nothing is written, and :class:`RevisionConflictError`
        carries the draft as stored now. The comparison and the write happen under the same
        lock (one transaction), so no save can slip in between.
        Without ``expect_revision`` the change applies on top of whatever is stored (ticks,
        status changes, exports: they do not replace anyone's text).

        Raises:
            DraftNotFoundError: there is no such draft.
            RevisionConflictError: the stored draft is not at ``expect_revision``.
        """

        def run(db: TinyDB) -> Draft:
            table = db.table("drafts")
            row = table.get(Query().id == draft_id)
            if row is None:
                raise DraftNotFoundError(_("no draft with id {id}").format(id=draft_id))
            draft = Draft.from_dict(dict(row))
            check_revision(draft, expect_revision)
            change(draft)
            table.update(draft.to_dict(), Query().id == draft_id)
            return draft

        return self.db.transact(run)

    def stamp(self) -> tuple[int, int]:
        """Changes when any session writes drafts (for team-mode reloads)."""
        return self.db.stamp()


class StateRepo:
    """Small named records (source health, ETags, filters, user moments) and the audit log."""

    def __init__(self, db: JsonDatabase) -> None:
        self.db = db

    def get(self, key: str, default: Any = None) -> Any:
        """The value stored under ``key``."""
        row = self.db.read().table("state").get(Query().key == key)
        return default if row is None else row["value"]

    def update(self, key: str, change: Callable[[Any], Any], default: Any = None) -> Any:
        """Re-read ``key`` under the lock, store ``change(old)`` and return it."""

        def run(db: TinyDB) -> Any:
            table = db.table("state")
            row = table.get(Query().key == key)
            value = change(default if row is None else row["value"])
            if row is None:
                table.insert({"key": key, "value": value})
            else:
                table.update({"value": value}, Query().key == key)
            return value

        return self.db.transact(run)

    def set(self, key: str, value: Any) -> None:
        """Store ``value`` under ``key``."""
        self.update(key, lambda _old: value)

    def audit(self, action: str, by: str, **details: Any) -> None:
        """Append a record to the append-only audit log, chained to the one before.

        Under the file's lock: the new record is sealed with the last record's hash
        (:func:`rtc_tui.core.audit.seal`). A log written before records were chained is sealed
        first, once, in order (:func:`rtc_tui.core.audit.sealed_log`). The database backend
        does the same in the transaction that inserts.
        """
        entry = audit_chain.record(action, by, details)

        def run(db: TinyDB) -> None:
            table = db.table("audit")
            rows = [dict(r) for r in table.all()]
            sealed = audit_chain.sealed_log(rows)
            if sealed != rows:
                table.truncate()
                table.insert_multiple(sealed)
            table.insert(audit_chain.seal(entry, audit_chain.last_hash(sealed)))

        self.db.transact(run)

    def audit_log(self, draft: int | None = None) -> list[dict[str, Any]]:
        """Every audit entry, oldest first; with ``draft``, only the entries about that draft."""
        log = [dict(r) for r in self.db.read().table("audit").all()]
        if draft is None:
            return log
        return [r for r in log if audit_chain.draft_of(r) == draft]

    def stamp(self) -> tuple[int, int]:
        """Changes when any session writes state or audit."""
        return self.db.stamp()

    @property
    def location(self) -> str:
        """The state file's path."""
        return str(self.db.path)


class FileStore:
    """The data dir: one object holding every repository.

    The folder is created (or tightened, when it is ours) to the configured modes: owner only
    by default, the team group's when one is configured.
    """

    def __init__(self, data_dir: Path, *, modes: FileModes | None = None) -> None:
        self.data_dir = data_dir
        self.modes = modes or FileModes()
        ensure_dir(data_dir, self.modes)
        self.drafts = DraftRepo(self._database(TABLE_FILES["drafts"], DRAFTS_CHECKS))
        self.events = FileEventRepo(
            ManifestDatabase(
                data_dir / EVENT_FILES["manifest"], modes=self.modes, checks=MANIFEST_CHECKS
            ),
            segments=Segments(data_dir, self.modes),
            triage=self._database(EVENT_FILES["triage"], TRIAGE_CHECKS),
            top=self._database(EVENT_FILES["top"], RANKING_CHECKS),
            archive=IndexedDatabase(
                data_dir / EVENT_FILES["archive"],
                table="events",
                keys=lambda row: [("id", str(row.get("id") or ""))],
                modes=self.modes,
                checks=EVENTS_CHECKS,
            ),
            legacy_bodies=self._indexed(TABLE_FILES["events"], "events", body_keys, EVENTS_CHECKS),
            legacy_ranking=self._indexed(
                EVENT_FILES["ranking"], "ranking", _legacy_standing_keys, RANKING_CHECKS
            ),
        )
        self.state = StateRepo(self._database(TABLE_FILES["state"], STATE_CHECKS))
        self.posts = PostRepo(self._database(TABLE_FILES["posts"], POSTS_CHECKS))
        self.changes: ChangeFeed = FileChangeFeed(
            data_dir, WATCHED_FILES, self.stamp, stamp_tables=STAMP_TABLES
        )
        """Tells subscribers when any process writes the data dir."""

    def stamp(self) -> Stamp:
        """Changes whenever any session writes the data dir (in :data:`STAMP_TABLES` order)."""
        return (
            self.drafts.stamp(),
            self.events.stamp(),
            self.state.db.stamp(),
            self.posts.stamp(),
        )

    @property
    def location(self) -> str:
        """The data dir, for people."""
        return str(self.data_dir)

    def close(self) -> None:
        """Nothing to release: every call opens and closes its own files."""

    def migrate(self, *, editor_role: str = "") -> list[int]:
        """Nothing to do now: each file is migrated on its next write (see ``db.py``).

        Raises:
            StoreError: a role was named (files have owners and groups: ``team.group``).
        """
        if editor_role:
            raise StoreError(
                _("{path}: a data dir has no database roles; share it with team.group").format(
                    path=self.data_dir
                )
            )
        return []

    def snapshot(self) -> StoreSnapshot:
        """Everything stored, each file read whole (a file is only ever replaced whole)."""
        return file_snapshot(self._files())

    def restore(self, snapshot: StoreSnapshot) -> None:
        """Write ``snapshot`` into this (empty) data dir, one transaction per file."""
        file_restore(self._files(), snapshot)

    def _files(self) -> DataDirFiles:
        return DataDirFiles(
            self.data_dir, self.drafts.db, self.events, self.state.db, self.posts.db
        )

    def _database(self, name: str, checks: Mapping[str, RowCheck]) -> JsonDatabase:
        return JsonDatabase(self.data_dir / name, modes=self.modes, checks=checks)

    def _indexed(
        self, name: str, table: str, keys: Keys, checks: Mapping[str, RowCheck]
    ) -> IndexedDatabase:
        return IndexedDatabase(
            self.data_dir / name, table=table, keys=keys, modes=self.modes, checks=checks
        )

    @property
    def databases(self) -> tuple[JsonDatabase, ...]:
        """Every database file of the data dir."""
        return (self.drafts.db, *self.events.databases, self.state.db, self.posts.db)

    def check(self) -> list[str]:
        """Validate every file once, so a bad one is reported before anything runs.

        A file whose index vouches for it (the big event files, as this rtc last wrote them)
        has its links and owners checked without being parsed again.

        Returns:
            Warnings to show (a file written by a newer rtc is read but never written).

        Raises:
            StoreError: a file is a link, someone else's, unreadable, corrupt or has a bad row.
        """
        warnings = []
        for db in self.databases:
            if isinstance(db, IndexedDatabase) and db.vouched():
                # Its index says it is the file this rtc wrote (see ``vouched``): the links
                # and owners are checked, the rows not parsed again (whole seconds at 20k).
                db.check_files()
                continue
            document = db.load()
            if db.warning:
                warnings.append(db.warning)
            elif isinstance(db, IndexedDatabase):
                # Valid, but no index vouched for it: a copy that did not keep file times.
                db.index_again(document)
        return warnings
