"""End-to-end: the issues' user journeys, typed into a real terminal (tmux) at 80x24.

Data lives in a real data dir; the app runs as its own process; afterwards the headless CLI
reads what the app wrote. The config has no sources, so nothing touches the network.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rtc_tui.core.models import Event, event_id
from rtc_tui.store import Store
from tests.e2e.tmux import Terminal, have_tmux, terminal
from tests.integration.cli import rtc

pytestmark = pytest.mark.skipif(not have_tmux(), reason="tmux is not installed")


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    """A data dir and a config with no sources (offline) and no welcome screen to dismiss."""
    data = tmp_path / "data"
    config = tmp_path / "config.yaml"
    config.write_text("user: giulia\nsources: []\n", encoding="utf-8")
    Store(data)
    return data, config


def _args(data: Path, config: Path) -> list[str]:
    return ["--data-dir", str(data), "--config", str(config)]


def _drafts(data: Path, config: Path) -> list[dict[str, object]]:
    result = rtc("drafts", "--json", *_args(data, config))
    assert result.returncode == 0, result.stderr
    drafts: list[dict[str, object]] = json.loads(result.stdout)
    return drafts


def _wait_for_files(folder: Path, pattern: str, attempts: int = 50) -> list[Path]:
    for _attempt in range(attempts):
        found = sorted(folder.glob(pattern))
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"nothing matching {pattern} appeared in {folder}")


def _quit(term: Terminal) -> None:
    term.keys("q")
    assert term.wait_exit() == 0


def test_draft_from_an_event_survives_ctrl_s_and_q(
    setup: tuple[Path, Path], tmp_path: Path
) -> None:
    data, config = setup
    now = datetime.now(UTC)
    title = "Coppa Italia, la Fiorentina batte il Torino ai supplementari"
    Store(data).events.merge(
        lambda _current: [
            Event(
                id=event_id("ANSA", "https://ansa.example/coppa"),
                source="ANSA",
                title=title,
                url="https://ansa.example/coppa",
                score=0.7,
                first_seen=now - timedelta(minutes=4),
                last_seen=now,
            )
        ]
    )
    with terminal(_args(data, config), tmp_path) as term:
        term.wait_for("Fiorentina")
        term.keys("n")
        term.wait_for("[3 Draft]")
        term.type("Centoventi minuti di passione: complimenti viola!")
        term.keys("C-s")
        term.wait_for("· saved ·")
        _quit(term)
    [draft] = _drafts(data, config)
    assert draft["text"] == "Centoventi minuti di passione: complimenti viola!"
    origin = draft["origin"]
    assert isinstance(origin, dict)
    assert origin["kind"] == "event"
    assert origin["title"] == title


def test_draft_from_a_moment_survives_ctrl_s_and_q(
    setup: tuple[Path, Path], tmp_path: Path
) -> None:
    data, config = setup
    with terminal(_args(data, config), tmp_path) as term:
        term.wait_for("[1 Trending]")
        term.keys("2")
        term.wait_for("no draft")  # the agenda's rows are in: a moment is under the cursor
        term.keys("n")
        term.wait_for("[3 Draft]")
        term.keys("End")
        term.type(" Pronti!")
        term.keys("C-s")
        term.wait_for("· saved ·")
        _quit(term)
    [draft] = _drafts(data, config)
    origin = draft["origin"]
    assert isinstance(origin, dict)
    assert origin["kind"] == "moment"
    assert str(draft["text"]).endswith(" Pronti!")


def test_export_is_refused_until_ticked_and_again_after_an_edit(
    setup: tuple[Path, Path], tmp_path: Path
) -> None:
    data, config = setup
    created = rtc(
        "draft",
        "new",
        "--title",
        "Finale",
        "--platform",
        "x",
        "-",
        *_args(data, config),
        stdin="Che finale, ragazzi!",
    )
    assert created.returncode == 0, created.stderr
    with terminal(_args(data, config), tmp_path) as term:
        term.wait_for("[1 Trending]")
        term.keys("4")
        term.wait_for("Timing is right")
        term.keys("e")
        refused = term.wait_for("Timing is right", timeout=10)
        assert "not ticked" in refused or "missing" in refused.lower()
        term.keys("Escape")
        for _item in range(7):
            term.keys("Space", "Down")
        term.wait_for("ready to export")
        term.keys("e")
        term.wait_for("Markdown brief")
        term.keys("Down", "Enter")
        exported = _wait_for_files(data / "exports", "*.md")
        assert len(exported) == 1
        assert "Che finale, ragazzi!" in exported[0].read_text(encoding="utf-8")
        term.keys("3", "i", "End")
        term.type(" Bravi")
        term.keys("C-s")
        term.wait_for("· saved ·")
        term.keys("4")
        term.wait_for("stale")
        term.keys("e")
        # "stale" is on the checklist already: wait for the refusal itself before closing it.
        screen = term.wait_for("Export refused")
        assert "Markdown brief" not in screen
        term.keys("Escape")
        _quit(term)
