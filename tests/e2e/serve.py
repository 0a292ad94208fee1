"""``rtc serve`` as a real process for tests: a free port, its printed address, plain requests."""

from __future__ import annotations

import contextlib
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

WAIT_SECONDS = 25.0
"""How long ``rtc serve`` may take to listen (a loaded CI machine starts Python slowly)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def rtc_serve(tmp_path: Path, port: int) -> Iterator[subprocess.Popen[str]]:
    """``rtc serve`` on ``port`` with no trending source (nothing leaves the machine)."""
    config = tmp_path / "config.yaml"
    config.write_text("sources: []\n", encoding="utf-8")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "rtc_tui",
            "serve",
            "--port",
            str(port),
            "--data-dir",
            str(tmp_path / "data"),
            "--config",
            str(config),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own group: the app processes it starts go with it
    )
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def printed_address(process: subprocess.Popen[str]) -> str:
    """The address ``rtc serve`` prints once listening (``.../?key=...``), read from its output."""
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    seen = []
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.1)
        except queue.Empty:
            if process.poll() is not None:
                break
            continue
        seen.append(line)
        found = re.search(r"Open (http://\S+/\?key=\S+)", line)
        if found:
            _wait_listening(found.group(1), deadline)
            return found.group(1)
    raise AssertionError(f"rtc serve printed no address to open:\n{''.join(seen)}")


def _wait_listening(address: str, deadline: float) -> None:
    """Wait until the printed address accepts connections.

    The address is printed from the web app's start-up hook, which runs just before the
    socket is bound: a request sent at once can meet a closed port.
    """
    parts = urllib.parse.urlsplit(address)
    while True:
        try:
            with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80), 1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise AssertionError(f"rtc serve printed {address} but never listened") from None
            time.sleep(0.05)


def status_of(url: str) -> int:
    """The HTTP status a plain request (no key, no cookie) gets."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            status: int = response.status
            return status
    except urllib.error.HTTPError as refused:
        return refused.code
