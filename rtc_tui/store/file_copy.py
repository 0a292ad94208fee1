"""A data dir as a :class:`StoreSnapshot` and back: the files' side of ``rtc store copy``.

Rows are taken exactly as stored (each file read whole: a file is only ever replaced whole)
and written back exactly, so a snapshot of the copy equals the snapshot of the original. The one
exception is an audit log written before records were chained: it is sealed on the way in
(:func:`rtc_tui.core.audit.sealed_log`), as its first append would seal it.
Events travel with their triage state folded in; the ranking is not copied (the copy ranks its
events when it is first read).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tinydb import TinyDB

from rtc_tui.core import audit as audit_chain
from rtc_tui.core.models import Event
from rtc_tui.i18n import _
from rtc_tui.store.db import JsonDatabase
from rtc_tui.store.event_files import FileEventRepo
from rtc_tui.store.fsio import StoreError
from rtc_tui.store.interface import StoreSnapshot


@dataclass(frozen=True)
class DataDirFiles:
    """The database files of one data dir."""

    data_dir: Path
    drafts: JsonDatabase
    events: FileEventRepo
    state: JsonDatabase
    posts: JsonDatabase


def file_snapshot(files: DataDirFiles) -> StoreSnapshot:
    """Everything the data dir holds."""
    drafts_db = files.drafts.read()
    counter = drafts_db.table("counters").get(doc_id=1)
    state_db = files.state.read()
    posts_db = files.posts.read()
    return StoreSnapshot(
        drafts=sorted((dict(r) for r in drafts_db.table("drafts").all()), key=lambda r: r["id"]),
        next_draft=int(counter["next_draft"]) if counter else 1,
        events=[e.to_dict() for e in files.events.all()],
        archived=[e.to_dict() for e in reversed(files.events.archived())],
        state={str(r["key"]): r["value"] for r in state_db.table("state").all()},
        audit=[dict(r) for r in state_db.table("audit").all()],
        posts=sorted((dict(r) for r in posts_db.table("posts").all()), key=lambda r: r["id"]),
        results=sorted(
            (dict(r) for r in posts_db.table("results").all()), key=lambda r: r["post_id"]
        ),
    )


def file_restore(files: DataDirFiles, snapshot: StoreSnapshot) -> None:
    """Fill an empty data dir with ``snapshot``, one transaction per file.

    Raises:
        StoreError: the data dir already holds something.
    """
    if not file_snapshot(files).is_empty():
        raise StoreError(
            _("{store}: not empty; copy only into an empty store").format(store=files.data_dir)
        )

    def drafts(db: TinyDB) -> None:
        db.table("counters").insert({"next_draft": snapshot.next_draft})
        db.table("drafts").insert_multiple(snapshot.drafts)

    def archive(db: TinyDB) -> None:
        db.table("events").insert_multiple(snapshot.archived)

    def state(db: TinyDB) -> None:
        db.table("state").insert_multiple(
            {"key": key, "value": value} for key, value in snapshot.state.items()
        )
        db.table("audit").insert_multiple(audit_chain.sealed_log(snapshot.audit))

    def posts(db: TinyDB) -> None:
        db.table("posts").insert_multiple(snapshot.posts)
        db.table("results").insert_multiple(snapshot.results)

    files.drafts.transact(drafts)
    events = [Event.from_dict(row) for row in snapshot.events]
    files.events.merge(lambda _current: events)
    files.events.archive_db.transact(archive)
    files.state.transact(state)
    files.posts.transact(posts)
