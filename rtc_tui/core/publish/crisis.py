"""Crisis pause: which queued posts to hold when the world turns grim, and why.

A post written for a calm day is how a brand gets burned during a tragedy. The pause is on
while a story of blocking sensitivity ranks at or above a configured rank among the current
stories, or while a solemn day (a day of mourning, a memorial) is in force. While it is on,
every queued post is held with the reason; a held post goes out again only when a person
releases it (:func:`rtc_tui.core.publish.queue.release`), after re-checking it against the new
context. Nothing is released automatically when the story fades: that too is a human call.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import msgspec

from rtc_tui.core.models import Level
from rtc_tui.core.publish.queue import QueuedPost

DEFAULT_MAX_RANK = 10
"""A blocking story among the top ten pauses the queue, unless configured otherwise."""


class Story(msgspec.Struct, frozen=True):
    """A current story, as the crisis pause needs to see it."""

    id: str
    title: str
    level: Level
    """The story's sensitivity (its worst member's)."""
    rank: int
    """1 is the top story."""
    categories: tuple[str, ...] = ()


class CrisisPolicy(msgspec.Struct, frozen=True):
    """When the pause comes on (configurable per team)."""

    max_rank: int = DEFAULT_MAX_RANK
    """A blocking story ranked 1..max_rank pauses the queue."""
    pause_on_solemn_day: bool = True


class Crisis(msgspec.Struct, frozen=True):
    """Why the pause is on: the stories (and solemn day) that triggered it."""

    reason: str
    stories: tuple[Story, ...] = ()
    solemn_day: str = ""


class Hold(msgspec.Struct, frozen=True):
    """One queued post to hold, with the reason recorded on it."""

    post_id: str
    reason: str


def crisis_now(
    stories: Iterable[Story], solemn_day: str = "", policy: CrisisPolicy | None = None
) -> Crisis | None:
    """Whether the pause is on now.

    Args:
        stories: The current stories with their sensitivity and rank.
        solemn_day: The name of today's solemn day, or ``""``.
        policy: The team's thresholds (defaults otherwise).

    Returns:
        The crisis, naming what triggered it, or ``None`` when all is calm.
    """
    policy = policy or CrisisPolicy()
    grave = sorted(
        (s for s in stories if s.level is Level.BLOCK and 1 <= s.rank <= policy.max_rank),
        key=lambda s: s.rank,
    )
    solemn = solemn_day.strip() if policy.pause_on_solemn_day else ""
    if not grave and not solemn:
        return None
    parts = [f"'{s.title}' (blocking, rank {s.rank})" for s in grave[:3]]
    if len(grave) > 3:
        parts.append(f"{len(grave) - 3} more blocking stories")
    if solemn:
        parts.append(f"solemn day: {solemn}")
    return Crisis("crisis pause: " + "; ".join(parts), tuple(grave), solemn)


def crisis_holds(
    posts: Sequence[QueuedPost],
    stories: Iterable[Story],
    solemn_day: str = "",
    policy: CrisisPolicy | None = None,
) -> list[Hold]:
    """The queued posts to hold now, each with the reason (empty when all is calm).

    Posts already held, sent, cancelled or failed are left alone, and so is a post a person
    released from a hold for this same crisis: sending it was their conscious decision.
    """
    crisis = crisis_now(stories, solemn_day, policy)
    if crisis is None:
        return []
    return [
        Hold(p.id, crisis.reason)
        for p in posts
        if p.state == "queued" and not (p.released_by and p.hold_reason == crisis.reason)
    ]
