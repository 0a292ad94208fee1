"""One event read by itself from the data dir: the segments' row indexes (``events.d/*.idx``).

Issue 11: a new draft from an event (and the event's detail) must cost the same at 100 or
10,000 stored events. These tests count the whole-file reads a real :class:`FileStore` makes
(every whole read of a database file goes through ``read_nofollow`` in ``store/db.py``) and
check that an index another writer made stale is never trusted.
"""

from __future__ import annotations

import json
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from rtc_tui.config import Config
from rtc_tui.core.models import Event, Level, Sensitivity, TriageState
from rtc_tui.core.trending.triage import TriageAction, apply_story
from rtc_tui.desk import Desk
from rtc_tui.store import FileStore, db, fsio
from rtc_tui.store.row_index import (
    HEADER,
    RECORD,
    IndexedDatabase,
    encode_indexed,
    key_hash,
    pack_index,
)
from tests.conftest import FROZEN_NOW

STORY = "Crollo di una palazzina a Catania, tre morti"


def _events(count: int) -> list[Event]:
    """``count`` unrelated events, and three copies of one sensitive story (ids s0..s2)."""
    seen = FROZEN_NOW - timedelta(minutes=30)
    out = [
        Event(
            id=f"e{i}",
            source=f"Fonte {i % 7}",
            title=f"Notizia {i}: {['mercato', 'meteo', 'calcio', 'borsa'][i % 4]} numero {i}",
            first_seen=seen,
            last_seen=seen,
        )
        for i in range(count)
    ]
    for i in range(3):
        copy = Event(
            id=f"s{i}", source=f"Agenzia {i}", title=STORY, first_seen=seen, last_seen=seen
        )
        if i == 2:
            copy.sensitivity = Sensitivity(level=Level.BLOCK, categories=("tragedy",))
        out.insert(i * 5, copy)
    return out


@pytest.fixture
def whole_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the database files read whole while the test runs."""
    names: list[str] = []
    real = fsio.read_nofollow

    def counted(path: Path) -> bytes | None:
        names.append(path.name)
        return real(path)

    monkeypatch.setattr(db, "read_nofollow", counted)
    return names


BIG_FILES = {"events-live.json", "events.json", "ranking.json"}
"""The files that grow with the store besides the segments (the manifest; the old layout)."""


def _big_reads(names: list[str]) -> set[str]:
    """The files read whole that grow with the store: the segments and :data:`BIG_FILES`."""
    return {n for n in names if n in BIG_FILES or n[:-5].isdigit()}


def _segment(store: FileStore) -> IndexedDatabase:
    """The newest segment (after a full ranking, the one holding every body)."""
    return store.events.segments.database(store.events.segments.numbers()[-1])


def _ranked_desk(store: FileStore, count: int) -> Desk:
    desk = Desk(Config(), store, user="alice", now=lambda: FROZEN_NOW)
    events = _events(count)
    store.events.merge(lambda current: events)
    desk.trending.first_stories()  # a store merged without a ranking is ranked once, here
    return desk


def test_a_draft_from_an_event_reads_its_story_not_every_event(
    store: FileStore, whole_reads: list[str]
) -> None:
    desk = _ranked_desk(store, 300)
    assert [e.id for e in desk.trending.story_events("s0")] == ["s0", "s1", "s2"]
    whole_reads.clear()
    draft = desk.drafts.new(event_id="s0")
    assert not _big_reads(whole_reads)
    # The draft still snapshots the worst copy of the whole story, and the event is linked.
    assert draft.origin is not None
    assert draft.origin.title == STORY
    assert draft.origin.sensitivity.level is Level.BLOCK
    linked = store.events.get("s0")
    assert linked is not None
    assert linked.state is TriageState.REACTED
    assert linked.draft_ids == [draft.id]


def test_an_events_detail_reads_neither_the_bodies_nor_the_whole_ranking(
    store: FileStore, whole_reads: list[str]
) -> None:
    desk = _ranked_desk(store, 300)
    whole_reads.clear()
    detail = desk.trending.event_detail("s1")
    assert detail.ranked.event.id == "s1"
    assert sorted(m.id for m in detail.members) == ["s0", "s2"]
    assert detail.story_sensitivity.level is Level.BLOCK
    assert not _big_reads(whole_reads)


def test_a_triage_write_reads_neither_bodies_nor_an_id_list(
    store: FileStore, whole_reads: list[str]
) -> None:
    _ranked_desk(store, 50)
    triage = json.loads((store.data_dir / "triage.json").read_text())
    assert "known" not in triage  # the stored ids are no longer listed in the small file
    whole_reads.clear()
    changed = store.events.change_triage(
        ["e3", "nope"], lambda records: apply_story(records, TriageAction.PIN, now=FROZEN_NOW)
    )
    assert [r.id for r in changed] == ["e3"]
    assert whole_reads == ["triage.json"]


def test_an_index_made_stale_by_another_writer_is_not_trusted(store: FileStore) -> None:
    _ranked_desk(store, 20)
    segment = _segment(store)
    path = segment.path
    document = json.loads(path.read_text())
    for row in document["events"].values():
        if row["id"] == "s1":
            row["title"] = "Titolo cambiato a mano"
    path.write_text(json.dumps(document, indent=1))  # another layout: old offsets are wrong
    found = store.events.story("s1")
    assert found[0].title == "Titolo cambiato a mano"
    assert sorted(e.id for e in found) == ["s0", "s1", "s2"]
    assert segment.find("id", "s1") is None
    # A triage write still knows which events exist (from the bodies).
    pin = store.events.change_triage(
        ["s1", "nope"], lambda records: apply_story(records, TriageAction.PIN, now=FROZEN_NOW)
    )
    assert [r.id for r in pin] == ["s1"]


def test_an_index_that_kept_size_and_mtime_but_points_elsewhere_is_not_trusted(
    store: FileStore,
) -> None:
    _ranked_desk(store, 20)
    segment = _segment(store)
    index = segment.index_path
    raw = bytearray(index.read_bytes())
    # Every record now points at the first row's bytes: no row read matches what was asked.
    first = HEADER.size
    first_offset = raw[first + 8 : first + 16]
    for at in range(first, len(raw), RECORD.size):
        raw[at + 8 : at + 16] = first_offset
    index.write_bytes(bytes(raw))
    assert segment.find("id", "s2") is None
    assert [e.id for e in store.events.story("s2")][0] == "s2"  # read whole instead


def test_a_missing_or_damaged_index_falls_back_to_the_whole_file(store: FileStore) -> None:
    _ranked_desk(store, 20)
    segment = _segment(store)
    index = segment.index_path
    index.write_bytes(index.read_bytes()[:50])  # cut inside the records
    assert segment.find("id", "e3") is None
    assert store.events.get("e3") is not None
    index.unlink()
    assert segment.find("id", "e3") is None
    assert segment.present("id", ["e3"]) is None
    assert [e.id for e in store.events.story("s0")] == ["s0", "s1", "s2"]


def test_an_index_planted_as_a_link_is_refused(store: FileStore, tmp_path: Path) -> None:
    _ranked_desk(store, 5)
    segment = _segment(store)
    index = segment.index_path
    elsewhere = tmp_path / "elsewhere.idx"
    elsewhere.write_bytes(index.read_bytes())
    index.unlink()
    index.symlink_to(elsewhere)
    with pytest.raises(db.StoreError, match="link"):  # never read through it, said clearly
        segment.find("id", "e3")
    with pytest.raises(db.StoreError, match="link"):
        segment.check_files()


def test_the_indexed_encoding_is_the_same_json_and_spans_each_row() -> None:
    rows: dict[str, dict[str, str]] = {
        "1": {"id": "a", "cluster_id": "c"},
        "2": {"id": "bè", "title": "ü ✓"},
    }
    document: dict[str, Any] = {"_meta": {"1": {"schema": 1}}, "events": rows}
    data, spans = encode_indexed(
        document,
        {"events": lambda row: [("id", row["id"]), ("cluster", row.get("cluster_id", ""))]},
    )
    assert json.loads(data) == document
    by_key = {key: data[offset : offset + length] for key, offset, length in spans}
    assert json.loads(by_key[key_hash("id", "bè")]) == rows["2"]
    assert json.loads(by_key[key_hash("cluster", "c")]) == rows["1"]
    assert len(spans) == 3  # an empty key (no cluster) is not indexed
    packed = pack_index((1, 2), spans)
    assert len(packed) == HEADER.size + RECORD.size * 3
    assert HEADER.unpack(packed[: HEADER.size])[1:] == (1, 2, 3, 0)


def test_a_copy_that_keeps_times_keeps_its_index(store: FileStore, tmp_path: Path) -> None:
    _ranked_desk(store, 20)
    copy = tmp_path / "copy"
    shutil.copytree(store.data_dir, copy)  # copy2: contents and mtimes, new inodes
    again = FileStore(copy)
    assert _segment(again).find("id", "s1") is not None
    assert [e.id for e in again.events.story("s1")] == ["s1", "s0", "s2"]


def test_the_start_up_check_trusts_only_files_their_index_vouches_for(
    store: FileStore, whole_reads: list[str]
) -> None:
    desk = _ranked_desk(store, 50)
    desk.store.events.merge(lambda current: list(current.values())[:40])  # some archived
    desk.trending.first_stories()
    whole_reads.clear()
    assert store.check() == []
    assert not _big_reads(whole_reads)
    assert "archive.json" not in whole_reads
    assert "triage.json" in whole_reads  # the small files are still validated whole
    # Written by someone else: no longer vouched for, so validated, and refused when bad.
    segment = _segment(store)
    segment.path.write_text("{not json")
    with pytest.raises(db.StoreCorruptError, match=segment.path.name):
        FileStore(store.data_dir).check()


def test_an_index_for_another_schema_vouches_for_nothing(store: FileStore) -> None:
    _ranked_desk(store, 5)
    segment = _segment(store)
    index = segment.index_path
    raw = bytearray(index.read_bytes())
    magic, mtime, size, count, _schema = HEADER.unpack(bytes(raw[: HEADER.size]))
    raw[: HEADER.size] = HEADER.pack(magic, mtime, size, count, 99)
    assert segment.vouched()
    index.write_bytes(bytes(raw))
    assert not segment.vouched()
