"""Trending events as TinyDB files, split so that no user action reads or writes them all.

Five files, each with one writer pattern (see ``docs/storage.md`` for why this split):

``events.json``       the event bodies; written only when a refresh is merged (ingest).
``triage.json``       each triaged event's state (seen, pinned, snoozed, dismissed, drafts) and
                      the list of stored ids; written by every triage action, small batches.
``ranking.json``      one :class:`Standing` per event, ranked, and the clustering index (table
                      ``clusters``, one entry per event), written with each merge.
``ranking-top.json``  its first :data:`TOP_ROWS` rows (what the first screen shows) and the
                      sensitive tag-like events' light copies (what the checks compare
                      a draft's hashtags with).
``archive.json``      events that left the window or went beyond ``max_events``.

The files are always taken in that order (events, triage, ranking, ranking-top, archive), so
two processes never wait on each other in a cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from tinydb import Query, TinyDB

from rtc_tui.core.models import Event, Level
from rtc_tui.core.trending.cluster_index import ClusterEntry, entries_from, entry_row
from rtc_tui.core.trending.rerank import RankUpdate
from rtc_tui.core.trending.standing import Standing, Triage, is_default, triage_of, with_triage
from rtc_tui.store.db import JsonDatabase
from rtc_tui.store.interface import MergeResult, Ranker, merge_parts
from rtc_tui.store.row_index import IndexedDatabase

TOP_ROWS = 200
"""Standings kept in ``ranking-top.json``: more than a tall terminal shows on the first screen."""


def _numbered(rows: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(i): row for i, row in enumerate(rows, 1)}


def updated_rows(
    update: RankUpdate, stored: Iterable[dict[str, Any]]
) -> list[dict[str, Any]] | None:
    """The ranking's rows after ``update``: its standings, the ``stored`` rows for the rest.

    ``None`` when the order names an event with neither (an index out of step with the
    rows): the caller ranks everything again.
    """
    if update.full:
        return [s.to_dict() for s in update.ranking]
    by_id = {str(row["event"]["id"]): row for row in stored}
    for standing in update.standings:
        by_id[standing.id] = standing.to_dict()
    try:
        return [by_id[i] for i in update.order]
    except KeyError:
        return None


def _body_row(event: Event, stored: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """``event``'s row: the stored one as it is when the event has not changed.

    Most of a refresh's merge leaves most events as they were; encoding every one again was
    most of a merge's time at 20,000 events. A stored row is reused only when it decodes to
    exactly ``event``.
    """
    row = stored.get(event.id)
    if row is not None and Event.from_dict(row) == event:
        return row
    return event.to_dict()


def body_keys(row: dict[str, Any]) -> list[tuple[str, str]]:
    """What an event body is found by in ``events.json.idx``: its id and its story."""
    return [("id", str(row.get("id") or "")), ("cluster", str(row.get("cluster_id") or ""))]


def standing_keys(row: dict[str, Any]) -> list[tuple[str, str]]:
    """What a standing is found by in ``ranking.json.idx``: its event's id."""
    event = row.get("event")
    return [("id", str(event.get("id") or "") if isinstance(event, dict) else "")]


class FileEventRepo:
    """Trending events over ``events.json`` and its companions (see the module docstring)."""

    def __init__(
        self,
        db: IndexedDatabase,
        *,
        triage: JsonDatabase,
        ranking: IndexedDatabase,
        top: JsonDatabase,
        archive: JsonDatabase,
    ) -> None:
        self.db = db
        self.triage_db = triage
        self.ranking_db = ranking
        self.top_db = top
        self.archive_db = archive

    @property
    def databases(self) -> tuple[JsonDatabase, ...]:
        """Every file of the events, in lock order."""
        return (self.db, self.triage_db, self.ranking_db, self.top_db, self.archive_db)

    # -- reading -----------------------------------------------------------------------

    def _triage(self, db: TinyDB) -> dict[str, Triage]:
        return {str(r["id"]): Triage.from_dict(r) for r in db.table("triage").all()}

    def _bodies(self, db: TinyDB) -> dict[str, Event]:
        return {str(r["id"]): Event.from_dict(r) for r in db.table("events").all()}

    def all(self) -> list[Event]:
        """Every stored event with its current triage state, in the order the last merge gave."""
        triage = self._triage(self.triage_db.read())
        return [with_triage(e, triage.get(e.id)) for e in self._bodies(self.db.read()).values()]

    def get(self, event_id: str) -> Event | None:
        """The event with ``event_id``, if stored (its body alone is read, by the index)."""
        found = self.story(event_id)
        return found[0] if found else None

    def story(self, event_id: str) -> list[Event]:
        """The event and every stored copy of its story (same cluster id), itself first.

        Read through ``events.json.idx``: only these bodies' bytes and ``triage.json``, so
        the cost does not grow with the number of stored events. Without a usable index (a
        file written by something else since) the bodies are read whole, as before.
        """
        rows = self.db.find("id", event_id)
        if rows is None:
            return self._story_from_all(event_id)
        if not rows:
            return []
        event = Event.from_dict(rows[0])
        copies = [event]
        if event.cluster_id:
            others = self.db.find("cluster", event.cluster_id)
            if others is None:
                return self._story_from_all(event_id)
            copies += [Event.from_dict(r) for r in others if r.get("id") != event_id]
        triage = self._triage_of({e.id for e in copies})
        return [with_triage(e, triage.get(e.id)) for e in copies]

    def _story_from_all(self, event_id: str) -> list[Event]:
        events = self.all()
        event = next((e for e in events if e.id == event_id), None)
        if event is None:
            return []
        if not event.cluster_id:
            return [event]
        return [event, *(e for e in events if e.cluster_id == event.cluster_id and e is not event)]

    def _triage_of(self, ids: set[str]) -> dict[str, Triage]:
        """The triage records of ``ids`` only (the file is read, but few records are built)."""
        rows = self.triage_db.load().get("triage", {})
        return {
            str(r["id"]): Triage.from_dict(r)
            for r in rows.values()
            if isinstance(r, dict) and r.get("id") in ids
        }

    def standing(self, event_id: str) -> Standing | None:
        """The stored standing of ``event_id`` (read through ``ranking.json.idx``)."""
        rows = self.ranking_db.find("id", event_id)
        if rows is None:
            rows = [
                r
                for r in self.ranking_db.read().table("ranking").all()
                if r["event"]["id"] == event_id
            ]
        if not rows:
            return None
        found = Standing.from_dict(dict(rows[0]))
        triage = self._triage_of({event_id})
        with_triage(found.event, triage.get(event_id))
        return found

    def ranking(self, limit: int | None = None) -> list[Standing]:
        """The stored ranking, best first, with current triage (the first ``limit`` only)."""
        source = self.top_db if limit is not None and limit <= TOP_ROWS else self.ranking_db
        rows = source.read().table("ranking").all()[:limit]
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

    def merge(
        self,
        merge: Callable[[dict[str, Event]], Iterable[Event] | MergeResult],
        *,
        rank: Ranker | None = None,
    ) -> list[Event]:
        """Give ``merge`` every event; store what it returns, archive what it leaves out.

        Triage records fold into the bodies' view here and are rewritten from the merged
        events (a snooze that woke, a dismissal that resurfaced), ids included. With
        ``rank``, it gets the clustering index stored in ``ranking.json`` and the standings
        it computes again replace theirs there, in the same locked step; without, the stored
        ranking and its index are emptied (the next reader ranks once).
        """
        with self.db.locked() as db, self.triage_db.locked() as triage_db:
            triage = self._triage(triage_db)
            stored = {
                str(row["id"]): row
                for row in ((db.storage.read() or {}).get("events") or {}).values()
            }
            current = {k: with_triage(Event.from_dict(v), triage.get(k)) for k, v in stored.items()}
            merged, archive_new = merge_parts(merge(current))
            kept: dict[str, Event] = {}
            for event in merged:
                kept[event.id] = event  # a repeated id: its first place, its last value
            # Ranked before the bodies are written: ranking stores each one's cluster id.
            rows = self._store_ranking(list(kept.values()), rank)
            self._write_table(db, "events", (_body_row(e, stored) for e in kept.values()))
            records = (triage_of(e) for e in kept.values())
            self._write_table(
                triage_db, "triage", (r.to_dict() for r in records if not is_default(r))
            )
            # The stored ids were listed here; events.json.idx answers that now.
            triage_db.storage.write(
                {k: v for k, v in (triage_db.storage.read() or {}).items() if k != "known"}
            )
            self._store_top(rows)
            gone = [e for k, e in current.items() if k not in kept] + archive_new
            if gone:
                with self.archive_db.locked() as archive_db:
                    archive_db.table("events").insert_multiple(e.to_dict() for e in gone)
        return list(kept.values())

    def _store_ranking(self, events: list[Event], rank: Ranker | None) -> list[dict[str, Any]]:
        """Rank ``events`` against the stored index and write ``ranking.json``; its rows.

        Standings the update did not compute again are kept as stored (their rows are not
        decoded). Without ``rank`` the ranking and its index are emptied: a stale ranking is
        never kept.
        """
        with self.ranking_db.locked() as ranking_db:
            document = ranking_db.storage.read() or {}
            if rank is None:
                rows: list[dict[str, Any]] = []
                entries: dict[str, ClusterEntry] = {}
            else:
                stored = document.get("ranking", {})
                clusters = document.get("clusters", {})
                previous = (
                    {e.id: e for e in entries_from(list(clusters.values()))}
                    if clusters and len(clusters) == len(stored)
                    else None
                )
                update = rank(events, previous)
                found = updated_rows(update, stored.values())
                if found is None:  # the index named a standing the file lacks: rank all
                    update = rank(events, None)
                    found = updated_rows(update, ())
                rows, entries = found or [], update.entries
            document["ranking"] = _numbered(rows)
            document["clusters"] = _numbered(entry_row(entries[i]) for i in sorted(entries))
            ranking_db.storage.write(document)
        return rows

    def _store_top(self, rows: Sequence[dict[str, Any]]) -> None:
        sensitive = [
            row["event"]
            for row in rows
            if row.get("tag_like") and row["event"]["sensitivity"]["level"] != Level.NONE.value
        ]
        with self.top_db.locked() as top_db:
            self._write_table(top_db, "ranking", rows[:TOP_ROWS])
            self._write_table(top_db, "sensitive", sensitive)

    @staticmethod
    def _write_table(db: TinyDB, table: str, rows: Iterable[dict[str, Any]]) -> None:
        """Replace ``table`` whole in one write (TinyDB's per-row inserts are quadratic)."""
        document = db.storage.read() or {}
        document[table] = _numbered(rows)
        db.storage.write(document)

    def change_triage(
        self, event_ids: Sequence[str], change: Callable[[list[Triage]], object]
    ) -> list[Triage]:
        """Give ``change`` the stored events' triage records; write ``triage.json`` only.

        Ids not stored are skipped (the list of stored ids is in the same file).
        """
        with self.triage_db.locked() as triage_db:
            ids = list(dict.fromkeys(event_ids))
            stored = self.db.present("id", ids)
            from_body = False
            if stored is None:
                # No usable index: a data dir from before it, or events.json written since
                # by something else. The ids an older merge listed, else the bodies.
                known_row = triage_db.table("known").get(doc_id=1)
                from_body = known_row is None
                stored = set(known_row["ids"]) if known_row else self._known_from_bodies()
            wanted = [i for i in ids if i in stored]
            if not wanted:
                return []
            records = self._triage(triage_db)
            changed = [records.get(i) or self._base_triage(i, from_body=from_body) for i in wanted]
            change(changed)
            for record in changed:
                records[record.id] = record
            self._write_table(triage_db, "triage", (r.to_dict() for r in records.values()))
        return changed

    def _known_from_bodies(self) -> set[str]:
        """The stored ids, from the bodies: only for a data dir without a usable index."""
        return {str(r["id"]) for r in self.db.read().table("events").all()}

    def _base_triage(self, event_id: str, *, from_body: bool) -> Triage:
        """A record for an event without one: its body's state in an older data dir."""
        if from_body:
            event = self.get(event_id)
            if event is not None:
                return triage_of(event)
        return Triage(id=event_id)

    def update(self, event_id: str, change: Callable[[Event], None]) -> Event | None:
        """Apply ``change`` to one stored event's body (triage goes through change_triage)."""

        def run(db: TinyDB) -> Event | None:
            table = db.table("events")
            row = table.get(Query().id == event_id)
            if row is None:
                return None
            event = Event.from_dict(dict(row))
            change(event)
            table.update(event.to_dict(), Query().id == event_id)
            return event

        return self.db.transact(run)

    def stamp(self) -> tuple[int, int]:
        """Changes when any session writes events, their triage or their ranking."""
        bodies, triage = self.db.stamp(), self.triage_db.stamp()
        return (bodies[0] ^ (triage[0] * 31), bodies[1] + triage[1])
