"""Presence: who has a draft open for editing, so nobody is surprised by a teammate's edit.

Each running app marks the draft its editor holds ("being edited by NAME") in the store's state
and refreshes the mark while the editor stays open; a mark older than :data:`PRESENCE_TTL`
counts for nothing, so an app that dies leaves no ghost for long. Presence warns; it never
blocks anyone (saves are protected by revisions, not by presence).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from rtc_tui.core.models import from_iso, to_iso
from rtc_tui.desk.base import Clock
from rtc_tui.store import Store

PRESENCE_KEY = "presence"
"""State record: ``{"<draft id>": {"<session>": {"user": NAME, "at": ISO}}}``."""

PRESENCE_TTL = timedelta(seconds=90)
"""A mark not refreshed for this long is gone: well within two minutes of an app dying."""

PRESENCE_REFRESH = timedelta(seconds=30)
"""How often an open editor refreshes its mark (a third of the time to live)."""


@dataclass(eq=False)
class PresenceService:
    """Marks and reads "being edited by" (``desk.presence``); one session per running app."""

    store: Store
    user: str
    now: Clock
    session: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    """This app's mark, so a user with two terminals sees the other one too."""

    def mark(self, draft_id: int | None) -> None:
        """Mark ``draft_id`` as being edited here (``None``: this session edits nothing).

        Also the refresh: call it again while the editor stays open. Expired marks of every
        session are dropped on the way.
        """
        now = self.now()
        session, user = self.session, self.user

        def change(old: dict[str, Any] | None) -> dict[str, Any]:
            kept: dict[str, Any] = {}
            for key, marks in (old or {}).items():
                if not isinstance(marks, dict):
                    continue
                live = {s: m for s, m in marks.items() if s != session and _alive(m, now)}
                if live:
                    kept[key] = live
            if draft_id is not None:
                kept.setdefault(str(draft_id), {})[session] = {"user": user, "at": to_iso(now)}
            return kept

        self.store.state.update(PRESENCE_KEY, change, default={})

    def clear(self) -> None:
        """This session edits nothing any more (the app quits, the editor closes)."""
        self.mark(None)

    def editors(self) -> dict[int, list[str]]:
        """Draft id -> the names editing it elsewhere now (other sessions, live marks only)."""
        now = self.now()
        stored: dict[str, Any] = self.store.state.get(PRESENCE_KEY, {}) or {}
        found: dict[int, list[str]] = {}
        for key, marks in stored.items():
            if not key.isdigit() or not isinstance(marks, dict):
                continue
            names = sorted(
                {
                    str(m.get("user", "?"))
                    for s, m in marks.items()
                    if s != self.session and _alive(m, now)
                }
            )
            if names:
                found[int(key)] = names
        return found

    def editing(self, draft_id: int) -> list[str]:
        """Who else is editing ``draft_id`` now."""
        return self.editors().get(draft_id, [])


def _alive(mark: Any, now: datetime) -> bool:
    """Whether a stored mark is recent enough to count."""
    if not isinstance(mark, dict):
        return False
    try:
        at = from_iso(str(mark.get("at", "")))
    except ValueError:
        return False
    return at is not None and now - at < PRESENCE_TTL
