"""The batch merge (``events.merge_batch``) over both backends: a refresh hands the store its
batch and looks up only the stored events it names (issue 11).

The callback gets every live event's light row (id, last seen, triage) and a reader of bodies;
it answers the events it writes and the ids that stay live. Every case takes ``any_store``
(files and a real PostgreSQL server).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, datetime, timedelta

from rtc_tui.core.models import Event, TriageState
from rtc_tui.core.trending.cluster_index import ClusterEntry
from rtc_tui.core.trending.rerank import RankUpdate, ranker
from rtc_tui.core.trending.triage import TriageAction, apply_story
from rtc_tui.store import Store
from rtc_tui.store.interface import BatchMerge, EventBatch

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def _event(i: int, title: str = "", seen: datetime = T0) -> Event:
    return Event(
        id=f"e{i}",
        source=f"s{i % 3}",
        title=title or f"Titolo numero {i} sulle elezioni regionali {i}",
        first_seen=seen,
        last_seen=seen,
        signal=float(10 * i),
    )


def test_the_batch_sees_light_rows_and_reads_only_the_bodies_it_asks_for(
    any_store: Store,
) -> None:
    any_store.events.merge(lambda current: [_event(i) for i in range(1, 6)], rank=ranker(now=T0))
    any_store.events.change_triage(
        ["e2"], lambda records: apply_story(records, TriageAction.PIN, now=T0)
    )
    seen: dict[str, object] = {}

    def merge(batch: EventBatch) -> BatchMerge:
        seen["live"] = dict(batch.live)
        found = batch.lookup(["e2", "e4", "nope"])
        seen["found"] = sorted(found)
        seen["e2"] = found["e2"].state
        changed = found["e4"]
        changed.title = "Titolo cambiato sulle elezioni regionali quattro"
        return BatchMerge([changed, _event(6)], [*batch.live, "e6"])

    written = any_store.events.merge_batch(merge, rank=ranker(now=T0, changed={"e4", "e6"}))
    live = seen["live"]
    assert isinstance(live, dict)
    assert list(live) == ["e1", "e2", "e3", "e4", "e5"]
    assert live["e2"].state is TriageState.PINNED  # the light rows carry the triage
    assert live["e1"].last_seen == T0
    assert seen["found"] == ["e2", "e4"]  # an id not stored is left out
    assert seen["e2"] is TriageState.PINNED
    assert sorted(e.id for e in written) == ["e4", "e6"]
    events = {e.id: e for e in any_store.events.all()}
    assert list(events) == ["e1", "e2", "e3", "e4", "e5", "e6"]
    assert events["e4"].title.startswith("Titolo cambiato")
    assert events["e2"].state is TriageState.PINNED
    # The ranking took the batch in: the new event, the changed title, every other row.
    ranked = {s.id: s for s in any_store.events.ranking()}
    assert set(ranked) == set(events)
    assert ranked["e4"].event.title.startswith("Titolo cambiato")
    assert any_store.events.standing("e6") == ranked["e6"]


def test_live_events_left_out_are_archived_and_new_ones_can_go_straight_there(
    any_store: Store,
) -> None:
    any_store.events.merge(lambda current: [_event(i) for i in range(1, 5)], rank=ranker(now=T0))

    def merge(batch: EventBatch) -> BatchMerge:
        keep = [i for i in batch.live if i not in {"e1", "e3"}]
        return BatchMerge([], keep, archive=[_event(9)])

    any_store.events.merge_batch(merge, rank=ranker(now=T0, changed=set()))
    assert [e.id for e in any_store.events.all()] == ["e2", "e4"]
    assert sorted(e.id for e in any_store.events.archived()) == ["e1", "e3", "e9"]
    assert any_store.events.get("e1") is None
    assert any_store.events.standing("e3") is None
    assert {s.id for s in any_store.events.ranking()} == {"e2", "e4"}
    # An archived id that comes back is live again.
    any_store.events.merge_batch(
        lambda batch: BatchMerge([_event(1)], [*batch.live, "e1"]),
        rank=ranker(now=T0, changed={"e1"}),
    )
    assert any_store.events.get("e1") is not None
    assert any_store.events.standing("e1") is not None


def test_the_ranking_step_reads_only_what_the_batch_can_move(any_store: Store) -> None:
    """One new event in a fourth source: the step is handed its body and the stored index."""
    events = [_event(i) for i in range(1, 10)]
    any_store.events.merge(lambda current: events, rank=ranker(now=T0))
    asked: list[Collection[str]] = []
    handed: list[Mapping[str, Event]] = []
    rank = ranker(now=T0, changed={"n1"})

    def step(
        written: Mapping[str, Event],
        live: Sequence[str],
        previous: Mapping[str, ClusterEntry] | None,
        load: object,
    ) -> RankUpdate:
        assert previous is not None
        handed.append(written)

        def counted(ids: Collection[str]) -> Mapping[str, Event]:
            asked.append(list(ids))
            return load(ids)  # type: ignore[operator, no-any-return]

        return rank(written, live, previous, counted)

    new = Event(
        id="n1", source="other", title="Una notizia del tutto diversa", first_seen=T0, last_seen=T0
    )
    any_store.events.merge_batch(lambda batch: BatchMerge([new], [*batch.live, "n1"]), rank=step)
    assert "n1" in handed[0]
    assert all("e" not in i for ids in asked for i in ids)  # no stored body was needed
    assert any_store.events.standing("n1") is not None


def test_snoozed_rows_and_a_woken_event_written_back(any_store: Store) -> None:
    any_store.events.merge(lambda current: [_event(1), _event(2)], rank=ranker(now=T0))
    any_store.events.change_triage(
        ["e1"],
        lambda records: apply_story(
            records, TriageAction.SNOOZE, now=T0, snooze=timedelta(minutes=30)
        ),
    )
    later = T0 + timedelta(hours=1)

    def merge(batch: EventBatch) -> BatchMerge:
        due = [i for i, row in batch.live.items() if row.state is TriageState.SNOOZED]
        woken = batch.lookup(due)
        for event in woken.values():
            event.state = TriageState.NEW
            event.snoozed_until = None
        return BatchMerge(list(woken.values()), list(batch.live))

    any_store.events.merge_batch(merge, rank=ranker(now=later, changed=set()))
    event = any_store.events.get("e1")
    assert event is not None
    assert event.state is TriageState.NEW
    assert event.snoozed_until is None
