"""End-to-end: themes and colourless terminals in real terminals (tmux), at 80x24 and 160x48.

``capture-pane -e`` keeps the escape sequences, so the tests read the colours the terminal was
really asked to draw: none but greys under ``NO_COLOR``, the high-contrast yellow otherwise.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.tmux import have_tmux, terminal

pytestmark = pytest.mark.skipif(not have_tmux(), reason="tmux is not installed")

TERMS = ("xterm-256color", "screen-256color", "xterm")
"""What SSH clients and tmux hand us: 256 colours, tmux's own, and plain 16-colour xterm."""

SGR = re.compile(r"\x1b\[([0-9;]*)m")


def _colours(screen: str) -> set[tuple[int, ...]]:
    """Every colour an SGR sequence sets, as (code,) or (38|48, 5, n) or (38|48, 2, r, g, b)."""
    found: set[tuple[int, ...]] = set()
    for match in SGR.finditer(screen):
        codes = [int(c) for c in match.group(1).split(";") if c]
        i = 0
        while i < len(codes):
            code = codes[i]
            if code in (38, 48) and i + 1 < len(codes):
                width = 3 if codes[i + 1] == 5 else 5
                found.add(tuple(codes[i : i + width]))
                i += width
                continue
            if 30 <= code <= 37 or 40 <= code <= 47 or 90 <= code <= 97 or 100 <= code <= 107:
                found.add((code,))
            i += 1
    return found


def _is_grey(colour: tuple[int, ...]) -> bool:
    if len(colour) == 1:  # the 16 colours: only black, white and the two greys
        return colour[0] % 10 in (0, 7)
    if colour[1] == 5:  # 256 colours: black, white, or the grey ramp
        return colour[2] in (0, 7, 8, 15, 16, 231) or 232 <= colour[2] <= 255
    return colour[2] == colour[3] == colour[4]


def _env(term: str, **extra: str) -> dict[str, str]:
    # The data and config folders come from the test's isolated environment (conftest).
    return {"TERM": term, **extra}


@pytest.mark.parametrize("term_name", TERMS)
@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_high_contrast_demo_starts_readable_and_quits(
    tmp_path: Path, term_name: str, size: tuple[int, int]
) -> None:
    width, height = size
    args = ["--theme", "high-contrast", "--demo"]
    with terminal(args, tmp_path, width=width, height=height, env=_env(term_name)) as term:
        term.wait_for("┏━ 1 Trending", "[1 Trending]")  # the active pane's heavy, titled border
        colours = _colours(term.screen(escapes=True))
        yellow = {(93,), (33,), (38, 5, 226), (38, 5, 11), (38, 2, 255, 255, 0)}
        assert colours & yellow, sorted(colours)
        term.keys("q")
        assert term.wait_exit() == 0


@pytest.mark.parametrize("term_name", TERMS)
def test_no_color_demo_draws_only_greys_and_quits(tmp_path: Path, term_name: str) -> None:
    env = _env(term_name, NO_COLOR="1")
    with terminal(["--demo"], tmp_path, width=80, height=24, env=env) as term:
        term.wait_for("┏━ 1 Trending", "[1 Trending]")  # the active pane reads without colour
        colours = _colours(term.screen(escapes=True))
        assert colours
        assert [c for c in colours if not _is_grey(c)] == []
        term.keys("q")
        assert term.wait_exit() == 0


def test_first_run_welcome_then_quit(tmp_path: Path) -> None:
    env = _env("xterm-256color")
    with terminal([], tmp_path, width=80, height=24, env=env) as term:
        # The data dir's path itself may wrap at 80 columns.
        term.wait_for("Welcome to rtc-tui", "rtc --demo", "Your data lives in")
        term.keys("Enter")
        term.wait_gone("Welcome to rtc-tui")  # q does nothing while the welcome is up
        term.keys("q")
        assert term.wait_exit() == 0
    # Shown once: the second start goes straight to the panes.
    with terminal([], tmp_path, width=80, height=24, env=env) as term:
        screen = term.wait_for("[1 Trending]", "┏━ 1 Trending")
        assert "Welcome to rtc-tui" not in screen
        term.keys("q")
        assert term.wait_exit() == 0
