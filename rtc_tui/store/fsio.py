"""File operations that never follow a link: atomic writes, atomic copies, a lock, checks.

A data dir may be shared (a team on one server) or planted with links by someone who can write
in it. Everything here opens files with ``O_NOFOLLOW`` and creates them with ``O_EXCL`` under a
fresh name, then renames them into place: ``rename`` replaces a link planted at the destination
instead of writing through it, so a ``drafts.json.bak`` pointing at a victim file leaves that
file untouched. Modes and the group come from :class:`FileModes` (0700/0600 alone, 2770/0660
for a team group) and are set with ``fchmod``/``fchown`` on the open descriptor, never by path.
Every ``OSError`` becomes a :class:`StoreError` whose one line names the file and the reason.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import getpass
import json
import os
import secrets
import stat
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rtc_tui.core.errors import UserFacingError
from rtc_tui.i18n import N_, NC_, _, pgettext


class StoreError(UserFacingError):
    """A data file that cannot be used; the message names the file, in one line."""


class StoreCorruptError(StoreError):
    """A data file exists but is not valid JSON of the expected shape."""


class StoreUnreachableError(StoreError):
    """The store's server cannot be reached now (down, restarting, the network cut).

    Distinct from every other store error because it passes by itself: nothing was written,
    and the same write can go through once the server is back, so the app keeps the work and
    waits instead of reporting a failure. A data dir on a local disk never raises it.
    """


TEMP_SUFFIX = ".tmp"
"""Temporary files are ``.<name>.<pid>.<random>.tmp`` beside the file they will replace."""

_REASONS = {
    errno.ENOSPC: N_("no space left on the device"),
    errno.EDQUOT: N_("disk quota exceeded"),
    errno.EROFS: N_("the file system is read-only"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("operation not permitted"),
    errno.ELOOP: N_("it is a symbolic link (refused: links are never followed)"),
}


def describe_os_error(exc: OSError) -> str:
    """The reason of an ``OSError`` in words, without the errno number or a path."""
    if exc.errno in _REASONS:
        return _(_REASONS[exc.errno])
    return (exc.strerror or type(exc).__name__).lower()


def store_error(path: Path, action: str, exc: OSError) -> StoreError:
    """One line: ``<path>: cannot <action>: <reason>``, with nothing written or changed.

    ``action`` is marked ``NC_("file action", ...)`` and said in the interface language.
    """
    return StoreError(
        _("{path}: cannot {action}: {reason}").format(
            path=path, action=pgettext("file action", action), reason=describe_os_error(exc)
        )
    )


@dataclass(frozen=True)
class FileModes:
    """Who may read the data dir: the owner alone (default) or a team group.

    Attributes:
        dir_mode: mode of the data dir and its folders (``0o700``, or ``0o2770`` for a group).
        file_mode: mode of every file written (``0o600``, or ``0o660`` for a group).
        gid: the team group's id, or ``None`` to keep the owner's group.
    """

    dir_mode: int = 0o700
    file_mode: int = 0o600
    gid: int | None = None

    @classmethod
    def for_group(cls, gid: int | None) -> FileModes:
        """Owner-only modes without a group; group-shared modes (setgid dir) with one."""
        if gid is None:
            return cls()
        return cls(dir_mode=0o2770, file_mode=0o660, gid=gid)


def ensure_dir(path: Path, modes: FileModes, *, tighten_existing: bool = True) -> None:
    """Create ``path`` (and parents) if needed and give it the configured mode.

    A folder that already existed gets the mode only with ``tighten_existing`` (the data dir:
    an older rtc made it 0755) and only when we own it; a read-only file system leaves it be.

    Raises:
        StoreError: it cannot be created, or it is not a folder.
    """
    existed = path.is_dir()
    try:
        path.mkdir(parents=True, exist_ok=True)
        st = path.stat()
    except FileExistsError:
        raise StoreError(
            _("{path}: cannot use as a folder: it is not a folder").format(path=path)
        ) from None
    except OSError as exc:
        raise store_error(path, NC_("file action", "create the folder"), exc) from exc
    if not stat.S_ISDIR(st.st_mode):
        raise StoreError(_("{path}: cannot use as a folder: it is not a folder").format(path=path))
    if st.st_uid != os.geteuid() or (existed and not tighten_existing):
        return
    try:
        if modes.gid is not None and st.st_gid != modes.gid:
            os.chown(path, -1, modes.gid)
        if stat.S_IMODE(st.st_mode) != modes.dir_mode:
            os.chmod(path, modes.dir_mode)
    except OSError as exc:
        if exc.errno == errno.EROFS:
            return
        raise store_error(path, NC_("file action", "set the folder's permissions"), exc) from exc


def check_entry(path: Path, modes: FileModes) -> None:
    """Refuse a data file that is a link, not a regular file, or owned by someone else.

    In group mode a file owned by a teammate is fine when it belongs to the team group.

    Raises:
        StoreError: one line saying what is wrong with ``path``.
    """
    try:
        st = path.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise store_error(path, NC_("file action", "check"), exc) from exc
    if stat.S_ISLNK(st.st_mode):
        raise StoreError(
            _("{path}: refused: it is a symbolic link (data files must be real files)").format(
                path=path
            )
        )
    if not stat.S_ISREG(st.st_mode):
        raise StoreError(_("{path}: refused: it is not a regular file").format(path=path))
    if st.st_uid == os.geteuid():
        return
    if modes.gid is not None and st.st_gid == modes.gid:
        return
    raise StoreError(
        _("{path}: refused: it is owned by another user (uid {uid})").format(
            path=path, uid=st.st_uid
        )
    )


def _apply_modes(fd: int, modes: FileModes) -> None:
    if modes.gid is not None:
        os.fchown(fd, -1, modes.gid)
    os.fchmod(fd, modes.file_mode)


def create_exclusive(path: Path, modes: FileModes) -> int:
    """Create ``path`` (which must not exist, links included) and return its descriptor.

    Raises:
        FileExistsError: something (a file, a link) is already there; it is left untouched.
        OSError: it cannot be created.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    fd = os.open(path, flags, modes.file_mode)
    try:
        _apply_modes(fd, modes)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
    return fd


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def temp_name(path: Path) -> Path:
    """A fresh temporary name beside ``path``, carrying our pid so leftovers can be told apart."""
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_atomic(path: Path, data: bytes, modes: FileModes) -> None:
    """Write ``data`` to ``path``: a fresh temp file, fsync, then rename over ``path``.

    Raises:
        StoreError: it cannot be written; ``path`` is unchanged and no temp file is left.
    """
    tmp = temp_name(path)
    try:
        _write_new(tmp, data, modes)
    except OSError as exc:
        raise store_error(path, NC_("file action", "write"), exc) from exc
    try:
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise store_error(path, NC_("file action", "write"), exc) from exc
        raise
    _fsync_dir(path.parent)


def _write_new(path: Path, data: bytes, modes: FileModes) -> None:
    """``path`` created exclusively, ``data`` written and fsynced; removed again on a failure.

    Raises:
        FileExistsError: something is at ``path`` already; it is left untouched.
        OSError: it cannot be written (and is not left behind).
    """
    fd = create_exclusive(path, modes)
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise


_NO_HARD_LINKS = {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP}
"""What ``link`` answers where a hard link cannot be made (some FUSE, SMB and FAT mounts)."""


def create_complete(path: Path, data: bytes, modes: FileModes) -> None:
    """Create ``path`` holding ``data``, whole from the moment it appears; never replace.

    Written and fsynced under a fresh temporary name, then hard-linked to ``path``: ``link``
    fails if anything is there (a file, a planted link, which it does not follow), so nothing
    is ever overwritten, and whoever sees the name (a script or a sync tool watching the
    exports folder) reads every byte, never a file still being written. Where the file system
    has no hard links, the file is created exclusively at ``path`` and written there.

    Raises:
        FileExistsError: something is at ``path`` already; it is left untouched.
        OSError: it cannot be written; nothing is left at ``path`` nor under a temporary name.
    """
    tmp = temp_name(path)
    _write_new(tmp, data, modes)
    try:
        os.link(tmp, path, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        _write_new(path, data, modes)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    _fsync_dir(path.parent)


def read_nofollow(path: Path) -> bytes | None:
    """The bytes of ``path``, or ``None`` if it does not exist; a link is refused.

    Raises:
        StoreError: it is a link, not a regular file, or cannot be read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise store_error(path, NC_("file action", "read"), exc) from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise StoreError(_("{path}: refused: it is not a regular file").format(path=path))
        # One read of the whole file (a 6 MB file read by the megabyte and joined cost 8 ms),
        # then on to the end in case it grew meanwhile.
        chunks = [os.read(fd, info.st_size + 1)]
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    except OSError as exc:
        raise store_error(path, NC_("file action", "read"), exc) from exc
    finally:
        os.close(fd)


def backup_atomic(path: Path, modes: FileModes) -> None:
    """Keep the current ``path`` as ``<path>.bak``, atomically, before it is replaced.

    The backup is a hard link made under a fresh temp name and renamed into place: it costs no
    copy (the old contents stay on disk once ``path`` is renamed over), a crash leaves the
    previous backup whole, and a link planted at ``<path>.bak`` is replaced, never written
    through. Where hard links are not supported, a fresh atomic copy is made instead.
    """
    backup = path.with_name(path.name + ".bak")
    tmp = temp_name(backup)
    try:
        os.link(path, tmp, follow_symlinks=False)
    except FileNotFoundError:
        return
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise store_error(backup, NC_("file action", "write"), exc) from exc
        data = read_nofollow(path)
        if data is not None:
            write_atomic(backup, data, modes)
        return
    try:
        os.replace(tmp, backup)
    except OSError as exc:
        raise store_error(backup, NC_("file action", "write"), exc) from exc
    finally:
        # After a crash between backup and write the backup already is this file: rename
        # then does nothing and leaves the temp name behind.
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _pid_alive(pid: int) -> bool:
    if pid <= 0:  # 0 would ask about our own process group
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def temp_files(path: Path) -> list[Path]:
    """Temp files beside ``path`` (its own and its backup's), oldest name first."""
    prefix = f".{path.name}."
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    return sorted(
        path.parent / n for n in names if n.startswith(prefix) and n.endswith(TEMP_SUFFIX)
    )


def clean_stale_temps(path: Path) -> list[Path]:
    """Remove temp files left beside ``path`` (its own and its backup's) by dead processes.

    Called under the file's lock, so no live writer of ours can own one; a temp file is only
    removed when the pid in its name is no longer running (or it has none: an older name),
    which keeps a writer on another host of a shared folder safe enough to never lose a write.
    """
    removed: list[Path] = []
    prefix_len = len(path.name) + 2
    for candidate in temp_files(path):
        middle = candidate.name[prefix_len : -len(TEMP_SUFFIX)].removeprefix("bak.")
        pid_text = middle.split(".", 1)[0]
        if pid_text.isdigit() and (int(pid_text) == os.getpid() or _pid_alive(int(pid_text))):
            continue
        with contextlib.suppress(OSError):
            if stat.S_ISREG(candidate.lstat().st_mode):
                candidate.unlink()
                removed.append(candidate)
    return removed


LockListener = Callable[[str], None]
"""Told, in one line, that a write waits for a lock another process holds, and whose it is."""

_lock_listener: ContextVar[LockListener | None] = ContextVar("rtc_lock_listener", default=None)

WAIT_REPORT_SECONDS = 0.5
"""A wait for a lock longer than this is reported to the listener (once per wait)."""


@contextlib.contextmanager
def lock_waits_reported(listener: LockListener) -> Iterator[None]:
    """Tell ``listener`` about every long wait for a lock in this thread, for the block."""
    token = _lock_listener.set(listener)
    try:
        yield
    finally:
        _lock_listener.reset(token)


def describe_holder(raw: bytes) -> str:
    """Who holds a lock, from what the holder wrote in the lock file (``someone`` if unknown)."""
    try:
        holder = json.loads(raw)
        since = datetime.fromisoformat(holder["since"])
        return _("{user} (pid {pid}, since {time} UTC)").format(
            user=holder["user"], pid=holder["pid"], time=f"{since:%H:%M:%S}"
        )
    except (ValueError, KeyError, TypeError):
        return _("someone")


class FileLock:
    """An inter-process lock on ``<file>.lock`` (``flock``), opened without following links.

    Re-entrant within a thread; two threads of one process exclude each other like two
    processes do (each acquisition opens its own descriptor). The holder writes who it is
    (login name, pid, since when) into the lock file, so a process that has to wait can say
    whose lock it waits for (see :func:`lock_waits_reported`) and a timeout names the holder.
    """

    def __init__(self, path: Path, timeout: float, modes: FileModes) -> None:
        self.path = path
        self.timeout = timeout
        self.modes = modes
        self._local = threading.local()

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """Hold the lock for the ``with`` block.

        Raises:
            StoreError: the lock file cannot be opened, or another process keeps it too long.
        """
        depth: int = getattr(self._local, "depth", 0)
        if depth:
            self._local.depth = depth + 1
            try:
                yield
            finally:
                self._local.depth = depth
            return
        fd = self._open()
        try:
            self._acquire(fd)
            self._write_holder(fd)
            self._local.depth = 1
            try:
                yield
            finally:
                self._local.depth = 0
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def _open(self) -> int:
        flags = os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC
        try:
            return os.open(self.path, flags)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise store_error(self.path, NC_("file action", "open the lock file"), exc) from exc
        try:
            fd = create_exclusive(self.path, self.modes)
        except FileExistsError:
            return self._open()  # another process created it just now
        except OSError as exc:
            raise store_error(self.path, NC_("file action", "create the lock file"), exc) from exc
        os.close(fd)
        return self._open()

    def _acquire(self, fd: int) -> None:
        start = time.monotonic()
        deadline = start + self.timeout
        delay = 0.002
        listener = _lock_listener.get()
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                now = time.monotonic()
                if now >= deadline:
                    raise StoreError(
                        _("{path}: the lock is held too long by {holder}").format(
                            path=self.path, holder=self._holder(fd)
                        )
                    ) from None
                if listener is not None and now - start >= WAIT_REPORT_SECONDS:
                    listener(
                        _("{name}: waiting for the lock held by {holder}").format(
                            name=self.path.name, holder=self._holder(fd)
                        )
                    )
                    listener = None
                time.sleep(delay)
                delay = min(delay * 2, 0.05)
            except OSError as exc:
                raise store_error(self.path, NC_("file action", "lock"), exc) from exc

    @staticmethod
    def _holder(fd: int) -> str:
        try:
            return describe_holder(os.pread(fd, 4096, 0))
        except OSError:
            return _("someone")

    @staticmethod
    def _write_holder(fd: int) -> None:
        """Say who holds the lock, in the lock file (best effort: the lock works without)."""
        try:
            user = getpass.getuser()
        except (KeyError, OSError):  # no login name (a container without a passwd entry)
            user = f"uid {os.getuid()}"
        holder = {"user": user, "pid": os.getpid(), "since": datetime.now(UTC)}
        data = json.dumps(holder, default=datetime.isoformat).encode()
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, data, 0)
