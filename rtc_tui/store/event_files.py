"""Trending events as TinyDB files, split so that no user action reads or writes them all.

The files, each with one writer pattern (see ``docs/storage.md`` for why this split):

``events-live.json``  the manifest: every live event's id, last-seen time and segment, the
                      ranking's order and the clustering index (small rows, no body).
``events.d/*.json``   segments: each merge's bodies, standings and tombstones, written once
                      (:mod:`rtc_tui.store.segments`), compacted when cheap.
``triage.json``       each triaged event's state (seen, pinned, snoozed, dismissed, drafts);
                      written by every triage action, small batches.
``ranking-top.json``  the ranking's first :data:`TOP_ROWS` rows (what the first screen shows)
                      and the sensitive tag-like events' light copies (what the checks compare
                      a draft's hashtags with).
``archive.json``      events that left the window or went beyond ``max_events``.

The locks are always taken in that order (manifest, triage, ranking-top, archive; a segment is
written under the manifest's lock and never changed), so two processes never wait on each
other in a cycle. ``events.json`` and ``ranking.json`` are the layout before the segments:
read as they are, moved into a segment by the first merge.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from tinydb import TinyDB

from rtc_tui.core.models import Event
from rtc_tui.core.trending.standing import Standing, Triage, triage_of, with_triage
from rtc_tui.store.db import JsonDatabase
from rtc_tui.store.event_layers import Layers
from rtc_tui.store.event_merge import TOP_ROWS, FileMerge
from rtc_tui.store.interface import BatchMerge, EventBatch, MergeResult, Ranker
from rtc_tui.store.merging import merge_every
from rtc_tui.store.row_index import IndexedDatabase
from rtc_tui.store.segments import ManifestDatabase, Segments


class FileEventRepo:
    """Trending events over the manifest, its segments and companions (see the module doc)."""

    def __init__(
        self,
        manifest: ManifestDatabase,
        *,
        segments: Segments,
        triage: JsonDatabase,
        top: JsonDatabase,
        archive: JsonDatabase,
        legacy_bodies: IndexedDatabase,
        legacy_ranking: IndexedDatabase,
    ) -> None:
        self.db = manifest
        self.segments = segments
        self.triage_db = triage
        self.top_db = top
        self.archive_db = archive
        self.layers = Layers(
            manifest, segments, legacy_bodies=legacy_bodies, legacy_ranking=legacy_ranking
        )
        self._merge = FileMerge(self.layers, triage=triage, top=top, archive=archive)

    @property
    def databases(self) -> tuple[JsonDatabase, ...]:
        """Every file of the events, in lock order.

        The segments on disk come after the manifest; the files from before the segments
        are listed while they are there.
        """
        return (
            self.db,
            *self.segments.paths(self.segments.numbers()),
            *self.layers.index.paths(self.layers.index.numbers()),
            self.triage_db,
            self.top_db,
            self.archive_db,
            *(
                db
                for db in (self.layers.legacy_bodies, self.layers.legacy_ranking)
                if db.path.exists()
            ),
        )

    # -- reading -----------------------------------------------------------------------

    def _triage(self, db: TinyDB) -> dict[str, Triage]:
        return {str(r["id"]): Triage.from_dict(r) for r in db.table("triage").all()}

    def all(self) -> list[Event]:
        """Every stored event with its current triage state, in the order the last merge gave."""

        def read() -> tuple[list[str], dict[str, dict[str, Any]]]:
            view = self.layers.view()
            return view.manifest.ids, self.layers.bodies(view)

        ids, rows = self.layers.settled(read)
        triage = self._triage(self.triage_db.read())
        return [with_triage(Event.from_dict(rows[i]), triage.get(i)) for i in ids if i in rows]

    def get(self, event_id: str) -> Event | None:
        """The event with ``event_id``, if stored (its body alone is read, by the index)."""
        row = self.layers.settled(lambda: self.layers.newest("id", event_id))
        if row is None:
            return None
        return with_triage(Event.from_dict(row), self._triage_of({event_id}).get(event_id))

    def story(self, event_id: str) -> list[Event]:
        """The event and every stored copy of its story (same cluster id), itself first.

        Read through the segments' row indexes, newest first: only these bodies' bytes and
        ``triage.json``, so the cost does not grow with the number of stored events.
        """
        copies = self.layers.settled(lambda: self._copies(event_id))
        triage = self._triage_of({e.id for e in copies})
        return [with_triage(e, triage.get(e.id)) for e in copies]

    def _copies(self, event_id: str) -> list[Event]:
        layers = self.layers.probe_layers()
        row = self.layers.newest("id", event_id, layers)
        if row is None:
            return []
        event = Event.from_dict(row)
        copies = [event]
        if event.cluster_id:
            candidates: dict[str, None] = {}
            for layer in reversed(layers):  # oldest first: the stored order
                for found in self.layers.rows(layer, "cluster", event.cluster_id):
                    candidates.setdefault(str(found.get("id")), None)
            for ident in candidates:
                if ident == event_id:
                    continue
                newest = self.layers.newest("id", ident, layers)
                if newest is not None and newest.get("cluster_id") == event.cluster_id:
                    copies.append(Event.from_dict(newest))
        return copies

    def _triage_of(self, ids: set[str]) -> dict[str, Triage]:
        """The triage records of ``ids`` only (the file is read, but few records are built)."""
        rows = self.triage_db.load().get("triage", {})
        return {
            str(r["id"]): Triage.from_dict(r)
            for r in rows.values()
            if isinstance(r, dict) and r.get("id") in ids
        }

    def standing(self, event_id: str) -> Standing | None:
        """The stored standing of ``event_id`` (read through the segments' indexes)."""
        row = self.layers.settled(lambda: self.layers.newest("standing", event_id))
        if row is None:
            return None
        found = Standing.from_dict(dict(row))
        with_triage(found.event, self._triage_of({event_id}).get(event_id))
        return found

    def ranking(self, limit: int | None = None) -> list[Standing]:
        """The stored ranking, best first, with current triage (the first ``limit`` only)."""
        if limit is not None and limit <= TOP_ROWS:
            rows = [dict(r) for r in self.top_db.read().table("ranking").all()[:limit]]
        else:

            def read() -> list[dict[str, Any]]:
                view = self.layers.view()
                order = view.manifest.order
                if limit is not None:
                    # A part of the ranking, however big: its rows one by one through the
                    # indexes. As fast as parsing the segments whole (1.2 s for all 20,000
                    # standings, 1.3 s whole), and never one decode that holds the
                    # interpreter for a 41 MB segment while the editor types or scrolls.
                    wanted = order[:limit]
                    found = self.layers.first_standings(view, wanted)
                    if found is not None:
                        return [found[i] for i in wanted if i in found]
                stored = self.layers.standings(view)
                return [stored[i] for i in order[:limit] if i in stored]

            rows = self.layers.settled(read)
        triage = self._triage(self.triage_db.read())
        out = [Standing.from_dict(r) for r in rows]
        for row in out:
            with_triage(row.event, triage.get(row.event.id))
        return out

    def sensitive(self) -> list[Event]:
        """The ranking's sensitive tag-like light events, best first (in ranking-top.json)."""
        rows = self.top_db.read().table("sensitive").all()
        return [Event.from_dict(r) for r in rows]

    def archived(self) -> list[Event]:
        """Every archived event, most recently archived first."""
        rows = self.archive_db.read().table("events").all()
        return [Event.from_dict(r) for r in reversed(rows)]

    # -- writing -----------------------------------------------------------------------

    def merge_batch(
        self, merge: Callable[[EventBatch], BatchMerge], *, rank: Ranker | None = None
    ) -> list[Event]:
        """Give ``merge`` the live events' light rows and a reader of their bodies.

        What it answers goes into a new segment (see
        :class:`~rtc_tui.store.event_merge.FileMerge`).
        """
        return self._merge.run(merge, rank)

    def merge(
        self,
        merge: Callable[[dict[str, Event]], Iterable[Event] | MergeResult],
        *,
        rank: Ranker | None = None,
    ) -> list[Event]:
        """Give ``merge`` every event; store what it returns, archive what it leaves out."""
        return merge_every(self.merge_batch, merge, rank)

    def change_triage(
        self, event_ids: Sequence[str], change: Callable[[list[Triage]], object]
    ) -> list[Triage]:
        """Give ``change`` the stored events' triage records; write ``triage.json`` only.

        Ids not stored are skipped (asked of the segments' indexes, newest first).
        """
        with self.triage_db.locked() as triage_db:
            ids = list(dict.fromkeys(event_ids))

            def probe() -> dict[str, dict[str, Any] | None]:
                layers = self.layers.probe_layers()
                return {i: self.layers.newest("id", i, layers) for i in ids}

            bodies = self.layers.settled(probe)
            wanted = [i for i in ids if bodies[i] is not None]
            if not wanted:
                return []
            records = self._triage(triage_db)
            changed = [records.get(i) or _base_triage(bodies[i], i) for i in wanted]
            change(changed)
            for record in changed:
                records[record.id] = record
            document = triage_db.storage.read() or {}
            document.pop("known", None)
            document["triage"] = {str(n): r.to_dict() for n, r in enumerate(records.values(), 1)}
            triage_db.storage.write(document)
        return changed

    def update(self, event_id: str, change: Callable[[Event], None]) -> Event | None:
        """Apply ``change`` to one stored event's body (triage goes through change_triage)."""
        return self._merge.update(event_id, change)

    def stamp(self) -> tuple[int, int]:
        """Changes when any session writes events, their triage or their ranking."""
        bodies, triage = self.db.stamp(), self.triage_db.stamp()
        return (bodies[0] ^ (triage[0] * 31), bodies[1] + triage[1])


def _base_triage(body: dict[str, Any] | None, event_id: str) -> Triage:
    """A record for an event without one: its body's state (a data dir from before triage)."""
    if body is None:
        return Triage(id=event_id)
    return triage_of(Event.from_dict(body))


__all__ = ["TOP_ROWS", "FileEventRepo"]
