"""``rtc publish --at``: the times a person types, read as they mean them."""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta

import pytest

from rtc_tui.cli.publish import _when


def test_a_clock_time_is_the_next_one_in_local_time() -> None:
    now = datetime.now().astimezone()
    soon = (now + timedelta(minutes=2)).strftime("%H:%M")
    moment = _when(soon)
    assert moment.tzinfo is not None
    assert now < moment <= now + timedelta(minutes=3)
    past = (now - timedelta(minutes=5)).strftime("%H:%M")
    assert timedelta(hours=23) < _when(past) - now < timedelta(days=1)


def test_delays_and_iso_times() -> None:
    now = datetime.now().astimezone()
    assert timedelta(minutes=29) < _when("+30m") - now <= timedelta(minutes=30, seconds=5)
    assert _when("2026-12-01T18:30+01:00").utcoffset() == timedelta(hours=1)
    local = _when("2026-12-01T18:30")
    assert local.tzinfo is not None
    assert (local.hour, local.minute) == (18, 30)


@pytest.mark.parametrize("text", ["soon", "+often", "25:00", "2026-13-01"])
def test_anything_else_is_refused_with_the_text(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="not a"):
        _when(text)
