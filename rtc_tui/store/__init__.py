"""Persistence: locked, atomic TinyDB files under the data dir."""

from rtc_tui.store.fsio import FileModes, StoreCorruptError, StoreError
from rtc_tui.store.repos import DraftNotFoundError, Store

__all__ = ["DraftNotFoundError", "FileModes", "Store", "StoreCorruptError", "StoreError"]
