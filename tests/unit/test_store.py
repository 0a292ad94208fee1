import json
import multiprocessing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from rtc_tui.core.models import Draft, Event
from rtc_tui.store import DraftNotFoundError, FileStore, StoreCorruptError
from rtc_tui.store.db import SCHEMA_VERSION

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def _make(store: FileStore, title: str) -> Draft:
    return store.drafts.create(
        lambda new_id: Draft(id=new_id, title=title, created_at=T0, updated_at=T0)
    )


def test_ids_are_small_increasing_integers(store: FileStore) -> None:
    assert [_make(store, t).id for t in "abc"] == [1, 2, 3]
    assert sorted(d.title for d in store.drafts.all()) == ["a", "b", "c"]


def test_update_rereads_and_writes(store: FileStore) -> None:
    draft = _make(store, "a")
    store.drafts.update(draft.id, lambda d: setattr(d, "text", "hello"))
    assert store.drafts.get(draft.id).text == "hello"
    with pytest.raises(DraftNotFoundError):
        store.drafts.get(99)


def test_schema_version_is_stored(store: FileStore) -> None:
    _make(store, "a")
    data = json.loads((store.data_dir / "drafts.json").read_text())
    assert data["_meta"]["1"]["schema"] == SCHEMA_VERSION


def test_corrupt_file_is_reported_and_never_overwritten(store: FileStore) -> None:
    _make(store, "a")
    path = store.data_dir / "drafts.json"
    path.write_text('{"drafts": {"1": ')
    with pytest.raises(StoreCorruptError, match="drafts.json"):
        store.drafts.all()
    with pytest.raises(StoreCorruptError):
        _make(store, "b")
    assert path.read_text() == '{"drafts": {"1": ', "a corrupt file is left as it was"


def test_backup_keeps_previous_version(store: FileStore) -> None:
    _make(store, "a")
    _make(store, "b")
    backup = json.loads((store.data_dir / "drafts.json.bak").read_text())
    assert [r["title"] for r in backup["drafts"].values()] == ["a"]


def test_events_merge_replaces_the_set(store: FileStore) -> None:
    def event(i: int) -> Event:
        return Event(id=f"e{i}", source="s", title=f"t{i}", first_seen=T0, last_seen=T0)

    store.events.merge(lambda current: [event(1), event(2)])
    store.events.merge(lambda current: [*current.values(), event(3)])
    assert sorted(e.id for e in store.events.all()) == ["e1", "e2", "e3"]
    store.events.update("e2", lambda e: setattr(e, "score", 5.0))
    got = store.events.get("e2")
    assert got is not None
    assert got.score == 5.0


def test_state_and_audit(store: FileStore) -> None:
    store.state.set("etag:ANSA", "W/1")
    assert store.state.get("etag:ANSA") == "W/1"
    assert store.state.update("n", lambda old: (old or 0) + 1) == 1
    assert store.state.update("n", lambda old: (old or 0) + 1) == 2
    store.state.audit("override", "bob", draft=1, reason="ok")
    assert store.state.audit_log()[0]["action"] == "override"


def _writer(data_dir: str, worker: int, count: int) -> None:
    store = FileStore(Path(data_dir))
    for n in range(count):
        title = f"w{worker}-{n}"

        def make(new_id: int, title: str = title) -> Draft:
            return Draft(id=new_id, title=title, created_at=T0, updated_at=T0)

        store.drafts.create(make)


def test_concurrent_processes_never_lose_a_draft(tmp_path: Path) -> None:
    """Three real OS processes each create ten drafts at once in one data dir."""
    data_dir = tmp_path / "shared"
    FileStore(data_dir)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(data_dir), w, 10)) for w in range(3)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(60)
        assert proc.exitcode == 0
    drafts = FileStore(data_dir).drafts.all()
    assert len(drafts) == 30
    assert sorted(d.id for d in drafts) == list(range(1, 31))
    assert sorted(d.title for d in drafts) == sorted(
        f"w{w}-{n}" for w in range(3) for n in range(10)
    )
    json.loads((data_dir / "drafts.json").read_text())
