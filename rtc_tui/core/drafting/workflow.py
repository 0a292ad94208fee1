"""Draft rules: status transitions, revisions, per-platform texts and time to post.

Pure functions over :class:`~rtc_tui.core.models.Draft`; the desk calls them under the store's
lock, the UI calls the read-only ones to show what it is editing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from types import MappingProxyType

from rtc_tui.core.models import Draft, DraftStatus, Revision
from rtc_tui.i18n import _

TRANSITIONS: Mapping[DraftStatus, frozenset[DraftStatus]] = MappingProxyType(
    {
        DraftStatus.DRAFT: frozenset({DraftStatus.IN_REVIEW}),
        DraftStatus.IN_REVIEW: frozenset({DraftStatus.DRAFT, DraftStatus.APPROVED}),
        DraftStatus.APPROVED: frozenset(
            {DraftStatus.DRAFT, DraftStatus.IN_REVIEW, DraftStatus.EXPORTED}
        ),
        DraftStatus.EXPORTED: frozenset({DraftStatus.DRAFT, DraftStatus.EXPORTED}),
    }
)
"""Where each status may go: draft -> in_review -> approved -> exported, and back to draft.

An exported draft may be exported again (another format) or reopened as a draft.
"""

GATED: frozenset[DraftStatus] = frozenset({DraftStatus.APPROVED, DraftStatus.EXPORTED})
"""Statuses only the checklist gate may set (approval and export)."""


class TransitionError(ValueError):
    """A status change the workflow does not allow; the message says which ones it does."""


def check_transition(current: DraftStatus, target: DraftStatus) -> None:
    """Allow ``current -> target`` or explain why not.

    Raises:
        TransitionError: the workflow has no such step.
    """
    allowed = TRANSITIONS[current]
    if target not in allowed:
        options = ", ".join(sorted(s.value for s in allowed)) or _("nothing")
        raise TransitionError(
            _("a draft that is {current} cannot become {target} (only: {options})").format(
                current=current.value, target=target.value, options=options
            )
        )


def clean_variants(text: str, variants: Mapping[str, str]) -> dict[str, str]:
    """Drop variants that are empty or the same as the base text (they would change nothing)."""
    return {p: v for p, v in variants.items() if v.strip() and v != text}


def texts_by_platform(draft: Draft) -> dict[str, str]:
    """The text each chosen platform would get: its variant, else the base text."""
    return {platform: draft.text_for(platform) for platform in draft.platforms}


def record_texts(
    draft: Draft, text: str, variants: Mapping[str, str], *, author: str, at: datetime
) -> bool:
    """Put ``text`` and ``variants`` into ``draft``; a change adds a revision.

    Returns:
        Whether anything changed (and so a revision was added).
    """
    cleaned = clean_variants(text, variants)
    if (draft.text, draft.variants) == (text, cleaned):
        return False
    draft.text = text
    draft.variants = cleaned
    number = draft.revisions[-1].number + 1 if draft.revisions else 1
    draft.revisions.append(Revision(number, author, at, text, dict(cleaned)))
    return True


def find_revision(draft: Draft, number: int) -> Revision:
    """The revision numbered ``number``.

    Raises:
        LookupError: the draft has no such revision.
    """
    for revision in draft.revisions:
        if revision.number == number:
            return revision
    raise LookupError(f"draft {draft.id} has no revision {number}")


def time_to_post(draft: Draft, now: datetime) -> timedelta | None:
    """How long since the origin event was first seen (``None`` without a seen origin)."""
    if draft.origin is None or draft.origin.first_seen is None:
        return None
    return max(now - draft.origin.first_seen, timedelta(0))


def format_elapsed(delta: timedelta) -> str:
    """A short elapsed time: ``45s``, ``12m``, ``1h05m``, ``3d04h``."""
    seconds = int(delta.total_seconds())
    if seconds < 60:
        return f"{seconds}s"
    minutes, _ = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours}h{minutes:02d}m"
    days, hours = divmod(hours, 24)
    return f"{days}d{hours:02d}h"
