"""Reading the audit log: every decision with a name and a time, and whether the chain holds.

The store appends (each backend seals records into the hash chain of
:mod:`rtc_tui.core.audit`); this service only reads, for the audit screen and ``rtc audit``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rtc_tui.core import audit as audit_chain
from rtc_tui.core.audit import Break
from rtc_tui.store import Store


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


def describe(record: dict[str, Any]) -> str:
    """One line for a person: time, who, what, on which draft, and the details."""
    skip = {"at", "by", "action", "draft", audit_chain.HASH, audit_chain.PREV}
    details = ", ".join(f"{k}={record[k]}" for k in sorted(record) if k not in skip)
    draft = f" #{record['draft']}" if "draft" in record else ""
    at = str(record.get("at", ""))[:19].replace("T", " ")
    line = f"{at}  {record.get('by', '?')}  {record.get('action', '?')}{draft}"
    return f"{line}  {details}" if details else line
