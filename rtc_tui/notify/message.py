"""What a notification says, and the Slack-compatible body that carries it.

The text a notification carries is untrusted: a feed title ("<!channel> FREE iPhones"), a draft
title someone typed. It goes out as data, never as markup:

- Slack reads ``&``, ``<`` and ``>`` as control characters (``<!channel>`` pings everyone,
  ``<https://evil|Your bank>`` is a disguised link), so they are escaped as its formatting
  guide asks (``&amp;``, ``&lt;``, ``&gt;``) and nothing else is entity-encoded;
- ``"mrkdwn": false`` asks Slack not to read ``*bold*`` or ``_italic_`` in it; services that
  only know ``text`` (Mattermost, Rocket.Chat, Discord's Slack-compatible endpoint) ignore it;
- terminal escapes, control and invisible characters (bidi overrides, zero-width spaces) are
  dropped, and the text is capped, so a hostile title cannot make the message lie or balloon.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from rtc_tui.config import NOTIFY_KINDS, NotifyKind
from rtc_tui.i18n import N_, _

TEXT_LIMIT = 1500
"""Longest text kept in one notification, in characters (Slack truncates long messages)."""

LABELS: dict[NotifyKind, str] = {
    "review_request": N_("Review requested"),
    "approval": N_("Approved"),
    "export": N_("Exported"),
    "spike": N_("Rising now"),
    "published": N_("Published"),
    "crisis": N_("Queue held"),
    "backlash": N_("Backlash"),
}
"""How each kind of notification starts, so a channel reader sees what happened first
(translated when the line is written)."""


def check_kind(kind: str) -> NotifyKind:
    """``kind`` if it is one the config knows (a typo in a caller is a bug, said loudly).

    Raises:
        ValueError: not one of :data:`rtc_tui.config.NOTIFY_KINDS`.
    """
    for known in NOTIFY_KINDS:
        if kind == known:
            return known
    raise ValueError(f"unknown notification kind {kind!r} (known: {', '.join(NOTIFY_KINDS)})")


def clean(text: str) -> str:
    """``text`` without escapes, controls or invisible characters, capped; lines kept."""
    # The sources' sanitiser, imported when something is told: the desk holds a notifier,
    # and commands that never notify (``rtc check``, ``rtc events``) must not load sources.
    from rtc_tui.sources.sanitize import cap, strip_escapes

    lines = [" ".join(line.split()) for line in strip_escapes(text).splitlines()]
    return cap("\n".join(line for line in lines if line), TEXT_LIMIT)


@dataclass(frozen=True)
class Notification:
    """One thing worth telling the team, as queued for every webhook that wants its kind."""

    kind: NotifyKind
    text: str
    """Plain text, already cleaned (see :func:`clean`); escaped for Slack only in the body."""
    draft_id: int | None = None
    user: str = ""
    at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    """When it happened (UTC, ISO 8601): a notification sent late after a retry says so."""

    def line(self) -> str:
        """The plain text a person reads: ``Review requested · draft #12 · by ana: ...``."""
        parts = [_(LABELS[self.kind])]
        if self.draft_id is not None:
            parts.append(_("draft #{id}").format(id=self.draft_id))
        if self.user:
            parts.append(_("by {user}").format(user=self.user))
        head = " · ".join(parts)
        return f"{head}: {self.text}" if self.text else head

    def body(self) -> bytes:
        """The Slack-compatible JSON body, UTF-8: ``{"text": ..., "mrkdwn": false}``."""
        # The renderers are imported when a message is sent, not by every desk that could send.
        from rtc_tui.core.export.render import slack_escape

        payload = {"text": "[rtc] " + slack_escape(self.line()), "mrkdwn": False}
        return json.dumps(payload, ensure_ascii=False).encode("utf-8")

    def to_record(self) -> dict[str, Any]:
        """A plain mapping, for the outbox file."""
        return {
            "kind": self.kind,
            "text": self.text,
            "draft_id": self.draft_id,
            "user": self.user,
            "at": self.at,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Notification:
        """The notification an outbox file holds.

        Raises:
            ValueError: the record is not one (a hand-edited or truncated file).
        """
        draft_id = record.get("draft_id")
        if draft_id is not None and not isinstance(draft_id, int):
            raise ValueError("draft_id is not a whole number")
        return cls(
            kind=check_kind(str(record.get("kind", ""))),
            text=clean(str(record.get("text", ""))),
            draft_id=draft_id,
            user=clean(str(record.get("user", ""))),
            at=str(record.get("at", "")),
        )
