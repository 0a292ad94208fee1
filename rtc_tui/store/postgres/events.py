"""Trending events in PostgreSQL: bodies, triage records, the stored ranking and the archive.

The same split as the files (see ``docs/storage.md``): ``events`` holds the bodies (written by
a refresh's merge, only the rows that changed), ``event_triage`` each triaged event's state
(written by the editor's keys, one row per event touched), ``event_ranking`` the ranking the
merge computed, by position, and ``events_archive`` what left the live set. A merge locks
``events`` and ``event_triage`` (in that order, as a triage write does) so neither waits on the
other in a cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

import msgspec
from psycopg.types.json import Json

from rtc_tui.core.models import Event
from rtc_tui.core.trending.cluster_index import ClusterEntry, entries_from, entry_row
from rtc_tui.core.trending.rerank import RankUpdate
from rtc_tui.core.trending.standing import (
    Standing,
    Triage,
    is_default,
    triage_of,
    with_triage,
)
from rtc_tui.store.interface import (
    BatchMerge,
    EventBatch,
    MergeResult,
    Ranker,
    merge_parts,
)
from rtc_tui.store.postgres.batch import merge_batch as batch_merge
from rtc_tui.store.postgres.database import PgDatabase
from rtc_tui.store.postgres.migrations import Conn
from rtc_tui.store.postgres.repos import read_stamp, upsert_events

_STANDING = msgspec.json.Decoder(Standing)
"""Decodes a stored ranking row's JSON text as :meth:`Standing.from_dict` reads its value."""

_EVENT = msgspec.json.Decoder(Event)
"""Decodes a stored event body's JSON text as :meth:`Event.from_dict` reads its value."""


def _triage(conn: Conn, ids: Sequence[str] | None = None) -> dict[str, Triage]:
    if ids is None:
        rows = conn.execute("SELECT body FROM event_triage").fetchall()
    else:
        rows = conn.execute(
            "SELECT body FROM event_triage WHERE id = ANY(%s)", (list(ids),)
        ).fetchall()
    return {str(r[0]["id"]): Triage.from_dict(r[0]) for r in rows}


def upsert_triage(conn: Conn, records: Iterable[Triage]) -> None:
    """Insert or replace triage records."""
    params = [(r.id, Json(r.to_dict())) for r in records]
    if params:
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO event_triage (id, body) VALUES (%s, %s)"
                " ON CONFLICT (id) DO UPDATE SET body = excluded.body",
                params,
            )


ORDER = 'sort_key DESC, first_seen DESC, id COLLATE "C"'
"""The stored ranking's order (what :func:`~rtc_tui.core.trending.rerank.rank_batch` sorts by)."""


def stored_index(conn: Conn) -> dict[str, ClusterEntry] | None:
    """The clustering index stored with the ranking (``None``: no ranking stored)."""
    rows = conn.execute("SELECT entry FROM event_ranking").fetchall()
    return {e.id: e for e in entries_from([r[0] for r in rows])} if rows else None


def store_ranking(conn: Conn, update: RankUpdate, previous: dict[str, ClusterEntry] | None) -> bool:
    """Write what ``update`` changed; ``False`` (nothing written) if it needs every row.

    A full update replaces every row; another writes its standings and removes the rows
    of events no longer live, and needs every other event of its order stored already.
    """
    entries = update.entries
    if not update.full:
        known = previous or {}
        fresh = {s.id for s in update.standings}
        if any(i not in known and i not in fresh for i in update.order):
            return False
        gone = [i for i in known if i not in entries]
        if gone:
            conn.execute("DELETE FROM event_ranking WHERE id = ANY(%s)", (gone,))
    else:
        conn.execute("DELETE FROM event_ranking")
    params = [
        (
            s.id,
            entries[s.id].key,
            entries[s.id].seen,
            s.score,
            Json(s.to_dict()),
            Json(entry_row(entries[s.id])),
        )
        for s in update.standings
    ]
    if params and update.full:
        # Every row at once (a copy's first ranking, 100,000 rows): COPY, not an INSERT each.
        with (
            conn.cursor() as cur,
            cur.copy(
                "COPY event_ranking (id, sort_key, first_seen, score, body, entry) FROM STDIN"
            ) as copy,
        ):
            for row in params:
                copy.write_row(row)
    elif params:
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO event_ranking (id, sort_key, first_seen, score, body, entry)"
                " VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET"
                " sort_key = excluded.sort_key, first_seen = excluded.first_seen,"
                " score = excluded.score, body = excluded.body, entry = excluded.entry",
                params,
            )
    return True


def archive_events(conn: Conn, rows: Iterable[dict[str, Any]]) -> None:
    """Append event rows to the archive."""
    params = [(str(row["id"]), Json(row)) for row in rows]
    if params:
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO events_archive (id, body) VALUES (%s, %s)", params)


def event_rows(conn: Conn) -> list[dict[str, Any]]:
    """Every event's row in stored order, its triage folded in (what a snapshot holds)."""
    triage = _triage(conn)
    rows = conn.execute("SELECT body FROM events ORDER BY position").fetchall()
    return [with_triage(Event.from_dict(r[0]), triage.get(r[0]["id"])).to_dict() for r in rows]


class PgEventRepo:
    """Trending events: ``events``, ``event_triage``, ``event_ranking``, ``events_archive``."""

    def __init__(self, db: PgDatabase) -> None:
        self.db = db

    def all(self) -> list[Event]:
        """Every stored event, in stored order, its triage current."""
        with self.db.transaction() as conn:
            rows = conn.execute("SELECT body FROM events ORDER BY position").fetchall()
            triage = _triage(conn)
        return [with_triage(Event.from_dict(r[0]), triage.get(r[0]["id"])) for r in rows]

    def get(self, event_id: str) -> Event | None:
        """The event with ``event_id``, if stored."""
        with self.db.transaction() as conn:
            row = conn.execute("SELECT body FROM events WHERE id = %s", (event_id,)).fetchone()
            triage = _triage(conn, [event_id])
        return with_triage(Event.from_dict(row[0]), triage.get(event_id)) if row else None

    def story(self, event_id: str) -> list[Event]:
        """The event and its story's other copies (index ``events_by_cluster``)."""
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT body::text FROM events WHERE id = %s", (event_id,)
            ).fetchone()
            if row is None:
                return []
            copies = [_EVENT.decode(row[0])]
            if copies[0].cluster_id:
                # A story of many sources has dozens of copies: decoded straight from the text.
                others = conn.execute(
                    "SELECT body::text FROM events WHERE body ->> 'cluster_id' = %s AND id <> %s"
                    " ORDER BY position",
                    (copies[0].cluster_id, event_id),
                ).fetchall()
                copies += [_EVENT.decode(r[0]) for r in others]
            triage = _triage(conn, [e.id for e in copies])
        return [with_triage(e, triage.get(e.id)) for e in copies]

    def standing(self, event_id: str) -> Standing | None:
        """The stored ranking's row for ``event_id`` (index ``event_ranking_by_id``)."""
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT body FROM event_ranking WHERE id = %s",
                (event_id,),
            ).fetchone()
            if row is None:
                return None
            found = Standing.from_dict(row[0])
            triage = _triage(conn, [event_id])
        with_triage(found.event, triage.get(event_id))
        return found

    def ranking(self, limit: int | None = None) -> list[Standing]:
        """The stored ranking, best first, triage current (the first ``limit`` rows only).

        Each row comes as its JSON text, decoded straight into a :class:`Standing` (no
        dictionaries in between: ``rtc events --all`` reads 100,000 of them). The whole
        ranking takes every triage record (a few: the events someone touched) rather than
        naming every id to the server.
        """
        with self.db.transaction() as conn:
            rows = conn.execute(
                f"SELECT body::text FROM event_ranking ORDER BY {ORDER} LIMIT %s", (limit,)
            ).fetchall()
            out = [_STANDING.decode(r[0]) for r in rows]
            triage = _triage(conn, None if limit is None else [r.id for r in out])
        for row in out:
            with_triage(row.event, triage.get(row.id))
        return out

    def sensitive(self) -> list[Event]:
        """The ranking's sensitive tag-like light events, best first."""
        with self.db.transaction() as conn:
            rows = conn.execute(
                "SELECT body -> 'event' FROM event_ranking"
                " WHERE body -> 'event' -> 'sensitivity' ->> 'level' IN ('warn', 'block')"
                " AND (body ->> 'tag_like')::boolean"
                f" ORDER BY {ORDER}"
            ).fetchall()
        return [Event.from_dict(r[0]) for r in rows]

    def archived(self) -> list[Event]:
        """Every archived event, the most recently archived first."""
        with self.db.transaction() as conn:
            rows = conn.execute("SELECT body FROM events_archive ORDER BY seq DESC").fetchall()
        return [Event.from_dict(r[0]) for r in rows]

    def merge(
        self,
        merge: Callable[[dict[str, Event]], Iterable[Event] | MergeResult],
        *,
        rank: Ranker | None = None,
    ) -> list[Event]:
        """Lock the events and their triage, give ``merge`` every event, store what it returns.

        Only rows that changed (body or place) are written; the events left out move to the
        archive; with ``rank`` its standings replace the stored ranking.
        """
        with self.db.transaction() as conn:
            conn.execute("LOCK TABLE events IN EXCLUSIVE MODE")
            conn.execute("LOCK TABLE event_triage IN EXCLUSIVE MODE")
            stored = conn.execute("SELECT id, position, body FROM events").fetchall()
            before: dict[str, tuple[int, dict[str, Any]]] = {
                str(i): (int(p), b) for i, p, b in stored
            }
            triage = _triage(conn)
            ordered = sorted(before.items(), key=lambda item: item[1][0])
            current = {
                key: with_triage(Event.from_dict(body), triage.get(key))
                for key, (_pos, body) in ordered
            }
            merged, archive_new = merge_parts(merge(current))
            kept: dict[str, Event] = {}
            for event in merged:
                kept[event.id] = event  # a repeated id: its first place, its last value
            if rank is None:
                conn.execute("DELETE FROM event_ranking")  # stale: emptied, ranked on next read
            else:
                previous = stored_index(conn)
                live = list(kept)

                def load(ids: Collection[str]) -> dict[str, Event]:
                    return {i: kept[i] for i in ids if i in kept}

                update = rank(kept, live, previous, load)
                if not store_ranking(conn, update, previous):
                    update = rank(kept, live, None, load)
                    store_ranking(conn, update, None)
            rows = {key: event.to_dict() for key, event in kept.items()}
            changed = [
                (position, row)
                for position, (key, row) in enumerate(rows.items(), 1)
                if before.get(key) != (position, row)
            ]
            gone = [key for key in before if key not in rows]
            archive_events(conn, (e.to_dict() for e in archive_new))
            if gone:
                archive_events(conn, (current[key].to_dict() for key in gone))
                conn.execute("DELETE FROM events WHERE id = ANY(%s)", (gone,))
                conn.execute("DELETE FROM event_triage WHERE id = ANY(%s)", (gone,))
            upsert_events(conn, changed)
            records = [triage_of(e) for e in kept.values()]
            upsert_triage(
                conn,
                (
                    r
                    for r in records
                    if (r.id in triage and triage[r.id] != r)
                    or (r.id not in triage and not is_default(r))
                ),
            )
        return list(kept.values())

    def merge_batch(
        self, merge: Callable[[EventBatch], BatchMerge], *, rank: Ranker | None = None
    ) -> list[Event]:
        """Give ``merge`` every live event's light row and a reader of the bodies it names.

        Only the bodies the callback and the ranking step ask for are read, and only the rows
        that changed are written (:mod:`rtc_tui.store.postgres.batch`).
        """
        with self.db.transaction() as conn:
            conn.execute("LOCK TABLE events IN EXCLUSIVE MODE")
            conn.execute("LOCK TABLE event_triage IN EXCLUSIVE MODE")

            def rank_step(
                ranker: Ranker,
                written: dict[str, Event],
                live: list[str],
                load: Callable[[Collection[str]], dict[str, Event]],
            ) -> None:
                previous = stored_index(conn)
                update = ranker(written, live, previous, load)
                if not store_ranking(conn, update, previous):
                    store_ranking(conn, ranker(written, live, None, load), None)

            return batch_merge(
                conn,
                merge,
                rank,
                triage=_triage(conn),
                rank_step=rank_step,
                archive=lambda rows: archive_events(conn, rows),
                upsert_triage=lambda records: upsert_triage(conn, records),
            )

    def update(self, event_id: str, change: Callable[[Event], None]) -> Event | None:
        """Lock one event's row, apply ``change`` to its body, write it back."""
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT position, body FROM events WHERE id = %s FOR UPDATE", (event_id,)
            ).fetchone()
            if row is None:
                return None
            event = Event.from_dict(row[1])
            change(event)
            upsert_events(conn, [(int(row[0]), event.to_dict())])
        return event

    def change_triage(
        self, event_ids: Sequence[str], change: Callable[[list[Triage]], object]
    ) -> list[Triage]:
        """Give ``change`` the stored events' triage records; write those rows only."""
        wanted = list(dict.fromkeys(event_ids))
        with self.db.transaction() as conn:
            conn.execute("LOCK TABLE event_triage IN EXCLUSIVE MODE")
            found = conn.execute(
                "SELECT id, body FROM events WHERE id = ANY(%s)", (wanted,)
            ).fetchall()
            bodies = {str(i): b for i, b in found}
            records = _triage(conn, wanted)
            changed = [
                records.get(i) or triage_of(Event.from_dict(bodies[i]))
                for i in wanted
                if i in bodies
            ]
            if not changed:
                return []
            change(changed)
            upsert_triage(conn, changed)
        return changed

    def stamp(self) -> tuple[int, int]:
        """Changes when any session writes events, their triage or their ranking."""
        with self.db.transaction() as conn:
            return read_stamp(conn, "events")
