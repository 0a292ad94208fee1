"""``python -m tests.bench.draft_cost DATA_DIR``: time a new draft from an event and a save.

Run in its own process on a copy of a store, through the desk (what the app's ``n`` on an
event and its autosave call); prints the median milliseconds as JSON ``{"new": .., "save": ..}``.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from rtc_tui.config import Config
from rtc_tui.desk import Desk
from rtc_tui.store import FileStore

RUNS = 7


def main() -> int:
    """Time ``RUNS`` new drafts (each from a different event) and ``RUNS`` saves."""
    desk = Desk(Config(), FileStore(Path(sys.argv[1])), user="bench")
    events = desk.trending.events(include_hidden=True)[:RUNS]
    new: list[float] = []
    save: list[float] = []
    for number, event in enumerate(events):
        started = time.perf_counter()
        draft = desk.drafts.new(title=event.title, event_id=event.id, platforms=["x"])
        new.append(time.perf_counter() - started)
        started = time.perf_counter()
        desk.drafts.save(draft.id, text=f"Reazione {number}: {event.title}")
        save.append(time.perf_counter() - started)
    print(json.dumps({"new": statistics.median(new), "save": statistics.median(save)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
