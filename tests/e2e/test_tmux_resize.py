"""End-to-end: resizes and emoji in a real terminal (tmux 3.3 measures character by character).

Issue #13, item 5: after 160x48 → 60x20 → 160x48 the editor showed words twice or missing, and
``❤️``, ``❄️``, ``🎅🏽`` broke the right border. Here a desk whose events and draft are full of
emoji sequences is opened with the cursor in the text, resized through small sizes and back,
and the screen must be the one a fresh start at that size draws, with every border in its
column.
"""

from __future__ import annotations

import re
import shutil
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len

from rtc_tui.core.models import Event, TriageState, event_id
from rtc_tui.store import FileStore
from tests.e2e.tmux import POLL_SECONDS, WAIT_SECONDS, Terminal, have_tmux, terminal
from tests.integration.cli import rtc

pytestmark = pytest.mark.skipif(not have_tmux(), reason="tmux is not installed")

TITLES = (
    "Neve a Roma ❄️ fiocchi anche al Colosseo",
    "Sanremo, vince Olivia Marras ❤️",
    "Babbo Natale 🎅🏽 in piazza del Duomo",
    "Sviluppatrici 👩‍💻 in crescita, famiglie 👨‍👩‍👧‍👦 al mare",
)
"""Variation selectors, a skin tone, joined sequences: each one a different disagreement."""

TEXT = (
    "Che neve a Roma ❄️❄️ e che amore ❤️\n"
    "Babbo Natale 🎅🏽 e la dev 👩‍💻 approvano 👍🏿\n"
    "Orgoglio 🏳️‍🌈 bandiera 🇮🇹 e tasto 1️⃣ fine"
)

READY = "no sources configured"
"""The status bar once the sources' health is known (before: "no sources fetched yet")."""

AUTO = {"RTC_EMOJI": "auto"}
"""The emoji mode the app guesses (inside tmux: simple), whatever the test's environment says."""

BORDERS = set("│┃╭╮╰╯┏┓┗┛")

CLOCK = re.compile(r"\b\d\d:\d\d\b")
SCORE = re.compile(r"\b\d+\.\d\b")
"""A score: it decays with the event's age, so it moves between two starts seconds apart."""


@pytest.fixture
def desk(tmp_path: Path) -> tuple[Path, Path]:
    """A data dir with emoji-laden events and one such draft, and an offline config."""
    data = tmp_path / "data"
    config = tmp_path / "config.yaml"
    config.write_text("user: giulia\nsources: []\n", encoding="utf-8")
    now = datetime.now(UTC)
    FileStore(data).events.merge(
        lambda _current: [
            Event(
                id=event_id("ANSA", f"https://ansa.example/{i}"),
                source="ANSA",
                title=title,
                url=f"https://ansa.example/{i}",
                first_seen=now - timedelta(minutes=3 + i),
                last_seen=now,
                state=TriageState.SEEN,  # no "new" mark to fade while screens are compared
            )
            for i, title in enumerate(TITLES)
        ]
    )
    made = rtc(
        "draft", "new", "--title", "Neve", "--platform", "x", "-",
        "--data-dir", str(data), "--config", str(config), stdin=TEXT,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    return data, config


def _open_in_text(term: Terminal, width: int) -> str:
    """The editor's text in view with the cursor in it; the settled screen."""
    term.wait_for("Marras", "[1 Trending]", READY)
    if width >= 160:  # every pane in view: each has its rows
        term.wait_for("Second pair of eyes", "Cyber Monday")
    term.keys("3")
    term.wait_for("[3 Draft]", "approvano")
    term.keys("i")
    term.wait_for("esc: leave text")
    return term.settled()


def _cells(line: str) -> list[str]:
    """The line as the terminal's cells: a wide character fills its cell and the next."""
    cells: list[str] = []
    for character in line:
        cells.extend([character] * max(cell_len(character), 1 if not cells else 0))
    return cells


def _border_columns(screen: str, width: int) -> list[tuple[int, str]]:
    """Lines whose pane borders are not where the layout put them: (line number, line)."""
    columns = {0, width - 1} if width < 160 else {0, width // 2 - 1, width // 2, width - 1}
    wrong = []
    for number, line in enumerate(screen.splitlines()[1:-3], start=1):
        cells = _cells(line)
        if len(cells) < width or not all(cells[c] in BORDERS for c in columns):
            wrong.append((number, line))
    return wrong


def _drawn_at(width: int) -> re.Pattern[str]:
    """A pane's bottom border as the app draws it at ``width`` (not tmux's crop of the old)."""
    if width >= 160:
        return re.compile(rf"(?m)^[┗╰][━─]{{{width // 2 - 2}}}[┛╯][┗╰]")
    return re.compile(rf"(?m)^[┗╰][━─]{{{width - 2}}}[┛╯]$")


def _same_view(screen: str, data: Path) -> str:
    """The screen without what differs between two runs by time or folder (clock, data dir)."""
    return SCORE.sub("N.N", CLOCK.sub("HH:MM", screen.replace(str(data), "<data>")))


@pytest.mark.parametrize(
    ("size", "through"),
    [((160, 48), [(60, 20)]), ((80, 24), [(160, 48), (60, 20)])],
    ids=["160x48", "80x24"],
)
def test_resizes_leave_the_screen_a_fresh_start_draws(
    desk: tuple[Path, Path],
    tmp_path: Path,
    size: tuple[int, int],
    through: list[tuple[int, int]],
) -> None:
    data, config = desk
    fresh = tmp_path / "fresh" / "data"
    shutil.copytree(data, fresh)
    width, height = size
    args = ["--data-dir", str(data), "--config", str(config)]
    with terminal(args, tmp_path, width=width, height=height, env=AUTO) as term:
        before = _open_in_text(term, width)
        assert _border_columns(before, width) == [], before
        for small in through:
            term.resize(*small)
            term.wait_for(_drawn_at(small[0]))
            term.settled()
        term.resize(width, height)
        after = term.settled()
        term.type(" 🎄 ok")  # the cursor is still in the text, where it was: at its end
        term.wait_for("🎄 ok")
        term.keys("C-s")
        term.wait_for(re.compile(r"r\d+ · saved"))
        term.keys("Escape")
        term.wait_for("i/enter: edit")
        term.keys("q")
        assert term.wait_exit() == 0
    args = ["--data-dir", str(fresh), "--config", str(config)]
    with terminal(args, tmp_path, width=width, height=height, env=AUTO) as term:
        started = _open_in_text(term, width)
        term.keys("C-q")
        assert term.wait_exit() == 0
    assert _same_view(after, data) == _same_view(before, data)
    assert _same_view(after, data) == _same_view(started, fresh)
    assert _border_columns(after, width) == [], after
    shown = rtc("draft", "show", "1", "--data-dir", str(data), "--config", str(config))
    # The stored text keeps every sequence the screen simplified.
    assert TEXT + " 🎄 ok" in shown.stdout


EDITOR = """
import pathlib, sys, time
go, path = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
go.with_name("editing").touch()
while not go.exists():
    time.sleep(0.05)
path.write_text(path.read_text(encoding="utf-8") + "Aggiunto nell'editor\\n", encoding="utf-8")
"""
"""A ``$VISUAL`` that says it runs (an ``editing`` file), waits for ``go``, adds a line."""


def test_a_resize_during_an_editor_hand_off_then_quit_restores_the_terminal(
    desk: tuple[Path, Path], tmp_path: Path
) -> None:
    data, config = desk
    script = tmp_path / "editor.py"
    script.write_text(EDITOR, encoding="utf-8")
    go = tmp_path / "go"
    visual = f"{sys.executable} {script} {go}"
    args = ["--data-dir", str(data), "--config", str(config)]
    with terminal(args, tmp_path, env={**AUTO, "VISUAL": visual}) as term:
        term.tmux("set-option", "-t", "rtc", "remain-on-exit", "on")  # keep what is left
        _open_in_text(term, 80)
        term.keys("C-o")
        deadline = time.monotonic() + WAIT_SECONDS
        while not go.with_name("editing").exists():
            assert time.monotonic() < deadline, term.screen()
            time.sleep(POLL_SECONDS)
        term.resize(60, 20)
        term.resize(100, 30)
        go.touch()
        term.wait_for("Aggiunto nell")
        term.resize(80, 24)
        term.wait_for(_drawn_at(80), "Aggiunto nell")
        term.keys("Escape")
        term.wait_for("i/enter: edit")
        term.keys("q")
        assert term.wait_exit() == 0
        left = term.settled()
    # The app's screen went with it: what stays is the shell's own screen.
    assert [w for w in ("Trending", "Aggiunto", "▔") if w in left] == [], left
    shown = rtc("draft", "show", "1", "--data-dir", str(data), "--config", str(config))
    assert TEXT + "\nAggiunto nell'editor" in shown.stdout
