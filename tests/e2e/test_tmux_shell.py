"""End-to-end: the demo in a real terminal at 160x48 and 80x24."""

import re
from pathlib import Path

import pytest

from tests.e2e.tmux import have_tmux, terminal

pytestmark = pytest.mark.skipif(not have_tmux(), reason="tmux is not installed")


def test_demo_wide_shows_all_four_panes(tmp_path: Path) -> None:
    with terminal(["--demo"], tmp_path, width=160, height=48) as term:
        term.wait_for("1 Trending", "2 Calendar", "3 Draft", "4 Checklist")
        term.keys("q")
        assert term.wait_exit() == 0


def test_demo_narrow_one_pane_and_switching(tmp_path: Path) -> None:
    with terminal(["--demo"], tmp_path, width=80, height=24) as term:
        term.wait_for("┏", "[1 Trending]")
        term.keys("2")
        term.wait_for("[2 Calendar]", re.compile("2 Calendar ━|━ 2 Calendar"))
        term.keys("4")
        term.wait_for("[4 Checklist]")
        term.keys("q")
        assert term.wait_exit() == 0
