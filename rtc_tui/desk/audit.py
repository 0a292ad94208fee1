"""Reading the audit log: every decision with a name and a time, and whether the chain holds.

The store appends (each backend seals records into the hash chain of
:mod:`rtc_tui.core.audit`); this service only reads, for the audit screen and ``rtc audit``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rtc_tui.core import audit as audit_chain
from rtc_tui.core.audit import Break
from rtc_tui.core.publish.crisis import shown_hold_reason
from rtc_tui.i18n import NC_, pgettext
from rtc_tui.store import Store
from rtc_tui.words import DRAFT_WORDS


@dataclass(eq=False)
class AuditService:
    """The audit log as the desk shows it (``desk.audit``)."""

    store: Store

    def records(self, draft_id: int | None = None) -> list[dict[str, Any]]:
        """Every record, oldest first; only those about ``draft_id`` when one is given."""
        return self.store.state.audit_log(draft_id)

    def verify(self) -> Break | None:
        """The first record that breaks the hash chain (``None``: the log is intact)."""
        return audit_chain.verify(self.store.state.audit_log())


ACTIONS = {
    "draft_created": NC_("audit", "draft created"),
    "status": NC_("audit", "status"),
    "tick": NC_("audit", "ticked"),
    "untick": NC_("audit", "unticked"),
    "override": NC_("audit", "override"),
    "export": NC_("audit", "exported"),
    "send_back": NC_("audit", "sent back"),
    "review_requested": NC_("audit", "review requested"),
    "review_given": NC_("audit", "review given"),
    "review_approved": NC_("audit", "review: approved"),
    "review_sent_back": NC_("audit", "review: sent back"),
    "review_withdrawn": NC_("audit", "review withdrawn"),
    "published": NC_("audit", "published"),
    "publish_queued": NC_("audit", "post queued"),
    "publish_cancelled": NC_("audit", "post cancelled"),
    "publish_released": NC_("audit", "post released"),
    "publish_held": NC_("audit", "post held"),
    "publish_failed": NC_("audit", "post failed"),
    "publish_refused": NC_("audit", "post refused"),
    "publish_deleted": NC_("audit", "post deleted"),
    "negative_spike": NC_("audit", "negative replies spike"),
}
"""What each recorded action is called on screen (the log itself keeps the ids)."""

DETAILS = {
    "title": NC_("audit", "title"),
    "status": NC_("audit", "status"),
    "item": NC_("audit", "item"),
    "content_hash": NC_("audit", "content hash"),
    "self_review": NC_("audit", "self-review"),
    "finding": NC_("audit", "finding"),
    "reason": NC_("audit", "reason"),
    "format": NC_("audit", "format"),
    "target": NC_("audit", "target"),
    "to": NC_("audit", "to"),
    "due_at": NC_("audit", "due at"),
    "hold_reason": NC_("audit", "hold reason"),
    "error": NC_("audit", "error"),
    "negative": NC_("audit", "negative"),
    "total": NC_("audit", "total"),
    "remote_id": NC_("audit", "remote id"),
}
"""The details' names on screen; a name not listed shows as stored."""


def _word(table: dict[str, str], key: str) -> str:
    word = table.get(key)
    return key if word is None else pgettext("audit", word)


def _value(key: str, value: Any) -> str:
    """A detail's value as shown: a status or a crisis hold's reason in the interface language."""
    if key == "status":
        return DRAFT_WORDS(str(value))
    if key in {"reason", "hold_reason"}:
        return shown_hold_reason(str(value))
    return str(value)


def describe(record: dict[str, Any]) -> str:
    """One line for a person: time, who, what, on which draft, and the details.

    The action and the details' names are in the interface language; the values are as
    recorded (people's words, ids and hashes), but for a status and a crisis hold's reason.
    """
    skip = {"at", "by", "action", "draft", audit_chain.HASH, audit_chain.PREV}
    details = ", ".join(
        f"{_word(DETAILS, k)}={_value(k, record[k])}" for k in sorted(record) if k not in skip
    )
    draft = f" #{record['draft']}" if "draft" in record else ""
    at = str(record.get("at", ""))[:19].replace("T", " ")
    action = _word(ACTIONS, str(record.get("action", "?")))
    line = f"{at}  {record.get('by', '?')}  {action}{draft}"
    return f"{line}  {details}" if details else line
