"""The application façade: services with one method per user action, shared by TUI and CLI.

The names below are imported on first use (PEP 562): a command that only needs the desk's
errors (``rtc_tui.desk.errors``) must not pay for building the whole desk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rtc_tui.lazy_module import lazy_attributes

if TYPE_CHECKING:
    from rtc_tui.desk.base import Clock, utc_now
    from rtc_tui.desk.desk import Desk
    from rtc_tui.desk.errors import (
        BadInputError,
        DeskError,
        DraftConflictError,
        RefusedError,
        UnreachableError,
    )
    from rtc_tui.store import (
        ChangeFeed,
        DraftChanges,
        DraftMark,
        LinkListener,
        StoreChange,
        Subscription,
    )

_WHERE = {
    "Clock": "rtc_tui.desk.base",
    "utc_now": "rtc_tui.desk.base",
    "Desk": "rtc_tui.desk.desk",
    "BadInputError": "rtc_tui.desk.errors",
    "DeskError": "rtc_tui.desk.errors",
    "DraftConflictError": "rtc_tui.desk.errors",
    "RefusedError": "rtc_tui.desk.errors",
    "UnreachableError": "rtc_tui.desk.errors",
    "ChangeFeed": "rtc_tui.store",
    "DraftChanges": "rtc_tui.store",
    "DraftMark": "rtc_tui.store",
    "LinkListener": "rtc_tui.store",
    "StoreChange": "rtc_tui.store",
    "Subscription": "rtc_tui.store",
}
"""Each public name and the module it comes from."""

__all__ = [
    "BadInputError",
    "ChangeFeed",
    "Clock",
    "Desk",
    "DeskError",
    "DraftChanges",
    "DraftConflictError",
    "DraftMark",
    "LinkListener",
    "RefusedError",
    "StoreChange",
    "Subscription",
    "UnreachableError",
    "utc_now",
]


__getattr__ = lazy_attributes(__name__, _WHERE, globals())
