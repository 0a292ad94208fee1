"""Drive ``rtc`` in a real terminal: tmux, send-keys, capture-pane.

Each :func:`terminal` starts its own tmux server (``tmux -L <unique socket>``, no user config),
so tests running in parallel never share a server, and the server is started from the test's
own environment (its isolated data and config folders reach the app). The server is killed
when the block ends, whatever happened.

Nothing here sleeps for a fixed time between keys: a test sends keys, then waits for what the
screen must show (:meth:`Terminal.wait_for`, :meth:`Terminal.wait_gone`), polling
``capture-pane`` until it appears or a timeout fails the test with the last screen shown.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

POLL_SECONDS = 0.05
"""How often the screen is read while waiting: short, a capture costs a few milliseconds."""

WAIT_SECONDS = 60.0
"""How long a screen condition may take before the test fails. Generous on purpose: waits end
as soon as the condition holds, so this only matters on a machine loaded by other workers and
jobs, where an app start alone can take many seconds and must not read as a bug."""

SESSION = "rtc"
"""The one session on each test's own server."""

Pattern = str | re.Pattern[str]
"""What a wait looks for: literal text, or a compiled regular expression searched for."""


def _found(pattern: Pattern, screen: str) -> bool:
    if isinstance(pattern, re.Pattern):
        return pattern.search(screen) is not None
    return pattern in screen


class Terminal:
    """One tmux server running one command, with helpers to type and read the screen."""

    def __init__(self, socket: str, exit_file: Path) -> None:
        self.socket = socket
        self.exit_file = exit_file

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run a tmux command against this terminal's own server."""
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=check
        )

    def keys(self, *keys: str) -> None:
        """Send keys as tmux names them (``Enter``, ``C-s``, ``Escape``) or literal text.

        The keys are queued in the terminal at once; wait for the screen the keys lead to
        before relying on their effect.
        """
        for key in keys:
            self.tmux("send-keys", "-t", SESSION, key)

    def type(self, text: str) -> None:
        """Type literal text (tmux does not interpret key names in it)."""
        self.tmux("send-keys", "-t", SESSION, "-l", text)

    def screen(self, *, escapes: bool = False) -> str:
        """The visible screen as plain text (with its colour escape sequences if asked)."""
        flags = ["-e"] if escapes else []
        return self.tmux("capture-pane", "-p", *flags, "-t", SESSION, check=False).stdout

    def wait_for(self, *patterns: Pattern, timeout: float = WAIT_SECONDS) -> str:
        """Wait until every pattern is on screen; return the screen (fail with it if not).

        Name everything the test then reads from the screen: a frame may be captured while
        the terminal is still drawing it.
        """
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            missing = [p for p in patterns if not _found(p, screen)]
            if not missing:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{missing!r} never appeared on screen:\n{screen}")
            time.sleep(POLL_SECONDS)

    def wait_gone(self, pattern: Pattern, timeout: float = WAIT_SECONDS) -> str:
        """Wait until ``pattern`` has left the screen; return the screen (fail if it stays)."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if not _found(pattern, screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{pattern!r} never went away:\n{screen}")
            time.sleep(POLL_SECONDS)

    def settled(self, quiet: float = 1.0, timeout: float = WAIT_SECONDS) -> str:
        """The screen once it has not changed for ``quiet`` seconds (fail if it never rests).

        For comparing whole screens: a frame read while the app is still drawing would differ
        for no fault of the app. The cursor's blink does not count (``capture-pane -p`` shows
        no attributes).
        """
        deadline = time.monotonic() + timeout
        last = self.screen()
        since = time.monotonic()
        while time.monotonic() - since < quiet:
            if time.monotonic() > deadline:
                raise AssertionError(f"the screen never settled:\n{last}")
            time.sleep(POLL_SECONDS)
            screen = self.screen()
            if screen != last:
                last, since = screen, time.monotonic()
        return last

    def resize(self, width: int, height: int) -> None:
        """Resize the terminal, as a user dragging the window's corner does."""
        self.tmux("resize-window", "-t", SESSION, "-x", str(width), "-y", str(height))

    def wait_exit(self, timeout: float = WAIT_SECONDS) -> int:
        """Wait for the command to end; return its exit status."""
        deadline = time.monotonic() + timeout
        while True:
            status = self.exit_file.read_text().strip() if self.exit_file.exists() else ""
            if status:
                if int(status) != 0:
                    # Shown with the test's output when it fails: what the app said last.
                    print(f"exit status {status}; the terminal then:\n{self.screen()}")
                return int(status)
            if time.monotonic() > deadline:
                raise AssertionError(f"the command did not exit:\n{self.screen()}")
            time.sleep(POLL_SECONDS)


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
    module: str = "rtc_tui",
) -> Iterator[Terminal]:
    """Run ``rtc ARGS`` in a fresh tmux server of the given size; kill the server afterwards.

    Args:
        args: The command line after ``rtc`` (after ``python -m MODULE``).
        tmp_path: The test's folder (the exit status is written there).
        width: Terminal columns.
        height: Terminal rows.
        env: Variables set for the app on top of the test's environment (``TERM`` defaults to
            ``xterm-256color``).
        module: What ``python -m`` runs: ``rtc`` itself, or a test's own launcher
            (``tests.e2e.frozen_demo``).
    """
    socket = f"rtc-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    exit_file = tmp_path / f"{socket}.exit"
    exports = " ".join(
        f"{k}={shlex.quote(v)}" for k, v in {"TERM": "xterm-256color", **(env or {})}.items()
    )
    command = " ".join(shlex.quote(a) for a in [sys.executable, "-m", module, *args])
    # A failing command's last words (a traceback printed after the app left the alternate
    # screen) stay on the pane until the server is killed, for wait_exit to show them.
    script = (
        f"env {exports} {command}; status=$?; echo $status > {shlex.quote(str(exit_file))}; "
        f"[ $status -eq 0 ] || sleep {int(WAIT_SECONDS) + 30}"
    )
    # COLUMNS/LINES (left in the environment by a test run beside) would override the real
    # terminal's size in the app (shutil.get_terminal_size reads them first).
    server_env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "COLUMNS", "LINES")}
    subprocess.run(
        ["tmux", "-L", socket, "-f", os.devnull, "new-session", "-d", "-s", SESSION]
        + ["-x", str(width), "-y", str(height), script],
        check=True,
        env=server_env,
    )
    try:
        yield Terminal(socket, exit_file)
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)
