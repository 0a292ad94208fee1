"""The event files' segments: each merge writes what it changed to a new file, read by layers.

A refresh changes a few hundred events of up to 20,000 or more. Rewriting every body and every
standing at each merge (``events.json`` 16 MB and ``ranking.json`` 29 MB at 20,000 events) made
a merge cost what was stored. So a merge writes one new *segment* under ``events.d/``: the
bodies it wrote, the standings it computed again and a tombstone for each event it moved to the
archive. Segments are written once (atomically, with their row index, see
:mod:`rtc_tui.store.row_index`) and never changed; the newest version of a row wins. A small
*manifest* (``events-live.json``, :class:`Manifest`) says which events are live, where each
body is, the ranking's order and the clustering index: what a merge needs of every event.

Segments are merged (*compacted*) when it is cheap, in the merge that writes one: the newest
ones while they are about the size of the one before them (each row is rewritten a few times
over its life, as in a binary counter), and all of them once the superseded rows outnumber the
live ones. A reader without the manifest (one event, its story, one standing) looks through the
segments newest first: a tombstone there means the event left.

Data dirs from before the segments (``events.json`` and ``ranking.json`` with every row) are
read as one bottom layer (:class:`LegacyLayer`) and moved into a segment by the first merge.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import msgspec

from rtc_tui.i18n import _
from rtc_tui.store.db import SCHEMA_VERSION
from rtc_tui.store.fsio import FileModes, StoreError, ensure_dir, store_error
from rtc_tui.store.manifest import KeyedManifest, Manifest, decode_manifest, encode_manifest
from rtc_tui.store.row_index import IndexedDatabase, Keys
from rtc_tui.store.rows import SEGMENT_CHECKS, TableChecks

SEGMENTS_DIR = "events.d"
"""The folder of the segments, in the data dir."""

GONE = "gone"
"""The segments' table of tombstones: ``{"id": ...}`` for each event a merge archived."""

UNRANKED = "unranked"
"""The segments' table saying a merge emptied the ranking (older standings no longer count)."""


def manifest_keys(_row: dict[str, Any]) -> list[tuple[str, str]]:
    """The manifest is read whole: its one row has no key to be found by."""
    return []


def segment_name(number: int) -> str:
    """A segment's file name (numbers sort as names)."""
    return f"{number:08d}.json"


def body_keys(row: dict[str, Any]) -> list[tuple[str, str]]:
    """What an event body is found by: its id and its story."""
    return [("id", str(row.get("id") or "")), ("cluster", str(row.get("cluster_id") or ""))]


def standing_keys(row: dict[str, Any]) -> list[tuple[str, str]]:
    """What a standing is found by: its event's id."""
    event = row.get("event")
    return [("standing", str(event.get("id") or "") if isinstance(event, dict) else "")]


def _gone_keys(row: dict[str, Any]) -> list[tuple[str, str]]:
    return [(GONE, str(row.get("id") or ""))]


def _unranked_keys(_row: dict[str, Any]) -> list[tuple[str, str]]:
    return [(UNRANKED, "all")]


SEGMENT_TABLES: dict[str, Keys] = {
    "events": body_keys,
    "ranking": standing_keys,
    GONE: _gone_keys,
    UNRANKED: _unranked_keys,
}
"""A segment's tables and the keys each row is indexed by."""


def numbered(folder: Path, prefix: str = "") -> list[int]:
    """The numbers of the files ``<prefix>NNNNNNNN.json`` in ``folder``, in order.

    Raises:
        StoreError: the folder cannot be read.
    """
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise store_error(folder, "read", exc) from exc
    stems = (n[len(prefix) : -5] for n in names if n.startswith(prefix) and n.endswith(".json"))
    return sorted(int(s) for s in stems if s.isdigit())


class SegmentGoneError(Exception):
    """A layer's file went away while it was read (a merge compacted or moved it)."""


class Layer:
    """One readable layer of the events: a segment (or the files from before them)."""

    def __init__(self, number: int, databases: Mapping[str, IndexedDatabase]) -> None:
        self.number = number
        self.databases = databases
        """Which file holds each table (a segment holds all of them)."""
        self._documents: dict[int, dict[str, Any]] = {}
        """Each file's document once read whole (a layer is read for one view only)."""

    def table(self, name: str) -> list[dict[str, Any]]:
        """Every row of table ``name`` (the file read whole; ``[]`` if it has none).

        Raises:
            StoreCorruptError: the file is corrupt (named in the message).
            SegmentGoneError: the file is gone (a merge compacted it since the manifest was
                read): read the manifest again.
        """
        db = self.databases.get(name)
        if db is None:
            return []
        document = self._documents.get(id(db))
        if document is None:
            document = db.load()
            if not document and not db.path.exists():
                raise SegmentGoneError(str(db.path))
            self._documents[id(db)] = document
        rows = document.get(name) or {}
        return [r for r in rows.values() if isinstance(r, dict)]

    def find(self, kind: str, value: str) -> list[dict[str, Any]] | None:
        """The rows keyed ``(kind, value)``; ``None`` when the index cannot say."""
        table = KIND_TABLES[kind]
        db = self.databases.get(table)
        if db is None:
            return []
        if db.kinds:
            return db.find(kind, value)
        return db.find(LEGACY_KINDS.get(kind, kind), value)

    def find_many(self, kind: str, values: Iterable[str]) -> dict[str, list[dict[str, Any]]] | None:
        """:meth:`find` for several values, with the files opened once."""
        table = KIND_TABLES[kind]
        db = self.databases.get(table)
        if db is None:
            return {}
        return db.find_many(kind if db.kinds else LEGACY_KINDS.get(kind, kind), values)


KIND_TABLES = {
    "id": "events",
    "cluster": "events",
    "standing": "ranking",
    GONE: GONE,
    UNRANKED: UNRANKED,
}
"""Which table a key kind finds rows in."""

LEGACY_KINDS = {"standing": "id"}
"""The key kinds of the files from before the segments (``ranking.json`` finds by ``id``)."""


class _ManifestDocument(msgspec.Struct):
    """``events-live.json`` as msgspec decodes it in one typed pass."""

    meta: dict[str, dict[str, Any]] = msgspec.field(default_factory=dict, name="_meta")
    manifest: dict[str, Manifest] = msgspec.field(default_factory=dict)


class _KeyedManifestDocument(msgspec.Struct):
    """``events-live.json`` as written before the index's entries were arrays."""

    meta: dict[str, dict[str, Any]] = msgspec.field(default_factory=dict, name="_meta")
    manifest: dict[str, KeyedManifest] = msgspec.field(default_factory=dict)


class ManifestDatabase(IndexedDatabase):
    """``events-live.json``: decoded straight into a :class:`Manifest`, encoded from one.

    Every merge reads and writes it whole (20,000 small entries at 20,000 events): a typed
    decode checks it while decoding, and its row is written from the object itself, without
    building dicts in between. Anything the typed decode refuses goes the general way, which
    names the file and the bad row.
    """

    def __init__(self, path: Path, *, modes: FileModes, checks: TableChecks) -> None:
        super().__init__(path, table="manifest", keys=manifest_keys, modes=modes, checks=checks)

    def _decode(self, raw: bytes) -> tuple[dict[str, Any], bool]:
        try:
            typed = msgspec.json.decode(raw, type=_ManifestDocument)
        except (msgspec.DecodeError, msgspec.ValidationError):
            try:  # written before the index's entries were arrays: read it in today's form
                keyed = msgspec.json.decode(raw, type=_KeyedManifestDocument)
            except (msgspec.DecodeError, msgspec.ValidationError):
                return super()._decode(raw)
            rows = {n: m.current() for n, m in keyed.manifest.items()}
            return {"_meta": keyed.meta, "manifest": rows}, True
        return {"_meta": typed.meta, "manifest": dict(typed.manifest)}, True


class Segments:
    """The ``events.d`` folder: numbered segment files, each with its row index."""

    def __init__(self, data_dir: Path, modes: FileModes) -> None:
        self.folder = data_dir / SEGMENTS_DIR
        self.modes = modes

    def database(self, number: int) -> IndexedDatabase:
        """The segment ``number`` as a database (read, or written once by :meth:`write`)."""
        return IndexedDatabase(
            self.folder / segment_name(number),
            table="events",
            keys=body_keys,
            modes=self.modes,
            checks=SEGMENT_CHECKS,
            tables=SEGMENT_TABLES,
            kinds=KIND_TABLES,
            written_once=True,
        )

    def layer(self, number: int) -> Layer:
        """Segment ``number`` as a layer."""
        db = self.database(number)
        return Layer(number, {name: db for name in SEGMENT_TABLES})

    def numbers(self) -> list[int]:
        """The segments on disk, oldest first (what a reader without the manifest probes)."""
        return numbered(self.folder)

    def write(self, number: int, tables: Mapping[str, Iterable[dict[str, Any]]]) -> int:
        """Write a new segment holding ``tables``; its size in bytes.

        Raises:
            StoreError: it exists already (segments are written once) or cannot be written.
        """
        ensure_dir(self.folder, self.modes, tighten_existing=False)
        db = self.database(number)
        if db.path.exists():
            raise StoreError(
                _("{path}: a segment is written once; it exists already").format(path=db.path)
            )
        document: dict[str, Any] = {"_meta": {"1": {"schema": SCHEMA_VERSION}}}
        for name, rows in tables.items():
            document[name] = {str(i): row for i, row in enumerate(rows, 1)}
        return db.write_new(document)

    def remove(self, numbers: Iterable[int]) -> None:
        """Delete segments no manifest names any more (with their index and backup)."""
        for number in numbers:
            db = self.database(number)
            for path in db.related_paths:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()

    def paths(self, numbers: Iterable[int]) -> Iterator[IndexedDatabase]:
        """The databases of ``numbers`` (what the start-up check and ``rtc doctor`` look at)."""
        for number in numbers:
            yield self.database(number)


__all__ = [
    "GONE",
    "KIND_TABLES",
    "LEGACY_KINDS",
    "Layer",
    "Manifest",
    "SEGMENTS_DIR",
    "SEGMENT_TABLES",
    "SegmentGoneError",
    "Segments",
    "UNRANKED",
    "body_keys",
    "decode_manifest",
    "encode_manifest",
    "manifest_keys",
    "numbered",
    "segment_name",
    "standing_keys",
]
