"""Fuzzing the store loader with random JSON documents: no traceback, no file modified."""

from __future__ import annotations

import contextlib
import hashlib
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rtc_tui.core.models import Draft
from rtc_tui.store import FileStore, StoreError
from rtc_tui.store.doctor import run_doctor

SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
JSON = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)

VALID_DRAFT: dict[str, Any] = {
    "id": 1,
    "title": "ok",
    "text": "",
    "status": "draft",
    "created_at": "2026-11-26T09:00:00+00:00",
    "updated_at": "2026-11-26T09:00:00+00:00",
    "revisions": [{"number": 1, "author": "a", "at": "2026-11-26T09:00:00+00:00"}],
    "checklist": {"timing": {"by": "b", "at": "2026-11-26T09:00:00+00:00", "content_hash": "x"}},
    "origin": {"kind": "event", "ref": "e1", "title": "t"},
}
VALID_EVENT: dict[str, Any] = {
    "id": "e1",
    "source": "s",
    "title": "t",
    "first_seen": "2026-11-26T09:00:00+00:00",
    "last_seen": "2026-11-26T09:00:00+00:00",
    "signal_history": [{"at": "2026-11-26T09:00:00+00:00", "value": 1}],
}


@st.composite
def mutated(draw: st.DrawFn, base: dict[str, Any]) -> Any:
    """A valid row with one field replaced by (or removed for) random JSON."""
    row = dict(base)
    key = draw(st.sampled_from(sorted(row)))
    if draw(st.booleans()):
        del row[key]
    else:
        row[key] = draw(JSON)
    return row


TABLES = st.fixed_dictionaries(
    {},
    optional={
        "drafts": st.dictionaries(st.text(max_size=3), mutated(VALID_DRAFT) | JSON, max_size=3),
        "counters": st.dictionaries(st.just("1"), st.dictionaries(st.just("next_draft"), JSON)),
        "events": st.dictionaries(st.text(max_size=3), mutated(VALID_EVENT) | JSON, max_size=3),
        "state": st.dictionaries(st.text(max_size=3), JSON, max_size=3),
        "audit": st.dictionaries(st.text(max_size=3), JSON, max_size=3),
        "_meta": st.dictionaries(st.just("1"), st.dictionaries(st.just("schema"), JSON)),
    },
)
DOCUMENTS = TABLES | JSON


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=DOCUMENTS, name=st.sampled_from(["drafts.json", "events.json", "state.json"]))
def test_random_documents_never_escape_as_tracebacks(document: Any, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder) / "data"
        data_dir.mkdir(mode=0o700)
        path = data_dir / name
        path.write_text(json.dumps(document), encoding="utf-8")
        path.chmod(0o600)
        before = digest(data_dir)
        store = FileStore(data_dir)
        try:
            store.check()
            refused = False
        except StoreError:
            refused = True
        readers = (
            store.drafts.all,
            store.events.all,
            lambda: store.state.get("k"),
            store.state.audit_log,
            lambda: run_doctor(store, fix=False),
        )
        for read in readers:
            with contextlib.suppress(StoreError):
                read()
        assert digest(data_dir) == before, "reading never writes"
        if refused:
            writers: dict[str, Callable[[], object]] = {
                "drafts.json": lambda: store.drafts.create(
                    lambda new_id: Draft(id=new_id, title="new")
                ),
                "events.json": lambda: store.events.merge(lambda current: list(current.values())),
                "state.json": lambda: store.state.set("k", 1),
            }
            with pytest.raises(StoreError):
                writers[name]()
            assert digest(data_dir)[name] == before[name], "a refused file is never rewritten"
