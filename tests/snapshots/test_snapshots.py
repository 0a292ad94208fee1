"""Snapshot tests: every pane on demo data at 80x24 and 160x48, and one screen per theme.

The clock is frozen, the data dir shown in the status bar fixed (the data itself lives in each
test's own folder, so workers in parallel never share it) and cursors do not blink, so the SVGs
only change when what a user sees changes. Review a changed SVG (``snapshot_report.html``)
before running ``pytest tests/snapshots --snapshot-update``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, TextArea
from textual.worker import WorkerCancelled

from rtc_tui import i18n
from rtc_tui.config import Config
from rtc_tui.desk import Desk
from rtc_tui.desk.demo import seed_drafts
from rtc_tui.store import FileStore
from rtc_tui.ui.app import RtcApp
from rtc_tui.ui.panes.trending import TrendingPane
from rtc_tui.ui.screens.main import MainScreen
from rtc_tui.ui.status_bar import StatusBar
from tests.conftest import FROZEN_NOW

SnapCompare = Callable[..., bool]

NARROW = (80, 24)
WIDE = (160, 48)


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The status bar shows local time: pin the zone so snapshots match everywhere."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


SHOWN_DATA_DIR = "/tmp/rtc-snapshot-demo"
"""The data dir the status bar shows in every snapshot, whichever folder the test really uses."""


@pytest.fixture
def demo_app(tmp_path: Path) -> Callable[..., RtcApp]:
    """Make the demo, seeded through the real parsers, in the test's folder at a frozen instant."""

    def make(theme: str = "rtc-dark") -> RtcApp:
        store = FileStore(tmp_path / "demo")
        desk = Desk(Config(), store, user="giulia", now=lambda: FROZEN_NOW, demo=True)
        desk.trending.seed_demo()
        seed_drafts(desk)
        return RtcApp(desk, theme=theme)

    return make


async def _drain(pilot: Pilot[None]) -> None:
    for _ in range(3):
        await pilot.pause()
        await wait_for_workers(pilot.app)


async def wait_for_workers(app: App[None]) -> None:
    """Wait until no worker runs, including any started to replace a cancelled one.

    A reload is an exclusive worker: a newer one (the store poll's, on a busy machine) cancels
    the running one, and waiting on a cancelled worker raises. Wait again for its successor.
    """
    for _attempt in range(20):
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            continue
        return
    raise AssertionError("workers kept being cancelled")


async def settle(pilot: Pilot[None]) -> None:
    """Bring the app to its steady state at once, and stop cursors blinking.

    Two things happen on timers a couple of seconds after start: the row under the cursor is
    marked seen, and the screen reloads after that write. A slow machine may reach them
    before the screenshot and a fast one not, so both are done here, now. The status bar is
    given :data:`SHOWN_DATA_DIR`, the same in every run.
    """
    app = pilot.app
    await _drain(pilot)
    screen = app.screen
    assert isinstance(screen, MainScreen)
    screen.query_one(TrendingPane)._flush_seen()
    await _drain(pilot)
    screen.reload()
    await _drain(pilot)
    screen.query_one(StatusBar).data_dir = SHOWN_DATA_DIR
    for widget in app.screen.query(TextArea):
        widget.cursor_blink = False
    for field in app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "160x48"])
@pytest.mark.parametrize(
    "pane", ["1", "2", "3", "4"], ids=["trending", "calendar", "draft", "checklist"]
)
def test_pane(
    snap_compare: SnapCompare, demo_app: Callable[..., RtcApp], pane: str, size: tuple[int, int]
) -> None:
    assert snap_compare(demo_app(), press=[pane], terminal_size=size, run_before=settle)


@pytest.mark.parametrize("theme", ["rtc-light", "high-contrast", "mono"])
def test_theme(snap_compare: SnapCompare, demo_app: Callable[..., RtcApp], theme: str) -> None:
    assert snap_compare(demo_app(theme), press=["4"], terminal_size=NARROW, run_before=settle)


def test_calendar_month_grid(snap_compare: SnapCompare, demo_app: Callable[..., RtcApp]) -> None:
    assert snap_compare(demo_app(), press=["2", "m"], terminal_size=NARROW, run_before=settle)


def test_help_screen(snap_compare: SnapCompare, demo_app: Callable[..., RtcApp]) -> None:
    assert snap_compare(
        demo_app(), press=["question_mark"], terminal_size=NARROW, run_before=settle
    )


def test_event_details(snap_compare: SnapCompare, demo_app: Callable[..., RtcApp]) -> None:
    assert snap_compare(demo_app(), press=["1", "enter"], terminal_size=NARROW, run_before=settle)


def test_export_refused(snap_compare: SnapCompare, demo_app: Callable[..., RtcApp]) -> None:
    assert snap_compare(demo_app(), press=["4", "e"], terminal_size=NARROW, run_before=settle)


@pytest.fixture
def italian() -> Iterator[None]:
    """The interface in Italian, as ``LANG=it_IT.UTF-8`` or ``language: it`` would set it."""
    i18n.setup("it")
    yield
    i18n.setup("en")


@pytest.mark.usefixtures("italian")
@pytest.mark.parametrize("keys", [["2"], ["2", "m"]], ids=["agenda", "month"])
def test_calendar_in_italian(
    snap_compare: SnapCompare, demo_app: Callable[..., RtcApp], keys: list[str]
) -> None:
    assert snap_compare(demo_app(), press=keys, terminal_size=NARROW, run_before=settle)


EMOJI_TEXT = (
    "Che neve a Roma ❄️❄️ e cioccolata ❤️ per tutti!\n"
    "Babbo Natale 🎅🏽 arriva in famiglia 👨‍👩‍👧 con i fiori 💐 e la bandiera 🇮🇹.\n"
    "Auguri da tutto il team ✨🎄 #Natale2026"
)
"""Wide emoji, variation selectors, a skin tone, a ZWJ family and a flag (issue #13)."""


@pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "160x48"])
def test_emoji_heavy_draft(
    snap_compare: SnapCompare, demo_app: Callable[..., RtcApp], size: tuple[int, int]
) -> None:
    app = demo_app()
    drafts = app.desk.drafts
    # A minute after the seeded drafts: the most recent draft is the one the pane opens on.
    drafts.now = lambda: FROZEN_NOW + timedelta(minutes=1)
    drafts.new(title="Neve e auguri", text=EMOJI_TEXT, platforms=["x", "bluesky"])
    drafts.now = lambda: FROZEN_NOW
    assert snap_compare(app, press=["3"], terminal_size=size, run_before=settle)
