"""Trending actions: the ranked list of events the Trending pane and ``rtc events`` show."""

from __future__ import annotations

from rtc_tui.core.models import Event, TriageState
from rtc_tui.desk.base import DeskBase


class TrendingDesk(DeskBase):
    """Everything the Trending pane and ``rtc fetch``/``rtc events`` do."""

    def events(self, *, include_hidden: bool = False) -> list[Event]:
        """Stored events, pinned first, then by score; dismissed ones only on request."""
        events = self.store.events.all()
        if not include_hidden:
            events = [e for e in events if e.state is not TriageState.DISMISSED]
        events.sort(key=lambda e: (e.state is not TriageState.PINNED, -e.score, e.title))
        return events
