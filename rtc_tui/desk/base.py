"""The shared state every part of the desk uses: config, store, identity and the clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from rtc_tui.config import Config
from rtc_tui.store import Store


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

    @property
    def data_dir(self) -> Path:
        """Where this desk's data lives (shown in the status bar)."""
        return self.store.data_dir

    def changes_stamp(self) -> tuple[tuple[int, int], ...]:
        """Changes whenever any session writes the data dir: the UI polls it to reload."""
        return (self.store.drafts.stamp(), self.store.events.stamp())
