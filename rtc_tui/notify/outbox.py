"""Notifications kept on disk when the app quits before they could be sent.

Quitting waits a moment (``notify.drain``) for pending notifications; whatever is still pending
then is written here, one small JSON file each, under ``<data dir>/notify-outbox/``, and the
next ``rtc`` that starts its notifier on the same data dir sends it. Files name their webhook by
a digest of its URL (the URL itself is a secret and never written), so a notification goes
back to the webhook it was meant for, and one whose webhook left the config stays for
``rtc doctor`` to report.

Several processes may share the data dir: a process takes a file by renaming it to a name
carrying its pid (a rename is atomic, so exactly one wins), deletes it once sent or given up,
and a file taken by a process that has since died is taken again. Delivery is at least once:
a notification in flight at the moment of quitting may arrive twice, never zero times.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from rtc_tui.notify.journal import OWNER_ONLY
from rtc_tui.notify.message import Notification
from rtc_tui.store.fsio import FileModes, StoreError, ensure_dir, write_atomic

FOLDER = "notify-outbox"
"""The outbox's folder name inside the data dir."""

SUFFIX = ".json"
_TAKEN = ".taken-"


@dataclass(frozen=True)
class Kept:
    """A notification read back from the outbox, and the file to delete once it is done."""

    webhook: str
    notification: Notification
    path: Path


class Outbox:
    """The folder of kept notifications."""

    def __init__(self, folder: Path, modes: FileModes = OWNER_ONLY) -> None:
        self.folder = folder
        self._modes = modes

    def keep(self, webhook: str, notification: Notification) -> Path:
        """Write ``notification`` for ``webhook`` (its key) to a new file; return its path.

        Raises:
            StoreError: it cannot be written (the caller logs it: it is then lost).
        """
        ensure_dir(self.folder, self._modes, tighten_existing=False)
        name = f"{time.time_ns():020d}-{secrets.token_hex(4)}{SUFFIX}"
        path = self.folder / name
        record = {"webhook": webhook, "notification": notification.to_record()}
        write_atomic(path, json.dumps(record, ensure_ascii=False).encode("utf-8"), self._modes)
        return path

    def release(self, path: Path) -> None:
        """Give a taken file back (this process quits before sending it)."""
        original = path.with_name(path.name.split(_TAKEN, 1)[0])
        with contextlib.suppress(OSError):
            os.replace(path, original)

    def take(self, webhook: str, limit: int) -> list[Kept]:
        """Take up to ``limit`` kept notifications for ``webhook``, oldest first.

        A file that is not a notification (truncated, hand-edited) is renamed ``*.bad`` and
        left for ``rtc doctor``; it is never sent and never deleted.
        """
        taken: list[Kept] = []
        for path in self._candidates():
            if len(taken) >= limit:
                break
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._set_aside(path)
                continue
            if not isinstance(record, dict) or record.get("webhook") != webhook:
                continue
            mine = path.with_name(path.name.split(_TAKEN, 1)[0] + f"{_TAKEN}{os.getpid()}")
            try:
                os.rename(path, mine)
            except OSError:
                continue  # another process took it first
            try:
                notification = Notification.from_record(record.get("notification") or {})
            except ValueError:
                self._set_aside(mine)
                continue
            taken.append(Kept(webhook, notification, mine))
        return taken

    def waiting(self) -> list[Path]:
        """Every kept notification not being sent by a live process (``rtc doctor``)."""
        return list(self._candidates())

    def done(self, path: Path) -> None:
        """Delete a taken file: its notification was sent or given up."""
        with contextlib.suppress(OSError):
            path.unlink()

    def _candidates(self) -> list[Path]:
        try:
            names = sorted(os.listdir(self.folder))
        except OSError:
            return []
        out = []
        for name in names:
            if name.startswith("."):
                continue  # a temp file being written
            if name.endswith(SUFFIX) or _TAKEN in name and not _alive(name.rsplit(_TAKEN, 1)[1]):
                out.append(self.folder / name)
        return out

    def _set_aside(self, path: Path) -> None:
        with contextlib.suppress(OSError):
            os.replace(path, path.with_name(path.name.split(_TAKEN, 1)[0] + ".bad"))


def _alive(pid_text: str) -> bool:
    """Whether the process that took a file still runs (on this machine)."""
    try:
        pid = int(pid_text)
    except ValueError:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # a teammate's live process
    return True


__all__ = ["FOLDER", "Kept", "Outbox", "StoreError"]
