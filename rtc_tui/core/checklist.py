"""The safety checklist: its template, each item's state on a draft, and the export gate.

The template is YAML (``rtc_tui/data/checklist.yaml`` by default, replaceable per team). A
manual item is ticked by a person; the tick records who, when and the draft's content hash, so
any edit to what would be published makes it *stale*. Auto items (``platform_fit``,
``links``) are computed from the safety report and cannot be ticked by hand. An item with role
``not_author`` (the second pair of eyes) applies in team mode only, and only someone other than
the draft's author may tick it.

The gate passes when every required item that applies is done on the current content hash and
no blocking finding stands (an override with a written reason waves one through; in team mode
not by the author). :class:`Gate` lists what is missing, by id and label.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import regex
import yaml

from rtc_tui.core.models import ChecklistItem, Draft, Override, Tick, content_hash
from rtc_tui.core.safety import Finding, SafetyReport, draft_urls

DEFAULT_TEMPLATE = Path(__file__).resolve().parent.parent / "data" / "checklist.yaml"
"""The shipped checklist template."""

AUTO_ITEMS = ("platform_fit", "links")
"""Ids an ``auto`` item may have: the computed checks the checklist knows."""

KINDS = ("manual", "auto")
ROLES = ("anyone", "not_author")
MIN_REASON = 5
"""An override reason needs at least this many non-blank characters."""

_ID = regex.compile(r"^[a-z][a-z0-9_]*$")
_FIELDS = frozenset({"id", "label", "help", "required", "kind", "role"})


class ChecklistError(ValueError):
    """A bad template, or a tick or override that is not allowed (the message says why)."""


@dataclass(frozen=True)
class Template:
    """A validated checklist template."""

    items: tuple[ChecklistItem, ...]
    path: Path | None = None

    def get(self, item_id: str) -> ChecklistItem:
        """The item with ``item_id``.

        Raises:
            ChecklistError: No item has that id.
        """
        for item in self.items:
            if item.id == item_id:
                return item
        raise ChecklistError(f"no checklist item {item_id!r}")


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def parse_template(text: str, where: str = "<checklist>") -> Template:
    """Parse and validate a template.

    Raises:
        ChecklistError: One line naming ``where``, the line and the problem.
    """
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        raise ChecklistError(f"{where}: {exc}".replace("\n", " ")) from exc
    if not isinstance(root, yaml.MappingNode):
        raise ChecklistError(f"{where}:1: expected a mapping with 'items'")
    items_node = next((v for k, v in root.value if k.value == "items"), None)
    if not isinstance(items_node, yaml.SequenceNode) or not items_node.value:
        line = _line(items_node) if items_node is not None else 1
        raise ChecklistError(f"{where}:{line}: 'items' must be a non-empty list")
    items: list[ChecklistItem] = []
    seen: set[str] = set()
    for node in items_node.value:
        line = _line(node)
        data: Any = yaml.safe_load(yaml.serialize(node))
        if not isinstance(data, dict):
            raise ChecklistError(f"{where}:{line}: an item must be a mapping")
        unknown = sorted(set(data) - _FIELDS)
        if unknown:
            raise ChecklistError(f"{where}:{line}: unknown field {unknown[0]!r}")
        item_id = data.get("id")
        if not isinstance(item_id, str) or not _ID.match(item_id):
            raise ChecklistError(f"{where}:{line}: 'id' must be lower_snake_case, not {item_id!r}")
        if item_id in seen:
            raise ChecklistError(f"{where}:{line}: duplicate item id {item_id!r}")
        seen.add(item_id)
        label = data.get("label")
        if not isinstance(label, str) or not label.strip():
            raise ChecklistError(f"{where}:{line}: item {item_id!r} needs a 'label'")
        kind = data.get("kind", "manual")
        if kind not in KINDS:
            raise ChecklistError(f"{where}:{line}: 'kind' must be one of {', '.join(KINDS)}")
        if kind == "auto" and item_id not in AUTO_ITEMS:
            raise ChecklistError(
                f"{where}:{line}: auto item {item_id!r} unknown (auto ids: {', '.join(AUTO_ITEMS)})"
            )
        role = data.get("role", "anyone")
        if role not in ROLES:
            raise ChecklistError(f"{where}:{line}: 'role' must be one of {', '.join(ROLES)}")
        required = data.get("required", True)
        if not isinstance(required, bool):
            raise ChecklistError(f"{where}:{line}: 'required' must be true or false")
        help_text = data.get("help", "")
        if not isinstance(help_text, str):
            raise ChecklistError(f"{where}:{line}: 'help' must be text")
        items.append(
            ChecklistItem(
                id=item_id,
                label=label.strip(),
                help=" ".join(help_text.split()),
                required=required,
                kind=kind,
                role=role,
            )
        )
    return Template(items=tuple(items))


def load_template(path: Path | None = None) -> Template:
    """Load a template file (default: the shipped one).

    Raises:
        ChecklistError: The file cannot be read or is invalid (the message names it).
    """
    path = path or DEFAULT_TEMPLATE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ChecklistError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    template = parse_template(text, str(path))
    return Template(items=template.items, path=path)


class ItemStatus(StrEnum):
    """Where one checklist item stands on a draft."""

    TICKED = "ticked"
    STALE = "stale"
    """Ticked on an older content hash: the draft changed since."""
    MISSING = "missing"
    INVALID = "invalid"
    """Ticked by someone the role excludes (the author, on the second pair of eyes)."""
    AUTO_OK = "auto_ok"
    AUTO_FAILED = "auto_failed"
    AUTO_PENDING = "auto_pending"
    """Not computed yet (links not checked)."""
    NOT_APPLICABLE = "not_applicable"
    """A team-mode item outside team mode."""


_MARKERS = {
    ItemStatus.TICKED: "[x]",
    ItemStatus.STALE: "[~]",
    ItemStatus.MISSING: "[ ]",
    ItemStatus.INVALID: "[?]",
    ItemStatus.AUTO_OK: "[x]",
    ItemStatus.AUTO_FAILED: "[!]",
    ItemStatus.AUTO_PENDING: "[.]",
    ItemStatus.NOT_APPLICABLE: "[-]",
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
    def applies(self) -> bool:
        """Whether the item counts at all (team items do not outside team mode)."""
        return self.status is not ItemStatus.NOT_APPLICABLE

    @property
    def blocks_export(self) -> bool:
        """Whether this item keeps the gate shut."""
        return self.applies and self.item.required and not self.done

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
            return ItemState(item, ItemStatus.AUTO_FAILED, detail="no platform chosen")
        over = [c.counter(short=True) for c in report.platforms.values() if not c.ok]
        if over:
            return ItemState(item, ItemStatus.AUTO_FAILED, detail="over: " + ", ".join(over))
        fits = ", ".join(c.counter(short=True) for c in report.platforms.values())
        return ItemState(item, ItemStatus.AUTO_OK, detail=fits)
    urls = draft_urls(draft)
    if not urls:
        return ItemState(item, ItemStatus.AUTO_OK, detail="no links")
    failed = [link for link in report.links if not link.ok and link.url in urls]
    if failed:
        detail = ", ".join(f"{link.url} ({link.error or link.status})" for link in failed)
        return ItemState(item, ItemStatus.AUTO_FAILED, detail=detail)
    checked = {link.url for link in report.links}
    if all(url in checked for url in urls):
        return ItemState(item, ItemStatus.AUTO_OK, detail=f"{len(urls)} link(s) answer")
    return ItemState(item, ItemStatus.AUTO_PENDING, detail=f"{len(urls)} link(s) not checked yet")


def item_state(
    item: ChecklistItem, draft: Draft, report: SafetyReport, *, team_mode: bool
) -> ItemState:
    """The state of one item on ``draft``."""
    if item.role == "not_author" and not team_mode:
        return ItemState(item, ItemStatus.NOT_APPLICABLE, detail="team mode only")
    if item.kind == "auto":
        return _auto_state(item, draft, report)
    tick = draft.ticks.get(item.id)
    if tick is None:
        return ItemState(item, ItemStatus.MISSING)
    if item.role == "not_author" and tick.by == draft.author:
        return ItemState(item, ItemStatus.INVALID, tick, "ticked by the author")
    if tick.content_hash != content_hash(draft):
        return ItemState(item, ItemStatus.STALE, tick, f"{_tick_detail(tick)}, before an edit")
    return ItemState(item, ItemStatus.TICKED, tick, _tick_detail(tick))


_REASONS = {
    ItemStatus.MISSING: "not ticked",
    ItemStatus.STALE: "stale: ticked before the last edit",
    ItemStatus.INVALID: "ticked by the author: needs someone else",
    ItemStatus.AUTO_FAILED: "check failed",
    ItemStatus.AUTO_PENDING: "not checked yet",
}


@dataclass(frozen=True)
class ChecklistState:
    """Every item's state on a draft, with the safety report behind the auto items."""

    items: tuple[ItemState, ...]
    report: SafetyReport
    content_hash: str
    team_mode: bool = False
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
    def applicable(self) -> tuple[ItemState, ...]:
        """The items that count (team items only in team mode)."""
        return tuple(s for s in self.items if s.applies)

    @property
    def gate(self) -> Gate:
        """Whether export may go ahead, with every missing item and blocking finding."""
        missing = [
            Missing(s.item.id, s.item.label, _REASONS.get(s.status, s.status.value))
            for s in self.items
            if s.blocks_export
        ]
        missing.extend(
            Missing(f.key, f.label, "blocking finding: override with a reason", kind="finding")
            for f in self.blocking
        )
        return Gate(tuple(missing))

    def summary(self) -> str:
        """How far from exportable, at a glance: ``"7/10 · 2 stale · 1 blocking finding"``."""
        applicable = self.applicable
        done = sum(1 for s in applicable if s.done)
        parts = [f"{done}/{len(applicable)}"]
        stale = sum(1 for s in applicable if s.status is ItemStatus.STALE)
        if stale:
            parts.append(f"{stale} stale")
        failed = sum(1 for s in applicable if s.status is ItemStatus.AUTO_FAILED)
        if failed:
            parts.append(f"{failed} failed")
        count = len(self.blocking)
        if count:
            parts.append(f"{count} blocking finding{'s' if count != 1 else ''}")
        if self.gate.passed:
            parts.append("ready to export")
        return " · ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """Serialise for JSON output."""
        return {
            "content_hash": self.content_hash,
            "summary": self.summary(),
            "items": [s.to_dict() for s in self.items],
            "gate": self.gate.to_dict(),
            "findings": [f.to_record() for f in self.report.findings],
            "verdict": self.report.verdict.value,
        }


def evaluate(
    draft: Draft, template: Template, report: SafetyReport, *, team_mode: bool = False
) -> ChecklistState:
    """The checklist state of ``draft`` given its safety report.

    Args:
        draft: The draft.
        template: The checklist template.
        report: The safety report of the draft as it is now (with its overrides applied).
        team_mode: Whether the second pair of eyes applies.
    """
    items = tuple(item_state(item, draft, report, team_mode=team_mode) for item in template.items)
    return ChecklistState(
        items=items,
        report=report,
        content_hash=content_hash(draft),
        team_mode=team_mode,
        blocking=report.blocking,
    )


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
