"""A merge of the data dir's events: what the batch touches is read and written, nothing else.

Under the manifest's and the triage's locks, a merge reads the manifest (every live event's
id, last-seen time and segment; the ranking's order and its clustering index), hands the
callback the light rows and a reader of bodies, ranks what the batch can move, and writes one
new segment: the bodies it wrote (and those whose standing moved), the standings computed
again and a tombstone for each event archived. Then the manifest, the triage records of the
events written, the first screen's rows and the archive. Segments are compacted when cheap
(:meth:`FileMerge._compact`). The first merge of a data dir from before the segments moves
every body and standing into its first segment and removes ``events.json`` and
``ranking.json``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from operator import attrgetter
from typing import Any

from rtc_tui.core.models import Event, Level
from rtc_tui.core.trending.cluster_index import ClusterEntry, IndexEntries
from rtc_tui.core.trending.ingest import LiveEvent
from rtc_tui.core.trending.rerank import RankUpdate
from rtc_tui.core.trending.standing import Triage, is_default, triage_of, with_triage
from rtc_tui.store.db import SCHEMA_VERSION, JsonDatabase
from rtc_tui.store.event_layers import Layers, View
from rtc_tui.store.index_parts import store_index
from rtc_tui.store.interface import BatchMerge, EventBatch, Ranker
from rtc_tui.store.manifest import Manifest
from rtc_tui.store.merging import run_batch
from rtc_tui.store.segments import GONE, UNRANKED

TOP_ROWS = 200
"""Standings kept in ``ranking-top.json``: more than a tall terminal shows on the first screen."""

COMPACT_SLACK = 2000
"""Superseded body rows tolerated beyond the live ones before every segment is compacted."""


class FileMerge:
    """Merges into one data dir's event files (see the module docstring)."""

    def __init__(
        self, layers: Layers, *, triage: JsonDatabase, top: JsonDatabase, archive: JsonDatabase
    ) -> None:
        self.layers = layers
        self.triage_db = triage
        self.top_db = top
        self.archive_db = archive

    def run(self, merge: Callable[[EventBatch], BatchMerge], rank: Ranker | None) -> list[Event]:
        """One batch merge, all or nothing (the manifest is written last of the event files).

        The cycle collector is left running. Pausing it saved a quarter of the manifest's
        decoding, but the merge runs on a worker thread of the app, and the pause is the whole
        process's: the collection that followed it held the interpreter for 90-160 ms, and a
        key pressed in Trending during a refresh waited for it (6-11x an idle key instead of
        1.3x, ``make bench``'s key-during-parse row).
        """
        return self._run(merge, rank)

    def _run(self, merge: Callable[[EventBatch], BatchMerge], rank: Ranker | None) -> list[Event]:
        removed: list[int] = []
        with self.layers.manifest_db.locked() as mdb, self.triage_db.locked() as tdb:
            view = self.layers.view(mdb.storage.read() or {})
            manifest = view.manifest
            # Segments the manifest does not name are a crashed merge's (written, never
            # committed, or compacted and not yet removed): only a merge under this lock
            # makes them, so none is in use.
            self.layers.segments.remove(
                n for n in self.layers.segments.numbers() if n not in manifest.segments
            )
            self.layers.index.remove(
                n for n in self.layers.index.numbers() if n not in manifest.index
            )
            if not view.legacy and self.layers.has_legacy():
                self._remove_legacy()  # moved by a merge that died before removing them
            triage = {str(r["id"]): Triage.from_dict(r) for r in tdb.table("triage").all()}
            loaded: dict[str, Event] = {}

            def load(ids: Iterable[str]) -> dict[str, Event]:
                wanted = [i for i in dict.fromkeys(ids)]
                missing = [i for i in wanted if i not in loaded]
                for ident, row in self.layers.bodies(view, missing).items():
                    loaded[ident] = with_triage(Event.from_dict(row), triage.get(ident))
                return {i: loaded[i] for i in wanted if i in loaded}

            live = self._live(view, triage, load)
            outcome = run_batch(merge, live, load)
            keep, written, gone = outcome.keep, outcome.written, outcome.gone
            gone_events = load(gone)
            update = self._rank(rank, self.layers, view, written, keep, load)
            bodies = dict(written)
            if update is not None:  # the ranking step may give them their score, cluster
                for standing in update.standings:
                    if standing.id not in bodies and standing.id in loaded:
                        bodies[standing.id] = loaded[standing.id]
            if view.legacy:  # the first merge moves every body into its segment
                bodies = {**load([i for i in keep if i not in bodies]), **bodies}
            order = list(filter(bodies.__contains__, keep))
            number = manifest.next
            tables: dict[str, list[dict[str, Any]]] = {
                "events": [bodies[i].to_dict() for i in order],
                "ranking": self._standing_rows(view, update),
                GONE: [{"id": i} for i in gone],
            }
            if rank is None:
                tables[UNRANKED] = [{"all": True}]
            self.layers.segments.write(number, tables)
            new = self._manifest(manifest, keep, written, bodies, number, update, view.legacy)
            removed = self._compact(new, set(keep))
            superseded = store_index(
                self.layers.index, new, manifest, update, kept=isinstance(update, _KeptUpdate)
            )
            mdb.storage.write(
                {
                    "_meta": {"1": {"schema": SCHEMA_VERSION}},
                    "manifest": {"1": new},  # encoded from the object (``ManifestDatabase``)
                }
            )
            self._write_triage(tdb, triage, bodies.values(), gone)
            self._store_top(update, keep, rank is None)
            archived = [gone_events[i] for i in gone if i in gone_events] + outcome.archive
            if archived:
                with self.archive_db.locked() as archive_db:
                    archive_db.table("events").insert_multiple(e.to_dict() for e in archived)
        self.layers.segments.remove(removed)
        self.layers.index.remove(superseded)
        if view.legacy:
            self._remove_legacy()
        return list(written.values())

    def update(self, event_id: str, change: Callable[[Event], None]) -> Event | None:
        """Apply ``change`` to one stored body: a merge that writes that body alone."""
        changed: list[Event] = []

        def run(batch: EventBatch) -> BatchMerge:
            found = batch.lookup([event_id]).get(event_id)
            if found is not None:
                change(found)
                changed.append(found)
            return BatchMerge(changed, list(batch.live))

        self.run(run, _KeepRanking())
        return changed[0] if changed else None

    # -- the parts ----------------------------------------------------------------------

    @staticmethod
    def _live(
        view: View, triage: Mapping[str, Triage], load: Callable[[Iterable[str]], dict[str, Event]]
    ) -> dict[str, LiveEvent]:
        manifest = view.manifest
        if view.legacy:  # bodies may still carry triage state of their own: read them
            events = load(manifest.ids)
            return {i: LiveEvent.of(events[i]) for i in manifest.ids if i in events}
        # A refresh's events share their last-seen time; the rows are made in C (``map``),
        # then the few with a triage record get its state.
        times = {seen: datetime.fromtimestamp(seen, UTC) for seen in set(manifest.seen)}
        at = map(times.__getitem__, manifest.seen)
        out = dict(zip(manifest.ids, map(LiveEvent, manifest.ids, at), strict=True))
        for ident, record in triage.items():
            if ident in out:
                out[ident] = LiveEvent(
                    ident,
                    out[ident].last_seen,
                    record.state,
                    record.snoozed_until,
                    tuple(record.draft_ids),
                )
        return out

    @staticmethod
    def _rank(
        rank: Ranker | None,
        layers: Layers,
        view: View,
        written: Mapping[str, Event],
        keep: Sequence[str],
        load: Callable[[Iterable[str]], dict[str, Event]],
    ) -> RankUpdate | None:
        if rank is None:
            return None
        manifest = view.manifest
        previous = None if isinstance(rank, _KeepRanking) else stored_index(layers, manifest)
        update = rank(written, keep, previous, load)
        if update.full or isinstance(rank, _KeepRanking):
            return update
        unranked = set(update.order).difference(manifest.order, (s.id for s in update.standings))
        if unranked:  # the index named a standing not stored
            update = rank(written, keep, None, load)
        return update

    def _standing_rows(self, view: View, update: RankUpdate | None) -> list[dict[str, Any]]:
        rows = [s.to_dict() for s in update.standings] if update is not None else []
        if view.legacy and update is not None and not update.full:
            # The first merge moves the standings it did not compute again with the bodies.
            fresh = {s.id for s in update.standings}
            stored = self.layers.standings(view)
            kept = isinstance(update, _KeptUpdate)
            rows = [
                r for i, r in stored.items() if i not in fresh and (kept or i in update.entries)
            ] + rows
        return rows

    @staticmethod
    def _manifest(
        old: Manifest,
        keep: Sequence[str],
        written: Mapping[str, Event],
        bodies: Mapping[str, Event],
        number: int,
        update: RankUpdate | None,
        legacy: bool,
    ) -> Manifest:
        seen = dict(zip(old.ids, old.seen, strict=True))
        where = dict(zip(old.ids, old.where, strict=True))
        for ident, event in written.items():
            seen[ident] = event.last_seen.timestamp()
        for ident in bodies:
            where[ident] = number
        if isinstance(update, _KeptUpdate):
            order = list(old.order)
        elif update is None:
            order = []
        else:
            order = update.order
        return Manifest(  # the index is named by :func:`store_index`
            ids=list(keep),
            seen=list(map(seen.__getitem__, keep)),  # (in C: 20,000 ids)
            where=list(map(where.__getitem__, keep)),
            order=order,
            segments=[n for n in old.segments if not legacy] + [number],
            next=number + 1,
            rows=(0 if legacy else old.rows) + len(bodies),
        )

    def _compact(self, manifest: Manifest, live: set[str]) -> list[int]:
        """Merge the newest segments, or all of them; the numbers to remove.

        The newest ones are merged while they are about the size of the one before them,
        every segment once superseded rows outnumber live ones. Each body is rewritten a
        few times over its life (a binary counter's carries), so a merge costs what its batch
        writes, on average; ``manifest`` is updated in place.
        """
        numbers = manifest.segments
        sizes = [_size(self.layers.segments.database(n).path) for n in numbers]
        take = 1
        if manifest.rows > 2 * len(manifest.ids) + COMPACT_SLACK:
            take = len(numbers)
        else:
            while take < len(numbers) and sizes[-take - 1] <= 2 * sum(sizes[-take:]):
                take += 1
        if take < 2:
            return []
        chosen = numbers[-take:]
        whole = take == len(numbers)
        layers = [self.layers.segments.layer(n) for n in chosen]
        place = dict(zip(manifest.ids, manifest.where, strict=True))
        inside = set(chosen)
        bodies: dict[str, dict[str, Any]] = {}
        standings: dict[str, dict[str, Any]] = {}
        gone: set[str] = set()
        unranked = False
        rows = 0
        for layer in layers:
            events = layer.table("events")
            rows += len(events)
            for row in events:
                bodies[str(row["id"])] = row
            if layer.table(UNRANKED):
                standings.clear()
                unranked = True
            for row in layer.table("ranking"):
                standings[str(row["event"]["id"])] = row
            gone.update(str(r["id"]) for r in layer.table(GONE))
        number = manifest.next
        tables: dict[str, list[dict[str, Any]]] = {
            "events": [bodies[i] for i in manifest.ids if place.get(i) in inside and i in bodies],
            "ranking": [r for i, r in standings.items() if i in live],
            GONE: [] if whole else [{"id": i} for i in sorted(gone - live)],
        }
        if unranked and not whole:
            tables[UNRANKED] = [{"all": True}]
        self.layers.segments.write(number, tables)
        manifest.where = [number if place[i] in inside else place[i] for i in manifest.ids]
        manifest.segments = [n for n in numbers if n not in inside] + [number]
        manifest.next = number + 1
        manifest.rows = manifest.rows - rows + len(tables["events"])
        return chosen

    @staticmethod
    def _write_triage(
        tdb: Any, records: dict[str, Triage], written: Iterable[Event], gone: Iterable[str]
    ) -> None:
        """The records of the events written (folded into their bodies) and of the rest."""
        out = dict(records)
        for ident in gone:
            out.pop(ident, None)
        for event in written:
            record = triage_of(event)
            if is_default(record):
                out.pop(event.id, None)  # the body says as much now
            else:
                out[event.id] = record
        document = tdb.storage.read() or {}
        document.pop("known", None)  # the stored ids were listed here once
        document["triage"] = {str(n): r.to_dict() for n, r in enumerate(out.values(), 1)}
        tdb.storage.write(document)

    def _store_top(self, update: RankUpdate | None, keep: Sequence[str], emptied: bool) -> None:
        """The first :data:`TOP_ROWS` standings and the sensitive tag-like events."""
        if isinstance(update, _KeptUpdate):
            return
        with self.top_db.locked() as top_db:
            document = top_db.storage.read() or {}
            if update is None or emptied:
                rows: list[dict[str, Any]] = []
                sensitive: list[dict[str, Any]] = []
            else:
                rows, sensitive = self._top_rows(document, update, set(keep))
            document["ranking"] = {str(n): r for n, r in enumerate(rows, 1)}
            document["sensitive"] = {str(n): r for n, r in enumerate(sensitive, 1)}
            top_db.storage.write(document)

    def _top_rows(
        self, document: Mapping[str, Any], update: RankUpdate, live: set[str]
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        fresh = {s.id: s for s in update.standings}
        position = dict(zip(update.order, range(len(update.order)), strict=True))
        old_top = {str(r["event"]["id"]): r for r in (document.get("ranking") or {}).values()}
        old_sensitive = {str(r["id"]): r for r in (document.get("sensitive") or {}).values()}
        first = update.order[:TOP_ROWS]
        need = [i for i in first if i not in fresh and i not in old_top]
        found: dict[str, dict[str, Any]] = {}
        if need:
            layers = self.layers.probe_layers()
            for ident in need:
                row = self.layers.newest("standing", ident, layers)
                if row is not None:
                    found[ident] = row
        rows = [
            fresh[i].to_dict() if i in fresh else old_top.get(i) or found[i]
            for i in first
            if i in fresh or i in old_top or i in found
        ]
        picked: dict[str, dict[str, Any]] = {}
        if not update.full:
            picked = {i: r for i, r in old_sensitive.items() if i in live and i not in fresh}
        for ident, standing in fresh.items():
            if standing.tag_like and standing.event.sensitivity.level is not Level.NONE:
                picked[ident] = standing.event.to_dict()
        sensitive = [
            picked[i] for i in sorted(picked, key=lambda i: position.get(i, len(position)))
        ]
        return rows, sensitive

    def _remove_legacy(self) -> None:
        """``events.json`` and ``ranking.json`` (and their indexes) once moved to a segment."""
        for db in (self.layers.legacy_bodies, self.layers.legacy_ranking):
            for path in (db.path, db.index_path):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()


class _KeptUpdate(RankUpdate):
    """The ranking left as stored (a body changed by :meth:`FileMerge.update`)."""


class _KeepRanking:
    """A ranking step that keeps the stored ranking (for :meth:`FileMerge.update`)."""

    def __call__(
        self,
        written: Mapping[str, Event],
        live: Sequence[str],
        previous: Mapping[str, ClusterEntry] | None,
        load: Callable[[Collection[str]], Mapping[str, Event]],
        /,
    ) -> RankUpdate:
        return _KeptUpdate([], [], {}, False)


def stored_index(layers: Layers, manifest: Manifest) -> IndexEntries | None:
    """The clustering index stored with the ranking (``None``: none, or not the order's).

    Read from the index parts, or inline from a manifest written before schema 2.
    """
    if manifest.index:
        entries, postings = layers.index.read(manifest.index)
    elif manifest.entries:
        entries = dict(zip(map(attrgetter("id"), manifest.entries), manifest.entries, strict=True))
        postings = manifest.postings  # type: ignore[assignment]
    else:
        return None
    if len(entries) != len(manifest.order):
        return None
    return IndexEntries(entries, postings, manifest.order)


def _size(path: Any) -> int:
    try:
        return int(path.stat().st_size)
    except OSError:
        return 0


__all__ = ["COMPACT_SLACK", "TOP_ROWS", "FileMerge"]
