"""The drafts desk: revisions, restore, variants, workflow, counters and time to post."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from rtc_tui.config import Config, PlatformsConfig
from rtc_tui.core.drafting.workflow import (
    TRANSITIONS,
    TransitionError,
    check_transition,
    clean_variants,
    format_elapsed,
)
from rtc_tui.core.models import DraftStatus, Event, Level, Sensitivity, TriageState
from rtc_tui.desk import BadInputError, Desk, RefusedError
from rtc_tui.store import Store
from tests.conftest import FROZEN_NOW


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every test here runs on both backends: the data dir and a real PostgreSQL database."""
    return any_store


def _store_event(desk: Desk, *, first_seen: datetime, level: Level = Level.NONE) -> Event:
    event = Event(
        id="ev1",
        source="Google Trends IT",
        title="Italia-Spagna 2-1",
        first_seen=first_seen,
        last_seen=first_seen,
        sensitivity=Sensitivity(level=level, categories=("sport",) if level.rank else ()),
    )
    desk.store.events.merge(lambda current: [event])
    return event


def test_ten_edits_give_ten_revisions(desk: Desk) -> None:
    draft = desk.drafts.new(title="Finale")
    for i in range(10):
        desk.drafts.save(draft.id, text=f"edit {i}")
    saved = desk.drafts.get(draft.id)
    assert [r.number for r in saved.revisions] == list(range(1, 11))
    assert [r.text for r in saved.revisions] == [f"edit {i}" for i in range(10)]
    assert {r.author for r in saved.revisions} == {"alice"}
    assert all(r.at == FROZEN_NOW for r in saved.revisions)


def test_save_without_change_adds_no_revision(desk: Desk) -> None:
    draft = desk.drafts.new(text="ciao")
    desk.drafts.save(draft.id, text="ciao")
    desk.drafts.save(draft.id, text="ciao", variants={"x": ""})
    assert len(desk.drafts.get(draft.id).revisions) == 1


def test_restore_brings_text_and_variants_back_exactly_as_a_new_revision(desk: Desk) -> None:
    original = "Che finale!\n\nForza Italia 🇮🇹 — “grazie” ragazzi.  "
    draft = desk.drafts.new(text=original, platforms=["x", "mastodon"])
    desk.drafts.save(draft.id, variants={"x": "Versione X 🇮🇹"})
    desk.drafts.save(draft.id, text="altro", variants={})
    restored = desk.drafts.restore_revision(draft.id, 2)
    assert restored.text == original
    assert restored.variants == {"x": "Versione X 🇮🇹"}
    assert [r.number for r in restored.revisions] == [1, 2, 3, 4]
    assert restored.revisions[-1].text == original


def test_restore_unknown_revision_is_bad_input(desk: Desk) -> None:
    draft = desk.drafts.new(text="a")
    with pytest.raises(BadInputError, match="no revision 7"):
        desk.drafts.restore_revision(draft.id, 7)


def test_variants_equal_to_base_or_empty_are_dropped(desk: Desk) -> None:
    draft = desk.drafts.new(text="base", platforms=["x", "bluesky", "mastodon"])
    saved = desk.drafts.save(draft.id, variants={"x": "base", "bluesky": "", "mastodon": "toot"})
    assert saved.variants == {"mastodon": "toot"}
    assert saved.text_for("x") == "base"
    assert saved.text_for("mastodon") == "toot"


def test_measure_draft_counts_each_platform_on_its_own_text(desk: Desk) -> None:
    draft = desk.drafts.new(text="a" * 290, platforms=["x", "mastodon"])
    counts = desk.drafts.measure(draft)
    assert not counts["x"].ok
    assert counts["x"].excess == 10
    assert counts["mastodon"].ok
    short = desk.drafts.save(draft.id, variants={"x": "corto"})
    assert desk.drafts.measure(short)["x"].ok


def test_config_limits_reach_the_counters(store: Store) -> None:
    config = Config(
        platforms=PlatformsConfig(
            default=("mastodon", "instagram"), limits={"mastodon": 1000}, instagram_hashtag_cap=2
        )
    )
    desk = Desk(config, store, user="alice", now=lambda: FROZEN_NOW)
    draft = desk.drafts.new(text="a" * 600 + " #uno #due #tre")
    assert draft.platforms == ["mastodon", "instagram"]
    counts = desk.drafts.measure(draft)
    assert counts["mastodon"].limit == 1000
    assert counts["mastodon"].ok
    assert not counts["instagram"].ok


def test_unknown_platform_is_bad_input(desk: Desk) -> None:
    with pytest.raises(BadInputError, match="myspace"):
        desk.drafts.new(platforms=["myspace"])
    draft = desk.drafts.new()
    with pytest.raises(BadInputError, match="myspace"):
        desk.drafts.save(draft.id, platforms=["x", "myspace"])


def test_platforms_are_chosen_per_draft(desk: Desk) -> None:
    draft = desk.drafts.new(platforms=["x"])
    saved = desk.drafts.save(draft.id, platforms=["bluesky", "x", "bluesky"])
    assert saved.platforms == ["bluesky", "x"]


def test_workflow_review_and_back(desk: Desk) -> None:
    draft = desk.drafts.new(text="ciao")
    assert desk.drafts.toggle_review(draft.id).status is DraftStatus.IN_REVIEW
    assert desk.drafts.toggle_review(draft.id).status is DraftStatus.DRAFT
    log = desk.store.state.audit_log()
    assert [(e["action"], e.get("status")) for e in log] == [
        ("draft_created", None),
        ("status", "in_review"),
        ("status", "draft"),
    ]


def test_approval_and_export_need_the_gate(desk: Desk) -> None:
    draft = desk.drafts.new(text="ciao")
    desk.drafts.set_status(draft.id, DraftStatus.IN_REVIEW)
    with pytest.raises(RefusedError, match="checklist"):
        desk.drafts.set_status(draft.id, DraftStatus.APPROVED)
    approved = desk.drafts.set_status(draft.id, DraftStatus.APPROVED, gated=True)
    assert approved.status is DraftStatus.APPROVED
    exported = desk.drafts.set_status(draft.id, DraftStatus.EXPORTED, gated=True)
    assert exported.status is DraftStatus.EXPORTED
    with pytest.raises(RefusedError, match="exported"):
        desk.drafts.toggle_review(draft.id)


def test_workflow_refuses_skipping_steps(desk: Desk) -> None:
    draft = desk.drafts.new(text="ciao")
    with pytest.raises(RefusedError, match="cannot become approved"):
        desk.drafts.set_status(draft.id, DraftStatus.APPROVED, gated=True)


@pytest.mark.parametrize(
    ("current", "target"),
    [(s, t) for s in DraftStatus for t in DraftStatus if t not in TRANSITIONS[s]],
)
def test_every_forbidden_transition_is_refused(current: DraftStatus, target: DraftStatus) -> None:
    with pytest.raises(TransitionError):
        check_transition(current, target)


def test_new_draft_from_event_snapshots_origin_and_links_event(desk: Desk) -> None:
    seen = FROZEN_NOW - timedelta(minutes=12)
    _store_event(desk, first_seen=seen, level=Level.WARN)
    draft = desk.drafts.new(event_id="ev1")
    assert draft.title == "Italia-Spagna 2-1"
    assert draft.origin is not None
    assert draft.origin.sensitivity.level is Level.WARN
    assert draft.origin.first_seen == seen
    assert desk.drafts.time_to_post(draft) == timedelta(minutes=12)
    event = desk.store.events.get("ev1")
    assert event is not None
    assert event.draft_ids == [draft.id]
    assert event.state is TriageState.REACTED


def test_time_to_post_is_none_without_an_event(desk: Desk) -> None:
    assert desk.drafts.time_to_post(desk.drafts.new(text="x")) is None


def test_concurrent_sessions_keep_each_others_revisions(desk: Desk) -> None:
    other = Desk(desk.config, desk.store, user="bob", now=lambda: FROZEN_NOW)
    draft = desk.drafts.new(text="uno")
    other.drafts.save(draft.id, text="due")
    desk.drafts.save(draft.id, text="tre")
    saved = desk.drafts.get(draft.id)
    assert [(r.author, r.text) for r in saved.revisions] == [
        ("alice", "uno"),
        ("bob", "due"),
        ("alice", "tre"),
    ]


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(5, "5s"), (59, "59s"), (60, "1m"), (3599, "59m"), (3900, "1h05m"), (90000, "1d01h")],
)
def test_format_elapsed(seconds: int, shown: str) -> None:
    assert format_elapsed(timedelta(seconds=seconds)) == shown


def test_clean_variants() -> None:
    assert clean_variants("b", {"x": "b", "mastodon": "  ", "bluesky": "v"}) == {"bluesky": "v"}


def test_first_seen_in_the_future_counts_as_zero(desk: Desk) -> None:
    _store_event(desk, first_seen=datetime(2030, 1, 1, tzinfo=UTC))
    draft = desk.drafts.new(event_id="ev1")
    assert desk.drafts.time_to_post(draft) == timedelta(0)
