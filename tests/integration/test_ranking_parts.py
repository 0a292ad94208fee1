"""A part of the stored ranking read row by row through the indexes (issue 11).

Scrolling past the first stories, or a filter searching on, asks the store for the next part
of the ranking (1,000 rows, then 5,000, then more than it holds). A :class:`FileStore` reads
those rows one by one through the segments' row indexes, newest segment first, instead of
parsing every segment whole (one decode that holds the interpreter as long as a big segment
takes): these tests check it gives exactly what the whole read gives, over several segments
and standings changed by later merges, and that it does not read the segments whole. The
row index's batch lookups (the index read once, then searched in memory) answer as its one
key lookups do, and give up on a damaged index.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rtc_tui.core.models import Event
from rtc_tui.store import FileStore, row_index
from rtc_tui.store.event_layers import Layers
from rtc_tui.store.event_merge import TOP_ROWS
from rtc_tui.store.row_index import LOAD_INDEX_MIN
from rtc_tui.store.segments import Layer
from tests.ranked_stores import refresh

T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _event(i: int, signal: float = 0.0) -> Event:
    # Words of its own: no two events are one story.
    words = f"zq{i}alfa zq{i}beta zq{i}gamma"
    seen = T0 - timedelta(minutes=i % 300)
    return Event(
        id=f"e{i:04d}",
        source=f"s{i % 5}",
        title=f"Notizia {i}: {words}",
        first_seen=seen,
        last_seen=seen,
        signal=signal or float(i % 97),
    )


def _batch(store: FileStore, events: list[Event]) -> None:
    """One refresh's merge at ``T0`` (see :func:`tests.ranked_stores.refresh`)."""
    refresh(store, events, T0)


def _store(tmp_path: Path) -> FileStore:
    """900 events, some rising in a later merge, then segments of retitled bodies on top.

    (The ranked merges' segments end up compacted into one here: the part's rows are looked
    for in the newer, body-only segments first, then found in that one.)
    """
    store = FileStore(tmp_path / "d")
    _batch(store, [_event(i) for i in range(850)])
    _batch(store, [_event(i) for i in range(850, 900)])
    _batch(store, [_event(i, signal=500.0 + i) for i in range(0, 850, 29)])  # these rise

    def retitle(event: Event) -> None:
        event.title = f"{event.title} (aggiornato)"

    for ident in ("e0000", "e0133", "e0290", "e0611"):  # a segment each
        assert store.events.update(ident, retitle) is not None
    return store


def _segment_loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The numbers of the segments parsed whole from now on, in order."""
    loads: list[int] = []
    real_table = Layer.table

    def table(layer: Layer, name: str) -> list[dict[str, object]]:
        loads.append(layer.number)
        return real_table(layer, name)

    monkeypatch.setattr(Layer, "table", table)
    return loads


def test_a_part_of_the_ranking_is_what_the_whole_read_gives_without_reading_it_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store(tmp_path)
    assert len(store.events.segments.numbers()) > 1
    whole = [(s.id, s.score, s.event.title) for s in store.events.ranking()]
    assert len(whole) == 900
    loads = _segment_loads(monkeypatch)
    # Any part, up to the whole ranking and past it (the app asks for five times more rows
    # each time: its last part is bigger than the ranking).
    for limit in (TOP_ROWS + 1, 300, 449, 450, 899, 900, 4500):
        part = store.events.ranking(limit)
        assert [(s.id, s.score, s.event.title) for s in part] == whole[:limit]
        assert loads == []  # no segment parsed whole
    # Every row, with no limit (``rtc events``): the segments are read whole.
    assert [s.id for s in store.events.ranking()] == [row[0] for row in whole]
    assert loads


def test_a_part_is_read_whole_when_an_index_cannot_answer(tmp_path: Path) -> None:
    store = _store(tmp_path)
    whole = [s.id for s in store.events.ranking()]
    for index in (tmp_path / "d" / "events.d").glob("*.json.idx"):
        index.write_bytes(index.read_bytes()[:-7])  # damaged: shorter than it says
    assert [s.id for s in store.events.ranking(300)] == whole[:300]


def test_a_batch_lookup_answers_as_one_lookup_per_key(tmp_path: Path) -> None:
    store = _store(tmp_path)
    layers: Layers = store.events.layers
    newest = layers.probe_layers()[0]
    database = newest.databases["ranking"]
    wanted = [f"e{i:04d}" for i in range(0, 900, 3)] + ["e9999", "nothing"]
    assert len(wanted) >= LOAD_INDEX_MIN
    one_by_one = {value: database.find("standing", value) for value in wanted}
    assert database.find_many("standing", wanted) == one_by_one
    assert database.present("standing", wanted) == {v for v, rows in one_by_one.items() if rows}
    assert database.find_many("standing", wanted[: LOAD_INDEX_MIN - 1]) == {
        v: one_by_one[v] for v in wanted[: LOAD_INDEX_MIN - 1]
    }
    index = database.index_path
    os.truncate(index, index.stat().st_size - 5)
    assert database.find_many("standing", wanted) is None
    assert database.present("standing", wanted) is None


def _copied_without_times(source: Path, target: Path) -> FileStore:
    """The data dir copied as ``cp -r`` does: same bytes, new file times."""
    shutil.copytree(source, target, copy_function=shutil.copyfile)
    later = time.time_ns() + 10**9
    for path in (target / "events.d").iterdir():
        os.utime(path, ns=(later, later))
    return FileStore(target)


def test_a_data_dir_copied_without_its_times_is_indexed_again_by_the_first_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``cp -r`` keeps the bytes, not the times the indexes name: one check re-indexes."""
    whole = [s.id for s in _store(tmp_path).events.ranking()]
    copy = _copied_without_times(tmp_path / "d", tmp_path / "copy")
    segments = [copy.events.segments.database(n) for n in copy.events.segments.numbers()]
    assert segments
    assert not any(db.vouched() for db in segments)  # every start would validate them whole
    copy.check()
    assert all(db.vouched() for db in segments)
    # And a part of the ranking is read through the indexes again, not by parsing segments.
    loads = _segment_loads(monkeypatch)
    assert [s.id for s in FileStore(tmp_path / "copy").events.ranking(300)] == whole[:300]
    assert loads == []


def test_a_segment_whose_bytes_changed_is_validated_but_not_indexed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same rows, other bytes (re-encoded by another tool): the old index's spans are wrong."""
    whole = [s.id for s in _store(tmp_path).events.ranking()]
    copy = _copied_without_times(tmp_path / "d", tmp_path / "copy")
    copy.check()  # every segment vouched for again; then one gets other bytes
    number = copy.events.segments.numbers()[-1]
    db = copy.events.segments.database(number)
    db.path.write_text(json.dumps(json.loads(db.path.read_bytes()), indent=1), encoding="utf-8")
    index_before = db.index_path.read_bytes()
    encoded: list[int] = []
    real_encode = row_index.encode_indexed

    def encode(document: dict[str, object], tables: object) -> object:
        encoded.append(len(document))
        return real_encode(document, tables)  # type: ignore[arg-type]

    monkeypatch.setattr(row_index, "encode_indexed", encode)
    copy.check()
    assert encoded == []  # its size is not the index's: not encoded at every start
    assert not db.vouched()
    assert db.index_path.read_bytes() == index_before
    assert [s.id for s in FileStore(tmp_path / "copy").events.ranking(300)] == whole[:300]
