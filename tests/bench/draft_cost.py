"""``python -m tests.bench.draft_cost BIG_DIR [--store URL] -- SMALL_DIR [--store URL]``.

Times a new draft from an event and a save, through the desk (what the app's ``n`` on an
event and its autosave call), on two stores opened in one process: a copy of a data dir or,
with ``--store``, a PostgreSQL database (its directory then holds only local files). The two
stores take turns, one action each, :data:`RUNS` times: a busy moment of the machine (two
cores shared with other work) hits both alike, where timing one store and then the other
let a burst of load land on one side only. Prints the median milliseconds of each as JSON
``{"big": {"new": .., "save": ..}, "small": {...}}``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from rtc_tui.config import Config
from rtc_tui.desk import Desk
from rtc_tui.desk.views import Story
from rtc_tui.store import Store, open_store

RUNS = 21
"""Drafts made (and saved) on each store, each from the next story of its first screen."""


def _open(args: list[str]) -> Store:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--store", default="")
    parsed = parser.parse_args(args)
    return open_store(parsed.store, data_dir=parsed.data_dir)


def _time_one(desk: Desk, story: Story, number: int) -> tuple[float, float]:
    """One new draft from the story's lead event, then one save of it: their seconds."""
    event = story.lead.event
    started = time.perf_counter()
    draft = desk.drafts.new(title=event.title, event_id=event.id, platforms=["x"])
    new = time.perf_counter() - started
    started = time.perf_counter()
    desk.drafts.save(draft.id, text=f"Reazione {number}: {event.title}")
    return new, time.perf_counter() - started


def main() -> int:
    """Time :data:`RUNS` new drafts and saves on each store, the stores taking turns."""
    argv = sys.argv[1:]
    split = argv.index("--")
    stores = {"big": _open(argv[:split]), "small": _open(argv[split + 1 :])}
    desks = {name: Desk(Config(), store, user="bench") for name, store in stores.items()}
    firsts = {name: desk.trending.first_stories()[0] for name, desk in desks.items()}
    times: dict[str, dict[str, list[float]]] = {n: {"new": [], "save": []} for n in desks}
    for number in range(RUNS):
        for name, desk in desks.items():
            stories = firsts[name]
            new, save = _time_one(desk, stories[number % len(stories)], number)
            times[name]["new"].append(new)
            times[name]["save"].append(save)
    for store in stores.values():
        store.close()
    medians = {
        name: {key: statistics.median(values) for key, values in got.items()}
        for name, got in times.items()
    }
    print(json.dumps(medians))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
