"""No lost write: a save states the revision it is based on; a stale one writes nothing."""

from __future__ import annotations

import pytest

from rtc_tui.config import Config
from rtc_tui.core.models import Draft
from rtc_tui.desk import Desk, DraftConflictError
from rtc_tui.store import RevisionConflictError, Store
from tests.conftest import FROZEN_NOW


def _bob(desk: Desk) -> Desk:
    """A second editor on the same store."""
    return Desk(Config(), desk.store, user="bob", now=desk.now)


def test_revision_counts_saved_texts(desk: Desk) -> None:
    blank = desk.drafts.new(title="Finale")
    assert blank.revision == 0  # no text saved yet
    saved = desk.drafts.save(blank.id, text="uno", expect_revision=0)
    assert saved.revision == 1
    assert desk.drafts.save(blank.id, text="due", expect_revision=1).revision == 2


def test_a_stale_save_writes_nothing_and_names_who_saved(desk: Desk) -> None:
    draft = desk.drafts.new(text="base")
    _bob(desk).drafts.save(draft.id, text="bob's words", expect_revision=1)
    before = (desk.store.data_dir / "drafts.json").read_bytes()
    with pytest.raises(DraftConflictError) as caught:
        desk.drafts.save(draft.id, text="alice's words", expect_revision=1)
    assert (desk.store.data_dir / "drafts.json").read_bytes() == before
    conflict = caught.value
    assert conflict.expected == 1
    assert conflict.current.revision == 2
    assert conflict.current.text == "bob's words"
    assert (conflict.author, conflict.at) == ("bob", FROZEN_NOW)
    assert str(conflict) == (
        f"draft {draft.id} is at revision 2 (saved by bob at "
        f"{FROZEN_NOW:%Y-%m-%d %H:%M:%S} UTC), not 1: nothing was written"
    )


def test_keep_mine_on_top_keeps_both_texts_in_the_history(desk: Desk) -> None:
    draft = desk.drafts.new(text="base")
    _bob(desk).drafts.save(draft.id, text="bob's words", expect_revision=1)
    with pytest.raises(DraftConflictError) as caught:
        desk.drafts.save(draft.id, text="alice's words", expect_revision=1)
    mine = desk.drafts.save(
        draft.id, text="alice's words", expect_revision=caught.value.current.revision
    )
    assert [(r.author, r.text) for r in mine.revisions] == [
        ("alice", "base"),
        ("bob", "bob's words"),
        ("alice", "alice's words"),
    ]


def test_a_stale_save_of_the_same_texts_is_no_conflict(desk: Desk) -> None:
    draft = desk.drafts.new(text="base", platforms=["x"])
    _bob(desk).drafts.save(draft.id, text="same", expect_revision=1)
    saved = desk.drafts.save(draft.id, text="same", title="New title", expect_revision=1)
    assert (saved.revision, saved.title) == (2, "New title")


def test_without_an_expected_revision_a_save_goes_on_top(desk: Desk) -> None:
    draft = desk.drafts.new(text="base")
    _bob(desk).drafts.save(draft.id, text="bob's words")
    saved = desk.drafts.save(draft.id, text="alice's words")
    assert [r.text for r in saved.revisions] == ["base", "bob's words", "alice's words"]


def test_the_store_checks_before_the_change_runs(store: Store) -> None:
    """The store's contract: a mismatch raises before ``change`` is called, under the lock."""
    created = store.drafts.create(lambda new_id: Draft(id=new_id, title="t"))
    called: list[int] = []
    with pytest.raises(RevisionConflictError) as caught:
        store.drafts.update(created.id, lambda d: called.append(d.id), expect_revision=3)
    assert called == []
    assert (caught.value.expected, caught.value.current.revision) == (3, 0)
    assert store.drafts.update(created.id, lambda d: called.append(d.id), expect_revision=0)
    assert called == [created.id]
