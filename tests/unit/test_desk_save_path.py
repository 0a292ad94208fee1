"""The desk's side of the TUI save path, on both backends: taking theirs, and a failed save's copy.

The conflict screen's "take theirs" saves yours on top of theirs, then restores theirs stating
the revision yours became: the store's own ``expect_revision`` check guards that restore too,
so a third editor saving in between is a conflict, never an overwrite.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rtc_tui.config import Config
from rtc_tui.desk import BadInputError, Desk, DraftConflictError
from rtc_tui.store import Store


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every test here runs on both backends: the data dir and a real PostgreSQL database."""
    return any_store


def _editor(desk: Desk, user: str) -> Desk:
    """Another editor on the same store."""
    return Desk(Config(), desk.store, user=user, now=desk.now)


def test_taking_theirs_keeps_both_texts_and_theirs_on_top(desk: Desk) -> None:
    draft = desk.drafts.new(text="base")
    theirs = _editor(desk, "bob").drafts.save(draft.id, text="bob's words", expect_revision=1)
    with pytest.raises(DraftConflictError):
        desk.drafts.save(draft.id, text="alice's words", expect_revision=1)
    mine = desk.drafts.save(draft.id, text="alice's words", expect_revision=theirs.revision)
    taken = desk.drafts.restore_revision(draft.id, theirs.revision, expect_revision=mine.revision)
    assert taken.text == "bob's words"
    assert [(r.author, r.text) for r in taken.revisions] == [
        ("alice", "base"),
        ("bob", "bob's words"),
        ("alice", "alice's words"),
        ("alice", "bob's words"),
    ]


def test_a_stale_restore_writes_nothing_and_says_who_saved(desk: Desk) -> None:
    draft = desk.drafts.new(text="base")
    desk.drafts.save(draft.id, text="second", expect_revision=1)
    _editor(desk, "carla").drafts.save(draft.id, text="carla's words", expect_revision=2)
    with pytest.raises(DraftConflictError) as caught:
        desk.drafts.restore_revision(draft.id, 1, expect_revision=2)
    assert caught.value.current.text == "carla's words"
    stored = desk.drafts.get(draft.id)
    assert (stored.revision, stored.text) == (3, "carla's words")


def test_a_failed_saves_copy_holds_every_text(desk: Desk, tmp_path: Path) -> None:
    copy = tmp_path / "kept.txt"
    desk.drafts.write_copy(copy, "Forza 🇮🇹", {"x": "X text", "bluesky": "Sky text"})
    assert copy.read_text(encoding="utf-8") == (
        "Forza 🇮🇹\n\n--- bluesky ---\nSky text\n\n--- x ---\nX text\n"
    )


def test_a_copy_never_replaces_a_file(desk: Desk, tmp_path: Path) -> None:
    copy = tmp_path / "kept.txt"
    copy.write_text("precious", encoding="utf-8")
    with pytest.raises(BadInputError, match="exists already"):
        desk.drafts.write_copy(copy, "new text", {})
    assert copy.read_text(encoding="utf-8") == "precious"


def test_a_copy_that_cannot_be_written_names_the_file(desk: Desk, tmp_path: Path) -> None:
    copy = tmp_path / "no-such-folder" / "kept.txt"
    with pytest.raises(BadInputError) as caught:
        desk.drafts.write_copy(copy, "text", {})
    assert str(caught.value).startswith(f"{copy}: cannot write: ")
