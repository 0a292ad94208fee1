"""The shared state every part of the desk uses: config, store, identity and the clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rtc_tui import i18n
from rtc_tui.config import Config
from rtc_tui.store import Store

PREFERENCES_KEY = "preferences"
"""The state record holding every user's UI preferences: ``{user: {key: value}}``."""


def utc_now() -> datetime:
    """The real clock (tests pass their own ``now``)."""
    return datetime.now(UTC)


class DeskBase:
    """Holds the injected services; the feature mixins add one method per user action."""

    def __init__(
        self,
        config: Config,
        store: Store,
        *,
        user: str,
        now: Callable[[], datetime] = utc_now,
        demo: bool = False,
    ) -> None:
        self.config = config
        self.store = store
        self.user = user
        self.now = now
        self.demo = demo

    def language(self) -> str:
        """The interface language, set at start from the config and the locale.

        Moments, holidays and messages are given in it.
        """
        return i18n.language()

    @property
    def data_dir(self) -> Path:
        """Where this desk's data lives (shown in the status bar)."""
        return self.store.data_dir

    def preference(self, key: str, default: Any = None) -> Any:
        """One of this user's remembered UI choices (the theme picked in the palette, ...).

        Kept per user in the data dir's state, so editors sharing a server keep their own.
        """
        stored: dict[str, dict[str, Any]] = self.store.state.get(PREFERENCES_KEY, {}) or {}
        return stored.get(self.user, {}).get(key, default)

    def set_preference(self, key: str, value: Any) -> None:
        """Remember one of this user's UI choices (re-read under the lock, never clobbering)."""

        def change(old: dict[str, dict[str, Any]] | None) -> dict[str, dict[str, Any]]:
            stored = dict(old or {})
            stored[self.user] = {**stored.get(self.user, {}), key: value}
            return stored

        self.store.state.update(PREFERENCES_KEY, change, default={})

    def changes_stamp(self) -> tuple[tuple[int, int], ...]:
        """Changes whenever any session writes the data dir: the UI polls it to reload."""
        return (self.store.drafts.stamp(), self.store.events.stamp())
