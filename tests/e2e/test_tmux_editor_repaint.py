"""End-to-end: the draft editor repaints only changed rows, and the screen stays right.

The editor turns TextArea's whole repaint per keystroke into a repaint of the rows that can
differ (see ``rtc_tui/ui/panes/draft_editor.py``). A row it wrongly skipped would keep stale
text on a real terminal, which no in-process screenshot shows (those draw everything afresh).
So the edits are typed into the app in tmux, and the screen they leave is compared with the
screen the app paints afresh when the pane is shown again (see _same_as_a_whole_repaint).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rtc_tui.store import FileStore
from tests.e2e.tmux import Terminal, have_tmux, terminal
from tests.integration.cli import rtc

pytestmark = pytest.mark.skipif(not have_tmux(), reason="tmux is not installed")

EDITING_HINT = "esc: leave text"
VIEWING_HINT = "i/enter: edit"
TEXT = "Prima riga del post\nSeconda riga\nTerza riga, l'ultima"


def _editor_rows(screen: str) -> list[str]:
    """The editor's rows that hold text, in order (inside its ``▊``...``▎`` border).

    Blank rows are left out: the counters below the editor may still be catching up with the
    last keystroke, and when they take one more line the editor is one blank row shorter.
    A stale row is never blank (it holds text that should have gone).
    """
    return [line for line in screen.split("\n") if line.startswith("┃▊") and line.strip("┃▊▎ ▔▁")]


def _same_as_a_whole_repaint(term: Terminal, shown: str | re.Pattern[str]) -> None:
    """Once ``shown`` is on screen, the editor's rows equal those of a whole repaint.

    Leaving the Draft pane for Trending and coming back paints the pane afresh; editing then
    resumes (``i`` puts the cursor back at the end of the text, where every edit here is).
    """
    screen = term.wait_for(shown)
    painted = _editor_rows(screen)
    assert len(painted) >= 3, screen
    term.keys("Escape")
    term.wait_for(VIEWING_HINT)
    term.keys("1")
    term.wait_for("[1 Trending]")
    term.keys("3")
    repainted = term.wait_for("[3 Draft]", shown)
    assert painted == _editor_rows(repainted), screen
    term.keys("i")
    term.wait_for(EDITING_HINT)


def test_rows_repainted_per_keystroke_match_a_whole_repaint(tmp_path: Path) -> None:
    data = tmp_path / "data"
    config = tmp_path / "config.yaml"
    config.write_text("user: giulia\nsources: []\n", encoding="utf-8")
    FileStore(data)
    made = rtc("draft", "new", "-", "--data-dir", str(data), "--config", str(config), stdin=TEXT)
    assert made.returncode == 0, made.stderr
    with terminal(["--data-dir", str(data), "--config", str(config)], tmp_path) as term:
        term.wait_for("Trending")
        term.keys("3")
        term.wait_for("Prima riga del post")
        term.keys("i")
        term.wait_for(EDITING_HINT)
        # The cursor starts at the end of the text: typing there, then past the edge so the
        # line wraps onto a new row, then a new line (the cursor line moves down), deletions
        # back across it (two lines joined), an undo, and more typing. After each, the rows
        # on screen must be what a whole repaint draws.
        term.type(" con gioia")
        _same_as_a_whole_repaint(term, "Terza riga, l'ultima con gioia")
        term.type(" e tanta passione per la squadra che ha vinto la finale ieri sera a Berlino")
        _same_as_a_whole_repaint(term, "Berlino")
        term.keys("Enter")
        term.type("Nuova")
        _same_as_a_whole_repaint(term, "Nuova")
        term.keys(*["BSpace"] * 7)  # "Nuova", the new line and the "o"
        _same_as_a_whole_repaint(term, re.compile(r"a Berlin +▎"))
        term.type("X")
        _same_as_a_whole_repaint(term, "BerlinX")
        term.keys("C-z")
        term.wait_gone("BerlinX")
        term.type(" FINE")
        _same_as_a_whole_repaint(term, " FINE")
