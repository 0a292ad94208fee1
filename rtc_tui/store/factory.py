"""Choosing the backend: a ``postgresql://`` URL opens PostgreSQL, anything else a data dir.

The one place that knows both backends exist: the CLI hands it what the user named
(``--store``, ``RTC_STORE`` or ``store:`` in the config) and gets a :class:`Store` back.
PostgreSQL's driver is imported only when a URL asks for it, so the embedded default starts as
fast as before.
"""

from __future__ import annotations

from pathlib import Path

from rtc_tui.store.fsio import FileModes
from rtc_tui.store.interface import Store
from rtc_tui.store.repos import FileStore

DATABASE_SCHEMES = ("postgresql", "postgres")
"""URL schemes that name a PostgreSQL database."""


def is_database_url(spec: str) -> bool:
    """Whether ``spec`` names a PostgreSQL database rather than a data dir."""
    scheme, sep, _rest = spec.partition("://")
    return bool(sep) and scheme.lower() in DATABASE_SCHEMES


def open_store(spec: str | Path | None, *, data_dir: Path, modes: FileModes | None = None) -> Store:
    """The store ``spec`` names.

    Args:
        spec: A ``postgresql://`` URL, or a data dir path; empty or ``None`` for ``data_dir``.
        data_dir: The data dir: the store itself when ``spec`` names none, else the folder for
            a database store's local files (exports).
        modes: Permissions for the folder and its files.

    Raises:
        StoreError: the folder cannot be made, or the database cannot be reached (one line,
            the password masked).
    """
    text = str(spec) if spec else ""
    if is_database_url(text):
        from rtc_tui.store.postgres import PgStore

        return PgStore(text, data_dir=data_dir, modes=modes)
    return FileStore(Path(text) if text else data_dir, modes=modes)
