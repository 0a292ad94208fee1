"""Crisis pause: which queued posts to hold when the world turns grim, and why.

A post written for a calm day is how a brand gets burned during a tragedy. The pause is on
while a story of blocking sensitivity ranks at or above a configured rank among the current
stories, or while a solemn day (a day of mourning, a memorial) is in force. While it is on,
every queued post is held with the reason (stored in one fixed wording, shown in the
reader's language by :func:`shown_hold_reason`); a held post goes out again only when a person
releases it (:func:`rtc_tui.core.publish.queue.release`), after re-checking it against the new
context. Nothing is released automatically when the story fades: that too is a human call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import msgspec

from rtc_tui.core.models import Level
from rtc_tui.core.publish.queue import QueuedPost
from rtc_tui.i18n import _, ngettext

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
    return Crisis(hold_reason(grave, solemn), tuple(grave), solemn)


def hold_reason(grave: Sequence[Story], solemn_day: str) -> str:
    """The reason stored on a held post, in one fixed wording whatever the interface language.

    Why fixed (English) words and not the reader's language: the reason is compared with the
    one a post was released from (:func:`crisis_holds`), so it must read the same for every
    user and every version (posts held by older versions carry exactly this wording); each
    reader sees it in their language through :func:`shown_hold_reason`.
    """
    parts = [f"'{s.title}' (blocking, rank {s.rank})" for s in grave[:3]]
    if len(grave) > 3:
        parts.append(f"{len(grave) - 3} more blocking stories")
    if solemn_day:
        parts.append(f"solemn day: {solemn_day}")
    return _PREFIX + "; ".join(parts)


_PREFIX = "crisis pause: "
_END = r"(?=; |\Z)"
_STORY = re.compile(r"'(.*?)' \(blocking, rank (\d+)\)" + _END, re.DOTALL)
_MORE = re.compile(r"(\d+) more blocking stories" + _END)
_SOLEMN = re.compile(r"solemn day: (.*)\Z", re.DOTALL)


def _shown_cause(found: re.Match[str]) -> str:
    if found.re is _STORY:
        return _("'{title}' (blocking, rank {rank})").format(title=found[1], rank=found[2])
    if found.re is _MORE:
        count = int(found[1])
        return ngettext("{n} more blocking story", "{n} more blocking stories", count).format(
            n=count
        )
    return _("solemn day: {name}").format(name=found[1])


def shown_hold_reason(reason: str) -> str:
    """A stored hold reason in the interface language; any other text exactly as it is.

    The reason is read back part by part (a story's title may hold any text, even ``; ``);
    text that is not a whole :func:`hold_reason` (a reason from elsewhere, a person's words)
    is shown untouched.
    """
    if not reason.startswith(_PREFIX):
        return reason
    causes: list[str] = []
    at = len(_PREFIX)
    while at < len(reason):
        found = next(
            (m for m in (p.match(reason, at) for p in (_STORY, _MORE, _SOLEMN)) if m), None
        )
        if found is None:
            return reason
        causes.append(_shown_cause(found))
        at = found.end()
        if at < len(reason):
            if not reason.startswith("; ", at):
                return reason
            at += 2
    if not causes:
        return reason
    return _("crisis pause: {causes}").format(causes="; ".join(causes))


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
