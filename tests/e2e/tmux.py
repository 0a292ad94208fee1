"""Drive ``rtc`` in a real terminal: tmux, send-keys, capture-pane."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Terminal:
    """One tmux session running a command, with helpers to type and read the screen."""

    def __init__(self, name: str, exit_file: Path) -> None:
        self.name = name
        self.exit_file = exit_file

    def keys(self, *keys: str) -> None:
        """Send keys as tmux names them (``Enter``, ``C-s``, ``Escape``) or literal text."""
        for key in keys:
            subprocess.run(["tmux", "send-keys", "-t", self.name, key], check=True)
            time.sleep(0.15)

    def type(self, text: str) -> None:
        """Type literal text."""
        subprocess.run(["tmux", "send-keys", "-t", self.name, "-l", text], check=True)
        time.sleep(0.2)

    def screen(self) -> str:
        """The visible screen as plain text."""
        result = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        )
        return result.stdout

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        """Wait until ``text`` is on screen; return the screen (fail with it shown if not)."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared on screen:\n{screen}")

    def wait_exit(self, timeout: float = 15.0) -> int:
        """Wait for the command to end; return its exit status."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.exit_file.exists() and self.exit_file.read_text().strip():
                return int(self.exit_file.read_text().strip())
            time.sleep(0.2)
        raise AssertionError(f"the command did not exit:\n{self.screen()}")


def have_tmux() -> bool:
    """Whether tmux is installed (CI installs it; see .ci/run)."""
    return shutil.which("tmux") is not None


@contextmanager
def terminal(
    args: list[str],
    tmp_path: Path,
    *,
    width: int = 80,
    height: int = 24,
    env: dict[str, str] | None = None,
) -> Iterator[Terminal]:
    """Run ``rtc ARGS`` in a fresh tmux session of the given size."""
    name = f"rtc-test-{uuid.uuid4().hex[:8]}"
    exit_file = tmp_path / f"{name}.exit"
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
    command = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "rtc_tui", *args])
    script = f"env TERM=xterm-256color {exports} {command}; echo $? > {shlex.quote(str(exit_file))}"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), script],
        check=True,
    )
    try:
        yield Terminal(name, exit_file)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
