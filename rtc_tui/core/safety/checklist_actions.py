"""Changing a draft's checklist: ticks, unticks and overrides of blocking findings.

A tick records who, when and the draft's content hash, so any edit to what would be published
makes it *stale*. Auto items cannot be ticked by hand. The second pair of eyes, and an override
waving a blocking finding through with a written reason, need someone the team's policy allows
(:mod:`rtc_tui.core.team`): never the author, except on a one-person desk, where it is recorded
as a self-review.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from rtc_tui.core.models import Draft, Override, Tick, content_hash
from rtc_tui.core.safety.checklist_template import ChecklistError, Template
from rtc_tui.core.safety.findings import Finding, SafetyReport
from rtc_tui.core.team import TeamPolicy

MIN_REASON = 5
"""An override reason needs at least this many non-blank characters."""


def tick(
    draft: Draft,
    template: Template,
    item_id: str,
    *,
    user: str,
    at: datetime,
    policy: TeamPolicy | None = None,
) -> Tick:
    """Tick ``item_id`` on ``draft`` as ``user`` (recorded on the current content hash).

    Raises:
        ChecklistError: The item is unknown or computed, or it is the second pair of eyes and
            ``policy`` does not let ``user`` review this author's draft.
    """
    item = template.get(item_id)
    rules = policy or TeamPolicy()
    if item.kind == "auto":
        raise ChecklistError(f"{item.id}: computed by the checks, it cannot be ticked by hand")
    self_review = False
    if item.role == "not_author":
        refusal = rules.review_refusal(user, draft.author, f"tick {item.id}")
        if refusal:
            raise ChecklistError(f"{item.id}: {refusal}")
        self_review = rules.is_self_review(user, draft.author)
    given = Tick(by=user, at=at, content_hash=content_hash(draft), self_review=self_review)
    draft.ticks[item.id] = given
    return given


def untick(draft: Draft, template: Template, item_id: str) -> bool:
    """Remove the tick of ``item_id``; return whether there was one.

    Raises:
        ChecklistError: The item is unknown or computed.
    """
    item = template.get(item_id)
    if item.kind == "auto":
        raise ChecklistError(f"{item.id}: computed by the checks, it cannot be unticked")
    return draft.ticks.pop(item.id, None) is not None


def toggle(
    draft: Draft,
    template: Template,
    item_id: str,
    *,
    user: str,
    at: datetime,
    policy: TeamPolicy | None = None,
) -> bool:
    """Tick ``item_id`` unless it is ticked on the current hash, else untick it.

    A stale tick is given again (on the current hash) rather than removed.

    Returns:
        Whether the item is ticked afterwards.

    Raises:
        ChecklistError: As :func:`tick` and :func:`untick`.
    """
    current = draft.ticks.get(item_id)
    if current is not None and current.content_hash == content_hash(draft):
        untick(draft, template, item_id)
        return False
    tick(draft, template, item_id, user=user, at=at, policy=policy)
    return True


def override(
    draft: Draft,
    report: SafetyReport,
    key: str,
    *,
    user: str,
    at: datetime,
    reason: str,
    policy: TeamPolicy | None = None,
) -> Override:
    """Wave a blocking finding through with a written reason, recorded on the draft.

    Raises:
        ChecklistError: No such finding, it does not block or cannot be overridden, the
            reason is too short, or ``policy`` does not let ``user`` override this author's
            draft (the author outside a solo desk, a non-approver where roles are set).
    """
    rules = policy or TeamPolicy()
    finding = report.find(key)
    if finding is None:
        raise ChecklistError(f"no finding {key!r} on this draft")
    if not finding.overridable:
        raise ChecklistError(f"{finding.label}: this finding cannot be overridden")
    refusal = rules.review_refusal(user, draft.author, "override a blocking finding")
    if refusal:
        raise ChecklistError(refusal)
    reason = " ".join(reason.split())
    if len(reason.replace(" ", "")) < MIN_REASON:
        raise ChecklistError(f"an override needs a written reason ({MIN_REASON}+ characters)")
    record = Override(
        finding=key,
        by=user,
        at=at,
        reason=reason,
        content_hash=content_hash(draft),
        self_review=rules.is_self_review(user, draft.author),
    )
    draft.overrides = [o for o in draft.overrides if o.finding != key]
    draft.overrides.append(record)
    return record


def overridable(findings: Iterable[Finding]) -> list[Finding]:
    """The findings a reason could wave through (blocking ones that are not forced)."""
    return [f for f in findings if f.blocking and f.overridable]


def valid_overrides(draft: Draft, policy: TeamPolicy) -> list[Override]:
    """The overrides of ``draft`` that count under ``policy``.

    An override recorded before the rule (the author's own, outside a solo desk) or by someone
    whose role no longer allows it waves nothing through.
    """
    kept = []
    for record in draft.overrides:
        if record.by == draft.author and not (policy.solo and record.self_review):
            continue
        if record.by != draft.author and not policy.may_review(record.by):
            continue
        kept.append(record)
    return kept
