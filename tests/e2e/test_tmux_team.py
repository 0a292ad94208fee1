"""End-to-end: two editors, two apps (two tmux terminals), one data dir.

alice writes, asks for review; bob's app shows the waiting count, bob opens his queue and gives
the second pair of eyes; alice cannot give it herself; both see who else has the draft open;
the audit log holds and verifies. Every step waits on what the screens show.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.team_desk import offline_desk, user_args
from tests.e2e.tmux import Terminal, have_tmux, terminal
from tests.integration.cli import rtc

pytestmark = pytest.mark.skipif(not have_tmux(), reason="tmux is not installed")

SECOND_EYES_ROW = 9
"""Rows below the first item: 7 manual items, platform fit, links, then the second pair of eyes."""


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    """A data dir and a config with no sources (offline); names come from ``--user``."""
    return offline_desk(tmp_path)


_args = user_args


def _to_second_eyes(term: Terminal) -> None:
    """In the Checklist pane, move the cursor to the second pair of eyes."""
    term.keys("4")
    term.wait_for("Second pair of eyes")
    term.keys(*["Down"] * SECOND_EYES_ROW)


def test_two_apps_review_request_second_eyes_presence_and_audit(
    setup: tuple[Path, Path], tmp_path: Path
) -> None:
    data, config = setup
    created = rtc(
        "draft", "new", "--title", "Finale", "--platform", "x", "-",
        *_args(data, config, "alice"), stdin="Che finale, ragazzi!",
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    with (
        terminal(_args(data, config, "alice"), tmp_path, width=110, height=32) as alice,
        terminal(_args(data, config, "bob"), tmp_path, width=110, height=32) as bob,
    ):
        alice.wait_for("[1 Trending]", " alice ")
        bob.wait_for("[1 Trending]", " bob ")
        # Each app has draft #1 open: each is told the other has it (a warning, no lock).
        alice.wait_for("being edited by bob")
        bob.wait_for("being edited by alice")

        # alice asks for review from her Checklist pane; bob's status bar counts it.
        alice.keys("4")
        alice.wait_for("Second pair of eyes")
        alice.keys("r")
        alice.wait_for("Review of #1 asked of the team")
        # It arrives by the change feed (the 2 s target is measured by tests/bench/bench_team.py).
        bob.wait_for("1 to review")
        assert "to review" not in alice.screen()

        # alice cannot give the second pair of eyes on her own draft.
        alice.keys(*["Down"] * SECOND_EYES_ROW, "Space")
        alice.wait_for("only someone other than the author")

        # bob opens his queue, picks the draft and gives it.
        bob.keys("R")
        bob.wait_for("Waiting for bob's review: 1", "alice asks anyone  Finale")
        bob.keys("Enter")
        bob.wait_gone("Waiting for bob's review")
        _to_second_eyes(bob)
        bob.keys("Space")
        bob.wait_gone("1 to review")
        # alice's checklist counts bob's tick (the two computed items were done already).
        alice.wait_for("#1 Finale · 3/10")

        # bob quits: his presence goes at once from alice's screen.
        bob.keys("q")
        assert bob.wait_exit() == 0
        alice.wait_gone("being edited by bob")
        alice.keys("q")
        assert alice.wait_exit() == 0

    shown = json.loads(rtc("checklist", "1", "--json", *_args(data, config, "alice")).stdout)
    second = next(i for i in shown["items"] if i["id"] == "second_eyes")
    assert (second["status"], second["tick"]["by"]) == ("ticked", "bob")
    log = json.loads(rtc("audit", "--json", *_args(data, config, "alice")).stdout)
    actions = [(r["action"], r["by"]) for r in log]
    assert ("review_requested", "alice") in actions
    assert ("review_given", "bob") in actions
    verified = rtc("audit", "--verify", *_args(data, config, "alice"))
    assert verified.returncode == 0, verified.stderr
