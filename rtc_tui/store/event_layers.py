"""Reading the events' layers: the manifest's view of them, and one row found newest first.

The events live in segments (:mod:`rtc_tui.store.segments`), or, in a data dir from before
them, in ``events.json`` and ``ranking.json`` (one bottom layer, until the first merge moves
it). :class:`Layers` reads both the same way: whole, through the manifest (every event, the
ranking), or one row at a time through the row indexes, newest layer first (one event, its
story, one standing), so those cost the same at 100 or 20,000 events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from rtc_tui.store.db import JsonDatabase
from rtc_tui.store.fsio import StoreError
from rtc_tui.store.index_parts import IndexParts
from rtc_tui.store.manifest import Manifest, decode_manifest
from rtc_tui.store.row_index import IndexedDatabase
from rtc_tui.store.segments import (
    GONE,
    KIND_TABLES,
    SEGMENT_TABLES,
    UNRANKED,
    Layer,
    SegmentGoneError,
    Segments,
)

LEGACY = 0
"""The layer number of ``events.json`` and ``ranking.json`` (no segment has it)."""


@dataclass
class View:
    """The manifest and the layers it names, oldest first."""

    manifest: Manifest
    layers: dict[int, Layer]
    legacy: bool
    """Whether this is a data dir from before the segments (no manifest yet)."""

    def ordered(self) -> list[Layer]:
        """The layers, oldest first."""
        return [self.layers[n] for n in sorted(self.layers)]


T = TypeVar("T")

SETTLE_TRIES = 5
"""How many times a read starts again when a merge removed a segment under it."""


class Layers:
    """The events' layers of one data dir."""

    def __init__(
        self,
        manifest: JsonDatabase,
        segments: Segments,
        *,
        legacy_bodies: IndexedDatabase,
        legacy_ranking: IndexedDatabase,
    ) -> None:
        self.manifest_db = manifest
        self.segments = segments
        self.index = IndexParts(segments.folder, segments.modes)
        """The clustering index's parts (read and written by merges only)."""
        self.legacy_bodies = legacy_bodies
        self.legacy_ranking = legacy_ranking

    def settled(self, read: Callable[[], T]) -> T:
        """Run ``read`` until no segment it needed went away under it.

        A reader takes no lock: a merge in another process may compact the segments the
        manifest it read named (it removes them after writing the new manifest). The read
        then starts again from the new manifest.

        Raises:
            StoreError: the segments kept changing (a merge every few milliseconds).
        """
        for _ in range(SETTLE_TRIES):
            try:
                return read()
            except SegmentGoneError:
                continue
        raise StoreError(
            _("{folder}: the events kept changing while read; try again").format(
                folder=self.segments.folder
            )
        )

    def legacy_layer(self) -> Layer:
        """``events.json`` and ``ranking.json`` as one layer."""
        return Layer(LEGACY, {"events": self.legacy_bodies, "ranking": self.legacy_ranking})

    def has_legacy(self) -> bool:
        """Whether ``events.json`` from before the segments is still there."""
        return self.legacy_bodies.path.exists() or self.legacy_ranking.path.exists()

    # -- whole reads ----------------------------------------------------------------

    def view(self, document: dict[str, Any] | None = None) -> View:
        """The manifest (of ``document``, else read now) and its layers.

        Without a manifest, a data dir from before the segments is read whole into one.
        """
        if document is None:
            document = self.manifest_db.load()
        if "manifest" in document:
            manifest = decode_manifest(document)
            layers = {n: self.segments.layer(n) for n in manifest.segments}
            return View(manifest, layers, legacy=False)
        if not self.has_legacy():
            return View(Manifest(), {}, legacy=False)
        return View(self._legacy_manifest(), {LEGACY: self.legacy_layer()}, legacy=True)

    def _legacy_manifest(self) -> Manifest:
        from rtc_tui.core.models import Event
        from rtc_tui.core.trending.cluster_index import entries_from

        bodies = self.legacy_layer().table("events")
        ids = [str(r["id"]) for r in bodies]
        seen = [Event.from_dict(r).last_seen.timestamp() for r in bodies]
        document = self.legacy_ranking.load()
        ranking = [r for r in (document.get("ranking") or {}).values() if isinstance(r, dict)]
        clusters = list((document.get("clusters") or {}).values())
        order = [str(r["event"]["id"]) for r in ranking]
        entries = entries_from(clusters) if clusters and len(clusters) == len(ranking) else []
        return Manifest(
            ids=list(dict.fromkeys(ids)),
            seen=seen,
            where=[LEGACY] * len(ids),
            order=order,
            entries=entries,
        )

    def bodies(self, view: View, ids: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
        """The newest body row of each id asked for (every live one with ``None``)."""
        manifest = view.manifest
        place = dict(zip(manifest.ids, manifest.where, strict=False))
        wanted = list(place) if ids is None else [i for i in ids if i in place]
        by_layer: dict[int, list[str]] = {}
        for ident in wanted:
            by_layer.setdefault(place[ident], []).append(ident)
        out: dict[str, dict[str, Any]] = {}
        for number, group in by_layer.items():
            layer = view.layers.get(number)
            if layer is None:
                continue
            out.update(self._rows_of(layer, "id", group))
        return out

    def _rows_of(self, layer: Layer, kind: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        """The rows of ``ids`` in one layer: by its index when few, else the file read whole."""
        table = KIND_TABLES[kind]
        if len(ids) * 8 < _row_estimate(layer):
            found = layer.find_many(kind, ids)
            if found is not None:
                return {i: rows[-1] for i, rows in found.items() if rows}
        keys = SEGMENT_TABLES[table]
        wanted = set(ids)
        out: dict[str, dict[str, Any]] = {}
        for row in layer.table(table):
            for k, value in keys(row):
                if k == kind and value in wanted:
                    out[value] = row
        return out

    def standings(self, view: View) -> dict[str, dict[str, Any]]:
        """Every layer's newest standing row by event id.

        A merge that emptied the ranking drops the older ones.
        """
        out: dict[str, dict[str, Any]] = {}
        for layer in view.ordered():
            if layer.number != LEGACY and layer.table(UNRANKED):
                out.clear()
            for row in layer.table("ranking"):
                out[str(row["event"]["id"])] = row
        return out

    def first_standings(self, view: View, ids: Sequence[str]) -> dict[str, dict[str, Any]] | None:
        """The newest standing row of each of ``ids``, read through the layers' indexes.

        What :meth:`standings` would give for them, without reading the layers whole: the
        ranking's first 1,000 rows at 20,000 events (the editor scrolls past the first 200,
        or a filter searches on) in ~50 ms instead of a 41 MB segment's parse (1.3 s, the
        interpreter held all along: the typing waited). Newest layer first; a layer that
        emptied the ranking ends the search, as it dropped the older standings.
        ``None`` when an index cannot answer (the caller reads the layers whole).
        """
        out: dict[str, dict[str, Any]] = {}
        remaining = list(ids)
        for layer in reversed(view.ordered()):
            found = layer.find_many("standing", remaining)
            if found is None:
                return None
            out.update((ident, rows[-1]) for ident, rows in found.items() if rows)
            remaining = [ident for ident in remaining if ident not in out]
            if not remaining:
                break
            if layer.number != LEGACY:
                emptied = layer.find(UNRANKED, "all")
                if emptied is None:
                    return None
                if emptied:
                    break
        return out

    # -- one row, newest first ---------------------------------------------------------

    def probe_layers(self) -> list[Layer]:
        """Every layer on disk, newest first (no manifest read)."""
        layers = [self.segments.layer(n) for n in reversed(self.segments.numbers())]
        if self.has_legacy():
            layers.append(self.legacy_layer())
        return layers

    def newest(
        self, kind: str, ident: str, layers: list[Layer] | None = None
    ) -> dict[str, Any] | None:
        """The newest row of ``ident`` (``"id"``: its body, ``"standing"``: its standing).

        ``None`` when the newest layer to know it says it left (a tombstone), or, for a
        standing, that the ranking was emptied.
        """
        for layer in layers if layers is not None else self.probe_layers():
            rows = self.rows(layer, kind, ident)
            if rows:
                return rows[-1]
            if layer.number == LEGACY:
                continue
            if self.rows(layer, GONE, ident):
                return None
            if kind == "standing" and self.rows(layer, UNRANKED, "all"):
                return None
        return None

    def rows(self, layer: Layer, kind: str, value: str) -> list[dict[str, Any]]:
        """The rows of one layer keyed ``(kind, value)``: by index, else the file whole."""
        found = layer.find(kind, value)
        if found is not None:
            return found
        keys = SEGMENT_TABLES[KIND_TABLES[kind]]
        return [r for r in layer.table(KIND_TABLES[kind]) if (kind, value) in keys(r)]


def _row_estimate(layer: Layer) -> int:
    """Roughly how many rows a layer holds (from its file's size: ~1 KB a body)."""
    db = layer.databases.get("events")
    try:
        return 0 if db is None else Path(db.path).stat().st_size // 1000
    except OSError:
        return 0


__all__ = ["LEGACY", "Layers", "View"]
