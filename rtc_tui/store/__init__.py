"""Persistence behind one interface (:class:`Store`): TinyDB files or PostgreSQL.

:func:`open_store` picks the backend; nothing outside this package needs to know which runs.
"""

from rtc_tui.store.changes import ChangeFeed, LinkListener, Stamp, StoreChange, Subscription
from rtc_tui.store.factory import is_database_url, open_store
from rtc_tui.store.fsio import (
    FileModes,
    LockListener,
    StoreCorruptError,
    StoreError,
    StoreUnreachableError,
    lock_waits_reported,
)
from rtc_tui.store.interface import (
    DraftChanges,
    DraftMark,
    DraftNotFoundError,
    RevisionConflictError,
    Store,
    StoreSnapshot,
)
from rtc_tui.store.repos import FileStore

__all__ = [
    "ChangeFeed",
    "DraftChanges",
    "DraftMark",
    "DraftNotFoundError",
    "FileModes",
    "FileStore",
    "LinkListener",
    "LockListener",
    "RevisionConflictError",
    "Stamp",
    "Store",
    "StoreChange",
    "StoreCorruptError",
    "StoreError",
    "StoreSnapshot",
    "StoreUnreachableError",
    "Subscription",
    "is_database_url",
    "lock_waits_reported",
    "open_store",
]
