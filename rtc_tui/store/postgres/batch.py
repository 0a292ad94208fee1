"""PostgreSQL's batch merge: light rows of every live event, the bodies the batch names.

:meth:`~rtc_tui.store.postgres.events.PgEventRepo.merge` reads and decodes every body (a
refresh of 100 events into 20,000 read 20,000 bodies). The batch merge reads what the data
dir's does (:mod:`rtc_tui.store.event_merge`): every live event's id, place and last-seen time
(columns, no body) with the triage records, then only the bodies the callback and the ranking
step ask for, and writes only the rows that changed: the bodies written, the rows that left
(archived), and the places of the kept rows only when the batch's order does not extend the
stored one (a new event goes after the last, so nothing else moves).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from rtc_tui.core.models import Event, TriageState
from rtc_tui.core.trending.ingest import LiveEvent
from rtc_tui.core.trending.standing import Triage, is_default, triage_of, with_triage
from rtc_tui.store.interface import BatchMerge, EventBatch, Ranker
from rtc_tui.store.merging import run_batch
from rtc_tui.store.postgres.migrations import Conn
from rtc_tui.store.postgres.repos import upsert_events


def merge_batch(
    conn: Conn,
    merge: Callable[[EventBatch], BatchMerge],
    rank: Ranker | None,
    *,
    triage: dict[str, Triage],
    rank_step: Callable[[Ranker, dict[str, Event], list[str], Callable[..., Any]], None],
    archive: Callable[[Iterable[dict[str, Any]]], None],
    upsert_triage: Callable[[Iterable[Triage]], None],
) -> list[Event]:
    """One batch merge inside ``conn``'s transaction (``events``, ``event_triage`` locked).

    ``rank_step`` runs and stores the ranking (``rank``, the written events, the live ids,
    a body reader); ``archive`` appends rows to the archive; ``upsert_triage`` writes records.
    Returns the events written.

    Raises:
        ValueError: the callback kept an id neither stored nor written.
    """
    light = conn.execute(
        "SELECT id, position, last_seen, state FROM events ORDER BY position"
    ).fetchall()
    place: dict[str, int] = {}
    live: dict[str, LiveEvent] = {}
    stated: list[str] = []
    for ident, position, seen, state in light:
        key = str(ident)
        place[key] = int(position)
        record = triage.get(key)
        if record is not None:
            live[key] = LiveEvent(
                key, _aware(seen), record.state, record.snoozed_until, tuple(record.draft_ids)
            )
        else:
            live[key] = LiveEvent(key, _aware(seen))
            if state != TriageState.NEW.value:
                stated.append(key)  # state in the body alone (written before the records)
    loaded: dict[str, Event] = {}

    def load(ids: Iterable[str]) -> dict[str, Event]:
        wanted = list(dict.fromkeys(ids))
        missing = [i for i in wanted if i in place and i not in loaded]
        if missing:
            rows = conn.execute(
                "SELECT id, body FROM events WHERE id = ANY(%s)", (missing,)
            ).fetchall()
            for ident, body in rows:
                loaded[str(ident)] = with_triage(Event.from_dict(body), triage.get(str(ident)))
        return {i: loaded[i] for i in wanted if i in loaded}

    for ident, event in load(stated).items():
        live[ident] = LiveEvent.of(event)
    outcome = run_batch(merge, live, load)
    keep, written, gone = outcome.keep, outcome.written, outcome.gone
    gone_events = load(gone)
    if rank is not None:
        rank_step(rank, written, keep, load)
    else:
        conn.execute("DELETE FROM event_ranking")  # stale: emptied, ranked on next read
    _write_rows(conn, keep, place, written)
    archive(e.to_dict() for e in outcome.archive)
    if gone:
        archive(gone_events[i].to_dict() for i in gone if i in gone_events)
        conn.execute("DELETE FROM events WHERE id = ANY(%s)", (gone,))
        conn.execute("DELETE FROM event_triage WHERE id = ANY(%s)", (gone,))
    upsert_triage(
        record
        for record in map(triage_of, written.values())
        if (record.id in triage and triage[record.id] != record)
        or (record.id not in triage and not is_default(record))
    )
    return list(written.values())


def _write_rows(
    conn: Conn, keep: list[str], place: dict[str, int], written: dict[str, Event]
) -> None:
    """The bodies written, at their places; the kept rows moved only if the order changed.

    When the kept stored rows are in their stored order and every new one comes after them,
    each stored row keeps its place and the new ones take the places after the last: nothing
    else is written. Otherwise every kept row is placed 1, 2, ... and those whose place
    changed are moved (what :meth:`~.events.PgEventRepo.merge` does).
    """
    stored = [place[i] for i in keep if i in place]
    first_new = next((n for n, i in enumerate(keep) if i not in place), len(keep))
    extends = all(i not in place for i in keep[first_new:]) and all(
        a < b for a, b in zip(stored, stored[1:], strict=False)
    )
    if extends:
        after = max(place.values(), default=0)
        target = dict(place)
        target.update((i, after + n) for n, i in enumerate(keep[first_new:], 1))
    else:
        target = {i: n for n, i in enumerate(keep, 1)}
    upsert_events(conn, [(target[i], e.to_dict()) for i, e in written.items()])
    moved = [
        (target[i], i) for i in keep if i in place and i not in written and place[i] != target[i]
    ]
    if moved:
        with conn.cursor() as cur:
            cur.executemany("UPDATE events SET position = %s WHERE id = %s", moved)


def _aware(seen: datetime) -> datetime:
    """A stored ``timestamptz`` in UTC, as the models keep times."""
    return seen.astimezone(UTC)


__all__ = ["merge_batch"]
