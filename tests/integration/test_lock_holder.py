"""A write waiting on another process's lock says whose lock it is (user, pid, since)."""

from __future__ import annotations

import getpass
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rtc_tui.store import StoreError, lock_waits_reported
from rtc_tui.store.fsio import FileLock, FileModes

HOLD = """
import sys, time
from pathlib import Path
from rtc_tui.store.fsio import FileLock, FileModes
lock = FileLock(Path(sys.argv[1]), 5.0, FileModes())
with lock.hold():
    print("held", flush=True)
    sys.stdin.readline()
"""
"""Hold the lock until told to let go (a line on stdin)."""


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another real process holding ``tmp_path/drafts.json.lock``, released at teardown."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path / "drafts.json.lock")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == "held\n"
    yield proc
    assert proc.stdin is not None
    proc.stdin.write("\n")
    proc.stdin.close()
    proc.wait(10)


def test_a_long_wait_names_the_holder_and_a_timeout_too(
    tmp_path: Path, holder: subprocess.Popen[str]
) -> None:
    heard: list[str] = []
    lock = FileLock(tmp_path / "drafts.json.lock", 0.8, FileModes())
    with lock_waits_reported(heard.append), pytest.raises(StoreError) as caught, lock.hold():
        pass
    who = f"{getpass.getuser()} (pid {holder.pid}, since "
    [line] = heard
    assert line.startswith(f"drafts.json.lock: waiting for the lock held by {who}")
    assert str(caught.value).startswith(f"{tmp_path / 'drafts.json.lock'}: the lock is held ")
    assert who in str(caught.value)
    assert os.getpid() != holder.pid


def test_no_listener_outside_the_block(tmp_path: Path, holder: subprocess.Popen[str]) -> None:
    heard: list[str] = []
    with lock_waits_reported(heard.append):
        pass
    lock = FileLock(tmp_path / "drafts.json.lock", 0.6, FileModes())
    with pytest.raises(StoreError), lock.hold():
        pass
    assert heard == []
