"""Negative-reply spikes on a fresh post."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rtc_tui.core.publish.sentiment import Label
from rtc_tui.core.publish.spike import SpikePolicy, negative_spike

PUBLISHED = datetime(2026, 11, 29, 14, 0, tzinfo=UTC)


def at(minutes: int, label: Label) -> tuple[str, Label]:
    return ((PUBLISHED + timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z"), label)


def test_five_fast_negative_replies_are_a_spike() -> None:
    replies = [at(m, "negative") for m in (3, 5, 8, 9, 12)] + [at(10, "positive")]
    spike = negative_spike(replies, PUBLISHED, PUBLISHED + timedelta(minutes=15))
    assert spike is not None
    assert (spike.negative, spike.total) == (5, 6)
    assert spike.message == "5 of 6 replies since 14:00 are negative"


def test_praise_with_some_complaints_or_old_anger_is_not() -> None:
    now = PUBLISHED + timedelta(minutes=60)
    mixed = [at(40 + i, "negative") for i in range(5)] + [at(45, "positive")] * 6
    assert negative_spike(mixed, PUBLISHED, now) is None
    stale = [at(m, "negative") for m in range(0, 10)]
    assert negative_spike(stale, PUBLISHED, now) is None  # all before the 30-minute window
    few = [at(50, "negative")] * 4
    assert negative_spike(few, PUBLISHED, now) is None


def test_an_old_post_does_not_alarm_and_unreadable_times_are_left_out() -> None:
    replies = [at(60 * 25 + i, "negative") for i in range(8)]
    assert negative_spike(replies, PUBLISHED, PUBLISHED + timedelta(hours=25, minutes=10)) is None
    policy = SpikePolicy(fresh_for=timedelta(days=2), min_negative=3)
    noisy = [*replies[:3], ("yesterday", "negative"), ("", "negative")]
    spike = negative_spike(noisy, PUBLISHED, PUBLISHED + timedelta(hours=25, minutes=10), policy)
    assert spike is not None
    assert (spike.negative, spike.total) == (3, 3)
