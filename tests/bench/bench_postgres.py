from __future__ import annotations

import compileall
import json
import queue
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from rtc_tui.core.models import Revision
from rtc_tui.store import StoreChange
from rtc_tui.store.postgres import PgStore
from tests.bench import scenarios
from tests.bench.pg_scenarios import draft_reaches_other_desk, pg_rtc
from tests.bench.pg_stores import Filled, fill
from tests.bench.report import Row, median, ms, render, render_bound, size
from tests.bench.terminal import Tmux
from tests.pgserver import PgServer

EVENTS = 100_000
DRAFTS = 10_000
RUNS = 40
EXPORT_SECONDS = 10.0
"""``rtc events --json --all`` on 100,000 events: 10,000 events a second, start-up included."""
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


def _time_in_turns(
    measured: Callable[[int], object], reference: Callable[[int], object]
) -> tuple[float, float]:
    """The median seconds of each action over :data:`RUNS` runs, the two taking turns.

    Fractions of a millisecond: run one block after the other, a moment of background work
    on the server (the autovacuum after the 100k copy and its first ranking) lands on one
    side only and doubles its figure.
    """
    times: tuple[list[float], list[float]] = ([], [])
    for run in range(RUNS):
        for action, found in zip((measured, reference), times, strict=True):
            started = time.perf_counter()
            action(run)
            found.append(time.perf_counter() - started)
    return median(times[0]), median(times[1])


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


def _middle_event(url: str) -> str:
    """The id of the event halfway down the stored order."""
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT id FROM events ORDER BY position OFFSET (SELECT count(*) / 2 FROM events)"
            " LIMIT 1"
        ).fetchone()
    assert row is not None, "the big database has no events"
    return str(row[0])


def _store_rows(big: Filled, small: Filled, work: Path) -> list[Row]:
    """Store actions on the big database vs the small one, then the change feed's latency."""
    big_store = PgStore(big.url, data_dir=work / "store-big")
    small_store = PgStore(small.url, data_dir=work / "store-small")
    try:
        reference = _actions(small_store, 1, _middle_event(small.url))
        measured = _actions(big_store, DRAFTS // 2, _middle_event(big.url))
        rows = []
        for name, action in measured.items():
            figure, base = _time_in_turns(action, reference[name])
            rows.append(Row.ratio_row(f"{name} ({EVENTS // 1000}k events)", figure, base, 2))
        started = time.perf_counter()
        drafts = big_store.drafts.all()
        listing = time.perf_counter() - started
        assert len(drafts) == DRAFTS
        rows.append(Row("list every draft (10k)", ms(listing), "", None, "<= 1 s", listing <= 1))
        latencies = _notify_latency(big_store, big.url)
    finally:
        big_store.close()
        small_store.close()
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
    return rows


def _export_row(big: Filled, work: Path) -> Row:
    """``rtc events --json --all``: every live event, the one thing that reads them all."""
    started = time.perf_counter()
    done = subprocess.run(
        [scenarios.RTC, "events", "--json", "--all", "--store", big.url, "--data-dir", str(work)],
        capture_output=True,
        text=True,
        check=True,
    )
    elapsed = time.perf_counter() - started
    listed = json.loads(done.stdout)
    assert len(listed) == big.events, (len(listed), big.events)
    return Row(
        f"rtc events --json --all ({len(listed) // 1000}k events)",
        ms(elapsed),
        "",
        None,
        f"<= {EXPORT_SECONDS:g} s",
        elapsed <= EXPORT_SECONDS,
    )


def test_postgres_at_live_scale(pg_server: PgServer, tmp_path: Path) -> None:
    started = time.perf_counter()
    # As bench_scale does: an installed rtc has its byte code compiled, as its dependencies do.
    compileall.compile_dir(ROOT / "rtc_tui", quiet=1)
    big = fill(pg_server, "bench_big", events=EVENTS, drafts=DRAFTS, work=tmp_path)
    small = fill(pg_server, "bench_small", events=100, drafts=1, work=tmp_path)
    built = time.perf_counter() - started
    assert big.events >= EVENTS * 0.95, big
    rows = _store_rows(big, small, tmp_path)
    rows.append(_export_row(big, tmp_path))
    tmux = Tmux(tmp_path)
    try:
        app = pg_rtc(
            "100k on PostgreSQL", "100k events + 10k drafts on PostgreSQL", big.url, tmp_path, 1.5
        )
        rows += scenarios.ready_quit_rss(tmux, [app])
        bounds = scenarios.ready_bound(tmux, [app], tmp_path)
        rows += scenarios.trending_keys(tmux, [app])
        rows += scenarios.draft_cost(
            ("100k events + 10k drafts", [str(tmp_path / "cost-big"), "--store", big.url]),
            ("100 events", [str(tmp_path / "cost-small"), "--store", small.url]),
        )
        rows += draft_reaches_other_desk(tmux, app, big.url)
    finally:
        tmux.close()
    print()
    print(
        render(
            rows,
            f"PostgreSQL at scale: {big.events} events + {big.drafts} drafts, 80x24 tmux "
            f"(built in {built:.0f} s: copied in {big.restore_seconds:.1f} s, first ranking "
            f"after the copy {big.rank_seconds:.1f} s)",
        )
    )
    print()
    print(render_bound(bounds, 1.5, "what bounds the ready row (medians of 5, same terminal)"))
    cost = scenarios.import_cost("psycopg")
    print(
        f"psycopg's import alone, after Textual's (medians of 7): {ms(cost.seconds)} and "
        f"{size(cost.rss)} more peak RSS (hello's peak RSS is the RSS row's reference)"
    )
    print(f"benchmark took {time.perf_counter() - started:.0f} s")
    assert len([r for r in rows if r.met is not None]) == 18
