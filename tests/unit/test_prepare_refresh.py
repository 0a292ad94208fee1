"""What a refresh imports is imported before it, in the caller's thread (the app's worker).

Imported by the refresh itself, the RSS parser and feedparser were imported on the app's
event loop, where they held a key before the first download started.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import json, sys
from pathlib import Path
from rtc_tui.config import Config, SourceConfig
from rtc_tui.desk import Desk
from rtc_tui.store import FileStore

sources = (
    SourceConfig("Notizie", "rss", "http://127.0.0.1:9/feed.xml"),
    SourceConfig("Spenta", "reddit", "http://127.0.0.1:9/r/italy", enabled=False),
)
desk = Desk(Config(sources=sources), FileStore(Path(sys.argv[1])), user="alice")
wanted = ("rtc_tui.sources.rss", "feedparser", "rtc_tui.sources.reddit", "rtc_tui.sources.fetch")
before = {name: name in sys.modules for name in wanted}
desk.trending.prepare_refresh()
after = {name: name in sys.modules for name in wanted}
print(json.dumps([before, after]))
"""


def _loaded(script: str, store: Path) -> tuple[dict[str, bool], dict[str, bool]]:
    """Which of the modules were loaded before and after ``prepare_refresh``.

    In a fresh interpreter: the test process has imported every parser already.
    """
    done = subprocess.run(
        [sys.executable, "-c", script, str(store)],
        capture_output=True,
        text=True,
        check=True,
    )
    before, after = json.loads(done.stdout)
    return before, after


def test_the_parsers_of_the_sources_in_use_are_imported_beforehand(tmp_path: Path) -> None:
    before, after = _loaded(SCRIPT, tmp_path / "store")
    assert not any(before.values())
    assert after == {
        "rtc_tui.sources.rss": True,
        "feedparser": True,
        "rtc_tui.sources.reddit": False,  # its only source is turned off
        "rtc_tui.sources.fetch": True,
    }


def test_a_desk_without_sources_loads_no_network_stack(tmp_path: Path) -> None:
    _before, after = _loaded(SCRIPT.replace("sources = (", "sources = () and ("), tmp_path / "s")
    assert not any(after.values())
