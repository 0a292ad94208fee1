"""The app's full collections run in the editor's pauses, not in the middle of a refresh.

Python's cycle collector, when it collects its oldest generation, walks every object the
process tracks: 150,000-190,000 in the app (Textual, the first screen, the list's stories),
60-140 ms holding the interpreter on a shared two-core machine. It runs in whichever thread
allocated last: during a refresh, the reload's worker reading the ranking, and a key pressed
then waited for it (``down`` in Trending at 3-7x its idle latency while a big feed came in,
``tests/bench`` key-during-parse). The young generations cost a few milliseconds (they hold
only what was allocated since) and stay as Python runs them.

So, once the start-up is over (:func:`settle`, called by the main screen when the first rows
are out):

- one full collection, then everything alive is frozen (:func:`gc.freeze`): the modules,
  classes and widgets made for the first screen live as long as the app, and no collection
  walks them again;
- the oldest generation is no longer collected on Python's count (its threshold is set out of
  reach): :func:`tick`, run every :data:`CHECK_EVERY` seconds on the UI thread, collects it
  once Python would have (its own count) and no key or click came for :data:`IDLE` seconds,
  or in any case :data:`OVERDUE` seconds after it fell due (typing on and on), so cyclic
  garbage never waits long.

The collector is the process's: this module's state is too. :func:`release` gives Python back
its own rule (tests, and an app that ends while its process goes on).
"""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass

CHECK_EVERY = 0.5
"""Seconds between two looks at whether a full collection is due."""

IDLE = 1.0
"""Seconds without a key or a click after which a due full collection runs."""

OVERDUE = 30.0
"""Seconds after a full collection fell due at which it runs, keys or not."""

OUT_OF_REACH = 1 << 30
"""The oldest generation's threshold while held: Python never reaches it by itself."""


@dataclass
class _State:
    settled: bool = False
    """Frozen and held (between :func:`settle` and :func:`release`)."""
    threshold: int = 10
    """Python's own threshold of the oldest generation (young collections between two)."""
    last_input: float = 0.0
    """``time.monotonic()`` of the last key or click."""
    due_since: float | None = None
    """When the held full collection fell due (``None``: not due)."""


_state = _State()


def settle() -> None:
    """The start-up is over: collect everything once, freeze it, hold later full collections.

    The collector must be running (the caller turned it back on); settling twice is settling.
    """
    if _state.settled:
        return
    gc.collect()
    gc.freeze()
    young, middle, oldest = gc.get_threshold()
    _state.threshold = oldest
    gc.set_threshold(young, middle, OUT_OF_REACH)
    _state.settled = True
    _state.last_input = time.monotonic()
    _state.due_since = None


def release() -> None:
    """Python's own rule again: nothing frozen, the oldest generation on its threshold."""
    if not _state.settled:
        return
    young, middle, _held = gc.get_threshold()
    gc.set_threshold(young, middle, _state.threshold)
    gc.unfreeze()
    _state.settled = False


def settled() -> bool:
    """Whether full collections are held for the pauses (between settle and release)."""
    return _state.settled


def input_seen() -> None:
    """A key or a click came: the editor is at work, a full collection waits."""
    _state.last_input = time.monotonic()


def tick() -> bool:
    """Run the held full collection if it is due and the editor paused (or it is overdue).

    Returns whether it ran. Cheap when nothing is due (a look at Python's counts).
    """
    if not _state.settled:
        return False
    now = time.monotonic()
    if gc.get_count()[2] < _state.threshold:
        _state.due_since = None
        return False
    if _state.due_since is None:
        _state.due_since = now
    paused = now - _state.last_input >= IDLE
    if not paused and now - _state.due_since < OVERDUE:
        return False
    gc.collect()
    _state.due_since = None
    return True
