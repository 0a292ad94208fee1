"""Locked, atomic JSON files for TinyDB: the only place that touches the data dir's files.

Every database file is guarded by an inter-process lock (``<file>.lock``). A write goes to a
temporary file in the same folder, is fsynced and then ``os.replace``-d over the old file, so a
reader (locked or not) only ever sees a whole file. A read-modify-write takes the lock first and
re-reads the file under it, so two ``rtc`` processes on one data dir never lose each other's
changes. A file that cannot be parsed raises :class:`StoreCorruptError` and is never written
over; the last good version is kept beside it as ``<file>.bak``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.storages import Storage

SCHEMA_VERSION = 1
"""The data layout this code writes; older files are migrated on first write."""

MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}
"""Migration hooks: ``MIGRATIONS[n]`` turns a version-``n`` document into version ``n + 1``."""

LOCK_TIMEOUT = 30.0
"""Seconds to wait for another process's lock before giving up with a clear error."""

T = TypeVar("T")


class StoreError(Exception):
    """A data file that cannot be used; the message names the file."""


class StoreCorruptError(StoreError):
    """A data file exists but is not valid JSON of the expected shape."""


class _JSONFileStorage(Storage):
    """TinyDB storage over one JSON file: whole-file reads, atomic whole-file writes."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> dict[str, Any] | None:
        return read_json_document(self.path)

    def write(self, data: dict[str, Any]) -> None:
        write_json_atomic(self.path, data)

    def close(self) -> None:
        """Nothing stays open between calls."""


def read_json_document(path: Path) -> dict[str, Any] | None:
    """Read a whole database file; ``None`` when it does not exist yet.

    Raises:
        StoreCorruptError: the file is not JSON or not an object of tables.
        StoreError: the file cannot be read.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"{path}: cannot read data file: {exc.strerror}") from exc
    if not raw.strip():
        raise StoreCorruptError(f"{path}: data file is empty (not overwritten; see {path}.bak)")
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        where = f"{path}:{line}" if line else str(path)
        raise StoreCorruptError(
            f"{where}: data file is corrupt ({exc.__class__.__name__}); "
            f"it was left untouched, a backup may be at {path}.bak"
        ) from exc
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise StoreCorruptError(f"{path}: data file has an unexpected shape; it was left untouched")
    return data


def write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` as JSON via temp file, fsync and rename; keep the old file as ``.bak``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            shutil.copy2(path, path.with_name(path.name + ".bak"))
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


class JsonDatabase:
    """One TinyDB JSON file with its lock: transactions re-read under the lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT)

    @contextlib.contextmanager
    def locked(self) -> Iterator[TinyDB]:
        """Hold the inter-process lock and yield a TinyDB freshly read from disk.

        Use for every read-modify-write: nothing read before the lock is trusted.
        """
        try:
            with self._lock:
                db = self._open()
                self._migrate(db)
                yield db
        except Timeout as exc:
            raise StoreError(f"{self.path}: another rtc process holds the lock too long") from exc

    def read(self) -> TinyDB:
        """A TinyDB for reading without the lock (safe: writes are atomic renames)."""
        return self._open()

    def stamp(self) -> tuple[int, int]:
        """(mtime_ns, size) of the file, to notice writes by other sessions cheaply."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return (0, 0)
        return (st.st_mtime_ns, st.st_size)

    def transact(self, fn: Callable[[TinyDB], T]) -> T:
        """Run ``fn`` on the freshly read database under the lock and return its result."""
        with self.locked() as db:
            return fn(db)

    def _open(self) -> TinyDB:
        storage_path = self.path
        db = TinyDB(storage=_JSONFileStorage, path=storage_path)
        # Fail early and clearly on a corrupt file, before anyone writes.
        db.storage.read()
        return db

    def _migrate(self, db: TinyDB) -> None:
        meta = db.table("_meta")
        rows = meta.all()
        version = int(rows[0].get("schema", SCHEMA_VERSION)) if rows else 0
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer rtc (schema {version} > {SCHEMA_VERSION})"
            )
        if version == SCHEMA_VERSION:
            return
        document = db.storage.read() or {}
        for step in range(version, SCHEMA_VERSION):
            if step in MIGRATIONS:
                document = MIGRATIONS[step](document)
        document["_meta"] = {"1": {"schema": SCHEMA_VERSION}}
        db.storage.write(document)
