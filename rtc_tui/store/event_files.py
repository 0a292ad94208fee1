"""Trending events as TinyDB files, split so that no user action reads or writes them all.

Five files, each with one writer pattern (see ``docs/storage.md`` for why this split):

``events.json``       the event bodies; written only when a refresh is merged (ingest).
``triage.json``       each triaged event's state (seen, pinned, snoozed, dismissed, drafts) and
                      the list of stored ids; written by every triage action, small batches.
``ranking.json``      one :class:`Standing` per event, ranked, written with each merge.
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
from rtc_tui.core.trending.standing import Standing, Triage, is_default, triage_of, with_triage
from rtc_tui.store.db import JsonDatabase
from rtc_tui.store.interface import MergeResult, merge_parts

TOP_ROWS = 200
"""Standings kept in ``ranking-top.json``: more than a tall terminal shows on the first screen."""

Rank = Callable[[list[Event]], list[Standing]]
"""Ranks the merged events (the desk's; the store does not know how)."""


def _numbered(rows: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(i): row for i, row in enumerate(rows, 1)}


class FileEventRepo:
    """Trending events over ``events.json`` and its companions (see the module docstring)."""

    def __init__(
        self,
        db: JsonDatabase,
        *,
        triage: JsonDatabase,
        ranking: JsonDatabase,
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
        """The event with ``event_id``, if stored."""
        row = self.db.read().table("events").get(Query().id == event_id)
        if row is None:
            return None
        found = self.triage_db.read().table("triage").get(Query().id == event_id)
        return with_triage(Event.from_dict(dict(row)), Triage.from_dict(found) if found else None)

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
        rank: Rank | None = None,
    ) -> list[Event]:
        """Give ``merge`` every event; store what it returns, archive what it leaves out.

        Triage records fold into the bodies' view here and are rewritten from the merged
        events (a snooze that woke, a dismissal that resurfaced), ids included. With
        ``rank``, its standings become the stored ranking in the same locked step; without,
        the stored ranking is emptied (the next reader ranks once).
        """
        with self.db.locked() as db, self.triage_db.locked() as triage_db:
            triage = self._triage(triage_db)
            current = {
                k: with_triage(Event.from_dict(v), triage.get(k))
                for k, v in ((str(r["id"]), dict(r)) for r in db.table("events").all())
            }
            merged, archive_new = merge_parts(merge(current))
            kept: dict[str, Event] = {}
            for event in merged:
                kept[event.id] = event  # a repeated id: its first place, its last value
            # Ranked before the bodies are written: ranking stores each one's cluster id.
            standings = rank(list(kept.values())) if rank is not None else []
            self._write_table(db, "events", (e.to_dict() for e in kept.values()))
            records = (triage_of(e) for e in kept.values())
            self._write_table(
                triage_db, "triage", (r.to_dict() for r in records if not is_default(r))
            )
            self._write_table(triage_db, "known", [{"ids": list(kept)}])
            gone = [e for k, e in current.items() if k not in kept] + archive_new
            if gone:
                with self.archive_db.locked() as archive_db:
                    archive_db.table("events").insert_multiple(e.to_dict() for e in gone)
            # Without ``rank`` the stored ranking would be stale: it is emptied, and the next
            # reader ranks the events once.
            self._store_ranking(standings)
        return list(kept.values())

    def _store_ranking(self, rows: Sequence[Standing]) -> None:
        data = [r.to_dict() for r in rows]
        with self.ranking_db.locked() as ranking_db:
            self._write_table(ranking_db, "ranking", data)
        sensitive = [
            r.event.to_dict()
            for r in rows
            if r.tag_like and r.event.sensitivity.level is not Level.NONE
        ]
        with self.top_db.locked() as top_db:
            self._write_table(top_db, "ranking", data[:TOP_ROWS])
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
            known_row = triage_db.table("known").get(doc_id=1)
            known = set(known_row["ids"]) if known_row else self._known_from_bodies()
            records = self._triage(triage_db)
            wanted = [i for i in dict.fromkeys(event_ids) if i in known]
            if not wanted:
                return []
            changed = [
                records.get(i) or self._base_triage(i, from_body=known_row is None) for i in wanted
            ]
            change(changed)
            for record in changed:
                records[record.id] = record
            self._write_table(triage_db, "triage", (r.to_dict() for r in records.values()))
            if known_row is None:
                self._write_table(triage_db, "known", [{"ids": sorted(known)}])
        return changed

    def _known_from_bodies(self) -> set[str]:
        """The stored ids, from the bodies: only for a data dir no merge wrote ids for yet."""
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
