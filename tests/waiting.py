"""Waiting on background work in tests: poll a condition, never sleep a fixed time."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.pilot import Pilot


def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Poll ``condition`` until true; fail with a clear message after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


async def settle(pilot: Pilot[None], ready: Callable[[], bool]) -> None:
    """Let a Pilot-driven app run until ``ready()`` (data loads in workers), without any sleep."""
    for _ in range(500):
        if ready():
            return
        await pilot.pause()
    raise AssertionError("the app never got ready")


async def until(pilot: Pilot[None], ready: Callable[[], bool], seconds: float = 30.0) -> None:
    """Let the app run until ``ready()``; fail after ``seconds`` of the clock.

    A deadline in seconds, not in pauses: on a loaded machine a pause lasts longer and a
    start-up takes longer, and a count of pauses ran out before the app was slow, not broken.
    """
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            raise AssertionError("never happened")
        await pilot.pause(0.01)


def all_panes_up(app: object) -> bool:
    """The main screen is the app's screen, with every pane mounted.

    At 80x24 only Trending is mounted for the first screen; the Calendar, Draft and
    Checklist panes follow its first rows (``MainScreen.all_panes_mounted``).
    """
    return bool(getattr(getattr(app, "screen", None), "all_panes_mounted", False))
