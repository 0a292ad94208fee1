"""The notification log: every failure, retry and give-up, one line each, in the data dir.

Notifications are sent in the background, often after the command that caused them has ended;
the health line in the app shows the current state, and this file keeps what happened for
``rtc doctor`` and for whoever asks "why did the channel not hear about the export?". Lines are
appended with ``O_APPEND`` (several ``rtc`` processes may share it) and the file is rotated to
``notify.log.1`` past :data:`MAX_BYTES`, so it never grows without bound. A URL never appears
in it: webhooks are named by their ``name`` or their host.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from rtc_tui.store.fsio import FileModes

OWNER_ONLY = FileModes()
"""The default modes: owner-only files (the data dir's own default)."""

MAX_BYTES = 256 * 1024
"""Size past which the log is rotated (one old generation is kept)."""


def utc_stamp() -> str:
    """Now, as the log writes it (UTC, to the second)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Journal:
    """Appends lines to ``notify.log`` (nowhere, when there is no data dir)."""

    def __init__(
        self,
        path: Path | None,
        modes: FileModes = OWNER_ONLY,
        *,
        stamp: Callable[[], str] = utc_stamp,
    ) -> None:
        self.path = path
        self._modes = modes
        self._stamp = stamp
        self._lock = threading.Lock()

    def write(self, line: str) -> None:
        """Append ``line`` with the time; a log that cannot be written is not an error.

        The log is the second place failures are reported (the health line is the first):
        a full disk must not turn a failed notification into a crashed sender.
        """
        if self.path is None:
            return
        data = f"{self._stamp()} {' '.join(line.split())}\n".encode()
        with self._lock, contextlib.suppress(OSError):
            self._rotate()
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
            fd = os.open(self.path, flags, self._modes.file_mode)
            try:
                os.write(fd, data)
            finally:
                os.close(fd)

    def tail(self, count: int) -> list[str]:
        """The last ``count`` lines (``rtc doctor`` shows them)."""
        if self.path is None:
            return []
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return []
        return text.splitlines()[-count:]

    def _rotate(self) -> None:
        assert self.path is not None
        try:
            size = self.path.lstat().st_size
        except FileNotFoundError:
            return
        if size >= MAX_BYTES:
            os.replace(self.path, self.path.with_name(self.path.name + ".1"))
