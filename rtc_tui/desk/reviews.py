"""Review requests: an author asks for the second pair of eyes, a reviewer has a queue.

A request is a small record in the store's state (``reviews``: draft id -> who asked, whom,
when), so every running app hears of it through the change feed and shows the waiting count.
It is resolved when someone the team's policy allows gives the review (ticks the second pair of
eyes, approves) or sends the draft back, and withdrawn when the author takes the draft back.
Each step lands in the audit log and, when a notifier is wired, leaves the terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Protocol

from rtc_tui.config import Config
from rtc_tui.core.models import DraftStatus, from_iso, to_iso
from rtc_tui.core.team import TeamPolicy
from rtc_tui.desk.base import Clock
from rtc_tui.desk.drafts import DraftsService
from rtc_tui.desk.errors import BadInputError, RefusedError
from rtc_tui.i18n import _
from rtc_tui.store import Store

REVIEWS_KEY = "reviews"
"""State record of the open review requests: ``{"<draft id>": {by, to, at, author, title}}``."""

NotifyKind = Literal["review_request", "approval"]
"""What the review flow tells the team about."""


class Notifier(Protocol):
    """Tells the team outside the terminal (a webhook); never blocks, never raises on failure.

    The desk's :class:`rtc_tui.notify.Notifier` (the ``notify:`` config section) is the one in
    use; the review flow calls it for review requests and approvals.
    """

    def tell(self, kind: NotifyKind, text: str, *, draft_id: int | None = None) -> None:
        """Queue a notification of ``kind`` about ``draft_id`` and return at once."""


@dataclass(frozen=True)
class ReviewRequest:
    """An open review request, as the queue shows it."""

    draft_id: int
    title: str
    author: str
    by: str
    """Who asked (the author, usually)."""
    to: str
    """Who is asked (``""``: anyone the team's policy allows)."""
    at: datetime

    def to_dict(self) -> dict[str, Any]:
        """The ``rtc review list --json`` shape."""
        return {
            "draft": self.draft_id,
            "title": self.title,
            "author": self.author,
            "by": self.by,
            "to": self.to,
            "at": to_iso(self.at),
        }


@dataclass(eq=False)
class ReviewService:
    """Asking for review, the reviewer's queue and the waiting count (``desk.reviews``)."""

    config: Config
    store: Store
    user: str
    now: Clock
    drafts: DraftsService
    notifier: Notifier | None = None

    @property
    def policy(self) -> TeamPolicy:
        """Who may review whom (config ``team``)."""
        return self.config.team.policy()

    def request(self, draft_id: int, to: str = "") -> ReviewRequest:
        """Ask for review of a draft (status ``in_review``), of ``to`` or of anyone allowed.

        Raises:
            BadInputError: unknown draft, or ``to`` is not a listed member.
            RefusedError: the draft is exported, or ``to`` may not review this author's draft.
        """
        to = to.strip()
        draft = self.drafts.get(draft_id)
        if draft.status is DraftStatus.EXPORTED:
            raise RefusedError(
                _("draft {id} is exported; reopen it to ask for review").format(id=draft_id)
            )
        policy = self.policy
        if to:
            if policy.members and policy.role(to) is None:
                names = ", ".join(policy.members)
                raise BadInputError(
                    _("no team member named {name} (team.members: {names})").format(
                        name=repr(to), names=names
                    )
                )
            refusal = policy.review_refusal(to, draft.author)
            if refusal:
                raise RefusedError(_("cannot ask {name}: {reason}").format(name=to, reason=refusal))
        if draft.status is DraftStatus.DRAFT:
            self.drafts.set_status(draft_id, DraftStatus.IN_REVIEW)
        at = self.now()
        # The author and title ride along, so the waiting count never reads the drafts.
        entry = {
            "by": self.user,
            "to": to,
            "at": to_iso(at),
            "author": draft.author,
            "title": draft.title,
        }

        def add(old: dict[str, Any] | None) -> dict[str, Any]:
            return {**(old or {}), str(draft_id): entry}

        self.store.state.update(REVIEWS_KEY, add, default={})
        self.store.state.audit("review_requested", self.user, draft=draft_id, to=to)
        # The notification names the draft, the asker and the time itself: say what and whom.
        self._tell("review_request", draft.title + (f" (asks {to})" if to else ""), draft_id)
        return ReviewRequest(draft_id, draft.title, draft.author, self.user, to, at)

    def resolve(self, draft_id: int, outcome: str) -> bool:
        """Close the draft's open request (if any): the review was given or the draft went back.

        Args:
            draft_id: The draft.
            outcome: ``review_given``, ``approved``, ``sent_back`` or ``withdrawn`` (audited).

        Returns:
            Whether a request was open.
        """
        key = str(draft_id)
        found: list[bool] = []

        def remove(old: dict[str, Any] | None) -> dict[str, Any]:
            current = dict(old or {})
            found.append(current.pop(key, None) is not None)
            return current

        self.store.state.update(REVIEWS_KEY, remove, default={})
        if found and found[0]:
            self.store.state.audit(
                "review_" + outcome.removeprefix("review_"), self.user, draft=draft_id
            )
            return True
        return False

    def withdraw(self, draft_id: int) -> None:
        """The author takes a draft back to drafting; its open request is withdrawn.

        Raises:
            BadInputError: unknown draft.
            RefusedError: the draft is exported.
        """
        self.drafts.toggle_review(draft_id)
        self.resolve(draft_id, "withdrawn")

    def toggle(self, draft_id: int) -> None:
        """Ask for review of a draft being written, or withdraw the request of one in review.

        Raises:
            BadInputError: unknown draft.
            RefusedError: the draft is exported.
        """
        if self.drafts.get(draft_id).status is DraftStatus.DRAFT:
            self.request(draft_id)
        else:
            self.withdraw(draft_id)

    def approved(self, draft_id: int, title: str) -> None:
        """Tell the team a draft was approved (its request, if any, is resolved)."""
        self.resolve(draft_id, "approved")
        self._tell("approval", title, draft_id)

    def open_requests(self) -> list[ReviewRequest]:
        """Every open request, oldest first (read from the requests alone, not the drafts)."""
        stored: dict[str, dict[str, Any]] = self.store.state.get(REVIEWS_KEY, {}) or {}
        found = []
        for key, entry in stored.items():
            at = _when(entry)
            if not key.isdigit() or at is None:
                continue
            found.append(
                ReviewRequest(
                    int(key),
                    str(entry.get("title", "")),
                    str(entry.get("author", "")),
                    str(entry.get("by", "")),
                    str(entry.get("to", "")),
                    at,
                )
            )
        found.sort(key=lambda r: r.at)
        return found

    def queue(self, user: str | None = None) -> list[ReviewRequest]:
        """The requests waiting for ``user`` (default: this desk's user), oldest first."""
        who = self.user if user is None else user
        policy = self.policy
        return [r for r in self.open_requests() if policy.waits_for(who, r.author, r.to)]

    def waiting_count(self) -> int:
        """How many drafts wait for this desk's user to review them."""
        return len(self.queue())

    def _tell(self, kind: NotifyKind, text: str, draft_id: int) -> None:
        if self.notifier is not None:
            self.notifier.tell(kind, text, draft_id=draft_id)


def _when(entry: Any) -> datetime | None:
    """The time a stored request was made (``None`` for a malformed entry, left out)."""
    if not isinstance(entry, dict):
        return None
    try:
        return from_iso(str(entry.get("at", "")))
    except ValueError:
        return None
