"""The safety checklist on a draft: each item's state, and the export gate.

Each item of the template (:mod:`rtc_tui.core.safety.checklist_template`) gets a state: a manual
item is ticked by a person (:mod:`rtc_tui.core.safety.checklist_actions`), on the draft's content
hash, so any edit to what would be published makes the tick *stale*. Auto items
(``platform_fit``, ``links``) are computed from the safety report. An item with role
``not_author`` (the second pair of eyes) counts only when someone the team's policy allows
ticked it (:mod:`rtc_tui.core.team`): not the author, an approver where roles are given; on a
one-person desk the author's own tick counts and reads "self-reviewed (solo desk)".

The gate passes when every required item is done on the current content hash and no blocking
finding stands (an override with a written reason waves one through, given by someone the
policy allows). :class:`Gate` lists what is missing, by id and label.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from rtc_tui.core.models import ChecklistItem, Draft, Tick, content_hash
from rtc_tui.core.safety.checklist_template import ChecklistError, Template
from rtc_tui.core.safety.engine import draft_urls
from rtc_tui.core.safety.findings import Finding, SafetyReport
from rtc_tui.core.team import SELF_REVIEW_NOTE, TeamPolicy
from rtc_tui.i18n import N_, _, ngettext


class ItemStatus(StrEnum):
    """Where one checklist item stands on a draft."""

    TICKED = "ticked"
    STALE = "stale"
    """Ticked on an older content hash: the draft changed since."""
    MISSING = "missing"
    INVALID = "invalid"
    """Ticked by someone the role excludes (the author, or a non-approver, on the second pair
    of eyes)."""
    AUTO_OK = "auto_ok"
    AUTO_FAILED = "auto_failed"
    AUTO_PENDING = "auto_pending"
    """Not computed yet (links not checked)."""


_MARKERS = {
    ItemStatus.TICKED: "[x]",
    ItemStatus.STALE: "[~]",
    ItemStatus.MISSING: "[ ]",
    ItemStatus.INVALID: "[?]",
    ItemStatus.AUTO_OK: "[x]",
    ItemStatus.AUTO_FAILED: "[!]",
    ItemStatus.AUTO_PENDING: "[.]",
}


@dataclass(frozen=True)
class ItemState:
    """One item of the template and its state on a draft."""

    item: ChecklistItem
    status: ItemStatus
    tick: Tick | None = None
    detail: str = ""
    """Why: who ticked and when, what the auto check found."""

    @property
    def done(self) -> bool:
        """Ticked on the current hash, or computed and fine."""
        return self.status in (ItemStatus.TICKED, ItemStatus.AUTO_OK)

    @property
    def blocks_export(self) -> bool:
        """Whether this item keeps the gate shut."""
        return self.item.required and not self.done

    @property
    def self_review(self) -> bool:
        """Whether a solo desk's author ticked it themselves (shown as such everywhere)."""
        return self.done and self.tick is not None and self.tick.self_review

    @property
    def marker(self) -> str:
        """A marker that reads without colour: ``[x]`` ``[~]`` ``[ ]`` ``[!]``..."""
        return _MARKERS[self.status]

    def to_dict(self) -> dict[str, Any]:
        """Serialise for JSON output."""
        return {
            **self.item.to_dict(),
            "status": self.status.value,
            "tick": self.tick.to_dict() if self.tick else None,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Missing:
    """One reason the gate is shut: an item (missing, stale...) or a blocking finding."""

    id: str
    """The item id, or the finding key."""
    label: str
    reason: str
    kind: str = "item"
    """``item`` or ``finding``."""

    def __str__(self) -> str:
        return f"{self.id}: {self.label} ({self.reason})"

    def to_dict(self) -> dict[str, str]:
        """Serialise for JSON output."""
        return {"id": self.id, "label": self.label, "reason": self.reason, "kind": self.kind}


@dataclass(frozen=True)
class Gate:
    """Whether a draft may be exported, and if not, everything that is missing."""

    missing: tuple[Missing, ...] = ()

    @property
    def passed(self) -> bool:
        """True when nothing is missing."""
        return not self.missing

    def lines(self) -> list[str]:
        """One human line per missing thing."""
        return [str(m) for m in self.missing]

    def to_dict(self) -> dict[str, Any]:
        """Serialise for JSON output."""
        return {"passed": self.passed, "missing": [m.to_dict() for m in self.missing]}


def _tick_detail(tick: Tick) -> str:
    return f"{tick.by}, {tick.at.strftime('%Y-%m-%d %H:%M')} UTC"


def _auto_state(item: ChecklistItem, draft: Draft, report: SafetyReport) -> ItemState:
    if item.id == "platform_fit":
        if not report.platforms:
            return ItemState(item, ItemStatus.AUTO_FAILED, detail=_("no platform chosen"))
        over = [c.counter(short=True) for c in report.platforms.values() if not c.ok]
        if over:
            return ItemState(item, ItemStatus.AUTO_FAILED, detail=_("over: ") + ", ".join(over))
        fits = ", ".join(c.counter(short=True) for c in report.platforms.values())
        return ItemState(item, ItemStatus.AUTO_OK, detail=fits)
    urls = draft_urls(draft)
    if not urls:
        return ItemState(item, ItemStatus.AUTO_OK, detail=_("no links"))
    failed = [link for link in report.links if not link.ok and link.url in urls]
    if failed:
        detail = ", ".join(f"{link.url} ({link.error or link.status})" for link in failed)
        return ItemState(item, ItemStatus.AUTO_FAILED, detail=detail)
    checked = {link.url for link in report.links}
    if all(url in checked for url in urls):
        answer = ngettext("{count} link answers", "{count} links answer", len(urls))
        return ItemState(item, ItemStatus.AUTO_OK, detail=answer.format(count=len(urls)))
    pending = ngettext("{count} link not checked yet", "{count} links not checked yet", len(urls))
    return ItemState(item, ItemStatus.AUTO_PENDING, detail=pending.format(count=len(urls)))


def _review_problem(tick: Tick, draft: Draft, policy: TeamPolicy) -> str:
    """Why a second-pair-of-eyes tick does not count under ``policy`` (``""``: it does)."""
    if tick.by == draft.author:
        if not (policy.solo and tick.self_review):
            return _("ticked by the author")
        return ""
    if tick.self_review:  # a self-review is only ever the author's
        return _("recorded as a self-review by someone else")
    if not policy.may_review(tick.by):
        return _("ticked by {user}, not an approver").format(user=tick.by)
    return ""


def item_state(
    item: ChecklistItem, draft: Draft, report: SafetyReport, *, policy: TeamPolicy
) -> ItemState:
    """The state of one item on ``draft`` under the team's review ``policy``."""
    if item.kind == "auto":
        return _auto_state(item, draft, report)
    tick = draft.ticks.get(item.id)
    if tick is None:
        return ItemState(item, ItemStatus.MISSING)
    if item.role == "not_author":
        problem = _review_problem(tick, draft, policy)
        if problem:
            return ItemState(item, ItemStatus.INVALID, tick, problem)
    detail = _tick_detail(tick)
    if tick.self_review:
        detail = f"{_(SELF_REVIEW_NOTE)}: {detail}"
    if tick.content_hash != content_hash(draft):
        return ItemState(
            item, ItemStatus.STALE, tick, _("{detail}, before an edit").format(detail=detail)
        )
    return ItemState(item, ItemStatus.TICKED, tick, detail)


_REASONS = {
    ItemStatus.MISSING: N_("not ticked"),
    ItemStatus.STALE: N_("stale: ticked before the last edit"),
    ItemStatus.INVALID: N_("needs someone other than the author (an approver where roles are set)"),
    ItemStatus.AUTO_FAILED: N_("check failed"),
    ItemStatus.AUTO_PENDING: N_("not checked yet"),
}


@dataclass(frozen=True)
class ChecklistState:
    """Every item's state on a draft, with the safety report behind the auto items."""

    items: tuple[ItemState, ...]
    report: SafetyReport
    content_hash: str
    blocking: tuple[Finding, ...] = field(default=())

    def get(self, item_id: str) -> ItemState:
        """The state of the item with ``item_id``.

        Raises:
            ChecklistError: No item has that id.
        """
        for state in self.items:
            if state.item.id == item_id:
                return state
        raise ChecklistError(f"no checklist item {item_id!r}")

    @property
    def self_reviewed(self) -> bool:
        """Whether the second pair of eyes (or an override) is a solo desk's self-review."""
        return any(s.self_review for s in self.items) or any(
            f.override is not None and f.override.self_review for f in self.report.overridden
        )

    @property
    def gate(self) -> Gate:
        """Whether export may go ahead, with every missing item and blocking finding."""
        missing = [
            Missing(s.item.id, s.item.label, _(_REASONS.get(s.status, s.status.value)))
            for s in self.items
            if s.blocks_export
        ]
        missing.extend(
            Missing(f.key, f.label, _("blocking finding: override with a reason"), kind="finding")
            for f in self.blocking
        )
        return Gate(tuple(missing))

    def summary(self) -> str:
        """How far from exportable, at a glance: ``"7/10 · 2 stale · 1 blocking finding"``."""
        applicable = self.items
        done = sum(1 for s in applicable if s.done)
        parts = [f"{done}/{len(applicable)}"]
        stale = sum(1 for s in applicable if s.status is ItemStatus.STALE)
        if stale:
            parts.append(ngettext("{count} stale", "{count} stale", stale).format(count=stale))
        failed = sum(1 for s in applicable if s.status is ItemStatus.AUTO_FAILED)
        if failed:
            parts.append(ngettext("{count} failed", "{count} failed", failed).format(count=failed))
        count = len(self.blocking)
        if count:
            blocking = ngettext("{count} blocking finding", "{count} blocking findings", count)
            parts.append(blocking.format(count=count))
        if self.self_reviewed:
            parts.append(_(SELF_REVIEW_NOTE))
        if self.gate.passed:
            parts.append(_("ready to export"))
        return " · ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """Serialise for JSON output."""
        return {
            "content_hash": self.content_hash,
            "summary": self.summary(),
            "items": [s.to_dict() for s in self.items],
            "gate": self.gate.to_dict(),
            "self_reviewed": self.self_reviewed,
            "findings": [f.to_record() for f in self.report.findings],
            "verdict": self.report.verdict.value,
        }


def evaluate(
    draft: Draft, template: Template, report: SafetyReport, *, policy: TeamPolicy | None = None
) -> ChecklistState:
    """The checklist state of ``draft`` given its safety report.

    Args:
        draft: The draft.
        template: The checklist template.
        report: The safety report of the draft as it is now (with its overrides applied).
        policy: Who may give the second pair of eyes (default: anyone but the author).
    """
    rules = policy or TeamPolicy()
    items = tuple(item_state(item, draft, report, policy=rules) for item in template.items)
    return ChecklistState(
        items=items, report=report, content_hash=content_hash(draft), blocking=report.blocking
    )
