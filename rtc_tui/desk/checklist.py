"""Checklist actions: ticks, overrides, the export gate (grown by the safety feature)."""

from __future__ import annotations

from rtc_tui.desk.base import DeskBase


class ChecklistDesk(DeskBase):
    """Everything the Checklist pane, ``rtc check`` and ``rtc export`` do."""
