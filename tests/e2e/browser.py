"""A real headless Chromium (Debian's ``chromium``) driven over the DevTools protocol.

No client library: Chromium speaks CDP over a pair of pipes (``--remote-debugging-pipe``: it
reads commands on fd 3 and writes answers on fd 4, each message JSON ended by a NUL byte), so
the standard library is enough. Only what the tests need: open a page, run JavaScript before
the page's own scripts, evaluate an expression, take a screenshot.

The browser can reach nothing but this machine: every host name other than ``127.0.0.1``
resolves to nothing (``--host-resolver-rules``), so a page that asks for a web font, or
Chromium's own background services, never leave the loopback.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import signal
import tempfile
import time
from pathlib import Path
from typing import Any

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def find_chromium() -> str | None:
    """The path of a Chromium on ``PATH``, if there is one."""
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


class BrowserError(RuntimeError):
    """The browser answered a command with an error, or did not answer in time."""


class Browser:
    """One headless Chromium with one page; use as a context manager."""

    def __init__(self, executable: str, profile: Path, *, width: int, height: int) -> None:
        args = [
            executable,
            "--headless",
            "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-extensions",
            "--no-first-run",
            "--no-default-browser-check",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            "--remote-debugging-pipe",
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            "about:blank",
        ]
        to_browser_r, to_browser_w = os.pipe()
        from_browser_r, from_browser_w = os.pipe()
        # Lift the child's ends above fd 9 first, so placing them at 3 and 4 clobbers neither;
        # posix_spawn (no fork of this threaded process, no preexec_fn) then puts them there.
        ends = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (to_browser_r, from_browser_w)]
        for fd in (to_browser_r, from_browser_w):
            os.close(fd)
        self._tmp = tempfile.mkdtemp(prefix="rtc-chromium-", dir="/tmp")
        devnull = os.open(os.devnull, os.O_RDWR | os.O_CLOEXEC)
        self.log = profile.with_name(profile.name + ".log")
        log = os.open(self.log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
        try:
            self.pid = os.posix_spawn(
                executable,
                args,
                # Its singleton socket lives in TMPDIR, and a socket path must stay under 108
                # bytes: a test's deep temp folder is too long, so it gets a short one.
                {**os.environ, "TMPDIR": self._tmp},
                file_actions=[
                    (os.POSIX_SPAWN_DUP2, devnull, 0),
                    (os.POSIX_SPAWN_DUP2, log, 1),
                    (os.POSIX_SPAWN_DUP2, log, 2),
                    (os.POSIX_SPAWN_DUP2, ends[0], 3),
                    (os.POSIX_SPAWN_DUP2, ends[1], 4),
                ],
            )
        finally:
            for fd in (*ends, devnull, log):
                os.close(fd)
        self._to_browser = to_browser_w
        self._from_browser = from_browser_r
        self._buffer = b""
        self._next_id = 0
        self._session = ""

    # -- the protocol ---------------------------------------------------------------------

    def command(
        self, method: str, params: dict[str, Any] | None = None, *, timeout: float = 15.0
    ) -> dict[str, Any]:
        """Send one command (to the page once attached) and return its result."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if self._session and not method.startswith(("Target.", "Browser.")):
            message["sessionId"] = self._session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            answer = self._read(deadline)
            if answer.get("id") != self._next_id:
                continue  # an event, or an answer to nothing we wait for
            if "error" in answer:
                raise BrowserError(f"{method}: {answer['error']}")
            result: dict[str, Any] = answer.get("result", {})
            return result

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("the browser did not answer in time")
            ready, _, _ = select.select([self._from_browser], [], [], left)
            if ready:
                chunk = os.read(self._from_browser, 1 << 16)
                if not chunk:
                    raise BrowserError(f"the browser closed its pipe; its log:\n{self._log_tail()}")
                self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def _log_tail(self) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-20:])
        except OSError:
            return "(no log)"

    # -- what the tests use -----------------------------------------------------------------

    def attach(self) -> None:
        """Attach to the page Chromium opened; later page commands go to it."""
        targets = self.command("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        attached = self.command(
            "Target.attachToTarget", {"targetId": page["targetId"], "flatten": True}
        )
        self._session = attached["sessionId"]
        self.command("Page.enable")
        self.command("Runtime.enable")

    def before_scripts(self, source: str) -> None:
        """Run ``source`` in every page this tab loads, before the page's own scripts."""
        self.command("Page.addScriptToEvaluateOnNewDocument", {"source": source})

    def open(self, url: str) -> None:
        """Navigate to ``url``."""
        self.command("Page.navigate", {"url": url})

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (JSON-like values)."""
        result = self.command("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def screenshot(self, path: Path) -> None:
        """Save a PNG of the page (for a person looking at a failure)."""
        data = self.command("Page.captureScreenshot", {"format": "png"})["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        """Ask the browser to quit; kill it if it does not."""
        with contextlib.suppress(BrowserError, OSError):
            self.command("Browser.close", timeout=5)
        deadline = time.monotonic() + 5
        while os.waitpid(self.pid, os.WNOHANG) == (0, 0):
            if time.monotonic() > deadline:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
                break
            time.sleep(0.05)
        for fd in (self._to_browser, self._from_browser):
            with contextlib.suppress(OSError):
                os.close(fd)
        shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
