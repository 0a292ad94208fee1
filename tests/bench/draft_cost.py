"""``python -m tests.bench.draft_cost DATA_DIR [--store URL]``: time a new draft and a save.

Run in its own process, through the desk (what the app's ``n`` on an event and its autosave
call), on a copy of a data dir or, with ``--store``, on a PostgreSQL database (``DATA_DIR``
then holds only its local files); prints the median milliseconds as JSON
``{"new": .., "save": ..}``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from rtc_tui.config import Config
from rtc_tui.desk import Desk
from rtc_tui.store import open_store

RUNS = 7


def main() -> int:
    """Time ``RUNS`` new drafts (each from a different event) and ``RUNS`` saves."""
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--store", default="")
    args = parser.parse_args()
    store = open_store(args.store, data_dir=args.data_dir)
    desk = Desk(Config(), store, user="bench")
    stories, _complete = desk.trending.first_stories()
    new: list[float] = []
    save: list[float] = []
    for number, story in enumerate(stories[:RUNS]):
        event = story.lead.event
        started = time.perf_counter()
        draft = desk.drafts.new(title=event.title, event_id=event.id, platforms=["x"])
        new.append(time.perf_counter() - started)
        started = time.perf_counter()
        desk.drafts.save(draft.id, text=f"Reazione {number}: {event.title}")
        save.append(time.perf_counter() - started)
    store.close()
    print(json.dumps({"new": statistics.median(new), "save": statistics.median(save)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
