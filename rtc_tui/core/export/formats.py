"""The export formats by name: what ``rtc export --format`` offers, without the renderers.

Kept apart from :mod:`rtc_tui.core.export.render` so building the command line (``rtc check``
shares its module with ``rtc export``) does not import the renderers and what they need.
"""

from __future__ import annotations

from collections.abc import Mapping

FORMATS = ("md", "json", "txt", "csv-buffer", "csv-hootsuite", "webhook", "clipboard")
"""Every export format."""

FILE_FORMATS: Mapping[str, str] = {
    "md": "md",
    "json": "json",
    "txt": "txt",
    "csv-buffer": "csv",
    "csv-hootsuite": "csv",
}
"""Formats written to a file, and their extension."""
