"""The application façade: services with one method per user action, shared by TUI and CLI."""

from rtc_tui.desk.base import Clock, utc_now
from rtc_tui.desk.desk import Desk
from rtc_tui.desk.errors import (
    BadInputError,
    DeskError,
    DraftConflictError,
    RefusedError,
    UnreachableError,
)
from rtc_tui.store import ChangeFeed, LinkListener, StoreChange, Subscription

__all__ = [
    "BadInputError",
    "ChangeFeed",
    "Clock",
    "Desk",
    "DeskError",
    "DraftConflictError",
    "LinkListener",
    "RefusedError",
    "StoreChange",
    "Subscription",
    "UnreachableError",
    "utc_now",
]
