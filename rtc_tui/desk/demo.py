"""``rtc --demo``: a fresh temporary data dir seeded from bundled data, removed on exit.

The demo never touches the user's data dir and needs no network: its events come from bundled
feed files of every source type, read through the same fetch and parse code as live sources.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from rtc_tui.config import Config
from rtc_tui.desk import Desk, utc_now
from rtc_tui.store import open_store


def demo_data_dir() -> Path:
    """The bundled demo data folder."""
    return Path(str(resources.files("rtc_tui") / "data" / "demo"))


def seed_drafts(desk: Desk) -> None:
    """Create the example drafts, linked to the demo events and moments they name."""
    spec: dict[str, Any] = yaml.safe_load((demo_data_dir() / "drafts.yaml").read_text("utf-8"))
    events = desk.trending.events(include_hidden=True)
    for item in spec.get("drafts", []):
        event_id = None
        needle = item.get("event_title")
        if needle:
            match = next((e for e in events if needle.lower() in e.title.lower()), None)
            event_id = match.id if match else None
        moment = item.get("moment")
        desk.drafts.new(
            title=item["title"],
            text=item["text"].strip(),
            platforms=item.get("platforms", []),
            event_id=event_id,
            origin=desk.calendar.moment_origin(moment) if moment else None,
        )


@contextmanager
def demo_session(
    config: Config, *, user: str, now: Callable[[], datetime] = utc_now
) -> Iterator[Desk]:
    """A desk on a temporary, seeded data dir; the dir is removed when the block ends."""
    folder = Path(tempfile.mkdtemp(prefix="rtc-demo-"))
    try:
        desk = Desk(config, open_store(None, data_dir=folder), user=user, now=now, demo=True)
        desk.trending.seed_demo()
        seed_drafts(desk)
        yield desk
    finally:
        shutil.rmtree(folder, ignore_errors=True)
