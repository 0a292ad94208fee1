"""Persistence behind one interface (:class:`Store`): TinyDB files or PostgreSQL.

:func:`open_store` picks the backend; nothing outside this package needs to know which runs.
"""

from rtc_tui.store.changes import ChangeFeed, Stamp, StoreChange, Subscription
from rtc_tui.store.factory import is_database_url, open_store
from rtc_tui.store.fsio import (
    FileModes,
    LockListener,
    StoreCorruptError,
    StoreError,
    lock_waits_reported,
)
from rtc_tui.store.interface import (
    DraftNotFoundError,
    RevisionConflictError,
    Store,
    StoreSnapshot,
)
from rtc_tui.store.repos import FileStore

__all__ = [
    "ChangeFeed",
    "DraftNotFoundError",
    "FileModes",
    "FileStore",
    "LockListener",
    "RevisionConflictError",
    "Stamp",
    "Store",
    "StoreChange",
    "StoreCorruptError",
    "StoreError",
    "StoreSnapshot",
    "Subscription",
    "is_database_url",
    "lock_waits_reported",
    "open_store",
]
