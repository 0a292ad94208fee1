"""Persistence: locked, atomic TinyDB files under the data dir."""

from rtc_tui.store.changes import ChangeFeed, Stamp, StoreChange, Subscription
from rtc_tui.store.fsio import FileModes, StoreCorruptError, StoreError
from rtc_tui.store.repos import DraftNotFoundError, RevisionConflictError, Store

__all__ = [
    "ChangeFeed",
    "DraftNotFoundError",
    "FileModes",
    "RevisionConflictError",
    "Stamp",
    "Store",
    "StoreChange",
    "StoreCorruptError",
    "StoreError",
    "Subscription",
]
