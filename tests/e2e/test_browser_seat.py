"""``rtc serve`` opened in a real headless Chromium: the app reaches the browser and answers it.

The server is the real command (``python -m rtc_tui serve``) on a free loopback port against a
temp data dir; the browser is Debian's ``chromium`` driven over the DevTools protocol
(:mod:`tests.e2e.browser`). What the test reads is xterm.js's own screen buffer in the page,
the text the browser shows, not the bytes the server sent: a script run before the page's own
catches the page's terminal object when the page creates it.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.browser import Browser, find_chromium
from tests.e2e.serve import free_port, printed_address, rtc_serve, status_of

pytestmark = pytest.mark.skipif(
    find_chromium() is None, reason="chromium is not installed (apt-get install chromium)"
)

WAIT_SECONDS = 25.0
"""How long the page may take to show the app (a loaded CI machine starts Chromium slowly)."""

CATCH_TERMINAL = """
(() => {
  // textual-serve keeps its xterm.js Terminal in a closure as `this.terminal`: a setter on
  // Object.prototype sees that first assignment, keeps the object, then steps aside.
  window.__rtcTerminals = [];
  Object.defineProperty(Object.prototype, "terminal", {
    configurable: true,
    set(value) {
      Object.defineProperty(this, "terminal", {
        value, writable: true, configurable: true, enumerable: true,
      });
      window.__rtcTerminals.push(value);
    },
  });
})();
"""

READ_SCREEN = """
(() => {
  const term = window.__rtcTerminals && window.__rtcTerminals[0];
  if (!term) return null;
  const buffer = term.buffer.active;
  const lines = [];
  for (let row = 0; row < term.rows; row++) {
    const line = buffer.getLine(buffer.viewportY + row);
    lines.push(line ? line.translateToString(true) : "");
  }
  return {cols: term.cols, rows: term.rows, lines: lines};
})()
"""

PANE_TITLES = ("1 Trending", "2 Calendar", "3 Draft", "4 Checklist")


def wait_screen(browser: Browser, wanted: re.Pattern[str], shot: Path) -> dict[str, Any]:
    """Poll the page's terminal until its text matches ``wanted``; fail with the screen."""
    deadline = time.monotonic() + WAIT_SECONDS
    screen: dict[str, Any] | None = None
    while time.monotonic() < deadline:
        screen = browser.evaluate(READ_SCREEN)
        if screen and wanted.search("\n".join(screen["lines"])):
            return screen
        time.sleep(0.1)
    browser.screenshot(shot)
    text = "\n".join(screen["lines"]) if screen else "(no terminal in the page)"
    raise AssertionError(f"{wanted.pattern!r} not in the browser's screen ({shot}):\n{text}")


def press(browser: Browser, key: str, code: str, key_code: int) -> None:
    """A key pressed in the page, as a person's keyboard would send it."""
    for kind, text in (("keyDown", key), ("keyUp", "")):
        event = {"type": kind, "key": key, "code": code, "windowsVirtualKeyCode": key_code}
        browser.command("Input.dispatchKeyEvent", {**event, "text": text} if text else event)


def test_rtc_serve_shows_the_four_panes_in_a_real_browser(tmp_path: Path) -> None:
    chromium = find_chromium()
    assert chromium is not None
    port = free_port()
    with rtc_serve(tmp_path, port) as server:
        address = printed_address(server)
        assert address.startswith(f"http://127.0.0.1:{port}/?key=")
        # Without the key (another user of the machine), neither the page nor the app:
        assert status_of(f"http://127.0.0.1:{port}/") == 403
        assert status_of(f"http://127.0.0.1:{port}/ws") == 403
        assert status_of(f"http://127.0.0.1:{port}/?key=wrong") == 403
        with Browser(chromium, tmp_path / "profile", width=1400, height=900) as browser:
            browser.attach()
            browser.before_scripts(CATCH_TERMINAL)
            browser.open(address)
            panes = re.compile("(?s)" + ".*".join(rf"[─━] {title} [─━]" for title in PANE_TITLES))
            screen = wait_screen(browser, panes, tmp_path / "panes.png")
            # A key typed in the page reaches the app: 2 makes Calendar the active pane.
            browser.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
            press(browser, "2", "Digit2", 50)
            wait_screen(browser, re.compile(r"\A[^\n]*\[2 Calendar\]"), tmp_path / "key.png")
    text = "\n".join(screen["lines"])
    assert screen["cols"] >= 100  # wide enough for the 2x2 layout: all four panes shown
    for title in PANE_TITLES:
        assert re.search(rf"[─━] {title} [─━]", text), f"no pane titled {title!r}:\n{text}"
    assert re.search(r"\[1 Trending\]\s+2 Calendar\s+3 Draft\s+4 Checklist", screen["lines"][0])
    assert str(tmp_path / "data") in text  # the status bar: the data dir given to rtc serve
