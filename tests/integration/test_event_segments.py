"""The data dir's event segments: a merge writes what it touched, old data dirs move over.

Issue 11: a refresh's merge must cost what its batch touches, not what is stored. These tests
use a real :class:`FileStore`: the segments a merge writes (``events.d/``), their compaction,
the tombstones that hide archived events from one-row reads, and a data dir in the layout from
before the segments (``events.json`` and ``ranking.json`` holding every row), read as it is
and moved into a segment by its first merge.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec
import pytest

from rtc_tui.core.models import Event, TriageState
from rtc_tui.core.trending.cluster_index import ClusterEntry, KeyedEntry
from rtc_tui.core.trending.rerank import rank_batch, ranker
from rtc_tui.core.trending.standing import Triage
from rtc_tui.store import FileStore
from rtc_tui.store.event_layers import Layers, View
from rtc_tui.store.event_merge import COMPACT_SLACK
from rtc_tui.store.interface import BatchMerge
from tests.ranked_stores import refresh

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)

WORDS = ["sciopero", "treni", "meteo", "allerta", "borsa", "calcio", "mercato", "teatro"]


def _event(i: int, version: int = 0) -> Event:
    words = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(3))
    return Event(
        id=f"e{i}",
        source=f"s{i % 4}",
        title=f"Notizia {i} versione {version}: {words}",
        first_seen=T0,
        last_seen=T0,
        signal=float(i),
    )


def _batch(store: FileStore, events: list[Event]) -> None:
    """One refresh's merge at ``T0`` (see :func:`tests.ranked_stores.refresh`)."""
    refresh(store, events, T0)


def test_segments_stay_few_and_every_read_sees_the_newest_version(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "d")
    latest: dict[str, Event] = {}
    for step in range(40):
        events = [_event(5 * step + k) for k in range(5)]
        if step % 3 == 2:  # some earlier events change too
            events += [_event(i, version=step) for i in range(0, 5 * step, 7)]
        _batch(store, events)
        latest.update((e.id, e) for e in events)
    numbers = store.events.segments.numbers()
    assert len(numbers) <= 8  # merged as they grow, like a binary counter's carries
    manifest = store.events.layers.view().manifest
    assert manifest.segments == numbers
    assert manifest.rows <= 2 * len(manifest.ids) + COMPACT_SLACK
    stored = {e.id: e.title for e in store.events.all()}
    assert stored == {i: e.title for i, e in latest.items()}
    for ident in ("e0", "e7", "e63", "e199"):
        found = store.events.get(ident)
        assert found is not None
        assert found.title == latest[ident].title
    assert {s.id for s in store.events.ranking()} == set(latest)


def test_an_archived_event_stays_gone_for_one_row_reads_until_it_comes_back(
    tmp_path: Path,
) -> None:
    store = FileStore(tmp_path / "d")
    _batch(store, [_event(i) for i in range(6)])
    store.events.merge_batch(
        lambda batch: BatchMerge([], [i for i in batch.live if i != "e1"]),
        rank=ranker(now=T0, changed=set()),
    )
    for step in range(6):  # more segments, some merged: the tombstone must survive them
        _batch(store, [_event(10 + step)])
        assert store.events.get("e1") is None
        assert store.events.story("e1") == []
        assert store.events.standing("e1") is None
        assert store.events.change_triage(["e1"], lambda records: None) == []
    assert [e.id for e in store.events.archived()] == ["e1"]
    _batch(store, [_event(1, version=2)])
    back = store.events.get("e1")
    assert back is not None
    assert back.title == _event(1, version=2).title


def _write(path: Path, tables: dict[str, list[dict[str, object]]]) -> None:
    document: dict[str, object] = {"_meta": {"1": {"schema": 1}}}
    for name, rows in tables.items():
        document[name] = {str(n): row for n, row in enumerate(rows, 1)}
    path.write_text(json.dumps(document))


def _keyed_row(entry: ClusterEntry) -> dict[str, Any]:
    """An index entry as the rtc before the segments stored it: one-letter keys, a list."""
    fields = {f: getattr(entry, f) for f in entry.__struct_fields__}
    row: dict[str, Any] = msgspec.to_builtins(
        KeyedEntry(**{**fields, "tokens": entry.tokens.split()})
    )
    return row


def _old_layout(folder: Path) -> list[Event]:
    """A data dir as the rtc before the segments wrote it: every row in two files."""
    folder.mkdir(mode=0o700)
    events = [_event(i) for i in range(8)]
    events[3].state = TriageState.DISMISSED  # from before triage.json: state in the body
    update = rank_batch(events, None, None, now=T0)
    by_id = {e.id: e for e in events}
    for standing in update.standings:
        by_id[standing.id].cluster_id = standing.cluster_id
        by_id[standing.id].score = standing.score
    ranking = [s.to_dict() for s in update.ranking]
    _write(folder / "events.json", {"events": [e.to_dict() for e in events]})
    _write(
        folder / "ranking.json",
        {
            "ranking": ranking,
            "clusters": [_keyed_row(update.entries[i]) for i in sorted(update.entries)],
        },
    )
    _write(folder / "ranking-top.json", {"ranking": ranking[:200], "sensitive": []})
    _write(
        folder / "triage.json", {"triage": [Triage(id="e5", state=TriageState.PINNED).to_dict()]}
    )
    return events


def test_an_old_data_dir_is_read_as_it_is_and_moved_by_its_first_merge(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    events = _old_layout(folder)
    store = FileStore(folder)
    assert store.check() == []
    before = store.events.all()
    assert [e.id for e in before] == [e.id for e in events]
    states = {e.id: e.state for e in before}
    assert states["e3"] is TriageState.DISMISSED
    assert states["e5"] is TriageState.PINNED
    assert store.events.get("e2") is not None
    assert store.events.standing("e2") is not None
    ranking = [s.id for s in store.events.ranking()]
    assert sorted(ranking) == sorted(e.id for e in events)
    story = store.events.story("e0")
    assert story[0].id == "e0"
    # The first merge moves every body and standing into a segment and removes the old files.
    _batch(store, [_event(20)])
    assert not (folder / "events.json").exists()
    assert not (folder / "ranking.json").exists()
    assert (folder / "events-live.json").exists()
    assert store.events.segments.numbers()
    after = {e.id: e for e in store.events.all()}
    assert list(after) == [*(e.id for e in events), "e20"]
    assert after["e3"].state is TriageState.DISMISSED
    assert after["e5"].state is TriageState.PINNED
    assert after["e4"].title == events[4].title
    assert {s.id for s in store.events.ranking()} == set(after)
    assert [e.id for e in store.events.story("e0")] == [e.id for e in story]
    again = FileStore(folder)
    assert again.check() == []
    assert {e.id for e in again.events.all()} == set(after)


def test_a_body_changed_by_update_is_a_segment_of_its_own(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "d")
    _batch(store, [_event(i) for i in range(4)])
    ranking = store.events.ranking()

    def retitle(event: Event) -> None:
        event.title = "Titolo cambiato a mano"

    changed = store.events.update("e2", retitle)
    assert changed is not None
    assert store.events.get("e2").title == "Titolo cambiato a mano"  # type: ignore[union-attr]
    assert store.events.update("nope", retitle) is None
    assert [s.id for s in store.events.ranking()] == [s.id for s in ranking]


def test_a_read_that_loses_a_segment_to_a_merge_starts_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader takes no lock: a merge elsewhere may remove the segments its manifest named."""
    store = FileStore(tmp_path / "d")
    for i in range(4):
        _batch(store, [_event(i)])
    stale = store.events.layers.view()
    for i in range(4, 12):  # another process's merges, compacting those segments away
        _batch(store, [_event(i)])
    assert not set(stale.manifest.segments) <= set(store.events.segments.numbers())
    real = Layers.view
    views: list[View] = []

    def view(self: Layers, document: dict[str, Any] | None = None) -> View:
        views.append(stale if not views else real(self, document))
        return views[-1]

    monkeypatch.setattr(Layers, "view", view)
    assert [e.id for e in store.events.all()] == [f"e{i}" for i in range(12)]
    assert len(views) == 2  # the stale manifest's read failed once, the fresh one answered
    views.clear()
    assert len(store.events.ranking()) == 12


def test_segments_a_crashed_merge_left_are_removed_by_the_next_one(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "d")
    _batch(store, [_event(i) for i in range(3)])
    manifest = store.events.layers.view().manifest
    # A merge that died after writing its segment, before its manifest: never committed.
    store.events.segments.write(manifest.next, {"events": [_event(9).to_dict()], "gone": []})
    leftover = store.events.segments.database(manifest.next).path
    assert leftover.exists()
    _batch(store, [_event(3)])
    assert [e.id for e in store.events.all()] == ["e0", "e1", "e2", "e3"]
    assert store.events.get("e9") is None
    assert set(store.events.segments.numbers()) == set(store.events.layers.view().manifest.segments)


def test_old_files_a_crashed_first_merge_left_are_removed_by_the_next(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    _old_layout(folder)
    saved = {name: (folder / name).read_bytes() for name in ("events.json", "ranking.json")}
    store = FileStore(folder)
    _batch(store, [_event(20)])
    store.events.merge_batch(
        lambda batch: BatchMerge([], [i for i in batch.live if i != "e1"]),
        rank=ranker(now=T0, changed=set()),
    )
    for name, data in saved.items():  # as if the first merge had died before removing them
        (folder / name).write_bytes(data)
    _batch(store, [_event(21)])
    assert not (folder / "events.json").exists()
    assert not (folder / "ranking.json").exists()
    assert store.events.get("e1") is None
    assert [e.id for e in store.events.all()][-2:] == ["e20", "e21"]
