"""Four real processes x 25 mixed writes (new, edit, tick) on one data dir: 100 of 100 kept."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from rtc_tui.config import Config
from rtc_tui.desk import Desk
from rtc_tui.store import FileStore
from tests.integration.mixed_writer import SHARED_TITLE, TICKED_ITEM, edit_line, run_writer

WRITERS = 4
OPS = 25


def test_four_processes_keep_every_one_of_their_hundred_writes(tmp_path: Path) -> None:
    data_dir = tmp_path / "team"
    desk = Desk(Config(), FileStore(data_dir), user="lead")
    shared = desk.drafts.new(title=SHARED_TITLE)
    ctx = multiprocessing.get_context("spawn")
    procs = [
        ctx.Process(target=run_writer, args=(str(data_dir), w, shared.id, OPS))
        for w in range(WRITERS)
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(120)
        assert proc.exitcode == 0

    drafts = FileStore(data_dir).drafts.all()
    kept = 0
    for w in range(WRITERS):
        ops = {op: op % 3 for op in range(OPS)}
        created = {f"w{w} op{op}" for op, kind in ops.items() if kind == 0}
        own = [d for d in drafts if d.title in created]
        assert {d.title for d in own} == created
        kept += len(own)
        ticked = [d for d in own if TICKED_ITEM in d.ticks]
        assert all(d.ticks[TICKED_ITEM].by == f"w{w}" for d in ticked)
        kept += len(ticked)
        # Each new draft but the last is followed by one edit and one tick.
        assert len(ticked) == sum(1 for kind in ops.values() if kind == 2)
    shared_now = next(d for d in drafts if d.id == shared.id)
    lines = shared_now.text.splitlines()
    expected_edits = {edit_line(w, op) for w in range(WRITERS) for op in range(OPS) if op % 3 == 1}
    assert sorted(lines) == sorted(expected_edits)
    kept += len(lines)
    # One revision per edit, each by the process that made it, numbered without a gap.
    assert [r.number for r in shared_now.revisions] == list(range(1, len(lines) + 1))
    assert all(r.text.splitlines()[-1].startswith(f"{r.author} ") for r in shared_now.revisions)
    assert kept == WRITERS * OPS
