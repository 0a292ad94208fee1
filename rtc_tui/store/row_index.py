"""One row of a big JSON file read without reading the file: a sorted index of byte spans.

``events.json`` holds every event body (8 MB at 10,000 events) and TinyDB reads a file whole,
so opening a draft from one event used to parse all of them. :class:`IndexedDatabase` writes,
with every commit of its file, a small binary companion ``<file>.idx``: for each row of one
table, a 64-bit hash of each of the row's keys (its id, its story's cluster id) and where the
row's bytes are in the file. A lookup binary-searches that index with a few ``pread`` calls
and reads only the matching rows' bytes, so it costs the same at 100 or 20,000 rows.

The index names the file version it describes by its size and mtime (not its inode, so a copy
made with its times, as ``cp -a`` or a backup tool does, keeps its index): any other writer of
the file (a hand edit, an older rtc) makes it stale, and a lookup then answers ``None`` so the
caller reads the file whole as before. Every row read is decoded and its keys compared with
the ones asked for: a row that does not match (a stale index that happened to keep size and
mtime, or a hash collision) also answers ``None`` rather than a wrong or missing row. Bad rows
are not judged here either: a row that does not decode or fails its table's check sends the
caller to the whole-file read, which reports it with the file, table and row.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import os
import stat
import struct
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import msgspec

from rtc_tui.i18n import _
from rtc_tui.store.db import ROWS_SINCE, SCHEMA_VERSION, JsonDatabase, schema_of
from rtc_tui.store.fsio import FileModes, StoreError, store_error, write_atomic
from rtc_tui.store.rows import TableChecks

MAGIC = b"RTCIDX01"
HEADER = struct.Struct("<8sQQQQ")
"""magic, the described file's mtime_ns and size, the number of records, the file's schema."""
RECORD = struct.Struct("<QQI")
"""A key's hash, the row's byte offset in the file, its length."""

Keys = Callable[[dict[str, Any]], Iterable[tuple[str, str]]]
"""The ``(kind, value)`` keys a row can be found by (``("id", "e1")``, ``("cluster", "c3")``)."""

FileKey = tuple[int, int]
"""(mtime_ns, size): which version of a file an index describes."""


def key_hash(kind: str, value: str) -> int:
    """The 64-bit hash a ``(kind, value)`` key is sorted and searched by."""
    digest = hashlib.blake2b(f"{kind}\0{value}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def encode_indexed(
    document: dict[str, Any], tables: Mapping[str, Keys]
) -> tuple[bytes, list[tuple[int, int, int]]]:
    """``document`` as compact JSON, and ``(hash, offset, length)`` for each row of ``tables``.

    The bytes parse to the same document the plain encoder would write; each row of an
    indexed table is encoded on its own so its span in the file is known.
    """
    parts: list[bytes] = [b"{"]
    size = 1
    spans: list[tuple[int, int, int]] = []

    def put(chunk: bytes) -> None:
        nonlocal size
        parts.append(chunk)
        size += len(chunk)

    for number, (name, rows) in enumerate(document.items()):
        put((b"," if number else b"") + msgspec.json.encode(name) + b":")
        keys = tables.get(name)
        if keys is None or not isinstance(rows, dict):
            put(msgspec.json.encode(rows))
            continue
        put(b"{")
        for row_number, (doc_id, row) in enumerate(rows.items()):
            put((b"," if row_number else b"") + msgspec.json.encode(str(doc_id)) + b":")
            data = msgspec.json.encode(row)
            if isinstance(row, dict):
                spans.extend((key_hash(k, v), size, len(data)) for k, v in keys(row) if v)
            put(data)
        put(b"}")
    put(b"}")
    return b"".join(parts), spans


def pack_index(described: FileKey, spans: list[tuple[int, int, int]], schema: int = 0) -> bytes:
    """The index file's bytes: header, then the records sorted by hash."""
    spans = sorted(spans)
    header = HEADER.pack(MAGIC, *described, len(spans), schema)
    return header + b"".join(RECORD.pack(*span) for span in spans)


@contextlib.contextmanager
def _open_nofollow(path: Path) -> Iterator[int | None]:
    """A read-only descriptor of the regular file ``path`` (``None``: no such file)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
    except FileNotFoundError:
        yield None
        return
    except OSError as exc:
        raise store_error(path, "read", exc) from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise StoreError(_("{path}: refused: it is not a regular file").format(path=path))
        yield fd
    finally:
        os.close(fd)


class _Records:
    """The records of an open index file, as a sequence of hashes ``bisect`` can search."""

    def __init__(self, fd: int, count: int) -> None:
        self.fd = fd
        self.count = count

    def __len__(self) -> int:
        return self.count

    def record(self, number: int) -> tuple[int, int, int]:
        at = HEADER.size + number * RECORD.size
        raw = os.pread(self.fd, RECORD.size, at)
        if len(raw) != RECORD.size:
            raise ValueError("index shorter than its header says")
        key, offset, length = RECORD.unpack(raw)
        return int(key), int(offset), int(length)

    def __getitem__(self, number: int) -> int:
        return self.record(number)[0]


class _LoadedRecords(_Records):
    """The records of an index file read whole, for a batch of lookups.

    Each bisection step of :class:`_Records` is a read of the file: a batch of 1,000
    standings took 67 ms, most of it in those reads. Read once (20 bytes a row: 0.8 MB at
    20,000 events), the steps are in memory.
    """

    def __init__(self, data: bytes, count: int) -> None:
        super().__init__(-1, count)
        if len(data) < HEADER.size + count * RECORD.size:
            raise ValueError("index shorter than its header says")
        self.data = data

    def record(self, number: int) -> tuple[int, int, int]:
        key, offset, length = RECORD.unpack_from(self.data, HEADER.size + number * RECORD.size)
        return int(key), int(offset), int(length)


class IndexedDatabase(JsonDatabase):
    """A :class:`JsonDatabase` whose ``table`` rows can be read one at a time by key."""

    def __init__(
        self,
        path: Path,
        *,
        table: str,
        keys: Keys,
        modes: FileModes | None = None,
        checks: TableChecks | None = None,
        tables: Mapping[str, Keys] | None = None,
        kinds: Mapping[str, str] | None = None,
        written_once: bool = False,
    ) -> None:
        super().__init__(path, modes=modes, checks=checks)
        self.written_once = written_once
        """Written whole once and never changed (a segment): see :meth:`index_again`."""
        self.table = table
        self.keys = keys
        self.tables: Mapping[str, Keys] = tables or {table: keys}
        """Every indexed table and its keys (``table`` alone unless told)."""
        self.kinds: Mapping[str, str] = kinds or {}
        """Which table each key kind finds rows in (``table`` for any kind not named)."""
        self.index_path = path.with_name(path.name + ".idx")

    @property
    def related_paths(self) -> tuple[Path, ...]:
        """The file, its backup, its lock and its index."""
        return (*super().related_paths, self.index_path)

    def _commit(self, document: dict[str, Any]) -> None:
        """Write the file, then its index (named after the file version just written)."""
        data, spans = encode_indexed(document, self.tables)
        self._write_bytes(data)
        self._write_index(document, spans)

    def _write_index(self, document: dict[str, Any], spans: list[tuple[int, int, int]]) -> None:
        st = self.path.stat()
        described = (st.st_mtime_ns, st.st_size)
        write_atomic(self.index_path, pack_index(described, spans, schema_of(document)), self.modes)

    def write_new(self, document: dict[str, Any]) -> int:
        """Write a file that is written once and never changed (a segment); its size.

        No backup and no lock of its own: the caller holds the lock that names the file (the
        manifest's), and a reader finds it whole or not at all (atomic rename).
        """
        data, spans = encode_indexed(document, self.tables)
        write_atomic(self.path, data, self.modes)
        self._write_index(document, spans)
        return len(data)

    def index_again(self, document: dict[str, Any]) -> bool:
        """Index the file again after a copy that did not keep its time; whether it did.

        The index names the file version it was written with (mtime and size). A copy that
        does not keep file times (``cp -r``, ``scp -r``, ``rsync`` without ``-t``) leaves the
        bytes as they were but no index vouching for them: every start then validated the
        segments whole (0.8 s at 20,000 events) and every part of the ranking was read whole,
        until a merge wrote the segment again. ``document`` is the file just loaded and
        validated: if encoding it gives the file's bytes, the spans are those of the file as
        it is, and a new index names its current version. Only for a file written once (its
        bytes cannot change under the new index); a file gone meanwhile (compaction) gets
        no index left behind.
        """
        schema = schema_of(document)
        if not self.written_once or not ROWS_SINCE <= schema <= SCHEMA_VERSION:
            return False  # (rows of an older schema are checked at every start anyway)
        try:
            with _open_nofollow(self.path) as fd:
                if fd is None:
                    return False
                described = _file_key(fd)
                if described[1] != self._indexed_size():
                    return False  # other bytes than the index's: not encoded at every start
                data, spans = encode_indexed(document, self.tables)
                if described[1] != len(data) or _read_all(fd, len(data)) != data:
                    return False  # not bytes this rtc writes: the whole-file reads stay
            write_atomic(self.index_path, pack_index(described, spans, schema), self.modes)
            if not self.path.exists():
                self.index_path.unlink(missing_ok=True)  # removed by a merge meanwhile
                return False
        except (OSError, StoreError):
            return False
        return True

    def _indexed_size(self) -> int | None:
        """The size of the file version the index was written for (``None``: no index)."""
        with _open_nofollow(self.index_path) as index_fd:
            header = None if index_fd is None else os.pread(index_fd, HEADER.size, 0)
        if header is None or len(header) != HEADER.size:
            return None
        magic, _mtime, size, _count, _schema = HEADER.unpack(header)
        return int(size) if magic == MAGIC else None

    def _vouched_for(self, stamp: tuple[int, int, int]) -> bool:
        """A version this rtc wrote with its index needs no check of every row (see below).

        The whole read of ``events.json`` or ``ranking.json`` in a merge then costs the parse
        alone: checking 20,000 rows again was a third of it.
        """
        return self.vouched()

    def vouched(self) -> bool:
        """Whether the file is the one this rtc last wrote, with its index: valid as written.

        A commit writes rows that came from the models and passed their checks, then the
        index naming that file version and its schema. When the file still has that size and
        mtime and the schema is this rtc's, :meth:`load`'s validation of every row would
        find nothing: the start-up check skips it (it was a whole parse of 8 MB at 10,000
        events). A file an older rtc wrote with its index is vouched for too when its rows
        are of a schema today's checks accept as written (:data:`ROWS_SINCE`: the segments of
        schema 1 are, and are not parsed again after an upgrade). Anything else (no index,
        another writer, a newer rtc's schema) says no.
        """
        try:
            with _open_nofollow(self.index_path) as index_fd:
                header = None if index_fd is None else os.pread(index_fd, HEADER.size, 0)
            st = os.stat(self.path, follow_symlinks=False)
        except (OSError, StoreError):
            return False
        if header is None or len(header) != HEADER.size:
            return False
        magic, mtime, size, _count, schema = HEADER.unpack(header)
        return (
            magic == MAGIC
            and stat.S_ISREG(st.st_mode)
            and (mtime, size) == (st.st_mtime_ns, st.st_size)
            and ROWS_SINCE <= schema <= SCHEMA_VERSION
        )

    def find(self, kind: str, value: str) -> list[dict[str, Any]] | None:
        """The rows of ``table`` with key ``(kind, value)``, in file order.

        ``None`` when the index cannot answer (missing, stale, damaged, or a row that does not
        pass its check): the caller then reads the file whole.
        """
        wanted = key_hash(kind, value)
        try:
            with _open_nofollow(self.index_path) as index_fd:
                if index_fd is None:
                    return None
                spans = self._spans(index_fd, wanted)
                if spans is None:
                    return None
                with _open_nofollow(self.path) as fd:
                    if fd is None or spans[0] != _file_key(fd):
                        return None
                    raw = [os.pread(fd, length, offset) for offset, length in spans[1]]
        except (OSError, ValueError, struct.error):
            return None
        return self._decoded(raw, kind, value)

    def find_many(self, kind: str, values: Iterable[str]) -> dict[str, list[dict[str, Any]]] | None:
        """:meth:`find` for several values of one kind, the files opened once.

        ``None`` when the index cannot answer for one of them (the caller reads the file).
        """
        out: dict[str, list[dict[str, Any]]] = {}
        try:
            with _open_nofollow(self.index_path) as index_fd:
                if index_fd is None:
                    return None
                wanted = list(values)
                opened = _records(index_fd, len(wanted))
                if opened is None:
                    return None
                described, records = opened
                with _open_nofollow(self.path) as fd:
                    if fd is None or described != _file_key(fd):
                        return None
                    for value in wanted:
                        spans = _lookup(records, key_hash(kind, value))
                        raw = [os.pread(fd, length, offset) for offset, length in spans]
                        rows = self._decoded(raw, kind, value)
                        if rows is None:
                            return None
                        out[value] = rows
        except (OSError, ValueError, struct.error):
            return None
        return out

    def present(self, kind: str, values: Iterable[str]) -> set[str] | None:
        """Which of ``values`` a row has as key ``kind``; ``None`` when the index cannot say.

        By hash only, without reading the rows: a 1 in 2**64 chance of a false yes.
        """
        try:
            with _open_nofollow(self.index_path) as index_fd:
                if index_fd is None:
                    return None
                wanted = list(values)
                opened = _records(index_fd, len(wanted))
                if opened is None:
                    return None
                described, records = opened
                found = {value for value in wanted if _lookup(records, key_hash(kind, value))}
                with _open_nofollow(self.path) as fd:
                    if fd is None or (wanted and described != _file_key(fd)):
                        return None
        except (OSError, ValueError, struct.error):
            return None
        return found

    @staticmethod
    def _spans(fd: int, wanted: int) -> tuple[FileKey, list[tuple[int, int]]] | None:
        opened = _records(fd, 1)
        if opened is None:
            return None
        return opened[0], _lookup(opened[1], wanted)

    def _decoded(self, raw: list[bytes], kind: str, value: str) -> list[dict[str, Any]] | None:
        table = self.kinds.get(kind, self.table)
        check = self.checks.get(table)
        keys = self.tables.get(table, self.keys)
        rows: list[dict[str, Any]] = []
        for data in raw:
            try:
                row = msgspec.json.decode(data)
                if check is not None:
                    check(row)
            except Exception:  # any failure of a decoder or a check: the whole-file read decides
                return None
            if not isinstance(row, dict) or (kind, value) not in set(keys(row)):
                return None  # stale index or a hash collision: the whole-file read decides
            rows.append(row)
        return rows


def _header(raw: bytes) -> tuple[FileKey, int] | None:
    """The file version an index's header describes, and its number of records.

    ``None``: not an index.
    """
    if len(raw) != HEADER.size:
        return None
    magic, mtime, size, count, _schema = HEADER.unpack(raw)
    if magic != MAGIC:
        return None
    return (int(mtime), int(size)), int(count)


LOAD_INDEX_MIN = 8
"""From how many lookups in one index a batch reads it whole (a bisection is ~16 reads)."""


def _records(index_fd: int, lookups: int) -> tuple[FileKey, _Records] | None:
    """The file version an index describes, and its records (read whole for a batch).

    ``lookups`` is how many keys the caller looks up; ``None``: not an index.
    """
    header = _header(os.pread(index_fd, HEADER.size, 0))
    if header is None:
        return None
    described, count = header
    if lookups < LOAD_INDEX_MIN:
        return described, _Records(index_fd, count)
    data = os.pread(index_fd, HEADER.size + count * RECORD.size, 0)
    return described, _LoadedRecords(data, count)


def _lookup(records: _Records, wanted: int) -> list[tuple[int, int]]:
    """The ``(offset, length)`` of every row whose key hashes to ``wanted``, in file order."""
    found: list[tuple[int, int]] = []
    number = bisect.bisect_left(records, wanted)
    while number < len(records):
        key, offset, length = records.record(number)
        if key != wanted:
            break
        found.append((offset, length))
        number += 1
    found.sort()
    return found


def _read_all(fd: int, size: int) -> bytes:
    """The first ``size`` bytes of ``fd`` (fewer if the file is shorter)."""
    chunks: list[bytes] = []
    offset = 0
    while offset < size:
        chunk = os.pread(fd, size - offset, offset)
        if not chunk:
            break
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def _file_key(fd: int) -> FileKey:
    st = os.fstat(fd)
    return (st.st_mtime_ns, st.st_size)
