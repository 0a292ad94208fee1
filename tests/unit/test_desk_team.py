"""The team desk in-process: two desks on one store, review requests, presence, the audit.

Every case runs on both backends (files and a real PostgreSQL server): presence, the review
queue and the audit chain persist through the store interface alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from msgspec.structs import replace

from rtc_tui.config import Config, MemberConfig, TeamConfig
from rtc_tui.core.models import DraftStatus
from rtc_tui.desk import BadInputError, Desk, RefusedError
from rtc_tui.desk.presence import PRESENCE_TTL
from rtc_tui.store import FileStore, Store
from tests.conftest import FROZEN_NOW
from tests.store_helpers import reopen, tamper_audit

MANUAL = ("timing", "off_limits", "no_bar_jokes", "understandable", "brand_fit", "facts", "rights")


class Told:
    """A notifier that remembers what it was told (the webhook: test_cli_team.py)."""

    def __init__(self) -> None:
        self.told: list[tuple[str, str, int | None]] = []

    def tell(self, kind: str, text: str, *, draft_id: int | None = None) -> None:
        self.told.append((kind, text, draft_id))


@pytest.fixture
def store(any_store: Store) -> Store:
    """Each backend in turn (the ``desk`` fixture builds on this one too)."""
    return any_store


def team(*members: tuple[str, str], solo: bool = False) -> Config:
    listed = tuple(MemberConfig(name=n, role=r) for n, r in members)  # type: ignore[arg-type]
    return replace(Config(), team=TeamConfig(members=listed, solo=solo))


def test_a_request_made_on_one_desk_is_in_the_other_desks_queue(
    store: Store, frozen_now: Callable[[], datetime], tmp_path: Path
) -> None:
    told = Told()
    alice = Desk(Config(), store, user="alice", now=frozen_now)
    alice.reviews.notifier = told
    bob = Desk(Config(), reopen(store, tmp_path / "bob"), user="bob", now=frozen_now)
    draft = alice.drafts.new(title="Finale", text="Che finale!", platforms=["x"])
    assert bob.reviews.waiting_count() == 0
    alice.reviews.request(draft.id)
    assert alice.drafts.get(draft.id).status is DraftStatus.IN_REVIEW
    # Nobody reviews their own draft: the request waits for bob, not for alice.
    assert alice.reviews.waiting_count() == 0
    [waiting] = bob.reviews.queue()
    assert (waiting.draft_id, waiting.title, waiting.author, waiting.to) == (
        draft.id,
        "Finale",
        "alice",
        "",
    )
    assert told.told == [("review_request", "Finale", 1)]
    # Giving the review resolves the request.
    for item_id in MANUAL:
        alice.checklist.tick(draft.id, item_id)
    bob.checklist.tick(draft.id, "second_eyes")
    assert bob.reviews.queue() == []
    actions = [r["action"] for r in store.state.audit_log()]
    assert actions[-2:] == ["tick", "review_given"]


def test_a_request_to_someone_waits_only_for_them_and_must_be_allowed(
    store: Store, frozen_now: Callable[[], datetime]
) -> None:
    config = team(("alice", "editor"), ("bob", "editor"), ("carol", "approver"))
    alice = Desk(config, store, user="alice", now=frozen_now)
    draft = alice.drafts.new(text="Ciao", platforms=["x"])
    with pytest.raises(BadInputError, match="no team member named 'dave'"):
        alice.reviews.request(draft.id, "dave")
    with pytest.raises(RefusedError, match="bob is an editor: only an approver"):
        alice.reviews.request(draft.id, "bob")
    with pytest.raises(RefusedError, match="other than the author"):
        alice.reviews.request(draft.id, "alice")
    alice.reviews.request(draft.id, "carol")
    assert [r.draft_id for r in alice.reviews.queue("carol")] == [draft.id]
    assert alice.reviews.queue("bob") == []


def test_approval_tells_the_team_and_send_back_resolves(
    store: Store, frozen_now: Callable[[], datetime]
) -> None:
    told = Told()
    alice = Desk(Config(), store, user="alice", now=frozen_now)
    bob = Desk(Config(), store, user="bob", now=frozen_now)
    bob.reviews.notifier = told
    first = alice.drafts.new(title="Uno", text="Che finale!", platforms=["x"])
    second = alice.drafts.new(title="Due", text="Che partita!", platforms=["x"])
    alice.reviews.request(first.id)
    alice.reviews.request(second.id)
    for item_id in MANUAL:
        alice.checklist.tick(first.id, item_id)
    bob.checklist.tick(first.id, "second_eyes")
    bob.checklist.approve(first.id)
    bob.checklist.send_back(second.id, "Più breve")
    assert bob.reviews.queue() == []
    assert ("approval", "Uno", 1) in told.told
    actions = [r["action"] for r in store.state.audit_log()]
    assert "review_sent_back" in actions


def test_the_author_withdraws_a_request_by_taking_the_draft_back(desk: Desk) -> None:
    draft = desk.drafts.new(text="Ciao", platforms=["x"])
    desk.reviews.toggle(draft.id)
    assert len(desk.reviews.open_requests()) == 1
    desk.reviews.toggle(draft.id)
    assert desk.reviews.open_requests() == []
    assert desk.drafts.get(draft.id).status is DraftStatus.DRAFT


def test_rtc_checklist_rules_hold_for_set_ticks(
    store: Store, frozen_now: Callable[[], datetime]
) -> None:
    alice = Desk(Config(), store, user="alice", now=frozen_now)
    draft = alice.drafts.new(text="Ciao", platforms=["x"])
    with pytest.raises(RefusedError, match="other than the author"):
        alice.checklist.set_ticks(draft.id, tick=[*MANUAL, "second_eyes"])
    # All or nothing: the refused second pair of eyes left the other ticks unwritten too.
    assert alice.drafts.get(draft.id).ticks == {}
    state = alice.checklist.set_ticks(draft.id, tick=MANUAL)
    assert [m.id for m in state.gate.missing] == ["second_eyes"]
    again = alice.checklist.set_ticks(draft.id, tick=["timing"], untick=["facts"])
    assert [m.id for m in again.gate.missing] == ["facts", "second_eyes"]


def test_a_solo_desk_self_review_is_recorded_as_such(
    store: Store, frozen_now: Callable[[], datetime]
) -> None:
    desk = Desk(team(solo=True), store, user="alice", now=frozen_now)
    draft = desk.drafts.new(text="Che finale!", platforms=["x"])
    state = desk.checklist.set_ticks(draft.id, tick=[*MANUAL, "second_eyes"])
    assert state.gate.passed
    assert state.self_reviewed
    [review] = [r for r in store.state.audit_log() if r.get("item") == "second_eyes"]
    assert review["self_review"] is True
    for fmt, needle in (
        ("md", "self-reviewed (solo desk)"),
        ("json", '"self_reviewed": true'),
        ("csv-buffer", "self-reviewed (solo desk)"),
    ):
        target = Path(desk.exports.export(draft.id, fmt).target)
        assert needle in target.read_text(encoding="utf-8")
    body = json.loads(desk.exports._render(desk.drafts.get(draft.id), "webhook", "").content)
    assert body["text"].endswith("_self-reviewed (solo desk)_")


def test_presence_shows_to_others_and_expires(
    store: Store, frozen_now: Callable[[], datetime]
) -> None:
    clock = {"now": FROZEN_NOW}
    alice = Desk(Config(), store, user="alice", now=lambda: clock["now"])
    bob = Desk(Config(), store, user="bob", now=lambda: clock["now"])
    draft = alice.drafts.new(text="Ciao", platforms=["x"])
    alice.presence.mark(draft.id)
    assert bob.presence.editing(draft.id) == ["alice"]
    assert alice.presence.editing(draft.id) == []  # not told about oneself
    clock["now"] = FROZEN_NOW + PRESENCE_TTL - timedelta(seconds=1)
    assert bob.presence.editors() == {draft.id: ["alice"]}
    clock["now"] = FROZEN_NOW + PRESENCE_TTL
    assert bob.presence.editors() == {}
    # A refresh brings it back; clearing (the editor closes) removes it at once.
    alice.presence.mark(draft.id)
    assert bob.presence.editing(draft.id) == ["alice"]
    alice.presence.clear()
    assert bob.presence.editing(draft.id) == []


def test_audit_chain_verifies_and_a_hand_edit_is_named(desk: Desk) -> None:
    draft = desk.drafts.new(text="Ciao", platforms=["x"])
    desk.checklist.tick(draft.id, "timing")
    desk.reviews.request(draft.id)
    assert desk.audit.verify() is None
    assert [r["action"] for r in desk.audit.records(draft.id)] == [
        "draft_created",
        "tick",
        "status",
        "review_requested",
    ]

    def rename(record: dict[str, object]) -> None:
        record["by"] = "mallory"

    tamper_audit(desk.store, 2, rename)
    broken = desk.audit.verify()
    assert broken is not None
    assert broken.index == 2
    assert broken.describe().startswith("audit record 2 (")
    assert "edited by hand" in broken.describe()


def test_a_log_written_before_the_chain_is_sealed_once_then_appended(tmp_path: Path) -> None:
    """The files' own legacy (PostgreSQL's: migration 2, test_store_postgres.py)."""
    store = FileStore(tmp_path / "store")

    def legacy(db: object) -> None:
        table = db.table("audit")  # type: ignore[attr-defined]
        table.insert({"at": "2026-01-01T00:00:00+00:00", "action": "export", "by": "ada"})
        table.insert({"at": "2026-01-02T00:00:00+00:00", "action": "override", "by": "bo"})

    store.state.db.transact(legacy)
    store.state.audit("tick", "ada", draft=1)
    log = store.state.audit_log()
    assert [r["action"] for r in log] == ["export", "override", "tick"]
    assert log[0]["prev"] == ""
    assert log[2]["prev"] == log[1]["hash"]
