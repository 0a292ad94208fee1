"""The clustering index in parts: a merge writes what its batch changed, not the whole index.

Issue 11: ``rtc fetch`` of 100 new events must cost the same on a 20k store as on a 500 one.
The index (every live title's entry and every token's postings) was rewritten whole inside
the manifest by every merge (7 MB at 20,000 events). These tests use a real
:class:`FileStore`: the bytes a small merge writes into a big store, the index read back from
a base and its later parts against one written whole every time, the parts' rebasing, a data
dir of schema 1 (the index inline in the manifest) read and moved by its first merge, and a
data dir written by a newer rtc refused in one line.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec
import pytest

from rtc_tui.core.models import Event
from rtc_tui.core.trending.cluster_index import ClusterEntry, KeyedEntry
from rtc_tui.core.trending.rerank import ranker
from rtc_tui.store import FileStore, index_parts
from rtc_tui.store.db import SCHEMA_VERSION
from rtc_tui.store.event_merge import stored_index
from rtc_tui.store.interface import BatchMerge, EventBatch
from tests.integration.cli import rtc

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)

WORDS = [
    "sciopero", "treni", "meteo", "allerta", "borsa", "calcio", "mercato", "teatro", "milano",
    "roma", "napoli", "governo", "festival", "sanremo", "blackout", "neve", "porto", "vino",
]  # fmt: skip


def _event(i: int, version: int = 0, words: int = 4, source: str = "") -> Event:
    rng = random.Random(i * 7919 + version)
    title = " ".join(rng.sample(WORDS, words))
    return Event(
        id=f"e{i}",
        source=source or f"s{i % 5}",
        title=f"{title} {i % 13}",
        first_seen=T0,
        last_seen=T0,
        signal=float(i % 50),
    )


def _batch(store: FileStore, events: list[Event], leave: set[str] | None = None) -> None:
    """One refresh's merge: ``events`` written, the ``leave`` ids archived, the rest kept."""
    ids = [e.id for e in events]
    gone = leave or set()

    def merge(batch: EventBatch) -> BatchMerge:
        live = [i for i in batch.live if i not in gone]
        return BatchMerge(events, [*live, *(i for i in ids if i not in batch.live)])

    store.events.merge_batch(merge, rank=ranker(now=T0, changed=set(ids)))


def _index_of(store: FileStore) -> tuple[dict[str, Any], dict[str, set[str]]]:
    """The stored index: each entry as stored, and each token's set of ids."""
    manifest = store.events.layers.view().manifest
    index = stored_index(store.events.layers, manifest)
    assert index is not None
    entries = {i: msgspec.to_builtins(e) for i, e in index.items()}
    postings = index.postings
    assert postings is not None
    return entries, {t: set(postings[t].split()) for t in postings}


def _files(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in [*folder.iterdir(), *(folder / "events.d").iterdir()]
        if p.is_file()
    }


def _written(before: dict[str, tuple[int, int]], folder: Path) -> dict[str, int]:
    """The files written since ``before`` (new, or replaced), with their sizes."""
    after = _files(folder)
    return {p: Path(p).stat().st_size for p, key in after.items() if before.get(p) != key}


def test_a_small_batch_into_a_big_store_writes_a_small_index_part(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    store = FileStore(folder)
    _batch(store, [_event(i) for i in range(2000)])
    (base,) = store.events.layers.view().manifest.index
    whole = store.events.layers.index.database(base).path.stat().st_size
    manifest_size = (folder / "events-live.json").stat().st_size
    before = _files(folder)
    _batch(store, [_event(i, source="new") for i in range(5000, 5005)])  # a new source
    written = _written(before, folder)
    parts = {p: n for p, n in written.items() if "/index-" in p and p.endswith(".json")}
    assert len(parts) == 1, written
    # The index was ``whole`` bytes; the batch's part holds its five entries and postings.
    assert sum(parts.values()) < whole // 50, (parts, whole)
    # Besides it: the manifest (the live ids, their times and places, the order: written
    # whole, a fraction of the index), the batch's segment, the first screen's rows (at most
    # TOP_ROWS) and triage. Backups are hard links (no bytes written); locks hold a pid.
    counted = {
        p: n for p, n in written.items() if not p.endswith((".bak", ".lock", ".idx", "top.json"))
    }
    assert sum(counted.values()) < (whole + manifest_size) // 4, sorted(counted.items())
    assert str(store.events.layers.index.database(base).path) not in written
    assert store.events.layers.view().manifest.index[0] == base  # the base was not rewritten


@pytest.mark.parametrize("rebase", [False, True])
def test_the_index_read_from_its_parts_is_the_index_written_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rebase: bool
) -> None:
    """Random batches (new titles, changed titles, events leaving) through two stores.

    One writes a new base at every merge; the other writes a part per merge (and, with
    ``rebase``, a new base whenever the parts grow past a quarter of a small index).
    """
    whole = FileStore(tmp_path / "whole")
    parts = FileStore(tmp_path / "parts")
    rng = random.Random(11)
    live: set[int] = set()
    fresh = 0
    for step in range(25):
        new = list(range(fresh, fresh + rng.randint(1, 12)))
        fresh = new[-1] + 1
        changed = rng.sample(sorted(live), min(len(live), rng.randint(0, 3)))
        leave = set(rng.sample(sorted(live - set(changed)), min(len(live), rng.randint(0, 2))))
        if step < 3:
            leave = set()
        # Titles of one to four words: short ones join a story or wait for one.
        events = [_event(i, words=1 + i % 4) for i in new]
        events += [_event(i, version=step + 1, words=1 + (i + step) % 4) for i in changed]
        gone = {f"e{i}" for i in leave}
        with monkeypatch.context() as patch:
            patch.setattr(index_parts, "REBASE_SLACK", -1)  # a base every time
            _batch(whole, events, gone)
        with monkeypatch.context() as patch:
            patch.setattr(index_parts, "REBASE_SLACK", 20 if rebase else 10**9)
            patch.setattr(index_parts, "REBASE_SHARE", 4 if rebase else 10**9)
            _batch(parts, events, gone)
        live = (live | set(new)) - leave
        assert _index_of(parts) == _index_of(whole), step
        assert parts.events.ranking() == whole.events.ranking(), step
    manifest = parts.events.layers.view().manifest
    on_disk = parts.events.layers.index.numbers()
    assert on_disk == manifest.index  # superseded parts are removed
    if rebase:
        assert len(manifest.index) < 10
    else:
        assert len(manifest.index) == 25


def test_a_part_left_by_a_crashed_merge_is_removed_by_the_next(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "d")
    _batch(store, [_event(i) for i in range(10)])
    manifest = store.events.layers.view().manifest
    from rtc_tui.store.manifest import IndexPart

    store.events.layers.index.write(manifest.next + 5, IndexPart(base=False))
    assert len(store.events.layers.index.numbers()) == 2
    _batch(store, [_event(11)])
    assert store.events.layers.index.numbers() == store.events.layers.view().manifest.index


def _as_schema_1(folder: Path, *, keyed: bool) -> None:
    """Rewrite a data dir's manifest as an rtc of schema 1 wrote it: the index inline.

    ``keyed``: as the rtc before the stored postings (entries as objects with one-letter
    keys and a list of tokens, no postings). The files are rewritten by hand, so they no
    longer match their row indexes.
    """
    store = FileStore(folder)
    manifest = store.events.layers.view().manifest
    index = stored_index(store.events.layers, manifest)
    assert index is not None
    assert index.postings is not None
    path = folder / "events-live.json"
    document = json.loads(path.read_text())
    row = document["manifest"]["1"]
    for field in ("index", "index_rows"):
        del row[field]
    entries: list[ClusterEntry] = list(index.values())
    if keyed:
        row["entries"] = [
            msgspec.to_builtins(KeyedEntry(**{**_fields(e), "tokens": e.tokens.split()}))
            for e in entries
        ]
        del row["postings"]
    else:
        row["entries"] = msgspec.to_builtins(entries)
        row["postings"] = dict(index.postings)
    document["_meta"]["1"]["schema"] = 1
    path.write_text(json.dumps(document))
    store.events.layers.index.remove(manifest.index)


def _fields(entry: ClusterEntry) -> dict[str, Any]:
    return {f: getattr(entry, f) for f in entry.__struct_fields__}


@pytest.mark.parametrize("keyed", [False, True])
def test_a_data_dir_of_schema_1_is_read_and_its_first_merge_moves_the_index(
    tmp_path: Path, keyed: bool
) -> None:
    old, new = FileStore(tmp_path / "old"), FileStore(tmp_path / "new")
    for store in (old, new):
        _batch(store, [_event(i) for i in range(12)])
    _as_schema_1(tmp_path / "old", keyed=keyed)
    assert old.check() == []
    assert [s.id for s in old.events.ranking()] == [s.id for s in new.events.ranking()]
    assert [e.id for e in old.events.all()] == [e.id for e in new.events.all()]
    for store in (old, new):  # the first merge writes the manifest in today's form
        _batch(store, [_event(i, version=1) for i in (3, 12, 13)])
    document = json.loads((tmp_path / "old" / "events-live.json").read_text())
    assert document["_meta"]["1"]["schema"] == SCHEMA_VERSION
    row = document["manifest"]["1"]
    assert row["entries"] == []
    assert row["postings"] is None
    assert len(row["index"]) == 1
    assert _index_of(old) == _index_of(new)
    assert old.events.ranking() == new.events.ranking()
    assert old.events.all() == new.events.all()


def test_a_data_dir_written_by_a_newer_rtc_is_refused_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    store = FileStore(folder)
    _batch(store, [_event(i) for i in range(6)])
    path = folder / "events-live.json"
    document = json.loads(path.read_text())
    document["_meta"]["1"]["schema"] = SCHEMA_VERSION + 1
    document["manifest"]["1"]["ids"] = {"a form": "this rtc does not know"}
    path.write_text(json.dumps(document))
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    env = {"RTC_DATA_DIR": str(folder)}
    for args in (("events",), ("draft", "new", "--title", "x"), ("fetch",)):
        done = rtc(*args, env=env, stdin="")
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, (args, done.stderr)
        assert str(path) in lines[0]
        assert (
            f"written by a newer rtc (schema {SCHEMA_VERSION + 1} > {SCHEMA_VERSION})" in (lines[0])
        )
        assert "bad row" not in lines[0]
        assert "Traceback" not in done.stderr
    doctor = rtc("doctor", env=env)  # a report: the file is named, no row called bad
    assert doctor.returncode == 1
    assert f"{path}: written by a newer rtc" in doctor.stdout
    assert "manifest" not in doctor.stdout.replace(str(path), "")  # no table, no row
    after = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert after == before


def test_a_batch_merge_on_postgresql_writes_only_the_rows_it_touched(
    pg_url: str, tmp_path: Path
) -> None:
    """PostgreSQL: the rows a small batch did not touch keep their row version (``xmin``)."""
    from rtc_tui.store.postgres.store import PgStore

    store = PgStore(pg_url, data_dir=tmp_path / "local")
    try:
        first = [_event(i) for i in range(40)]
        ids = {e.id for e in first}

        def fill(batch: EventBatch) -> BatchMerge:
            return BatchMerge(first, [e.id for e in first])

        store.events.merge_batch(fill, rank=ranker(now=T0, changed=ids))

        def versions() -> dict[str, str]:
            with store.db.transaction() as conn:
                rows = conn.execute("SELECT id, xmin::text FROM events").fetchall()
            return {str(i): str(v) for i, v in rows}

        before = versions()
        new = [_event(i, source="new") for i in (100, 101)]
        changed = _event(7, version=1)
        batch = [*new, changed]

        def add(b: EventBatch) -> BatchMerge:
            assert set(b.lookup(["e7", "e100"])) == {"e7"}  # bodies read on demand
            return BatchMerge(batch, [*b.live, *(e.id for e in new)])

        store.events.merge_batch(add, rank=ranker(now=T0, changed={e.id for e in batch}))
        after = versions()
        touched = {i for i in after if before.get(i) != after[i]}
        assert touched == {"e7", "e100", "e101"}
        assert [e.id for e in store.events.all()] == [*(e.id for e in first), "e100", "e101"]
        assert len(store.events.ranking()) == 42
    finally:
        store.close()
