"""Changing a draft's checklist: ticks, unticks and overrides of blocking findings.

A tick records who, when and the draft's content hash, so any edit to what would be published
makes it *stale*. Auto items cannot be ticked by hand, and only someone other than the author
may tick the second pair of eyes (team mode only). An override waves a blocking finding
through with a written reason; in team mode not by the author.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from rtc_tui.core.models import Draft, Override, Tick, content_hash
from rtc_tui.core.safety.checklist_template import ChecklistError, Template
from rtc_tui.core.safety.findings import Finding, SafetyReport

MIN_REASON = 5
"""An override reason needs at least this many non-blank characters."""


def tick(
    draft: Draft,
    template: Template,
    item_id: str,
    *,
    user: str,
    at: datetime,
    team_mode: bool = False,
) -> Tick:
    """Tick ``item_id`` on ``draft`` as ``user`` (recorded on the current content hash).

    Raises:
        ChecklistError: The item is unknown, computed, team-only outside team mode, or
            reserved to someone other than the author.
    """
    item = template.get(item_id)
    if item.kind == "auto":
        raise ChecklistError(f"{item.id}: computed by the checks, it cannot be ticked by hand")
    if item.role == "not_author":
        if not team_mode:
            raise ChecklistError(f"{item.id}: applies in team mode only")
        if user == draft.author:
            raise ChecklistError(f"{item.id}: only someone other than the author may tick it")
    given = Tick(by=user, at=at, content_hash=content_hash(draft))
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
    team_mode: bool = False,
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
    tick(draft, template, item_id, user=user, at=at, team_mode=team_mode)
    return True


def override(
    draft: Draft,
    report: SafetyReport,
    key: str,
    *,
    user: str,
    at: datetime,
    reason: str,
    team_mode: bool = False,
) -> Override:
    """Wave a blocking finding through with a written reason, recorded on the draft.

    Raises:
        ChecklistError: No such finding, it does not block or cannot be overridden, the
            reason is too short, or (team mode) the author is overriding their own draft.
    """
    finding = report.find(key)
    if finding is None:
        raise ChecklistError(f"no finding {key!r} on this draft")
    if not finding.overridable:
        raise ChecklistError(f"{finding.label}: this finding cannot be overridden")
    if team_mode and user == draft.author:
        raise ChecklistError("in team mode the author cannot override their own draft")
    reason = " ".join(reason.split())
    if len(reason.replace(" ", "")) < MIN_REASON:
        raise ChecklistError(f"an override needs a written reason ({MIN_REASON}+ characters)")
    record = Override(finding=key, by=user, at=at, reason=reason, content_hash=content_hash(draft))
    draft.overrides = [o for o in draft.overrides if o.finding != key]
    draft.overrides.append(record)
    return record


def overridable(findings: Iterable[Finding]) -> list[Finding]:
    """The findings a reason could wave through (blocking ones that are not forced)."""
    return [f for f in findings if f.blocking and f.overridable]
