"""The events' split (bodies, triage records, stored ranking, archive), run over both backends.

Issue 11: a triage write touches triage records only, the ranking computed at ingest is what
screens read (first rows alone when asked), and a merge archives what it leaves out, never
drops it. Every case takes ``any_store`` (files and a real PostgreSQL server).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from rtc_tui.core.models import Event, Level, Sensitivity, TriageState
from rtc_tui.core.trending.rerank import ranker
from rtc_tui.core.trending.standing import Triage
from rtc_tui.core.trending.triage import TriageAction, apply_story
from rtc_tui.store import FileStore, Store
from rtc_tui.store.interface import MergeResult

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def _event(i: int, title: str = "", signal: float | None = None) -> Event:
    return Event(
        id=f"e{i}",
        source=f"s{i % 3}",
        title=title or f"Titolo numero {i} sulle elezioni regionali {i}",
        first_seen=T0,
        last_seen=T0,
        signal=signal,
    )


_rank = ranker(now=T0)


def test_triage_changes_records_only_and_reads_back_overlaid(any_store: Store) -> None:
    any_store.events.merge(lambda current: [_event(1), _event(2), _event(3)], rank=_rank)
    bodies_before = any_store.events.all()

    def pin(records: list[Triage]) -> None:
        apply_story(records, TriageAction.PIN, now=T0)

    changed = any_store.events.change_triage(["e2", "nope", "e2"], pin)
    assert [r.id for r in changed] == ["e2"]
    assert changed[0].state is TriageState.PINNED
    assert any_store.events.get("e2").state is TriageState.PINNED  # type: ignore[union-attr]
    states = {e.id: e.state for e in any_store.events.all()}
    assert states == {"e1": TriageState.NEW, "e2": TriageState.PINNED, "e3": TriageState.NEW}
    ranked = {r.id: r.event.state for r in any_store.events.ranking()}
    assert ranked["e2"] is TriageState.PINNED
    # Nothing else of the bodies moved.
    after = {e.id: e.title for e in any_store.events.all()}
    assert after == {e.id: e.title for e in bodies_before}
    assert any_store.events.change_triage(["nope"], pin) == []


def test_a_story_pin_toggles_every_copy_in_one_write(any_store: Store) -> None:
    any_store.events.merge(lambda current: [_event(1), _event(2)], rank=_rank)

    def pin(records: list[Triage]) -> None:
        apply_story(records, TriageAction.PIN, now=T0)

    any_store.events.change_triage(["e1"], pin)
    any_store.events.change_triage(["e1", "e2"], pin)  # the story was pinned: unpin it all
    states = {e.id: e.state for e in any_store.events.all()}
    assert states == {"e1": TriageState.SEEN, "e2": TriageState.NEW}
    any_store.events.change_triage(["e1", "e2"], pin)  # not pinned: every copy is pinned
    assert {e.state for e in any_store.events.all()} == {TriageState.PINNED}


def test_the_stored_ranking_is_best_first_and_read_in_part(any_store: Store) -> None:
    events = [_event(i, signal=float(i)) for i in range(1, 6)]
    any_store.events.merge(lambda current: events, rank=_rank)
    rows = any_store.events.ranking()
    assert sorted(r.id for r in rows) == [e.id for e in events]
    assert [r.score for r in rows] == sorted((r.score for r in rows), reverse=True)
    assert [r.id for r in any_store.events.ranking(2)] == [r.id for r in rows[:2]]
    # A merge without a ranking empties the stored one: no stale order is ever shown.
    any_store.events.merge(lambda current: list(current.values()))
    assert any_store.events.ranking() == []


def test_triage_survives_a_merge_and_a_snooze_wakes(any_store: Store) -> None:
    any_store.events.merge(lambda current: [_event(1), _event(2)], rank=_rank)
    any_store.events.change_triage(
        ["e1"], lambda records: apply_story(records, TriageAction.DISMISS, now=T0)
    )
    any_store.events.merge(lambda current: list(current.values()), rank=_rank)
    assert any_store.events.get("e1").state is TriageState.DISMISSED  # type: ignore[union-attr]
    assert any_store.events.ranking()[0].event.state in {TriageState.NEW, TriageState.DISMISSED}


def test_what_a_merge_leaves_out_is_archived_not_dropped(any_store: Store) -> None:
    any_store.events.merge(lambda current: [_event(1), _event(2), _event(3)], rank=_rank)
    any_store.events.change_triage(
        ["e3"], lambda records: apply_story(records, TriageAction.SEEN, now=T0)
    )
    any_store.events.merge(lambda current: [current["e1"]], rank=_rank)
    assert [e.id for e in any_store.events.all()] == ["e1"]
    archived = any_store.events.archived()
    assert sorted(e.id for e in archived) == ["e2", "e3"]
    assert next(e for e in archived if e.id == "e3").state is TriageState.SEEN
    assert any_store.events.get("e2") is None
    snapshot = any_store.snapshot()
    assert sorted(r["id"] for r in snapshot.archived) == ["e2", "e3"]


def _event_files(data_dir: Path) -> dict[str, tuple[int, bytes]]:
    """The manifest and every segment, with their times and bytes."""
    paths = [data_dir / "events-live.json", *sorted((data_dir / "events.d").iterdir())]
    return {str(p): (p.stat().st_mtime_ns, p.read_bytes()) for p in paths}


def test_a_triage_write_leaves_the_event_bodies_file_alone(store: FileStore) -> None:
    store.events.merge(lambda current: [_event(1), _event(2)], rank=_rank)
    before = _event_files(store.data_dir)
    assert any("events.d" in name for name in before)
    store.events.change_triage(
        ["e1"], lambda records: apply_story(records, TriageAction.SEEN, now=T0)
    )
    assert _event_files(store.data_dir) == before
    assert (store.data_dir / "triage.json").exists()


def test_new_events_a_merge_sends_to_the_archive_are_kept_there(any_store: Store) -> None:
    any_store.events.merge(lambda current: [_event(1)], rank=_rank)
    any_store.events.merge(
        lambda current: MergeResult([current["e1"]], archive=[_event(2)]), rank=_rank
    )
    assert [e.id for e in any_store.events.all()] == ["e1"]
    assert [e.id for e in any_store.events.archived()] == ["e2"]


def test_the_sensitive_tag_like_events_of_the_ranking(any_store: Store) -> None:
    tag = _event(1, title="#CrolloCatania")
    tag.sensitivity = Sensitivity(level=Level.BLOCK, categories=("tragedy",), terms=("crollo",))
    headline = _event(3, title="Crollo di una palazzina a Catania, tre morti")
    headline.sensitivity = tag.sensitivity  # sensitive, but no tag: not compared with hashtags
    any_store.events.merge(lambda current: [tag, _event(2), headline], rank=_rank)
    found = any_store.events.sensitive()
    assert [(e.id, e.sensitivity.level) for e in found] == [("e1", Level.BLOCK)]
    assert found[0].title == tag.title


def test_a_story_is_its_event_then_its_other_copies(any_store: Store) -> None:
    events = [_event(i) for i in range(1, 6)]
    for event, cluster in zip(events, ["c1", "c2", "c1", "", "c1"], strict=True):
        event.cluster_id = cluster
    events[2].sensitivity = Sensitivity(level=Level.WARN, categories=("tragedy",))
    any_store.events.merge(lambda current: events, rank=_rank)
    any_store.events.change_triage(
        ["e5"], lambda records: apply_story(records, TriageAction.PIN, now=T0)
    )
    story = any_store.events.story("e3")
    assert [e.id for e in story] == ["e3", "e1", "e5"]  # itself, then stored order
    assert story[0].sensitivity.level is Level.WARN
    assert story[2].state is TriageState.PINNED  # triage current
    assert [e.id for e in any_store.events.story("e2")] == ["e2"]
    assert [e.id for e in any_store.events.story("e4")] == ["e4"]  # no story: itself alone
    assert any_store.events.story("nope") == []
    assert any_store.events.get("e5").state is TriageState.PINNED  # type: ignore[union-attr]


def test_one_events_standing_is_read_by_itself(any_store: Store) -> None:
    events = [_event(i, signal=float(i)) for i in range(1, 4)]
    any_store.events.merge(lambda current: events, rank=_rank)
    any_store.events.change_triage(
        ["e2"], lambda records: apply_story(records, TriageAction.PIN, now=T0)
    )
    rows = {r.id: r for r in any_store.events.ranking()}
    found = any_store.events.standing("e2")
    assert found is not None
    assert found.score == rows["e2"].score
    assert found.event.state is TriageState.PINNED
    assert any_store.events.standing("nope") is None
