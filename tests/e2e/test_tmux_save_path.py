"""End-to-end: no keystroke and no write lost, in real terminals (tmux, 80x24).

Two app instances (alice and bob) on one desk save the same draft, in both orders and with
autosave — on one data dir, and with a data dir each on one PostgreSQL database (issue #17):
the second save is refused by the store and the conflict screen appears; whatever is chosen,
both texts are in the history (read back with ``rtc draft show --json``). To make "bob has
unsaved text when alice's save lands" certain rather than a race, bob writes his text in
``$VISUAL`` (a script that waits until alice has saved): when his editor returns, his text is
unsaved work on revision 1, and his next save (ctrl+s, or autosave) meets alice's revision 2.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.e2e.team_desk import offline_desk, user_args
from tests.e2e.tmux import POLL_SECONDS, WAIT_SECONDS, Terminal, have_tmux, terminal
from tests.integration.cli import rtc

pytestmark = pytest.mark.skipif(not have_tmux(), reason="tmux is not installed")

EDITING_HINT = "esc: leave text"
"""The Draft pane's status line while the cursor is in the text."""

VIEWING_HINT = "i/enter: edit"
"""The Draft pane's status line while it is not."""

CONFLICT = "changed while you were editing it"
"""The conflict screen's title."""


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    """A data dir and a config with no sources (offline)."""
    return offline_desk(tmp_path)


_args = user_args


def _show(data: Path, config: Path, draft_id: int = 1) -> dict[str, object]:
    shown = rtc("draft", "show", str(draft_id), "--json", *_args(data, config, "reader"))
    assert shown.returncode == 0, shown.stderr
    record: dict[str, object] = json.loads(shown.stdout)
    return record


def _revisions(data: Path, config: Path) -> list[tuple[str, str]]:
    revisions = _show(data, config)["revisions"]
    assert isinstance(revisions, list)
    return [(str(r["author"]), str(r["text"])) for r in revisions]


def _new_draft(data: Path, config: Path, text: str) -> None:
    created = rtc("draft", "new", "--title", "Neve", "-", *_args(data, config, "lead"), stdin=text)
    assert created.returncode == 0, created.stderr


def _edit_draft(term: Terminal) -> None:
    """Open the Draft pane, go into the text, at its end."""
    term.wait_for("[1 Trending]")
    term.keys("3")
    term.wait_for("#1 Neve", VIEWING_HINT)
    term.keys("i")
    term.wait_for(EDITING_HINT)
    term.keys("End")


EDITOR_SCRIPT = """
import pathlib, sys, time
go, appended, path = pathlib.Path(sys.argv[1]), sys.argv[2], pathlib.Path(sys.argv[3])
go.with_name("editing").touch()
while not go.exists():
    time.sleep(0.05)
path.write_text(path.read_text(encoding="utf-8").rstrip("\\n") + appended, encoding="utf-8")
"""
"""A ``$VISUAL`` that says it runs (an ``editing`` file), waits for a ``go`` file, then
appends its second argument to the text."""


def _editor(tmp_path: Path, go: Path, appended: str) -> dict[str, str]:
    script = tmp_path / "editor.py"
    script.write_text(EDITOR_SCRIPT, encoding="utf-8")
    command = shlex.join([sys.executable, str(script), str(go), appended])
    # The app adds the file's name after these arguments (the script's argv[3]).
    return {"VISUAL": command}


def _wait_for_file(path: Path) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(POLL_SECONDS)


def _wait_for_match(folder: Path, pattern: str) -> Path:
    deadline = time.monotonic() + WAIT_SECONDS
    while not (found := sorted(folder.glob(pattern))):
        assert time.monotonic() < deadline, f"nothing like {pattern} appeared in {folder}"
        time.sleep(POLL_SECONDS)
    return found[0]


@contextmanager
def _editing_che_neve(data: Path, config: Path, tmp_path: Path) -> Iterator[Terminal]:
    """giulia's app on draft #1 "Che neve", the cursor at the end of its text."""
    _new_draft(data, config, "Che neve")
    with terminal(_args(data, config, "giulia"), tmp_path) as term:
        _edit_draft(term)
        yield term


def _quit(term: Terminal) -> None:
    """Leave the text if the cursor is in it, then quit (the app saves first)."""
    screen = term.wait_for(re.compile(f"{re.escape(EDITING_HINT)}|{re.escape(VIEWING_HINT)}"))
    if EDITING_HINT in screen:
        # Escape then a key at once would read as alt+key: wait for the screen to change.
        term.keys("Escape")
        term.wait_for(VIEWING_HINT)
    term.keys("q")
    assert term.wait_exit() == 0


@pytest.mark.parametrize(
    ("first", "second", "second_saves_with", "choice"),
    [
        ("alice", "bob", "ctrl+s", "m"),
        ("bob", "alice", "ctrl+s", "t"),
        ("alice", "bob", "autosave", "m"),
    ],
)
@pytest.mark.parametrize("backend", ["files", "postgres"])
def test_two_instances_save_one_draft_and_both_texts_stay(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    backend: str,
    first: str,
    second: str,
    second_saves_with: str,
    choice: str,
) -> None:
    data, config = offline_desk(tmp_path)
    own_dirs = backend == "postgres"
    if own_dirs:  # two machines: a data dir each, one database
        url: str = request.getfixturevalue("pg_url")
        config.write_text(f"sources: []\nstore: {url}\n", encoding="utf-8")
    _new_draft(data, config, "Che neve")
    go = tmp_path / "go"
    (tmp_path / first).mkdir()
    (tmp_path / second).mkdir()
    with (
        terminal(
            _args(tmp_path / first / "data" if own_dirs else data, config, first), tmp_path / first
        ) as one,
        terminal(
            _args(tmp_path / second / "data" if own_dirs else data, config, second),
            tmp_path / second,
            env=_editor(tmp_path, go, f" di {second}"),
        ) as two,
    ):
        _edit_draft(one)
        _edit_draft(two)
        two.keys("C-o")  # bob's text goes to his $VISUAL, which waits for alice's save
        _wait_for_file(tmp_path / "editing")
        one.type(f" di {first}")
        one.wait_for(f"Che neve di {first}")
        one.keys("C-s")
        one.wait_for("r2 · saved")
        go.touch()
        if second_saves_with == "ctrl+s":
            # "unsaved" lasts until the autosave, a second after the text came back: under
            # load a capture can miss it and the autosave meet the conflict first (a make test
            # failed so). Either save is refused the same way; ctrl+s is sent while unsaved.
            unsaved_or_refused = re.compile(f"unsaved|{re.escape(CONFLICT)}")
            screen = two.wait_for(f"Che neve di {second}", unsaved_or_refused)
            if CONFLICT not in screen:
                two.keys("C-s")
        # With autosave, "unsaved" may last less than one capture of the screen under load:
        # the conflict screen below is what proves the autosave ran.
        # The second save was based on r1: refused, and the conflict screen shows both texts.
        screen = two.wait_for(CONFLICT, f"Che neve di {first}", f"Che neve di {second}")
        assert f"r2 by {first}" in screen
        assert _revisions(data, config)[-1] == (first, f"Che neve di {first}")
        two.keys(choice)
        two.wait_gone(CONFLICT)
        if choice == "m":
            two.wait_for(re.compile(r"r3 · saved"), f"Che neve di {second}")
        else:
            two.wait_for(re.compile(r"r4 · saved"), f"Che neve di {first}")
        _quit(one)
        _quit(two)
    revisions = _revisions(data, config)
    assert (first, f"Che neve di {first}") in revisions
    assert (second, f"Che neve di {second}") in revisions
    text = _show(data, config)["text"]
    assert text == (f"Che neve di {second}" if choice == "m" else f"Che neve di {first}")


def test_keys_typed_right_after_ctrl_s_are_all_in_the_text(
    setup: tuple[Path, Path], tmp_path: Path
) -> None:
    data, config = setup
    with _editing_che_neve(data, config, tmp_path) as term:
        # One burst, as a fast typist sends it: ctrl+s in the middle.
        term.type(" ciao")
        term.keys("C-s")
        term.type(" a tutti")
        term.wait_for("Che neve ciao a tutti", EDITING_HINT)
        term.keys("C-s")
        term.wait_for("r3 · saved")
        _quit(term)
    assert _show(data, config)["text"] == "Che neve ciao a tutti"
    assert [t for _a, t in _revisions(data, config)] == [
        "Che neve",
        "Che neve ciao",
        "Che neve ciao a tutti",
    ]


def test_backspaces_and_arrows_in_a_burst_apply_in_typed_order(
    setup: tuple[Path, Path], tmp_path: Path
) -> None:
    data, config = setup
    with _editing_che_neve(data, config, tmp_path) as term:
        term.type(" abcdefgh")
        # One write to the terminal: seven backspaces, a letter, a move left, a letter.
        term.tmux("send-keys", "-t", "rtc", *["BSpace"] * 7, "X", "Left", "Y")
        term.wait_for("Che neve aYX", EDITING_HINT)
        term.keys("C-s")
        term.wait_for("r2 · saved")
        _quit(term)
    assert _show(data, config)["text"] == "Che neve aYX"


def test_typing_into_an_empty_draft_pane_makes_a_draft_with_every_character(
    setup: tuple[Path, Path], tmp_path: Path
) -> None:
    data, config = setup
    with terminal(_args(data, config, "giulia"), tmp_path) as term:
        term.wait_for("[1 Trending]")
        term.keys("3")
        term.wait_for("[3 Draft]")
        term.type("Che neve a Natale")
        term.keys("C-s")
        term.wait_for("Che neve a Natale", re.compile(r"r1 · saved"))
        _quit(term)
    assert _show(data, config)["text"] == "Che neve a Natale"


def test_save_then_read_has_the_last_word(setup: tuple[Path, Path], tmp_path: Path) -> None:
    data, config = setup
    with _editing_che_neve(data, config, tmp_path) as term:
        term.type(" stanotte")
        term.keys("C-s")
        term.wait_for("r2 · saved")
        # Read while the app still runs: the save is on disk, last word included.
        assert _show(data, config)["text"] == "Che neve stanotte"
        _quit(term)


def test_a_corrupt_data_file_during_a_save_keeps_the_text_and_the_app(
    setup: tuple[Path, Path], tmp_path: Path
) -> None:
    data, config = setup
    with _editing_che_neve(data, config, tmp_path) as term:
        term.type(" da tenere")
        term.wait_for("Che neve da tenere")
        (data / "drafts.json").write_text("{ not json", encoding="utf-8")
        term.keys("C-s")
        term.wait_for("could not be saved", "Your text is kept in the editor")
        term.keys("Enter")  # the name offered: rtc-draft-1-<time>.txt in the home folder
        home = Path(os.environ["HOME"])
        copy = _wait_for_match(home, "rtc-draft-1-*.txt")
        term.wait_gone("could not be saved")
        term.wait_for("Che neve da tenere")
        assert copy.read_text(encoding="utf-8") == "Che neve da tenere\n"
        assert (data / "drafts.json").read_text(encoding="utf-8") == "{ not json"
        # Quitting saves first: the save fails again and the app says so instead of quitting.
        term.keys("C-q")
        term.wait_for("Draft #1 not saved")
        assert not term.exit_file.exists()
        term.wait_for("Che neve da tenere")
