"""The application façade: one method per user action, shared by the TUI and the CLI."""

from rtc_tui.desk.base import DeskBase, utc_now
from rtc_tui.desk.calendar import CalendarDesk
from rtc_tui.desk.checklist import ChecklistDesk
from rtc_tui.desk.drafts import DraftsDesk
from rtc_tui.desk.errors import BadInputError, DeskError, RefusedError
from rtc_tui.desk.trending import TrendingDesk


class Desk(TrendingDesk, CalendarDesk, DraftsDesk, ChecklistDesk):
    """The whole façade: the UI and the CLI talk to this and nothing else."""


__all__ = ["BadInputError", "Desk", "DeskBase", "DeskError", "RefusedError", "utc_now"]
