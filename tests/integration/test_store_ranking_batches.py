"""The stored ranking brought up to date batch by batch, over both backends (issue 11).

A merge gives the ranking step the clustering index stored with the ranking; the standings
it computes again replace theirs and every other row stays as stored. After any sequence of
batches the stored ranking is the one a single run over every live event gives; a merge
without a ranking step empties it and its index; an index out of step with the rows is
never trusted.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from rtc_tui.core.models import Event, SignalPoint, TriageState
from rtc_tui.core.trending.cluster_index import ClusterEntry
from rtc_tui.core.trending.rerank import RankUpdate, ranker
from rtc_tui.core.trending.standing import standings
from rtc_tui.core.trending.triage import TriageAction, apply_story
from rtc_tui.store import FileStore, Store
from rtc_tui.store.interface import BatchMerge, EventBatch
from rtc_tui.store.segments import Segments

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)

TITLES = [
    ("ANSA", "Sanremo 2026, vince Olivia Marras con Vetro sottile"),
    ("ANSA", "Blackout a Milano, quartieri al buio per due ore"),
    ("ANSA", "Sciopero dei treni venerdì, le fasce garantite"),
    ("Corriere", "Olivia Marras ha vinto Sanremo, nessuno se lo aspettava"),
    ("Corriere", "Milano al buio: il blackout ferma la metro"),
    ("World", "Italian singer Olivia Marras wins Sanremo festival"),
    ("World", "What caused the Milan blackout: a substation post-mortem"),
    ("Trends", "sanremo 2026"),
    ("Trends", "blackout milano"),
    ("Trends", "sciopero treni"),
    ("Mastodon", "#Sanremo2026"),
    ("Mastodon", "#blackout"),
]


def _event(n: int) -> Event:
    source, title = TITLES[n]
    seen = T0 - timedelta(minutes=7 * n)
    return Event(
        id=f"e{n:02d}",
        source=source,
        title=title,
        published=seen,
        first_seen=seen,
        last_seen=T0,
        signal=float(100 + 37 * n % 400),
        signal_history=[
            SignalPoint(T0 - timedelta(minutes=40), float(10 + n)),
            SignalPoint(T0, float(100 + 37 * n % 400)),
        ],
    )


class _Counting:
    """The ranking step, recording what it was given and what it answered."""

    def __init__(self, changed: set[str] | None, now: datetime = T0) -> None:
        self.rank = ranker(now=now, changed=changed)
        self.previous: list[Mapping[str, ClusterEntry] | None] = []
        self.updates: list[RankUpdate] = []

    def __call__(
        self,
        written: Mapping[str, Event],
        live: Sequence[str],
        previous: Mapping[str, ClusterEntry] | None,
        load: Callable[[Collection[str]], Mapping[str, Event]],
    ) -> RankUpdate:
        self.previous.append(previous)
        update = self.rank(written, live, previous, load)
        self.updates.append(update)
        return update


def _merge_batch(store: Store, batch: list[Event], now: datetime = T0) -> _Counting:
    step = _Counting({e.id for e in batch}, now)
    store.events.merge(lambda current: [*current.values(), *batch], rank=step)
    return step


def test_batches_store_the_ranking_one_run_over_every_event_gives(any_store: Store) -> None:
    events = [_event(n) for n in range(len(TITLES))]
    first = _merge_batch(any_store, events[:5])
    assert first.previous == [None]
    assert first.updates[0].full
    second = _merge_batch(any_store, events[5:9])
    third = _merge_batch(any_store, events[9:])
    # The later batches were given the index the first one stored.
    for step in (second, third):
        (previous,) = step.previous
        assert previous is not None
        assert not step.updates[0].full
    stored = any_store.events.ranking()
    expected = standings(any_store.events.all(), now=T0)
    assert [s.to_dict() for s in stored] == [s.to_dict() for s in expected]
    assert [s.id for s in any_store.events.ranking(3)] == [s.id for s in expected[:3]]
    sanremo = {s.id: s.cluster_id for s in stored if "anremo" in s.event.title}
    assert len(set(sanremo.values())) == 1
    assert len(sanremo) == 5


def test_a_batch_at_a_later_time_keeps_the_stored_rows_and_their_time(any_store: Store) -> None:
    events = [_event(n) for n in range(len(TITLES))]
    _merge_batch(any_store, events[:8])
    before = {s.id: s for s in any_store.events.ranking()}
    later = T0 + timedelta(hours=2)
    step = _merge_batch(any_store, events[8:], now=later)
    again = {s.id for s in step.updates[0].standings}
    after = {s.id: s for s in any_store.events.ranking()}
    for ident, row in before.items():
        if ident not in again:
            assert after[ident] == row  # stored as it was, ranked at T0
    assert {after[i].ranked_at for i in again} == {later}
    keys = [step.updates[0].entries[i].key for i in step.updates[0].order]
    assert keys == sorted(keys, reverse=True)


def test_without_a_ranking_step_the_ranking_and_its_index_are_emptied(any_store: Store) -> None:
    events = [_event(n) for n in range(6)]
    _merge_batch(any_store, events)
    any_store.events.merge(lambda current: list(current.values()))
    assert any_store.events.ranking() == []
    step = _merge_batch(any_store, [])
    assert step.previous == [None]  # no stale index handed on: everything ranked again
    assert len(any_store.events.ranking()) == 6


def test_events_left_out_leave_the_ranking_and_the_index(any_store: Store) -> None:
    events = [_event(n) for n in range(len(TITLES))]
    _merge_batch(any_store, events)
    step = _Counting(set())
    any_store.events.merge(
        lambda current: [e for k, e in current.items() if k not in {"e06", "e11"}], rank=step
    )
    (previous,) = step.previous
    assert previous is not None
    assert {"e06", "e11"} <= set(previous)
    rows = any_store.events.ranking()
    assert {"e06", "e11"}.isdisjoint({r.id for r in rows})
    assert all("e06" not in r.members and "e11" not in r.members for r in rows)
    again = _Counting(set())
    any_store.events.merge(lambda current: list(current.values()), rank=again)
    (stored_index,) = again.previous
    assert stored_index is not None
    assert set(stored_index) == {r.id for r in rows}


def test_an_index_out_of_step_with_the_rows_is_not_trusted(tmp_path: Path) -> None:
    """A manifest whose index and order disagree: everything is ranked again."""
    store = FileStore(tmp_path / "d")
    events = [_event(n) for n in range(8)]
    _merge_batch(store, events)
    db = store.events.db
    with db.locked() as manifest_db:
        document = manifest_db.storage.read() or {}
        document["manifest"]["1"].order.pop()
        manifest_db.storage.write(document)
    step = _merge_batch(store, [])
    assert step.previous == [None]  # an order and an index of different lengths
    assert len(store.events.ranking()) == 8


def test_a_merge_rewrites_changed_bodies_and_keeps_the_others_as_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch writes the bodies it changed (and those whose standing moved), nothing else."""
    store = FileStore(tmp_path / "d")
    events = [_event(n) for n in range(6)]
    _merge_batch(store, events)
    store.events.change_triage(
        ["e03"], lambda records: apply_story(records, TriageAction.PIN, now=T0)
    )
    before = {e.id: e.to_dict() for e in store.events.all()}

    def retitle(batch: EventBatch) -> BatchMerge:
        found = batch.lookup(["e02"])["e02"]
        found.title = "Sanremo 2026: Olivia Marras canta ancora Vetro sottile"
        return BatchMerge([found], list(batch.live))

    segments: list[Mapping[str, Iterable[dict[str, Any]]]] = []
    write = Segments.write

    def record(self: Segments, number: int, tables: Mapping[str, Iterable[dict[str, Any]]]) -> int:
        segments.append(tables)
        return write(self, number, tables)

    monkeypatch.setattr(Segments, "write", record)
    step = _Counting({"e02"})
    store.events.merge_batch(retitle, rank=step)
    written = {r["id"] for r in segments[0]["events"]}  # the merge's (then maybe compacted)
    assert written == {s.id for s in step.updates[0].standings} | {"e02"}
    assert "e04" not in written  # another story, a source the batch did not touch
    after = {e.id: e.to_dict() for e in store.events.all()}
    for ident in set(before) - written:
        assert after[ident] == before[ident]
    assert after["e02"]["title"].startswith("Sanremo 2026: Olivia Marras canta")
    moved, sanremo = store.events.standing("e02"), store.events.standing("e00")
    assert moved is not None
    assert sanremo is not None
    assert moved.cluster_id == sanremo.cluster_id  # its new title joined Sanremo's story
    assert store.events.get("e03").state is TriageState.PINNED  # type: ignore[union-attr]
    assert {e.id: e.title for e in store.events.all()}["e02"] == after["e02"]["title"]
