"""Stores for the benchmark, built the way a user's grows: ``rtc fetch`` over real HTTP.

Events come from generated feeds (:mod:`tests.bench.feeds`) fetched by the real ``rtc fetch``
command (fetcher, RSS parser, ingest, store), 100 items per source; drafts are created through
the desk, as ``rtc draft new`` and the app's ``n`` do. Nothing is written as JSON by hand.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.bench.drafts import draft_text
from tests.bench.feeds import ITEMS_PER_FEED, FeedServer, source_name

MAX_EVENTS = 25_000
"""Room for the 20k store (the default keeps 5,000)."""


def write_config(path: Path, sources: list[tuple[str, str]], *, every: str = "1h") -> Path:
    """A config with these ``(name, url)`` RSS sources and room for 25k events."""
    lines = ["trending:", f"  max_events: {MAX_EVENTS}"]
    if sources:
        lines.append("sources:")
        for name, url in sources:
            lines += [
                f"  - name: {name}",
                "    type: rss",
                f"    url: {url}",
                f"    every: {every}",
                "    timeout: 60",
            ]
    else:
        lines.append("sources: []")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def rtc(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real ``rtc`` command (this interpreter's), checked."""
    done = subprocess.run(
        [sys.executable, "-m", "rtc_tui", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"rtc {' '.join(args)} failed ({done.returncode}): {done.stderr}")
    return done


def build_store(
    data_dir: Path, server: FeedServer, events: int, *, drafts: int = 0, batch: int = 100
) -> int:
    """Fill ``data_dir`` with about ``events`` events and ``drafts`` drafts; the event count.

    Sources are fetched ``batch`` at a time (one ``rtc fetch`` each), as a day of refreshes
    adds them, so the store is merged into repeatedly rather than written once.
    """
    feeds = max(1, events // ITEMS_PER_FEED)
    config = data_dir.parent / f"{data_dir.name}-fetch.yaml"
    for first in range(0, feeds, batch):
        numbers = range(first, min(feeds, first + batch))
        write_config(config, [(source_name(n), server.url(f"/feed/{n}")) for n in numbers])
        rtc("fetch", "--config", str(config), "--data-dir", str(data_dir))
    if drafts:
        add_drafts(data_dir, drafts)
    listed = json.loads(rtc("events", "--json", "--all", "--data-dir", str(data_dir)).stdout)
    return len(listed)


def add_drafts(data_dir: Path, count: int) -> None:
    """``count`` drafts through the desk, as ``rtc draft new`` makes them."""
    from rtc_tui.config import Config
    from rtc_tui.desk import Desk
    from rtc_tui.store import FileStore

    desk = Desk(Config(), FileStore(data_dir), user="bench")
    text = draft_text(400)
    for number in range(count):
        desk.drafts.new(title=f"Bench draft {number}", text=text, platforms=["x", "mastodon"])


def copy_store(source: Path, target: Path) -> Path:
    """A fresh copy of a built store (runs change what they open: seen marks, drafts).

    The copy is set-up: its writes reach the disk here, not while the run it is made for is
    measured (the kernel's writeback of 50 MB, or the run's first fsync committing it, took
    30-65 ms of a run that the references, started on nothing copied, do not pay).
    """
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    os.sync()
    return target
