"""Calendar actions: the agenda of planned moments (grown by the calendar feature)."""

from __future__ import annotations

from rtc_tui.desk.base import DeskBase


class CalendarDesk(DeskBase):
    """Everything the Calendar pane and ``rtc moments``/``rtc ics`` do."""
