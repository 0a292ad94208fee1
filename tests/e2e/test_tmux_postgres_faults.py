"""End-to-end: the PostgreSQL server stops under a running app (tmux, 80x24) and comes back.

What the editor sees: the status bar says the database is unreachable, ``ctrl+s`` keeps the
text and the cursor (the save waits, no failure dialog), typing goes on; when the server is
back the status bar says so, the save is stored once with everything typed, and a change made
elsewhere (``rtc draft edit`` by bob) reaches the screen again.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.tmux import have_tmux, terminal
from tests.integration.cli import rtc
from tests.pgserver import PgServer

pytestmark = pytest.mark.skipif(not have_tmux(), reason="tmux is not installed")

UNREACHABLE = "Database unreachable"
RECONNECTED = "Database reconnected"
EDITING_HINT = "esc: leave text"


def test_the_server_stops_and_returns_and_nothing_typed_is_lost(
    pg_stoppable: PgServer, pg_url: str, tmp_path: Path
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f"user: giulia\nsources: []\nstore: {pg_url}\n", encoding="utf-8")
    args = ["--data-dir", str(tmp_path / "rome"), "--config", str(config)]
    made = rtc(*args, "draft", "new", "--title", "Neve")
    assert made.returncode == 0, made.stderr

    with terminal(args, tmp_path) as term:
        term.wait_for("[1 Trending]")
        term.keys("3")
        term.wait_for("#1 Neve", "i/enter: edit")
        term.keys("i")
        term.wait_for(EDITING_HINT)
        term.type("ciao")
        term.wait_for("ciao")

        pg_stoppable.stop("fast")
        term.wait_for(UNREACHABLE)
        term.keys("C-s")
        term.type(" tutti")
        screen = term.wait_for("ciao tutti", "waits for the")
        assert "could not be saved" not in screen, "no failure dialog"
        # " tutti" went into the text after ctrl+s: the cursor never left it.

        pg_stoppable.restart()
        term.wait_for(RECONNECTED)
        term.wait_for("r1 · saved")
        shown = rtc(*args, "draft", "show", "1", "--json")
        assert shown.returncode == 0, shown.stderr
        record = json.loads(shown.stdout)
        assert [r["text"] for r in record["revisions"]] == ["ciao tutti"], "stored exactly once"
        screen = term.wait_gone(RECONNECTED)
        assert UNREACHABLE not in screen

        term.keys("Escape")
        term.wait_for("i/enter: edit")
        edited = rtc(
            *args, "--user", "bob", "draft", "edit", "1", "-", "--expect-revision", "1",
            stdin="ciao da bob",
        )  # fmt: skip
        assert edited.returncode == 0, edited.stderr
        term.wait_for("ciao da bob", "r2 · saved")
