"""Who may review whose work: the team's roles and the second-pair-of-eyes rule.

The second pair of eyes and any override of a blocking finding always need a person other than
the draft's author. Where the team lists its members with roles (``team.members``), that person
must be an ``approver``. A one-person desk (``team.solo``) may review its own work, and such a
review is recorded (and shown everywhere, exports included) as a self-review, never passed off
as someone else's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from rtc_tui.i18n import N_

Role = Literal["editor", "approver"]
"""What a member may do: write (``editor``), or also review and approve (``approver``)."""

SELF_REVIEW_NOTE = N_("self-reviewed (solo desk)")
"""How a solo desk's self-review reads wherever it is shown: checklist, export, audit (marked
for translation: show it as ``_(SELF_REVIEW_NOTE)``)."""


@dataclass(frozen=True)
class TeamPolicy:
    """The review rules of one desk.

    Attributes:
        members: Member name -> role; empty when the team lists no roles (then anyone other
            than the author may review).
        solo: A one-person desk: the author may review their own work (recorded as such).
    """

    members: Mapping[str, Role] = field(default_factory=dict)
    solo: bool = False

    def role(self, user: str) -> Role | None:
        """The member's role, or ``None`` for someone the team does not list."""
        return self.members.get(user)

    def may_review(self, user: str) -> bool:
        """Whether ``user`` may review someone's work at all (their role allows it)."""
        return not self.members or self.members.get(user) == "approver"

    def is_self_review(self, user: str, author: str) -> bool:
        """Whether a review by ``user`` of ``author``'s draft is a solo desk's self-review."""
        return self.solo and user == author

    def review_refusal(self, user: str, author: str, what: str = "review this draft") -> str:
        """Why ``user`` may not review ``author``'s draft (``""``: they may).

        Args:
            user: Who is about to tick the second pair of eyes or override a finding.
            author: The draft's author.
            what: The action, for the message (``"tick second_eyes"``).
        """
        if user == author and not self.solo:
            return (
                f"only someone other than the author ({author}) may {what} "
                "(a one-person desk sets team.solo: true)"
            )
        if self.members:
            role = self.members.get(user)
            if role is None:
                return f"{user} is not in team.members: only an approver may {what}"
            if role != "approver":
                return f"{user} is an {role}: only an approver may {what}"
        return ""

    def waits_for(self, user: str, author: str, to: str) -> bool:
        """Whether a review request waits for ``user``.

        Args:
            user: The reader of the queue.
            author: The draft's author.
            to: Whom the request asks (``""``: anyone the policy allows).
        """
        if to:
            return to == user
        return not self.review_refusal(user, author)
