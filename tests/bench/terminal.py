"""A real terminal for the benchmark: a tmux server of its own, one 80x24 session per app run.

Each run is started through :mod:`tests.bench.wrap` inside a fresh tmux session; every byte the
app writes to its terminal is copied to a file by ``pipe-pane`` before the app starts, so the
benchmark can count bytes and see when output stops. Keys are sent with ``send-keys``. Nothing
here looks inside the app: what is measured is what a user's terminal receives.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

WRAP = Path(__file__).with_name("wrap.py")
SIZE = (80, 24)
QUIET = 0.04
"""Output silent this long after a key means the key's repaint is complete."""


class Tmux:
    """A tmux server on its own socket (``-L``), killed with everything in it at the end."""

    def __init__(self, workdir: Path) -> None:
        self.socket = f"rtc-bench-{os.getpid()}"
        self.workdir = workdir
        self.count = 0

    def tmux(self, *args: str) -> str:
        """Run one tmux command on this server; its standard output."""
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def start(self, command: list[str], env: dict[str, str] | None = None) -> Run:
        """Start ``command`` in a new 80x24 session; returns once it is running and piped."""
        if self.count == 0:
            # An idle session keeps the server up between runs: a server whose last session
            # just ended exits, and a new-session racing with that exit fails.
            self.tmux("new-session", "-d", "-s", "keeper", "-x", "80", "-y", "24", "sleep 86400")
        self.count += 1
        name = f"run{self.count}"
        base = self.workdir / name
        record, go, output = (base.with_suffix(s) for s in (".json", ".go", ".out"))
        output.write_bytes(b"")
        full = [sys.executable, str(WRAP), str(record), str(go), "--", *command]
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        shell = f"cd {shlex.quote(str(Path.cwd()))} && env {exports} {shlex.join(full)}"
        self.tmux("new-session", "-d", "-s", name, "-x", str(SIZE[0]), "-y", str(SIZE[1]), shell)
        self.tmux("set-option", "-t", name, "remain-on-exit", "off")
        self.tmux("pipe-pane", "-o", "-t", name, f"cat >> {shlex.quote(str(output))}")
        go.write_text("go")
        return Run(self, name, record, output)

    def close(self) -> None:
        """Kill the server and every session left in it."""
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False)


@dataclass
class Run:
    """One app run inside its tmux session."""

    tmux: Tmux
    name: str
    record: Path
    output: Path

    def size(self) -> int:
        """Bytes the app has written to its terminal so far."""
        return self.output.stat().st_size

    def screen(self) -> str:
        """The screen as text (what a user sees)."""
        return self.tmux.tmux("capture-pane", "-p", "-t", self.name)

    def wait_for(self, text: str, timeout: float = 240.0) -> float:
        """Wait until ``text`` is on the screen; the wall-clock time it was first seen."""
        needle = text.encode("utf-8")
        deadline = time.time() + timeout
        seen_up_to = 0
        while time.time() < deadline:
            data = self.output.read_bytes()
            if needle in data[max(0, seen_up_to - len(needle)) :]:
                return time.time()
            seen_up_to = len(data)
            time.sleep(0.002)
        raise TimeoutError(f"{text!r} never appeared; screen:\n{self.screen()}")

    def wait_on_screen(self, text: str, timeout: float = 30.0) -> float:
        """Wait until ``text`` is on the screen as tmux shows it; the wall-clock time seen.

        For text a repaint may write only part of (a row that differs from the one it replaces
        by a digit): the screen is read every few milliseconds, so a sample is that late at most.
        """
        deadline = time.time() + timeout
        while time.time() < deadline:
            if text in self.screen():
                return time.time()
            time.sleep(0.005)
        raise TimeoutError(f"{text!r} never appeared; screen:\n{self.screen()}")

    def settle(self, quiet: float = 0.3, timeout: float = 30.0) -> None:
        """Wait until the app has written nothing for ``quiet`` seconds."""
        deadline = time.time() + timeout
        last, since = self.size(), time.time()
        while time.time() < deadline:
            time.sleep(0.01)
            now = self.size()
            if now != last:
                last, since = now, time.time()
            elif time.time() - since >= quiet:
                return

    def send(self, *keys: str) -> None:
        """Send keys (tmux names: ``Down``, ``NPage``, ``C-q``, or literal text with ``-l``)."""
        self.tmux.tmux("send-keys", "-t", self.name, *keys)

    def key(self, key: str, *, literal: bool = False, timeout: float = 3.0) -> tuple[float, int]:
        """Send one key and time its repaint: (seconds until output stopped, bytes written).

        The clock starts before the key is sent and stops at the last byte of the burst of
        output that follows (the burst ends after :data:`QUIET` seconds of silence). A key that
        writes nothing within ``timeout`` gives ``(timeout, 0)``.
        """
        before = self.size()
        started = time.perf_counter()
        self.send(*(["-l", key] if literal else [key]))
        last, changed = before, None
        while True:
            now = time.perf_counter()
            size = self.size()
            if size != last:
                last, changed = size, now
            elif changed is not None and now - changed >= QUIET:
                break
            if now - started > timeout:
                break
            time.sleep(0.0005)
        if changed is None:
            return timeout, 0
        return changed - started, last - before

    def wait_exit(self, timeout: float = 120.0) -> dict[str, float]:
        """Wait for the app to exit; its record (start, exit, rss_kib, code)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.record.exists():
                result: dict[str, float] = json.loads(self.record.read_text())
                return result
            time.sleep(0.002)
        raise TimeoutError(f"{self.name} did not exit; screen:\n{self.screen()}")

    def started_at(self) -> float:
        """Wall-clock start of the app (known once it exited: read from the record)."""
        return float(self.wait_exit()["start"])
