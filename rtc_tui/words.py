"""The domain's values in words (dialogs, panes, CLI, exports): a draft's status, an event's state.

The core keeps these as short English ids (``in_review``, ``snoozed``, ``held``); the dialogs
show them in the interface language. Each table has its own gettext context, because the same
English word takes another form in Italian for each noun (a draft is feminine, a post
masculine).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rtc_tui.i18n import NC_, pgettext


@dataclass(frozen=True)
class Words:
    """Ids and their words, marked with one context; calling it translates an id."""

    context: str
    """The gettext context every word of the table is marked with."""
    words: Mapping[str, str]
    """Id -> English word (marked with :func:`~rtc_tui.i18n.NC_` and :attr:`context`)."""

    def __call__(self, value: str) -> str:
        """``value`` in the interface language (an id the table does not know, as it is)."""
        word = self.words.get(value)
        return value if word is None else pgettext(self.context, word)


DRAFT_WORDS = Words(
    "draft",
    {
        # The workflow states of a draft.
        "draft": NC_("draft", "draft"),
        "in_review": NC_("draft", "in review"),
        "approved": NC_("draft", "approved"),
        "exported": NC_("draft", "exported"),
        # What a draft reacts to.
        "event": NC_("draft", "event"),
        "moment": NC_("draft", "moment"),
    },
)
"""A draft's status and the kind of its origin."""

DRAFT_STATUSES = ("draft", "in_review", "approved", "exported")
"""Every status, to size the status column of a list."""

EVENT_WORDS = Words(
    "event",
    {
        # The triage states of an event.
        "new": NC_("event", "new"),
        "seen": NC_("event", "seen"),
        "pinned": NC_("event", "pinned"),
        "dismissed": NC_("event", "dismissed"),
        "snoozed": NC_("event", "snoozed"),
        "reacted": NC_("event", "reacted"),
        # The factors of the score.
        "sources": NC_("event", "sources"),
        "velocity": NC_("event", "velocity"),
        "signal": NC_("event", "signal"),
        "brand": NC_("event", "brand"),
        "freshness": NC_("event", "freshness"),
        # What a source's context item is.
        "news": NC_("event", "news"),
        "status": NC_("event", "status"),
        "link": NC_("event", "link"),
        "comments": NC_("event", "comments"),
    },
)
"""An event's triage state, its score's factors and its context items' kinds."""

POST_WORDS = Words(
    "post",
    {
        "queued": NC_("post", "queued"),
        "held": NC_("post", "held"),
        "sent": NC_("post", "sent"),
        "cancelled": NC_("post", "cancelled"),
        "failed": NC_("post", "failed"),
        "deleted": NC_("post", "deleted"),
        # What working through the queue did to a post (besides sent, held, failed).
        "retry": NC_("post", "to retry"),
        "skipped": NC_("post", "skipped"),
    },
)
"""A published (or queued) post's state."""

REPLY_WORDS = Words(
    "reply",
    {
        "positive": NC_("reply", "positive"),
        "neutral": NC_("reply", "neutral"),
        "negative": NC_("reply", "negative"),
    },
)
"""A reply's sentiment."""
