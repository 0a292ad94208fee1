"""Shared bits for the source parser tests: fixture bytes, a fixed fetch time, configs."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from rtc_tui.config import SourceConfig

FIXTURES = Path(__file__).parent.parent / "fixtures" / "sources"
FETCHED_AT = datetime(2026, 3, 1, 0, 30, tzinfo=UTC)


def fixture(name: str) -> bytes:
    """The bytes of a fixture file."""
    return (FIXTURES / name).read_bytes()


def source(
    kind: str, name: str = "Test", url: str = "https://example.org/feed", **kw: str
) -> SourceConfig:
    """A source config of type ``kind``."""
    return SourceConfig(name, kind, url, **kw)  # type: ignore[arg-type]
