"""Persistence: locked, atomic TinyDB files under the data dir."""

from rtc_tui.store.db import StoreCorruptError, StoreError
from rtc_tui.store.repos import DraftNotFoundError, Store

__all__ = ["DraftNotFoundError", "Store", "StoreCorruptError", "StoreError"]
