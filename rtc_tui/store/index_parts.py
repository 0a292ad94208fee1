"""The clustering index's files: a base and the changes of later merges (``events.d/index-*``).

A merge needs the whole clustering index (every live title's entry, every token's postings),
but changes only what its batch touched: a hundred new titles in an index of 20,000. Written
whole, the index was 7 MB of every merge's 7.4 MB manifest at 20,000 events (encoded, written,
fsynced each time). So the index is kept in *parts*, like the bodies in segments
(:mod:`rtc_tui.store.segments`): a *base* part holds every entry and every token's postings;
each later merge writes one small part with the entries it added or changed, the ids that left
and, per token, the ids added to and taken out of its postings. A reader applies the parts in
turn. A new base is written when the parts after it hold a quarter of the entries (or the
whole index was ranked again), so each entry is written a bounded number of times over its
life and a merge costs what its batch wrote, on average.

Parts are written once, atomically, under the manifest's lock, before the manifest naming
them; a part the manifest does not name is a crashed merge's and is removed by the next one.
Each has a row index (``.idx``) that lets the start-up check trust it without parsing it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from operator import attrgetter
from pathlib import Path
from typing import Any

import msgspec

from rtc_tui.core.trending.cluster_index import ClusterEntry, StoredPostings
from rtc_tui.core.trending.rerank import RankUpdate
from rtc_tui.i18n import _
from rtc_tui.store.db import SCHEMA_VERSION
from rtc_tui.store.fsio import FileModes, StoreCorruptError, StoreError, ensure_dir
from rtc_tui.store.manifest import IndexPart, Manifest
from rtc_tui.store.row_index import IndexedDatabase
from rtc_tui.store.rows import INDEX_CHECKS
from rtc_tui.store.segments import numbered

PREFIX = "index-"
"""An index part's file name: ``index-NNNNNNNN.json`` in the segments' folder."""

TABLE = "index"
"""The table holding a part's one row."""

REBASE_SHARE = 4
"""A new base is written when the parts after it hold more than 1/REBASE_SHARE of the entries."""

REBASE_SLACK = 500
"""...and more than this many entries (small indexes are rewritten seldom, and cheaply)."""


def part_name(number: int) -> str:
    """An index part's file name."""
    return f"{PREFIX}{number:08d}.json"


def _no_keys(_row: dict[str, Any]) -> list[tuple[str, str]]:
    """A part is read whole: its row is found by no key."""
    return []


class _PartDocument(msgspec.Struct):
    """An index part's file as msgspec decodes it in one typed pass."""

    meta: dict[str, dict[str, Any]] = msgspec.field(default_factory=dict, name="_meta")
    index: dict[str, IndexPart] = msgspec.field(default_factory=dict)


class IndexPartDatabase(IndexedDatabase):
    """One index part: decoded straight into an :class:`IndexPart` (checked while decoded).

    Anything the typed decode refuses goes the general way, which names the file and the bad
    row (or says a newer rtc wrote it).
    """

    def __init__(self, path: Path, *, modes: FileModes) -> None:
        super().__init__(path, table=TABLE, keys=_no_keys, modes=modes, checks=INDEX_CHECKS)

    def _decode(self, raw: bytes) -> tuple[dict[str, Any], bool]:
        try:
            typed = msgspec.json.decode(raw, type=_PartDocument)
        except (msgspec.DecodeError, msgspec.ValidationError):
            return super()._decode(raw)
        return {"_meta": typed.meta, TABLE: dict(typed.index)}, True

    def part(self) -> IndexPart:
        """The part this file holds.

        Raises:
            StoreCorruptError: the file is corrupt, holds no part, or is gone.
        """
        document = self.load()
        rows = list((document.get(TABLE) or {}).values())
        if len(rows) != 1:
            raise StoreCorruptError(
                _("{path}: an index part holds one row; the file was left untouched").format(
                    path=self.path
                )
            )
        row = rows[0]
        return row if isinstance(row, IndexPart) else msgspec.convert(row, IndexPart)


class IndexParts:
    """The index parts in the ``events.d`` folder."""

    def __init__(self, folder: Path, modes: FileModes) -> None:
        self.folder = folder
        self.modes = modes

    def database(self, number: int) -> IndexPartDatabase:
        """Part ``number`` as a database (read, or written once by :meth:`write`)."""
        return IndexPartDatabase(self.folder / part_name(number), modes=self.modes)

    def numbers(self) -> list[int]:
        """The parts on disk, oldest first."""
        return numbered(self.folder, PREFIX)

    def read(self, numbers: Iterable[int]) -> tuple[dict[str, ClusterEntry], StoredPostings | None]:
        """The index the parts ``numbers`` (base first) hold: its entries and postings.

        The postings are ``None`` when the base could not store them (built from the entries).

        Raises:
            StoreCorruptError: a part is corrupt, missing, or not in a base-first sequence.
        """
        entries: dict[str, ClusterEntry] = {}
        base: dict[str, str] | None = None
        changes: list[tuple[dict[str, str], dict[str, str]]] = []
        for position, number in enumerate(numbers):
            db = self.database(number)
            if not db.path.exists():
                raise StoreCorruptError(
                    _("{path}: an index part named by the manifest is missing").format(path=db.path)
                )
            part = db.part()
            if part.base != (position == 0):
                raise StoreCorruptError(
                    _("{path}: an index part is out of place; the file was left untouched").format(
                        path=db.path
                    )
                )
            if part.base:
                ids = map(attrgetter("id"), part.entries)
                entries = dict(zip(ids, part.entries, strict=True))
                base = part.added
                continue
            for ident in part.gone:
                entries.pop(ident, None)
            for entry in part.entries:
                entries[entry.id] = entry
            changes.append((part.added or {}, part.removed))
        postings = None if base is None else StoredPostings(base, changes)
        return entries, postings

    def write(self, number: int, part: IndexPart) -> int:
        """Write part ``number``; its size in bytes.

        Raises:
            StoreError: it exists already (parts are written once) or cannot be written.
        """
        ensure_dir(self.folder, self.modes, tighten_existing=False)
        db = self.database(number)
        if db.path.exists():
            raise StoreError(
                _("{path}: an index part is written once; it exists already").format(path=db.path)
            )
        document: dict[str, Any] = {"_meta": {"1": {"schema": SCHEMA_VERSION}}, TABLE: {"1": part}}
        return db.write_new(document)

    def remove(self, numbers: Iterable[int]) -> None:
        """Delete parts no manifest names any more (with their index and backup)."""
        for number in numbers:
            for path in self.database(number).related_paths:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()

    def paths(self, numbers: Iterable[int]) -> Iterator[IndexPartDatabase]:
        """The databases of ``numbers`` (what the start-up check and ``rtc doctor`` look at)."""
        for number in numbers:
            yield self.database(number)


def needs_base(entries: int, after_base: int) -> bool:
    """Whether a merge writes a new base: the parts after the base hold too much."""
    return after_base > max(REBASE_SLACK, entries // REBASE_SHARE)


def store_index(
    parts: IndexParts, new: Manifest, old: Manifest, update: RankUpdate | None, *, kept: bool
) -> list[int]:
    """Write the index after a merge's ranking ``update`` and name it in the ``new`` manifest.

    A kept ranking (a body changed alone) keeps the stored index as it is; no ranking empties
    it. Otherwise one part is written: what the batch changed, or a new base (when there is
    none yet, the index was inline in a manifest from before schema 2, every event was ranked
    again, or the parts after the base grew past :func:`needs_base`). Called before ``new`` is
    committed (a part it does not name is removed by the next merge).

    Returns:
        The parts to remove once ``new`` is committed (superseded by a new base).
    """
    if kept:
        new.index, new.index_rows = list(old.index), old.index_rows
        new.entries, new.postings = old.entries, old.postings  # inline (before schema 2)
        return []
    new.entries, new.postings = [], None
    if update is None:
        new.index, new.index_rows = [], 0
        return list(old.index)
    number = new.next
    new.next = number + 1
    delta = update.tokens.delta() if update.tokens is not None else None
    changed = update.changed
    after = old.index_rows + len(changed or ()) + len(update.removed)
    if (
        update.full
        or not old.index
        or delta is None
        or changed is None
        or needs_base(len(update.entries), after)
    ):
        entries = list(update.entries.values())
        parts.write(number, IndexPart(base=True, entries=entries, added=update.postings))
        new.index, new.index_rows = [number], 0
        return list(old.index)
    # The changed entries in the index's order (new ones last, in the order they came).
    written = [e for i, e in update.entries.items() if i in changed]
    added, removed = delta
    part = IndexPart(
        base=False, entries=written, gone=list(update.removed), added=added, removed=removed
    )
    parts.write(number, part)
    new.index, new.index_rows = [*old.index, number], old.index_rows + len(written)
    new.index_rows += len(update.removed)
    return []


__all__ = [
    "PREFIX",
    "REBASE_SHARE",
    "REBASE_SLACK",
    "IndexPartDatabase",
    "IndexParts",
    "needs_base",
    "part_name",
    "store_index",
]
