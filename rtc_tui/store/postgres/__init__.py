"""The PostgreSQL backend of the store, for teams beyond one server (see :class:`PgStore`)."""

from rtc_tui.store.postgres.store import PgStore

__all__ = ["PgStore"]
