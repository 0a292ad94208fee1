"""A backlash starting: many negative replies, fast, on a freshly published post.

The guide's fails spread in minutes; the team must hear of a backlash while deleting the post
still helps. A spike is judged on the replies of the last ``window`` (30 minutes by default)
while the post is fresh (its first 24 hours): at least ``min_negative`` negative replies, and
negatives at least ``min_share`` of the replies in the window, so a popular post's steady trickle
of grumbles is not an alarm and a flood of praise with two complaints is not either.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

import msgspec

from rtc_tui.core.models import from_iso
from rtc_tui.core.publish.sentiment import Label
from rtc_tui.i18n import ngettext


class SpikePolicy(msgspec.Struct, frozen=True):
    """When negative replies count as a spike (configurable per team)."""

    window: timedelta = timedelta(minutes=30)
    fresh_for: timedelta = timedelta(hours=24)
    min_negative: int = 5
    min_share: float = 0.5


class Spike(msgspec.Struct, frozen=True):
    """A negative-reply spike, with the numbers for the notification."""

    negative: int
    total: int
    since: datetime

    @property
    def message(self) -> str:
        """One line for the notification, in the interface language."""
        line = ngettext(
            "{negative} of {total} replies since {time} is negative",
            "{negative} of {total} replies since {time} are negative",
            self.negative,
        )
        return line.format(negative=self.negative, total=self.total, time=f"{self.since:%H:%M}")


def negative_spike(
    replies: Iterable[tuple[str, Label]],
    published_at: datetime,
    now: datetime,
    policy: SpikePolicy | None = None,
) -> Spike | None:
    """Whether the replies of a post show a negative spike now.

    Args:
        replies: Each reply's creation time (ISO 8601, as the network gave it) and its label;
            a reply whose time cannot be read is left out.
        published_at: When the post went out.
        now: The current time.
        policy: The thresholds (defaults otherwise).

    Returns:
        The spike, or ``None``.
    """
    policy = policy or SpikePolicy()
    if now - published_at > policy.fresh_for:
        return None
    since = max(now - policy.window, published_at)
    labels: list[Label] = []
    for created, label in replies:
        try:
            when = from_iso(created) if created else None
        except ValueError:
            continue
        if when is not None and since <= when <= now:
            labels.append(label)
    negative = labels.count("negative")
    if negative < policy.min_negative or negative < policy.min_share * len(labels):
        return None
    return Spike(negative, len(labels), since)
