"""End-to-end: the issues' user journeys, typed into a real terminal (tmux) at 80x24.

Data lives in a real data dir; the app runs as its own process; afterwards the headless CLI
reads what the app wrote. The config has no sources, so nothing touches the network.
"""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rtc_tui.core.models import Event, event_id
from rtc_tui.store import FileStore
from tests.e2e.tmux import POLL_SECONDS, WAIT_SECONDS, Terminal, have_tmux, terminal
from tests.integration.cli import rtc

pytestmark = pytest.mark.skipif(not have_tmux(), reason="tmux is not installed")


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    """A data dir and a config with no sources (offline) and no welcome screen to dismiss."""
    data = tmp_path / "data"
    config = tmp_path / "config.yaml"
    config.write_text("user: giulia\nsources: []\n", encoding="utf-8")
    FileStore(data)
    return data, config


def _args(data: Path, config: Path) -> list[str]:
    return ["--data-dir", str(data), "--config", str(config)]


def _drafts(data: Path, config: Path) -> list[dict[str, object]]:
    result = rtc("drafts", "--json", *_args(data, config))
    assert result.returncode == 0, result.stderr
    drafts: list[dict[str, object]] = json.loads(result.stdout)
    return drafts


def _wait_for_files(folder: Path, pattern: str, timeout: float = WAIT_SECONDS) -> list[Path]:
    deadline = time.monotonic() + timeout
    while True:
        found = sorted(folder.glob(pattern))
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"nothing matching {pattern} appeared in {folder}")
        time.sleep(POLL_SECONDS)


SUMMARY = re.compile(r"· (\d+)/(\d+)\b")
"""The checklist's progress in its header line: ``#1 Finale · 2/9 · checks: ok``."""

AGENDA_ROW = re.compile(r"^┃ [ >*~] +(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b", re.MULTILINE)
"""A row of the calendar agenda (marker, then the weekday), however narrow its columns."""

VIEWING_HINT = "i/enter: edit"
"""The draft pane's status line offers this while not editing."""

EDITING_HINT = "esc: leave text"
"""The draft pane's status line shows this while the cursor is in the text. Wait for it (a
sign that appears), never for the viewing hint to go: a toast over the status line hides that
hint too, and keys sent then would reach the pane as its commands."""


def _tick_every_item(term: Terminal) -> None:
    """Tick the author's items one by one, each tick seen in the summary before the next.

    ``space`` ticks and moves to the next open item itself (issue #13): no arrow key between.
    The last item, the second pair of eyes, is someone else's to give: it is left open.
    """
    match = SUMMARY.search(term.wait_for(SUMMARY))
    assert match is not None
    done, total = int(match.group(1)), int(match.group(2))
    while done < total - 1:
        term.keys("Space")
        screen = term.wait_for(re.compile(rf"· {done + 1}/{total}\b"))
        done += 1
        if "ready to export" in screen:
            return


def _wait_editing(term: Terminal, header: str) -> None:
    """Wait until the draft pane shows ``header`` and its text field is being edited."""
    term.wait_for("[3 Draft]")
    term.wait_for(header, EDITING_HINT)


def _save(term: Terminal, text: str, revision: int) -> None:
    """Once ``text`` is on screen, save with ctrl+s and wait for revision ``revision``.

    The cursor stays in the text (the status line still says so).
    """
    term.wait_for(text)
    term.keys("C-s")
    term.wait_for(f"r{revision} · saved", EDITING_HINT)


def _leave_text(term: Terminal) -> None:
    """Escape out of the text field, and wait until the pane's keys work again."""
    term.keys("Escape")
    term.wait_for(VIEWING_HINT)


def _quit(term: Terminal) -> None:
    _leave_text(term)
    term.keys("q")
    assert term.wait_exit() == 0


def test_draft_from_an_event_survives_ctrl_s_and_q(
    setup: tuple[Path, Path], tmp_path: Path
) -> None:
    data, config = setup
    now = datetime.now(UTC)
    title = "Coppa Italia, la Fiorentina batte il Torino ai supplementari"
    FileStore(data).events.merge(
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
        _wait_editing(term, "#1 ")
        term.type("Centoventi minuti di passione: complimenti viola!")
        _save(term, "complimenti viola!", 1)
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
        term.wait_for(AGENDA_ROW)  # the agenda's rows are in: a moment is under the cursor
        term.keys("n")
        _wait_editing(term, "#1 moment:")
        term.keys("End")
        term.type(" Pronti!")
        _save(term, " Pronti!", 2)
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
        term.wait_for("Export refused", "Timing is right (not ticked)")
        # Escape then another key at once would read as alt+key: wait for the dialog to go.
        term.keys("Escape")
        term.wait_gone("Export refused")
        _tick_every_item(term)
        term.keys("e")
        term.wait_for("Export refused", "second_eyes: Second pair of eyes (not ticked)")
        term.keys("Escape")
        term.wait_gone("Export refused")
        # A colleague gives the second pair of eyes from a script; the app hears of it.
        review = rtc(
            "checklist", "1", "--tick", "second_eyes", "--user", "marco", *_args(data, config)
        )
        assert review.returncode == 0, review.stderr
        term.wait_for("ready to export")
        term.keys("e")
        term.wait_for("Markdown brief")
        term.keys("Down", "Enter")
        exported = _wait_for_files(data / "exports", "*.md")
        assert len(exported) == 1
        assert "Che finale, ragazzi!" in exported[0].read_text(encoding="utf-8")
        term.wait_gone("Markdown brief")
        term.keys("3")
        term.wait_for(VIEWING_HINT)
        term.keys("i")
        _wait_editing(term, "#1 Finale")
        term.keys("End")
        term.type(" Bravi")
        _save(term, "ragazzi! Bravi", 2)
        _leave_text(term)
        term.keys("4")
        term.wait_for(re.compile(r"· \d+ stale"))
        term.keys("e")
        # "stale" is on the checklist already: wait for the refusal itself before closing it.
        screen = term.wait_for("Export refused", "stale")
        assert "Markdown brief" not in screen
        term.keys("Escape")
        term.wait_gone("Export refused")
        term.keys("q")
        assert term.wait_exit() == 0
