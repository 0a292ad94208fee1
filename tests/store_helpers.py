"""What tests do to a store behind the desk's back, on either backend: a second handle, a hand edit.

A hand edit of the audit log is what ``rtc audit --verify`` must catch: on the files, an edit of
``state.json``; on PostgreSQL, the table's owner lifting the append-only trigger for a moment
(what a database administrator could do; a desk's role cannot).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from psycopg.types.json import Json

from rtc_tui.store import FileStore, Store
from rtc_tui.store.postgres import PgStore


def reopen(store: Store, data_dir: Path) -> Store:
    """Another handle on the same stored data, as another process would open it."""
    if isinstance(store, PgStore):
        return PgStore(store.db.url, data_dir=data_dir)
    return FileStore(store.data_dir)


def tamper_audit(store: Store, index: int, change: Callable[[dict[str, Any]], None]) -> None:
    """Apply ``change`` to the audit record at ``index`` (from 1), bypassing the store."""
    if isinstance(store, PgStore):
        with psycopg.connect(store.db.url, autocommit=True) as conn, conn.transaction():
            seq, entry = conn.execute(
                "SELECT seq, entry FROM audit ORDER BY seq OFFSET %s LIMIT 1", (index - 1,)
            ).fetchone() or (None, None)
            assert seq is not None, f"no audit record {index}"
            record = dict(entry)
            change(record)
            conn.execute("ALTER TABLE audit DISABLE TRIGGER audit_append_only")
            conn.execute("UPDATE audit SET entry = %s WHERE seq = %s", (Json(record), seq))
            conn.execute("ALTER TABLE audit ENABLE TRIGGER audit_append_only")
        return
    path = store.data_dir / "state.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    rows = document["audit"]
    key = sorted(rows, key=int)[index - 1]
    change(rows[key])
    path.write_text(json.dumps(document), encoding="utf-8")
