"""What every desk service shares: the clock type, and the per-user preferences service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from rtc_tui.store import Store

PREFERENCES_KEY = "preferences"
"""The state record holding every user's UI preferences: ``{user: {key: value}}``."""

Clock = Callable[[], datetime]
"""The clock every service is given (tests pass a frozen one)."""


def utc_now() -> datetime:
    """The real clock (tests pass their own ``now``)."""
    return datetime.now(UTC)


class Preferences:
    """One user's remembered UI choices (the theme picked in the palette, the welcome seen...).

    Kept per user in the data dir's state, so editors sharing a server keep their own.
    """

    def __init__(self, store: Store, *, user: str) -> None:
        self._store = store
        self._user = user

    def get(self, key: str, default: Any = None) -> Any:
        """The remembered value of ``key``, else ``default``."""
        stored: dict[str, dict[str, Any]] = self._store.state.get(PREFERENCES_KEY, {}) or {}
        return stored.get(self._user, {}).get(key, default)

    def set(self, key: str, value: Any) -> None:
        """Remember ``key`` (re-read under the lock, never clobbering another user's choices)."""
        user = self._user

        def change(old: dict[str, dict[str, Any]] | None) -> dict[str, dict[str, Any]]:
            stored = dict(old or {})
            stored[user] = {**stored.get(user, {}), key: value}
            return stored

        self._store.state.update(PREFERENCES_KEY, change, default={})
