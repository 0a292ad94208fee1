"""The PostgreSQL store at live-event scale: 100,000 events and 10,000 drafts (``make bench``).

The same rule as the data dir's (STYLE.md: costs do not grow with the store): saving a draft,
triaging an event and opening a draft must cost on the big database about what they cost on
an empty one (ratio against a reference measured in the same run, on an empty database of the
same server). A change must reach another process within 1 s (LISTEN/NOTIFY, measured from
the writer's commit to the listener's callback, across processes). The server is the
session's throwaway cluster (``pg_server``); the big database is filled in one transaction
through :meth:`PgStore.restore`, then each action is timed over many runs.

Like the other benchmarks it prints one table and fails only when a measurement could not be
taken: a missed target is a figure to report.
"""

from __future__ import annotations

import queue
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

from rtc_tui.core.models import Draft, Event, Revision
from rtc_tui.store import StoreChange, StoreSnapshot
from rtc_tui.store.postgres import PgStore
from tests.bench.report import Row, median, ms, render
from tests.conftest import PG_TEMPLATE
from tests.pgserver import PgServer

EVENTS = 100_000
DRAFTS = 10_000
RUNS = 40
T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
ROOT = Path(__file__).parents[2]

WRITER = """
import sys, tempfile, time
from pathlib import Path
from rtc_tui.core.models import Draft
from rtc_tui.store import open_store
store = open_store(sys.argv[1], data_dir=Path(tempfile.mkdtemp()))
for line in sys.stdin:
    store.drafts.create(lambda new_id: Draft(id=new_id, title=line.strip()))
    print(time.time(), flush=True)
store.close()
"""
"""Another process: one draft per line read, printing the wall time right after its commit."""


def _snapshot() -> StoreSnapshot:
    events = [
        Event(
            id=f"ev{i:06d}",
            source=f"feed-{i % 50}",
            title=f"Event number {i} about something trending",
            first_seen=T0 - timedelta(minutes=i % 1440),
            last_seen=T0,
            score=(i * 7919 % 10_000) / 10_000,
        ).to_dict()
        for i in range(EVENTS)
    ]
    drafts = [
        Draft(
            id=i,
            title=f"Draft {i}",
            text=f"Text of draft {i}",
            created_at=T0,
            updated_at=T0 - timedelta(seconds=i),
            revisions=[Revision(1, "alice", T0, f"Text of draft {i}")],
        ).to_dict()
        for i in range(1, DRAFTS + 1)
    ]
    return StoreSnapshot(drafts=drafts, next_draft=DRAFTS + 1, events=events)


def _time(action: Callable[[int], object]) -> float:
    """The median seconds of ``action(run)`` over :data:`RUNS` runs."""
    times = []
    for run in range(RUNS):
        started = time.perf_counter()
        action(run)
        times.append(time.perf_counter() - started)
    return median(times)


def _actions(store: PgStore, draft_id: int, event_id: str) -> dict[str, Callable[[int], object]]:
    def save(run: int) -> None:
        store.drafts.update(
            draft_id,
            lambda d: d.revisions.append(Revision(len(d.revisions) + 1, "bench", T0, str(run))),
        )

    return {
        "save a draft": save,
        "open a draft": lambda run: store.drafts.get(draft_id),
        "triage an event": lambda run: store.events.update(
            event_id, lambda e: setattr(e, "score", run / RUNS)
        ),
        "read one state key": lambda run: store.state.get("filters"),
    }


def _notify_latency(store: PgStore, url: str) -> list[float]:
    heard: queue.Queue[float] = queue.Queue()

    def listener(change: StoreChange) -> None:
        if "drafts" in change.tables:
            heard.put(time.time())

    subscription = store.changes.subscribe(listener)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, url],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdin is not None
    assert writer.stdout is not None
    latencies = []
    try:
        for run in range(20):
            writer.stdin.write(f"notify {run}\n")
            writer.stdin.flush()
            committed = float(writer.stdout.readline())
            latencies.append(max(0.0, heard.get(timeout=10) - committed))
    finally:
        writer.stdin.close()
        writer.wait(timeout=30)
        subscription.close()
    return latencies


def test_postgres_at_live_scale(pg_server: PgServer, tmp_path: Path) -> None:
    def database(name: str) -> PgStore:
        with psycopg.connect(pg_server.url(), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name} TEMPLATE {PG_TEMPLATE}")
        return PgStore(pg_server.url(name), data_dir=tmp_path / name)

    empty, big = database("bench_empty"), database("bench_big")
    try:
        started = time.perf_counter()
        big.restore(_snapshot())
        filled = time.perf_counter() - started
        empty.restore(
            StoreSnapshot(
                drafts=[_snapshot_draft(1)],
                next_draft=2,
                events=[Event(id="ev000001", source="s", title="t").to_dict()],
            )
        )
        rows = []
        reference = _actions(empty, 1, "ev000001")
        measured = _actions(big, DRAFTS // 2, f"ev{EVENTS // 2:06d}")
        for name, action in measured.items():
            base = _time(reference[name])
            rows.append(Row.ratio_row(f"{name} ({EVENTS // 1000}k events)", _time(action), base, 2))
        started = time.perf_counter()
        events = big.events.all()
        load = time.perf_counter() - started
        assert len(events) == EVENTS
        rows.append(Row("load every event (100k)", ms(load), "", None, "<= 3 s", load <= 3))
        started = time.perf_counter()
        drafts = big.drafts.all()
        listing = time.perf_counter() - started
        assert len(drafts) == DRAFTS
        rows.append(Row("list every draft (10k)", ms(listing), "", None, "<= 1 s", listing <= 1))
        latencies = _notify_latency(big, pg_server.url("bench_big"))
        worst = max(latencies)
        rows.append(
            Row(
                "a change reaches another process (NOTIFY, max of 20)",
                ms(worst),
                f"median {ms(median(latencies))}",
                None,
                "<= 1 s",
                worst <= 1,
            )
        )
        print()
        print(render(rows, f"PostgreSQL store at scale (filled in {filled:.1f} s)"))
    finally:
        empty.close()
        big.close()


def _snapshot_draft(draft_id: int) -> dict[str, object]:
    return Draft(
        id=draft_id,
        title="only",
        created_at=T0,
        updated_at=T0,
        revisions=[Revision(1, "alice", T0, "text")],
    ).to_dict()
