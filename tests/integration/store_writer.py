"""A writer that never stops, for the crash tests: it is SIGKILLed at random moments."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from rtc_tui.core.models import Draft
from rtc_tui.store import FileStore

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def seed_store(data_dir: Path, drafts: int = 40) -> FileStore:
    """A store with enough drafts that each write takes long enough to be interrupted."""
    store = FileStore(data_dir)
    for n in range(drafts):

        def build(new_id: int, n: int = n) -> Draft:
            return Draft(id=new_id, title=f"seed {n}", text="x" * 400, created_at=T0, updated_at=T0)

        store.drafts.create(build)
    return store


def write_forever(data_dir: Path, ready: int) -> None:
    """Create drafts and bump a state record until killed (a forked child; never returns).

    A byte goes to the ``ready`` pipe after each pair of writes, so the parent can kill it
    while it is in the middle of the next ones.
    """
    try:
        store = FileStore(data_dir)
        while True:
            store.drafts.create(
                lambda new_id: Draft(id=new_id, title="w", created_at=T0, updated_at=T0)
            )
            store.state.update("n", lambda old: (old or 0) + 1)
            os.write(ready, b".")
    finally:
        os._exit(1)
