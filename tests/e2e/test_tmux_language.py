"""The interface language from the locale, in a real terminal (tmux, 80x24).

The language is chosen before the UI is imported, so the key descriptions in the footer, the
help and the palette are in it; ``LANG=en_US.UTF-8`` keeps English.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.tmux import have_tmux, terminal

pytestmark = pytest.mark.skipif(not have_tmux(), reason="tmux is not installed")


def test_lang_it_shows_panes_footer_and_help_in_italian(tmp_path: Path) -> None:
    env = {"LANG": "it_IT.UTF-8", "LC_ALL": "it_IT.UTF-8"}
    with terminal(["--demo"], tmp_path, env=env) as term:
        term.wait_for("[1 Tendenze]", "2 Calendario", "n Nuova bozza", "p Fissa")
        term.keys("4")
        term.wait_for("[4 Checklist]", "Spunta, avanti", "P Pubblica")
        term.keys("?")
        term.wait_for("Tasti", "Dove", "Esci", "Riquadro succ.")
        term.keys("Escape")
        term.wait_gone("Riquadro succ.")
        term.keys("q")
        assert term.wait_exit() == 0


def test_lang_en_keeps_english(tmp_path: Path) -> None:
    env = {"LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8"}
    with terminal(["--demo"], tmp_path, env=env) as term:
        screen = term.wait_for("[1 Trending]", "n New draft", "p Pin")
        assert "Nuova bozza" not in screen
        term.keys("q")
        assert term.wait_exit() == 0
