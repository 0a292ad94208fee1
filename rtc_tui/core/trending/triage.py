"""One-key triage: pin, dismiss, snooze, mark seen or reacted; and what a list should show.

Pure state transitions on an :class:`Event`, so the TUI key, the palette command and the CLI
run the same rule. Pinned events sort on top; dismissed ones are gone until they change
(see :mod:`rtc_tui.core.trending.ingest`); snoozed ones are hidden until their time is up.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from rtc_tui.core.models import Event, TriageState


class Triaged(Protocol):
    """What triage changes: an event, or its triage record kept apart from the body."""

    state: TriageState
    snoozed_until: datetime | None
    extra: dict[str, Any]


T = TypeVar("T", bound=Triaged)


class TriageAction(StrEnum):
    """What the editor can do to an event with one key."""

    PIN = "pin"
    """Toggle: pin on top, or unpin (back to seen)."""
    DISMISS = "dismiss"
    SNOOZE = "snooze"
    SEEN = "seen"
    REACTED = "reacted"
    RESTORE = "restore"
    """Undo a dismiss or snooze."""


DEFAULT_SNOOZE = timedelta(hours=1)
"""How long ``z`` hides an event."""


def apply(
    event: T, action: TriageAction, *, now: datetime, snooze: timedelta = DEFAULT_SNOOZE
) -> T:
    """Change ``event``'s triage state in place for ``action`` and return it.

    On a triage record (no signal at hand) a dismissal records no signal: the next merge
    takes the one the editor saw, the signal stored with the body.
    """
    if action is TriageAction.PIN:
        event.state = TriageState.SEEN if event.state is TriageState.PINNED else TriageState.PINNED
        event.snoozed_until = None
    elif action is TriageAction.DISMISS:
        event.state = TriageState.DISMISSED
        event.snoozed_until = None
        event.extra.pop("resurfaced", None)
        signal = getattr(event, "signal", None)
        if signal is not None:
            event.extra["dismissed_signal"] = signal
    elif action is TriageAction.SNOOZE:
        event.state = TriageState.SNOOZED
        event.snoozed_until = now + snooze
    elif action is TriageAction.SEEN:
        if event.state is TriageState.NEW:
            event.state = TriageState.SEEN
    elif action is TriageAction.REACTED:
        event.state = TriageState.REACTED
        event.snoozed_until = None
    elif action is TriageAction.RESTORE:
        event.state = TriageState.SEEN
        event.snoozed_until = None
        event.extra.pop("dismissed_signal", None)
    return event


def is_hidden(event: Event, now: datetime) -> bool:
    """Dismissed, or snoozed and not yet due."""
    if event.state is TriageState.DISMISSED:
        return True
    return event.state is TriageState.SNOOZED and (
        event.snoozed_until is not None and event.snoozed_until > now
    )


def apply_story(
    events: list[T],
    action: TriageAction,
    *,
    now: datetime,
    snooze: timedelta = DEFAULT_SNOOZE,
) -> list[T]:
    """Apply ``action`` to every copy of a story (one row in the list) and return them.

    ``pin`` toggles the story as a whole: when any copy is pinned the story is, so every
    pinned copy is unpinned; otherwise every copy is pinned. Other actions apply to each.
    """
    if action is TriageAction.PIN:
        pinned = any(e.state is TriageState.PINNED for e in events)
        for event in events:
            if (event.state is TriageState.PINNED) == pinned:
                apply(event, action, now=now, snooze=snooze)
        return events
    for event in events:
        apply(event, action, now=now, snooze=snooze)
    return events
