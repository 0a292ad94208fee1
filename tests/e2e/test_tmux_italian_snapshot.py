"""Text snapshots of the four panes in Italian, in a real terminal (tmux, 80x24 and 160x48).

The SVG snapshots run in one test process, where the key descriptions were translated (into
English) when the UI was first imported, so they cannot show the Italian footer. Here the app
runs in its own process with ``LANG=it_IT.UTF-8`` on the frozen demo
(:mod:`tests.e2e.frozen_demo`: fixed clock, data and shown data dir, no network), and each
pane's screen, as ``tmux capture-pane`` reads it, is compared with a stored text file in
``tests/e2e/snapshots/``. A screen is read only once it has stopped changing, never after a
fixed sleep. After an intended change, review the new text and store it with
``pytest tests/e2e/test_tmux_italian_snapshot.py --snapshot-update`` (or
``RTC_SNAPSHOT_UPDATE=1``).

Each screen must also show no English key label: every key description of the app, the main
screen and the panes whose Italian differs from its English must not appear in the footer or
the pane bar.
"""

from __future__ import annotations

import gettext
import os
import re
import time
from pathlib import Path

import pytest

import rtc_tui
from rtc_tui.i18n import DOMAIN, LOCALE_DIR
from tests.e2e.tmux import Terminal, have_tmux, terminal

pytestmark = pytest.mark.skipif(not have_tmux(), reason="tmux is not installed")

SNAPSHOTS = Path(__file__).parent / "snapshots"
ROOT = Path(rtc_tui.__file__).parent.parent

PANES = {"1": "Tendenze", "2": "Calendario", "3": "Bozza", "4": "Checklist"}
"""The pane keys and the Italian names the pane bar shows, ``[1 Tendenze]`` when active."""

STABLE_SECONDS = 1.0
"""How long the screen must stay the same before it is read: longer than a frame or a worker's
reload under load; the frozen demo has nothing left to change after that."""


def _english_key_labels() -> list[str]:
    """Every shown key description of the app, main screen and panes that Italian changes.

    This test process runs in English, so the classes hold their English descriptions.
    """
    from textual.binding import Binding

    from rtc_tui.ui.app import RtcApp
    from rtc_tui.ui.panes.calendar_view import CalendarPaneView
    from rtc_tui.ui.panes.checklist_view import ChecklistPaneView
    from rtc_tui.ui.panes.draft_view import DraftPaneView
    from rtc_tui.ui.panes.trending_view import TrendingPaneView
    from rtc_tui.ui.screens.main import MainScreen

    italian = gettext.translation(DOMAIN, LOCALE_DIR, languages=["it"])
    labels: set[str] = set()
    for owner in (
        RtcApp,
        MainScreen,
        TrendingPaneView,
        CalendarPaneView,
        DraftPaneView,
        ChecklistPaneView,
    ):
        for binding in owner.BINDINGS:
            if (
                isinstance(binding, Binding)
                and binding.show
                and binding.description
                and italian.gettext(binding.description) != binding.description
            ):
                labels.add(binding.description)
    labels.update(("Trending", "Calendar", "Draft", "help", "commands", "quit"))
    return sorted(labels)


def _stable_screen(term: Terminal, timeout: float = 60.0) -> str:
    """The screen once it has stayed the same for :data:`STABLE_SECONDS` (fail after timeout)."""
    deadline = time.monotonic() + timeout
    last = term.screen()
    since = time.monotonic()
    while True:
        time.sleep(0.05)
        now = term.screen()
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= STABLE_SECONDS:
            return "\n".join(line.rstrip() for line in now.splitlines()).rstrip("\n") + "\n"
        if time.monotonic() > deadline:
            raise AssertionError(f"the screen never settled:\n{now}")


def _check(name: str, screen: str, update: bool) -> None:
    stored = SNAPSHOTS / f"{name}.txt"
    if update or not stored.exists():
        if not update:
            pytest.fail(f"no stored snapshot {stored.name}: run with --snapshot-update\n{screen}")
        SNAPSHOTS.mkdir(exist_ok=True)
        stored.write_text(screen, encoding="utf-8")
        return
    expected = stored.read_text(encoding="utf-8")
    assert screen == expected, f"{stored.name} differs; the screen now:\n{screen}"


def _no_english_labels(screen: str, labels: list[str]) -> None:
    lines = screen.splitlines()
    # The pane bar (first line), the footer (last line) and, side by side, the panes' titles.
    chrome = "\n".join([lines[0], lines[-1]])
    found = [label for label in labels if re.search(rf"\b{re.escape(label)}\b", chrome)]
    assert not found, f"English key labels left: {found}\n{screen}"


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_the_four_panes_in_italian(
    tmp_path: Path, request: pytest.FixtureRequest, size: tuple[int, int]
) -> None:
    update = bool(request.config.getoption("--snapshot-update", default=False)) or (
        os.environ.get("RTC_SNAPSHOT_UPDATE") == "1"
    )
    labels = _english_key_labels()
    env = {
        "LANG": "it_IT.UTF-8",
        "LC_ALL": "it_IT.UTF-8",
        "TZ": "UTC",
        "PYTHONPATH": str(ROOT),
    }
    width, height = size
    args = [str(tmp_path / "demo")]
    with terminal(
        args, tmp_path, width=width, height=height, env=env, module="tests.e2e.frozen_demo"
    ) as term:
        term.wait_for("[1 Tendenze]", "/tmp/rtc-snapshot-demo", "Olivia Marras")
        for key, name in PANES.items():
            term.keys(key)
            term.wait_for(f"[{key} {name}]")
            screen = _stable_screen(term)
            _no_english_labels(screen, labels)
            _check(f"italian-{name.lower()}-{width}x{height}", screen, update)
        term.keys("q")
        assert term.wait_exit() == 0
