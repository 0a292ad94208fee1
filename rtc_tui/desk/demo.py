"""``rtc --demo``: a fresh temporary data dir seeded from bundled data, removed on exit.

The demo never touches the user's data dir and needs no network: its events come from bundled
feed files of every source type, read through the same fetch and parse code as live sources.
What is exported in the demo goes to ``./rtc-demo-exports`` (or the config's ``export.dir``),
not into the temporary data dir: an export is meant to outlive the session that made it.
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

import msgspec
import yaml

from rtc_tui.config import Config
from rtc_tui.desk import Desk, utc_now
from rtc_tui.store import open_store

DEMO_EXPORTS = "rtc-demo-exports"
"""The folder, in the current directory, that the demo's exports go to (unless configured)."""


def demo_config(config: Config, cwd: Path | None = None) -> Config:
    """``config`` with exports sent where they survive the demo.

    The config's ``export.dir`` if set, else ``./rtc-demo-exports`` (an absolute path, so
    the notice names it in full).
    """
    if config.export.dir:
        return config
    folder = (cwd or Path.cwd()) / DEMO_EXPORTS
    export = msgspec.structs.replace(config.export, dir=str(folder.absolute()))
    return msgspec.structs.replace(config, export=export)


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
    """A desk on a temporary, seeded data dir; the dir is removed when the block ends.

    The demo is a one-person desk (``team.solo``): one user goes from event to export, and the
    second pair of eyes is recorded (and exported) as a self-review, saying so on screen.
    """
    folder = Path(tempfile.mkdtemp(prefix="rtc-demo-"))
    solo = msgspec.structs.replace(config.team, solo=True)
    config = msgspec.structs.replace(config, team=solo)
    try:
        desk = Desk(
            demo_config(config), open_store(None, data_dir=folder), user=user, now=now, demo=True
        )
        desk.trending.seed_demo()
        seed_drafts(desk)
        yield desk
    finally:
        shutil.rmtree(folder, ignore_errors=True)
