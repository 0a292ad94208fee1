"""A team member's process for the concurrency test: new drafts, edits and ticks, 25 in all.

Run with ``multiprocessing`` (spawn): each process is a real OS process with its own desk on
the shared data dir, as several ``rtc`` sessions on one server are.
"""

from __future__ import annotations

from pathlib import Path

from rtc_tui.config import Config
from rtc_tui.desk import Desk, DraftConflictError
from rtc_tui.store import FileStore

SHARED_TITLE = "shared"
"""The draft every process edits (created before the processes start)."""

TICKED_ITEM = "timing"
"""The checklist item each process ticks on the draft it created last."""


def edit_line(writer: int, op: int) -> str:
    """The line process ``writer`` appends to the shared draft at step ``op``."""
    return f"w{writer} op{op}"


def run_writer(data_dir: str, writer: int, shared_id: int, ops: int) -> None:
    """Do ``ops`` writes: a new draft, an edit of the shared draft, a tick, and round again.

    An edit is what an editor does: read the draft, append a line, save it based on the
    revision read; a conflict means someone saved in between: read again and redo the edit.
    """
    desk = Desk(Config(), FileStore(Path(data_dir)), user=f"w{writer}")
    own: int | None = None
    for op in range(ops):
        kind = op % 3
        if kind == 0 or own is None:
            own = desk.drafts.new(title=f"w{writer} op{op}", text=f"from w{writer}").id
        elif kind == 1:
            while True:
                current = desk.drafts.get(shared_id)
                text = f"{current.text}\n{edit_line(writer, op)}".lstrip("\n")
                try:
                    desk.drafts.save(shared_id, text=text, expect_revision=current.revision)
                    break
                except DraftConflictError:
                    continue
        else:
            desk.checklist.tick(own, TICKED_ITEM)
