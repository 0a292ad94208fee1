"""The queued post, the scheduling decisions, the crisis pause, TIDs and length checks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import msgspec
import pytest

from rtc_tui.core.models import Level
from rtc_tui.core.publish import queue
from rtc_tui.core.publish.crisis import CrisisPolicy, Story, crisis_holds, crisis_now
from rtc_tui.core.publish.length import check_length, length_refusal
from rtc_tui.core.publish.queue import QueuedPost, new_post
from rtc_tui.core.publish.schedule import decide, due_posts
from rtc_tui.core.publish.tid import is_tid, make_tid, parse_tid, tid_for

NOW = datetime(2026, 11, 29, 14, 0, tzinfo=UTC)


def make(
    network: queue.Network = "mastodon",
    *,
    draft_id: int = 7,
    due: timedelta = timedelta(0),
    content_hash: str = "abc123",
    clock_id: int = 1,
) -> QueuedPost:
    return new_post(
        draft_id=draft_id,
        network=network,
        account="brand",
        text="Buon Natale! 🎄",
        content_hash=content_hash,
        due_at=NOW + due,
        now=NOW,
        clock_id=clock_id,
        created_by="alice",
        language="it",
    )


def test_tid_matches_the_published_vectors_and_round_trips() -> None:
    # The vectors published with @atcute/tid.
    assert make_tid(1724171495793000, 512) == "3l25zusnsfck2"
    assert parse_tid("3l25zusnsfctk") == (1724171495793000, 816)
    assert make_tid(0, 0) == "2222222222222"
    tid = tid_for(NOW, 1023)
    assert is_tid(tid)
    assert parse_tid(tid) == (int(NOW.timestamp() * 1e6), 1023)
    assert not is_tid("zzzzzzzzzzzzz")  # top bit set
    assert not is_tid("3l25zusnsfck")
    with pytest.raises(ValueError, match="clock id"):
        make_tid(1, 1024)


def test_new_post_fixes_its_keys_once_and_they_differ_per_clock() -> None:
    post = make("bluesky")
    assert post.state == "queued"
    assert is_tid(post.rkey)
    assert post.idempotency_key.startswith("rtc-")
    assert len(post.idempotency_key) == 36
    assert make("bluesky") == post  # same inputs, same keys: deterministic
    other = make("bluesky", clock_id=2)
    assert other.rkey != post.rkey
    assert other.idempotency_key != post.idempotency_key


def test_record_round_trip_is_plain_json_data() -> None:
    post = queue.attempted(make(), NOW)
    data = queue.to_record(post)
    assert data["due_at"] == "2026-11-29T14:00:00Z"
    assert msgspec.json.decode(msgspec.json.encode(data)) == data
    assert queue.from_record(data) == post
    with pytest.raises(msgspec.ValidationError, match="draft_id"):
        queue.from_record({**data, "draft_id": "seven"})


def test_failures_back_off_then_give_up_and_refusals_fail_at_once() -> None:
    post = queue.attempted(make(), NOW)
    waiting = queue.failed(post, NOW, "no answer within 15 s", retryable=True, retry_after=300)
    assert waiting.state == "queued"
    assert waiting.retry_at == NOW + timedelta(seconds=300)
    assert due_posts([waiting], NOW + timedelta(seconds=299)) == []
    assert due_posts([waiting], NOW + timedelta(seconds=300)) == [waiting]
    refused = queue.failed(post, NOW, "token rejected for brand", retryable=False)
    assert refused.state == "failed"
    exhausted = post
    for _ in range(queue.MAX_ATTEMPTS):
        exhausted = queue.attempted(exhausted, NOW)
    assert queue.failed(exhausted, NOW, "503", retryable=True).state == "failed"


def test_sent_records_where_the_post_lives() -> None:
    done = queue.sent(make(), NOW, remote_id="1", uri="u", url="https://m/@b/1")
    assert (done.state, done.remote_url, done.sent_at) == ("sent", "https://m/@b/1", NOW)
    with pytest.raises(ValueError, match="only a queued or held post"):
        queue.cancel(done, "alice")


def test_due_posts_in_order_and_only_queued_ones() -> None:
    later = make(due=timedelta(minutes=10), clock_id=3)
    now_post = make(clock_id=4)
    cancelled = queue.cancel(make(clock_id=5), "bob")
    assert cancelled.cancelled_by == "bob"
    assert due_posts([later, cancelled, now_post], NOW) == [now_post]
    assert due_posts([later, now_post], NOW + timedelta(hours=1)) == [now_post, later]


def test_a_post_whose_draft_changed_or_vanished_is_not_sent() -> None:
    fresh, edited, gone = make(draft_id=1), make(draft_id=2), make(draft_id=3)
    decisions = {
        d.post_id: d for d in decide([fresh, edited, gone], NOW, {1: "abc123", 2: "different"})
    }
    assert decisions[fresh.id].action == "send"
    assert decisions[edited.id].action == "skip_stale"
    assert "changed after approval" in decisions[edited.id].reason
    assert decisions[gone.id].action == "skip_stale"
    assert "deleted" in decisions[gone.id].reason


def test_unknown_outcome_is_retried_only_inside_mastodons_idempotency_window() -> None:
    cases: list[tuple[queue.Network, str]] = [
        ("mastodon", "skip_unknown_outcome"),
        ("bluesky", "send"),
    ]
    for network, late_action in cases:
        post = queue.attempted(make(network), NOW)
        post = queue.failed(post, NOW, "server closed", retryable=True, outcome_unknown=True)
        soon = NOW + timedelta(minutes=2)
        late = NOW + timedelta(hours=2)
        assert [d.action for d in decide([post], soon, {7: "abc123"})] == ["send"]
        assert [d.action for d in decide([post], late, {7: "abc123"})] == [late_action]


def story(rank: int, level: Level = Level.BLOCK, title: str = "Alluvione in Emilia") -> Story:
    return Story(id=f"s{rank}", title=title, level=level, rank=rank)


def test_a_blocking_story_high_in_the_ranking_holds_every_queued_post() -> None:
    queued = make(clock_id=6)
    sent = queue.sent(make(clock_id=7), NOW, remote_id="1", uri="u", url="l")
    holds = crisis_holds([queued, sent], [story(3), story(1, Level.WARN, "Derby")])
    assert [h.post_id for h in holds] == [queued.id]
    assert holds[0].reason == "crisis pause: 'Alluvione in Emilia' (blocking, rank 3)"
    held = queue.hold(queued, NOW, holds[0].reason)
    assert held.state == "held"
    assert due_posts([held], NOW) == []
    assert queue.hold(held, NOW, "another") == held  # the first reason stays
    with pytest.raises(ValueError, match="name of the person"):
        queue.release(held, " ")
    released = queue.release(held, "carla", due_at=NOW + timedelta(days=1))
    assert (released.state, released.released_by) == ("queued", "carla")


def test_calm_days_hold_nothing_and_the_rank_threshold_is_configurable() -> None:
    assert crisis_now([story(11), story(1, Level.WARN)]) is None
    assert crisis_holds([make()], [story(11)]) == []
    assert crisis_now([story(11)], policy=CrisisPolicy(max_rank=20)) is not None
    assert crisis_now([story(2)], policy=CrisisPolicy(max_rank=1)) is None


def test_a_solemn_day_holds_posts_unless_the_team_turned_that_off() -> None:
    crisis = crisis_now([], "Giornata della Memoria")
    assert crisis is not None
    assert crisis.reason == "crisis pause: solemn day: Giornata della Memoria"
    assert crisis_now([], "Giornata della Memoria", CrisisPolicy(pause_on_solemn_day=False)) is None
    many = crisis_now([story(r, title=f"S{r}") for r in range(1, 6)])
    assert many is not None
    assert many.reason.endswith("2 more blocking stories")


def test_length_checks_count_as_each_network_does() -> None:
    url = "https://example.com/" + "a" * 200
    assert check_length("x" * 470 + " " + url, "mastodon").ok  # a URL counts 23
    assert not check_length("x" * 478 + " " + url, "mastodon").ok
    assert check_length("😀" * 300, "bluesky").ok  # graphemes, not bytes or code points
    assert length_refusal("😀" * 301, "bluesky") == "too long for Bluesky: length 301/300 (+1)"
    assert length_refusal("x" * 600, "mastodon", limit=1000) == ""
    assert "length 501/500" in length_refusal("x" * 501, "mastodon")
