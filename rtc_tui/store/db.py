"""Locked, atomic JSON files for TinyDB: the only place that touches the data dir's files.

Every database file is guarded by an inter-process lock (``<file>.lock``). A transaction takes
the lock, re-reads and validates the whole file, lets TinyDB change an in-memory copy, and only
when it ends writes the result once: the old file is first copied atomically to ``<file>.bak``,
then the new one goes to a fresh temporary file, is fsynced and renamed over the old one (see
:mod:`rtc_tui.store.fsio`: links are never followed). So a transaction writes all of its
changes or none (a draft id is never used up by a draft that was not saved), and a reader,
locked or not, only ever sees a whole file.

A file that cannot be parsed, or that holds a row of the wrong shape, raises
:class:`StoreCorruptError` naming the file, the table and the row, and is never written over
(``rtc doctor --fix`` moves such rows aside). A file written by a newer rtc is refused for
writes and read with a warning.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import msgspec
from tinydb import TinyDB
from tinydb.storages import Storage

from rtc_tui.i18n import _, ngettext
from rtc_tui.store.fsio import (
    FileLock,
    FileModes,
    StoreCorruptError,
    StoreError,
    backup_atomic,
    check_entry,
    clean_stale_temps,
    read_nofollow,
    write_atomic,
)
from rtc_tui.store.rows import RowProblem, TableChecks, check_document

__all__ = [
    "LOCK_TIMEOUT",
    "MIGRATIONS",
    "ROWS_SINCE",
    "SCHEMA_VERSION",
    "JsonDatabase",
    "StoreCorruptError",
    "StoreError",
    "parse_document",
    "read_json_document",
]

SCHEMA_VERSION = 2
"""The data layout this code writes; older files are migrated on first write.

2: the clustering index left the events' manifest for its own parts (``events.d/index-*``);
a manifest of schema 1 holds it inline and is read as it is (its first merge moves it).
Nothing else changed: a file of schema 1 is migrated by stamping it 2.
"""

ROWS_SINCE = 1
"""The oldest schema whose rows, as written, today's checks accept unchanged (a row index
naming it vouches for its file: see :meth:`~rtc_tui.store.row_index.IndexedDatabase.vouched`).
"""

MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}
"""Migration hooks: ``MIGRATIONS[n]`` turns a version-``n`` document into version ``n + 1``."""

LOCK_TIMEOUT = 30.0
"""Seconds to wait for another process's lock before giving up with a clear error."""

T = TypeVar("T")


class _MemoryStorage(Storage):
    """TinyDB storage over a document held in memory; the database writes it to disk."""

    def __init__(self, document: dict[str, Any], *, writable: bool, path: Path) -> None:
        self.document = document
        self.writable = writable
        self.path = path
        self.dirty = False

    def read(self) -> dict[str, Any] | None:
        return self.document

    def write(self, data: dict[str, Any]) -> None:
        if not self.writable:
            raise StoreError(
                _("{path}: written outside a transaction (a bug; nothing written)").format(
                    path=self.path
                )
            )
        self.document = data
        self.dirty = True

    def close(self) -> None:
        """Nothing stays open between calls."""


def parse_document(path: Path, raw: bytes) -> dict[str, Any]:
    """Parse the bytes of a database file into ``{table: {doc_id: row}}``.

    Raises:
        StoreCorruptError: the bytes are not JSON or not an object of tables.
    """
    if not raw.strip():
        raise StoreCorruptError(
            _("{path}: data file is empty (not overwritten; see {path}.bak)").format(path=path)
        )
    try:
        # msgspec parses a few times faster; on anything it refuses, the standard parser
        # decides (it accepts what it always did, and its error names the line).
        data = msgspec.json.decode(raw)
    except msgspec.DecodeError:
        data = _parse_standard(path, raw)
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise StoreCorruptError(
            _("{path}: data file has an unexpected shape; it was left untouched").format(path=path)
        )
    return data


def _parse_standard(path: Path, raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        line = getattr(exc, "lineno", None)
        where = f"{path}:{line}" if line else str(path)
        raise StoreCorruptError(
            _(
                "{where}: data file is corrupt ({kind}); "
                "it was left untouched, a backup may be at {path}.bak"
            ).format(where=where, kind=exc.__class__.__name__, path=path)
        ) from exc


def read_json_document(path: Path) -> dict[str, Any] | None:
    """Read a whole database file; ``None`` when it does not exist yet.

    Raises:
        StoreCorruptError: the file is not JSON or not an object of tables.
        StoreError: the file cannot be read, or is a link.
    """
    raw = read_nofollow(path)
    return None if raw is None else parse_document(path, raw)


def schema_of(document: Mapping[str, Any]) -> int:
    """The schema version a document says it has (0: none recorded yet)."""
    rows = document.get("_meta") or {}
    for row in rows.values():
        value = row.get("schema") if isinstance(row, dict) else None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return 0


def bad_rows_error(path: Path, problems: list[RowProblem]) -> StoreCorruptError:
    """One line naming the first bad row (and how many more), saying nothing was written."""
    first = problems[0]
    others = len(problems) - 1
    more = (
        ngettext(" (and {n} more bad row)", " (and {n} more bad rows)", others).format(n=others)
        if others
        else ""
    )
    return StoreCorruptError(
        _(
            "{path}: {problem}{more}; the file was left untouched "
            "(`rtc doctor` lists the problems, `rtc doctor --fix` moves bad rows aside)"
        ).format(path=path, problem=first.describe(), more=more)
    )


def newer_error(path: Path, version: int) -> StoreError:
    """One line saying a newer rtc wrote ``path`` in a form this one cannot read."""
    return StoreError(
        _(
            "{path}: written by a newer rtc (schema {version} > {supported}) in a form this "
            "rtc cannot read; upgrade rtc (nothing was written)"
        ).format(path=path, version=version, supported=SCHEMA_VERSION)
    )


class JsonDatabase:
    """One TinyDB JSON file with its lock: transactions re-read under the lock, write once."""

    def __init__(
        self,
        path: Path,
        *,
        modes: FileModes | None = None,
        checks: TableChecks | None = None,
    ) -> None:
        self.path = path
        self.modes = modes or FileModes()
        self.checks: TableChecks = checks or {}
        self._lock = FileLock(path.with_name(path.name + ".lock"), LOCK_TIMEOUT, self.modes)
        self._local = threading.local()
        self._validated: tuple[int, int, int] | None = None
        self.warning = ""
        """Set when the file was written by a newer rtc: read, but never written."""

    @property
    def related_paths(self) -> tuple[Path, ...]:
        """The file, its backup and its lock: every name this database opens."""
        name = self.path.name
        return (self.path, self.path.with_name(name + ".bak"), self.path.with_name(name + ".lock"))

    def check_files(self) -> None:
        """Refuse links and files owned by someone else among :attr:`related_paths`."""
        for path in self.related_paths:
            check_entry(path, self.modes)

    def load(self) -> dict[str, Any]:
        """The whole document, parsed and every row validated (``{}`` for no file yet).

        Raises:
            StoreCorruptError: the file is corrupt or holds a bad row (named in the message).
            StoreError: the file cannot be read or is a link.
        """
        self.check_files()
        raw = read_nofollow(self.path)
        if raw is None:
            return {}
        document, checked = self._decode(raw)
        version = schema_of(document)
        self.warning = (
            f"{self.path}: written by a newer rtc (schema {version} > {SCHEMA_VERSION}); "
            "read only, nothing will be written to it"
            if version > SCHEMA_VERSION
            else ""
        )
        stamp = self._stat_key()
        if stamp is not None and stamp != self._validated and self._vouched_for(stamp):
            self._validated = stamp
        if not checked and (stamp is None or stamp != self._validated):
            problems = check_document(document, self.checks)
            if problems:
                if version > SCHEMA_VERSION:  # not a bad row: a form this rtc does not know
                    raise newer_error(self.path, version)
                raise bad_rows_error(self.path, problems)
            self._validated = stamp
        return document

    def _decode(self, raw: bytes) -> tuple[dict[str, Any], bool]:
        """The file's bytes as a document, and whether its rows were checked while decoding.

        A plain file is parsed and its rows checked afterwards (once per version read).
        """
        return parse_document(self.path, raw), False

    def _vouched_for(self, stamp: tuple[int, int, int]) -> bool:
        """Whether the file version ``stamp`` is known valid without checking its rows.

        A plain file never is: its rows are checked once per version read.
        """
        return False

    def problems(self) -> list[RowProblem]:
        """Every bad row of the file (for ``rtc doctor``), without raising for them."""
        raw = read_nofollow(self.path)
        if raw is None:
            return []
        return check_document(parse_document(self.path, raw), self.checks)

    @contextlib.contextmanager
    def locked(self) -> Iterator[TinyDB]:
        """Hold the lock and yield a TinyDB over the freshly read, validated file.

        Its changes are written once, atomically, when the block ends without an exception
        (none are written when it raises). Nested use in one thread shares the transaction.
        """
        current: TinyDB | None = getattr(self._local, "db", None)
        if current is not None:
            yield current
            return
        with self._lock.hold():
            document = self.load()
            version = schema_of(document)
            if version > SCHEMA_VERSION:
                raise StoreError(
                    _(
                        "{path}: written by a newer rtc (schema {version} > {supported}); "
                        "refusing to write to it"
                    ).format(path=self.path, version=version, supported=SCHEMA_VERSION)
                )
            storage_box: list[_MemoryStorage] = []

            def make_storage() -> _MemoryStorage:
                storage = _MemoryStorage(document, writable=True, path=self.path)
                storage_box.append(storage)
                return storage

            db = TinyDB(storage=make_storage)
            storage = storage_box[0]
            if version < SCHEMA_VERSION:
                storage.write(self._migrated(document, version))
            self._local.db = db
            try:
                yield db
            finally:
                self._local.db = None
            if storage.dirty:
                self._commit(storage.document)

    def _commit(self, document: dict[str, Any]) -> None:
        """Write ``document`` over the file: stale temps cleaned, old file kept as ``.bak``."""
        self._write_bytes(
            json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        )

    def _write_bytes(self, data: bytes) -> None:
        """Write the encoded document ``data`` over the file (how :meth:`_commit` ends)."""
        clean_stale_temps(self.path)
        backup_atomic(self.path, self.modes)
        write_atomic(self.path, data, self.modes)
        self._validated = self._stat_key()

    def read(self) -> TinyDB:
        """A read-only TinyDB without the lock (safe: writes are atomic renames)."""
        document = self.load()
        return TinyDB(
            storage=lambda: _MemoryStorage(document, writable=False, path=self.path),
        )

    def stamp(self) -> tuple[int, int]:
        """(mtime_ns, size) of the file, to notice writes by other sessions cheaply."""
        try:
            st = self.path.stat()
        except OSError:
            return (0, 0)
        return (st.st_mtime_ns, st.st_size)

    def transact(self, fn: Callable[[TinyDB], T]) -> T:
        """Run ``fn`` on the freshly read database under the lock and return its result."""
        with self.locked() as db:
            return fn(db)

    def hold_lock(self) -> contextlib.AbstractContextManager[None]:
        """The file's inter-process lock, re-entrant within a thread (for ``rtc doctor``)."""
        return self._lock.hold()

    def replace_document(self, document: dict[str, Any]) -> None:
        """Write a whole new document under the lock, without validating the old one.

        For ``rtc doctor --fix`` only: the caller has already moved the bad rows aside.
        """
        with self._lock.hold():
            self.check_files()
            self._commit(document)

    def _stat_key(self) -> tuple[int, int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    @staticmethod
    def _migrated(document: dict[str, Any], version: int) -> dict[str, Any]:
        for step in range(version, SCHEMA_VERSION):
            if step in MIGRATIONS:
                document = MIGRATIONS[step](document)
        document["_meta"] = {"1": {"schema": SCHEMA_VERSION}}
        return document
