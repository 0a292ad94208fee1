"""The store contract, run over both backends (files and a real PostgreSQL server).

Every case takes ``any_store``, parametrised over the backends, so a difference between them
fails here, not in front of an editor.
"""

from __future__ import annotations

import queue
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest

from rtc_tui.core import audit as audit_chain
from rtc_tui.core.models import Draft, DraftStatus, Event, Origin, Revision
from rtc_tui.core.publish.queue import QueuedPost, new_post
from rtc_tui.core.publish.results import PostCounts
from rtc_tui.store import (
    DraftNotFoundError,
    FileStore,
    RevisionConflictError,
    Stamp,
    Store,
    StoreChange,
    StoreSnapshot,
)
from rtc_tui.store.postgres import PgStore
from rtc_tui.store.posts import PostNotFoundError, PostResults
from tests.store_helpers import reopen, tamper_audit

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def _make(store: Store, title: str, *, at: datetime = T0) -> Draft:
    return store.drafts.create(
        lambda new_id: Draft(id=new_id, title=title, created_at=at, updated_at=at)
    )


def _event(i: int, score: float = 0.0) -> Event:
    return Event(id=f"e{i}", source="s", title=f"t{i}", first_seen=T0, last_seen=T0, score=score)


def _revise(text: str, author: str) -> object:
    def change(draft: Draft) -> None:
        number = len(draft.revisions) + 1
        draft.revisions.append(Revision(number, author, T0, text))
        draft.text = text

    return change


def test_ids_are_small_increasing_integers(any_store: Store) -> None:
    assert [_make(any_store, t).id for t in "abc"] == [1, 2, 3]
    assert sorted(d.title for d in any_store.drafts.all()) == ["a", "b", "c"]


def test_a_failed_create_uses_up_no_id(any_store: Store) -> None:
    def broken(new_id: int) -> Draft:
        raise ValueError("no")

    with pytest.raises(ValueError, match="no"):
        any_store.drafts.create(broken)
    assert _make(any_store, "a").id == 1


def test_drafts_come_most_recently_changed_first(any_store: Store) -> None:
    _make(any_store, "old", at=T0)
    _make(any_store, "new", at=T0 + timedelta(hours=1))
    assert [d.title for d in any_store.drafts.all()] == ["new", "old"]


def test_recent_drafts_are_the_first_of_all_in_the_same_order(any_store: Store) -> None:
    for hour, title in enumerate(["b", "d", "a", "c"]):
        _make(any_store, title, at=T0 + timedelta(hours=hour))
    every = [d.to_dict() for d in any_store.drafts.all()]
    assert [d.to_dict() for d in any_store.drafts.recent(2)] == every[:2]
    assert [d.title for d in any_store.drafts.recent(1)] == ["c"]
    assert [d.to_dict() for d in any_store.drafts.recent(10)] == every
    assert any_store.drafts.recent(0) == []


def test_changed_since_gives_the_drafts_written_after_the_mark(any_store: Store) -> None:
    kept = _make(any_store, "kept", at=T0)
    before = any_store.drafts.mark()
    assert any_store.drafts.changed_since(before).drafts == []
    made = _make(any_store, "made", at=T0 + timedelta(hours=1))
    any_store.drafts.update(kept.id, _revise("edited", "ada"))  # type: ignore[arg-type]
    changes = any_store.drafts.changed_since(before)
    by_id = {d.id: d for d in changes.drafts}
    assert {made.id, kept.id} <= set(by_id)
    assert by_id[kept.id].text == "edited"
    assert changes.mark != before
    assert any_store.drafts.changed_since(changes.mark) == type(changes)([], changes.mark)
    any_store.drafts.update(made.id, lambda d: setattr(d, "title", "renamed"))
    again = any_store.drafts.changed_since(changes.mark)
    assert "renamed" in [d.title for d in again.drafts]


def test_changed_since_is_in_all_order(any_store: Store) -> None:
    before = any_store.drafts.mark()
    for hour, title in enumerate(["b", "d", "a"]):
        _make(any_store, title, at=T0 + timedelta(hours=hour))
    assert [d.title for d in any_store.drafts.changed_since(before).drafts] == ["a", "d", "b"]


def test_drafts_for_moments_are_only_those(any_store: Store) -> None:
    def for_moment(draft: Draft) -> None:
        draft.origin = Origin(kind="moment", ref="natale", title="Natale", date="2026-12-25")

    def for_event(draft: Draft) -> None:
        draft.origin = Origin(kind="event", ref="e1", title="Neve")

    made = [_make(any_store, t, at=T0 + timedelta(hours=h)) for h, t in enumerate("abcd")]
    for draft, change in zip(made, (for_moment, for_event, None, for_moment), strict=True):
        if change is not None:
            any_store.drafts.update(draft.id, change)
    assert [d.title for d in any_store.drafts.for_moments()] == ["d", "a"]
    assert all(d.origin is not None for d in any_store.drafts.for_moments())


def test_update_rereads_and_writes(any_store: Store) -> None:
    draft = _make(any_store, "a")
    any_store.drafts.update(draft.id, lambda d: setattr(d, "status", DraftStatus.IN_REVIEW))
    got = any_store.drafts.get(draft.id)
    assert got.status is DraftStatus.IN_REVIEW
    assert got.to_dict() == any_store.drafts.all()[0].to_dict()
    with pytest.raises(DraftNotFoundError):
        any_store.drafts.get(99)
    with pytest.raises(DraftNotFoundError):
        any_store.drafts.update(99, lambda d: None)


def test_a_change_that_raises_writes_nothing(any_store: Store) -> None:
    draft = _make(any_store, "a")

    def half(d: Draft) -> None:
        d.text = "half"
        raise ValueError("stop")

    with pytest.raises(ValueError, match="stop"):
        any_store.drafts.update(draft.id, half)
    assert any_store.drafts.get(draft.id).text == ""


def test_a_stale_revision_is_refused_and_nothing_written(any_store: Store) -> None:
    draft = _make(any_store, "a")
    any_store.drafts.update(draft.id, _revise("alice's", "alice"), expect_revision=0)  # type: ignore[arg-type]
    any_store.drafts.update(draft.id, _revise("bob's", "bob"), expect_revision=1)  # type: ignore[arg-type]
    stale = r"draft 1 is at revision 2 by bob at .* UTC, not 1: nothing was written"
    with pytest.raises(RevisionConflictError, match=stale) as caught:
        any_store.drafts.update(draft.id, _revise("stale", "alice"), expect_revision=1)  # type: ignore[arg-type]
    assert caught.value.expected == 1
    assert caught.value.current.revisions[-1].author == "bob"
    stored = any_store.drafts.get(draft.id)
    assert stored.text == "bob's"
    assert [r.author for r in stored.revisions] == ["alice", "bob"]
    # Without a stated revision, a save goes on top of the latest.
    any_store.drafts.update(draft.id, _revise("on top", "alice"))  # type: ignore[arg-type]
    assert any_store.drafts.get(draft.id).revisions[-1].number == 3


def test_events_merge_replaces_the_set_in_the_given_order(any_store: Store) -> None:
    any_store.events.merge(lambda current: [_event(2), _event(1)])
    any_store.events.merge(lambda current: [*current.values(), _event(3)])
    assert [e.id for e in any_store.events.all()] == ["e2", "e1", "e3"]
    any_store.events.merge(lambda current: [current["e3"], current["e1"]])
    assert [e.id for e in any_store.events.all()] == ["e3", "e1"]
    assert any_store.events.get("e2") is None


def test_merge_sees_the_stored_events(any_store: Store) -> None:
    any_store.events.merge(lambda current: [_event(1, score=2.0)])
    seen: dict[str, float] = {}

    def merge(current: dict[str, Event]) -> list[Event]:
        seen.update({k: e.score for k, e in current.items()})
        return list(current.values())

    any_store.events.merge(merge)
    assert seen == {"e1": 2.0}


def test_one_event_update(any_store: Store) -> None:
    any_store.events.merge(lambda current: [_event(1), _event(2)])
    updated = any_store.events.update("e2", lambda e: setattr(e, "score", 5.0))
    assert updated is not None
    got = any_store.events.get("e2")
    assert got is not None
    assert got.score == 5.0
    assert any_store.events.update("nope", lambda e: None) is None
    assert [e.id for e in any_store.events.all()] == ["e1", "e2"]


def test_state_and_audit(any_store: Store) -> None:
    assert any_store.state.get("missing", "dflt") == "dflt"
    any_store.state.set("etag:ANSA", "W/1")
    assert any_store.state.get("etag:ANSA") == "W/1"
    assert any_store.state.update("n", lambda old: (old or 0) + 1) == 1
    assert any_store.state.update("n", lambda old: (old or 0) + 1) == 2
    any_store.state.set("nested", {"a": [1, 2.5, None, True, "è"], "b": {}})
    assert any_store.state.get("nested") == {"a": [1, 2.5, None, True, "è"], "b": {}}
    any_store.state.audit("override", "bob", draft=1, reason="ok")
    any_store.state.audit("export", "alice")
    log = any_store.state.audit_log()
    assert [(e["action"], e["by"]) for e in log] == [("override", "bob"), ("export", "alice")]
    assert log[0]["draft"] == 1
    assert log[0]["reason"] == "ok"


def test_stamps_move_on_writes(any_store: Store) -> None:
    drafts, events, state = (
        any_store.drafts.stamp(),
        any_store.events.stamp(),
        any_store.state.stamp(),
    )
    _make(any_store, "a")
    assert any_store.drafts.stamp() != drafts
    any_store.events.merge(lambda current: [_event(1)])
    assert any_store.events.stamp() != events
    any_store.state.audit("x", "y")
    assert any_store.state.stamp() != state


def test_snapshot_and_restore_round_trip(any_store: Store, tmp_path: object) -> None:
    draft = _make(any_store, "Ciao «mondo» \u200d 🎉")
    any_store.drafts.update(draft.id, _revise('testo\nsu due righe \\ "', "alice"))  # type: ignore[arg-type]
    any_store.events.merge(lambda current: [_event(2, 1.5), _event(1, 0.25)])
    any_store.state.set("filters", {"it": "lang:it", "n": 3})
    any_store.state.audit("export", "alice", draft=draft.id)
    snapshot = any_store.snapshot()
    assert snapshot.next_draft == 2
    assert [r["id"] for r in snapshot.events] == ["e2", "e1"]
    assert snapshot == any_store.snapshot()
    with pytest.raises(Exception, match="not empty"):
        any_store.restore(snapshot)


def test_location_names_the_store(any_store: Store) -> None:
    assert any_store.location
    assert any_store.check() == []


WAIT = 10.0
"""Seconds a change notification may take under a loaded test machine (usually milliseconds)."""


def _changes_until(changes: queue.Queue[StoreChange], final: Stamp) -> list[StoreChange]:
    seen = [changes.get(timeout=WAIT)]
    while seen[-1].stamp != final:
        seen.append(changes.get(timeout=WAIT))
    return seen


def test_every_write_is_announced_with_its_table(any_store: Store) -> None:
    changes: queue.Queue[StoreChange] = queue.Queue()
    links: list[str | None] = []
    subscription = any_store.changes.subscribe(changes.put, on_link=links.append)
    try:
        _make(any_store, "a")
        seen = _changes_until(changes, any_store.changes.stamp())
        assert all("drafts" in change.tables for change in seen)
        any_store.state.set("theme", "mono")
        seen = _changes_until(changes, any_store.changes.stamp())
        assert "state" in seen[-1].tables
        any_store.events.merge(lambda current: [_event(1)])
        seen = _changes_until(changes, any_store.changes.stamp())
        assert "events" in seen[-1].tables
        assert links == [], "a store that stays reachable never reports its link"
    finally:
        subscription.close()
        subscription.close()  # idempotent


def test_a_closed_subscription_hears_nothing_more(any_store: Store) -> None:
    closed: queue.Queue[StoreChange] = queue.Queue()
    still_open: queue.Queue[StoreChange] = queue.Queue()
    first = any_store.changes.subscribe(closed.put)
    second = any_store.changes.subscribe(still_open.put)
    try:
        first.close()
        _make(any_store, "after close")
        _changes_until(still_open, any_store.changes.stamp())
        assert closed.empty()
    finally:
        second.close()


def _post(draft_id: int, minute: int) -> QueuedPost:
    return new_post(
        draft_id=draft_id,
        network="mastodon",
        account="brand",
        text=f"post {draft_id}",
        content_hash="abc",
        due_at=T0,
        now=T0 + timedelta(minutes=minute),
        clock_id=draft_id,
    )


def test_posts_queue_and_results(any_store: Store) -> None:
    first, second = _post(1, 0), _post(2, 5)
    any_store.posts.add(first)
    any_store.posts.add(second)
    assert [p.id for p in any_store.posts.all()] == [second.id, first.id]
    assert any_store.posts.get(first.id[:8]) == first
    with pytest.raises(PostNotFoundError, match="no post"):
        any_store.posts.get("zzzz")
    held = any_store.posts.update(first.id, lambda p: msgspec.structs.replace(p, state="held"))
    assert any_store.posts.get(first.id).state == held.state == "held"

    def refuse(post: QueuedPost) -> QueuedPost:
        raise ValueError("not now")

    with pytest.raises(ValueError, match="not now"):
        any_store.posts.update(first.id, refuse)
    assert any_store.posts.get(first.id).state == "held"

    assert any_store.posts.results(first.id) == PostResults(first.id)
    any_store.posts.record_results(first.id, counts=PostCounts(1, 2, 3))
    got = any_store.posts.record_results(first.id, counts=PostCounts(4, 5, 6), error="")
    assert got.counts == (PostCounts(1, 2, 3), PostCounts(4, 5, 6))
    assert any_store.posts.results(first.id) == got
    snapshot = any_store.snapshot()
    assert [p["id"] for p in snapshot.posts] == sorted([first.id, second.id])
    assert [r["post_id"] for r in snapshot.results] == [first.id]


def test_the_audit_log_is_one_hash_chain(any_store: Store) -> None:
    for n in range(3):
        any_store.state.audit("tick", "alice", draft=1, item=f"i{n}")
    log = any_store.state.audit_log()
    assert audit_chain.verify(log) is None
    assert [e["prev"] for e in log] == ["", log[0]["hash"], log[1]["hash"]]
    assert all(e["hash"] == audit_chain.digest(e) for e in log)


def test_a_hand_edit_of_the_audit_log_is_named(any_store: Store) -> None:
    for who in ("alice", "bob", "carol"):
        any_store.state.audit("export", who, draft=1)

    def rename(record: dict[str, Any]) -> None:
        record["by"] = "mallory"

    tamper_audit(any_store, 2, rename)
    broken = audit_chain.verify(any_store.state.audit_log())
    assert broken is not None
    assert (broken.index, broken.record["by"]) == (2, "mallory")
    assert "edited by hand" in broken.problem


def test_appends_from_two_handles_at_once_keep_one_chain(any_store: Store, tmp_path: Path) -> None:
    other = reopen(any_store, tmp_path / "other")
    errors: list[BaseException] = []

    def append(store: Store, who: str) -> None:
        try:
            for n in range(15):
                store.state.audit("tick", who, item=str(n))
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [
        threading.Thread(target=append, args=(any_store, "alice")),
        threading.Thread(target=append, args=(other, "bob")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if isinstance(other, PgStore):
        other.close()
    assert errors == []
    log = any_store.state.audit_log()
    assert len(log) == 30
    assert audit_chain.verify(log) is None


def test_a_log_from_before_the_chain_is_sealed_when_copied_in(
    any_store: Store, tmp_path: Path
) -> None:
    legacy: list[dict[str, Any]] = [
        {"at": "2026-01-01T00:00:00+00:00", "action": "export", "by": "ada"},
        {"at": "2026-01-02T00:00:00+00:00", "action": "override", "by": "bo", "draft": 1},
    ]
    any_store.restore(StoreSnapshot(audit=legacy))
    any_store.state.audit("tick", "ada", draft=1)
    log = any_store.state.audit_log()
    assert [e["action"] for e in log] == ["export", "override", "tick"]
    assert audit_chain.verify(log) is None
    # A sealed log goes across exactly as it is: the round trip compares equal.
    copy = FileStore(tmp_path / "copy")
    copy.restore(any_store.snapshot())
    assert copy.snapshot().audit == log


def test_the_audit_log_of_one_draft(any_store: Store) -> None:
    any_store.state.audit("draft_created", "alice", draft=1)
    any_store.state.audit("draft_created", "alice", draft=2)
    any_store.state.audit("refresh", "alice")
    any_store.state.audit("tick", "bob", draft=1, item="timing")
    assert [(e["action"], e["by"]) for e in any_store.state.audit_log(1)] == [
        ("draft_created", "alice"),
        ("tick", "bob"),
    ]
    assert any_store.state.audit_log(3) == []
    assert len(any_store.state.audit_log()) == 4
