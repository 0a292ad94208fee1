"""Full collections wait for the editor's pauses once the app's start-up is over.

The oldest generation's collection walks every tracked object (60-140 ms in the app): held out
of Python's own count, it runs when no key came for a second, or once long overdue.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rtc_tui.config import Config
from rtc_tui.desk import Desk
from rtc_tui.store import FileStore
from rtc_tui.ui import collector
from rtc_tui.ui.app import RtcApp


class Clock:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    fake = Clock()
    monkeypatch.setattr(collector, "time", fake)
    yield fake
    collector.release()


@pytest.fixture
def full_collections() -> Iterator[list[int]]:
    """How many objects each full collection found, as it runs."""
    runs: list[int] = []

    def seen(phase: str, info: dict[str, Any]) -> None:
        if phase == "stop" and info["generation"] == 2:
            runs.append(info["collected"])

    gc.callbacks.append(seen)
    yield runs
    gc.callbacks.remove(seen)


def make_due() -> None:
    """As many young collections as Python lets pass before it collects the oldest."""
    for _ in range(gc.get_threshold()[1] + 10):
        gc.collect(1)


def test_settle_freezes_the_start_up_and_release_gives_python_its_rule(clock: Clock) -> None:
    own = gc.get_threshold()
    collector.settle()
    try:
        assert collector.settled()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[:2] == own[:2]
        assert gc.get_threshold()[2] == collector.OUT_OF_REACH
    finally:
        collector.release()
    assert not collector.settled()
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == own


def test_a_due_collection_waits_for_a_pause(clock: Clock, full_collections: list[int]) -> None:
    collector.settle()
    full_collections.clear()
    assert not collector.tick()  # nothing due yet
    make_due()
    collector.input_seen()
    clock.now += collector.IDLE / 2
    assert not collector.tick()  # a key came just now
    assert full_collections == []
    clock.now += collector.IDLE
    assert collector.tick()
    assert len(full_collections) == 1
    assert gc.get_count()[2] == 0
    assert not collector.tick()  # done: nothing due


def test_an_overdue_collection_runs_while_keys_keep_coming(
    clock: Clock, full_collections: list[int]
) -> None:
    collector.settle()
    full_collections.clear()
    make_due()
    for _ in range(int(collector.OVERDUE / collector.CHECK_EVERY) - 1):
        clock.now += collector.CHECK_EVERY
        collector.input_seen()
        assert not collector.tick()
    clock.now += collector.CHECK_EVERY * 2
    collector.input_seen()
    assert collector.tick()
    assert len(full_collections) == 1


def test_nothing_is_held_before_the_start_up_is_over(
    clock: Clock, full_collections: list[int]
) -> None:
    make_due()
    clock.now += 60
    assert not collector.tick()
    assert full_collections == []


async def test_the_app_holds_a_due_collection_while_keys_come(
    tmp_path: Path, clock: Clock, full_collections: list[int]
) -> None:
    desk = Desk(Config(sources=()), FileStore(tmp_path / "store"), user="alice")
    app = RtcApp(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        collector.settle()
        full_collections.clear()
        clock.now += collector.IDLE * 3  # a pause (nothing due yet)…
        await pilot.press("down")  # …ended by a key
        make_due()
        # The app's own checks run meanwhile: a key came just now, the collection waits.
        await pilot.pause(collector.CHECK_EVERY * 3)
        assert full_collections == []
        clock.now += collector.IDLE
        for _ in range(20):
            await pilot.pause(collector.CHECK_EVERY)
            if full_collections:
                break
        assert len(full_collections) == 1
