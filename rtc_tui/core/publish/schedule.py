"""What to do with the queue at ``now``: send, leave, or refuse — decided without I/O.

The same decision serves a running app's timer and ``rtc publish --due`` from cron, so a post
is treated the same whoever looks at the queue. A post is sent only when all of these hold: it
is queued (not held, sent, cancelled or failed), its time has come, any retry wait has run out,
no crisis holds it, and the draft it came from still has the content hash it was approved on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Literal

import msgspec

from rtc_tui.core.publish.queue import QueuedPost
from rtc_tui.i18n import _

Action = Literal["send", "skip_stale", "skip_unknown_outcome"]

_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
_DELAY = re.compile(r"\+\s*(\d+(?:\.\d+)?)\s*([smhd]?)")
_SECONDS = {"": 60, "s": 1, "m": 60, "h": 3600, "d": 86400}

MASTODON_IDEMPOTENCY_WINDOW = timedelta(minutes=55)
"""Mastodon keeps an ``Idempotency-Key`` for one hour; retries stay safely inside it."""


class Decision(msgspec.Struct, frozen=True):
    """What to do with one due post, and why (shown to the user and written to the audit)."""

    post_id: str
    action: Action
    reason: str = ""


def parse_when(text: str, now: datetime) -> datetime:
    """The moment a person means by ``text``, as an aware time.

    ``+30m``, ``+2h``, ``+1d`` (``+45`` is minutes) count from ``now``; ``18:30`` is the next
    18:30 (tomorrow's, once today's has passed); an ISO time is taken as written, in ``now``'s
    time zone when it names none.

    Raises:
        ValueError: none of these (the message says what is accepted).
    """
    value = text.strip()
    local = now.astimezone()
    delay = _DELAY.fullmatch(value)
    if delay is not None:
        return local + timedelta(seconds=float(delay[1]) * _SECONDS[delay[2]])
    clock = _CLOCK.fullmatch(value)
    if clock is not None and int(clock[1]) < 24 and int(clock[2]) < 60:
        moment = local.replace(hour=int(clock[1]), minute=int(clock[2]), second=0, microsecond=0)
        return moment if moment > local else moment + timedelta(days=1)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            _("not a time (18:30, +30m or 2026-12-01T18:30): {text}").format(text=repr(text))
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=local.tzinfo)


def is_due(post: QueuedPost, now: datetime) -> bool:
    """Whether ``post`` is queued and its time (and any retry wait) has come."""
    if post.state != "queued" or post.due_at > now:
        return False
    return post.retry_at is None or post.retry_at <= now


def due_posts(posts: Iterable[QueuedPost], now: datetime) -> list[QueuedPost]:
    """The posts to look at now, oldest due first."""
    return sorted((p for p in posts if is_due(p, now)), key=lambda p: (p.due_at, p.id))


def is_stale(post: QueuedPost, current_hash: str | None) -> bool:
    """Whether the draft changed (or vanished) since the post was approved."""
    return current_hash != post.content_hash


def decide(
    posts: Iterable[QueuedPost], now: datetime, current_hashes: Mapping[int, str]
) -> list[Decision]:
    """Decide every due post.

    Args:
        posts: The queue (any states; only the due ones are decided).
        now: The current time.
        current_hashes: Draft id to its content hash now (a missing draft was deleted).

    Returns:
        One decision per due post, oldest due first. A crisis hold is decided before this
        (:func:`rtc_tui.core.publish.crisis.crisis_holds`): held posts are not due.
    """
    decisions: list[Decision] = []
    for post in due_posts(posts, now):
        current = current_hashes.get(post.draft_id)
        if is_stale(post, current):
            why = (
                _("draft {id} was deleted after approval")
                if current is None
                else _("draft {id} changed after approval: approve it again to send")
            ).format(id=post.draft_id)
            decisions.append(Decision(post.id, "skip_stale", why))
        elif _retry_could_duplicate(post, now):
            decisions.append(
                Decision(
                    post.id,
                    "skip_unknown_outcome",
                    _(
                        "an earlier attempt may have been posted and Mastodon no longer "
                        "remembers its idempotency key: check the account before sending it again"
                    ),
                )
            )
        else:
            decisions.append(Decision(post.id, "send"))
    return decisions


def _retry_could_duplicate(post: QueuedPost, now: datetime) -> bool:
    # A Bluesky retry reuses the record key, which can never hold two records. A Mastodon retry
    # is only safe while the server still remembers the idempotency key of the first attempt.
    if post.network != "mastodon" or not post.outcome_unknown or post.first_attempt_at is None:
        return False
    return now - post.first_attempt_at > MASTODON_IDEMPOTENCY_WINDOW
