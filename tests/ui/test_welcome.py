"""First run: a short welcome saying where things live and how to start, shown once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from msgspec.structs import replace
from textual.pilot import Pilot

from rtc_tui.config import default_config_path
from rtc_tui.desk import Desk
from rtc_tui.ui.app import WELCOME_PREFERENCE, RtcApp
from rtc_tui.ui.dialogs.welcome import WelcomeScreen, welcome_text
from rtc_tui.ui.screens.main import MainScreen
from tests.contrast import screen_lines


@pytest.fixture
def desk(desk: Desk) -> Desk:
    """The shared desk with no trending sources: nothing in these tests may touch the network."""
    return Desk(replace(desk.config, sources=()), desk.store, user=desk.user, now=desk.now)


async def _settle(pilot: Pilot[Any], app: RtcApp) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("close_key", ["escape", "enter"])
async def test_first_run_shows_the_welcome_once(desk: Desk, close_key: str) -> None:
    app = RtcApp(desk, welcome=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot, app)
        assert isinstance(app.screen, WelcomeScreen)
        facts = app.screen.facts
        assert facts.data_dir == desk.data_dir
        assert facts.config_path == default_config_path()
        assert facts.fetch_key == "r"
        body = welcome_text(facts).plain
        assert str(desk.data_dir) in body
        assert str(default_config_path()) in body
        assert "rtc --demo" in body
        screen = "\n".join(screen_lines(app.export_screenshot()))
        assert "rtc --demo" in screen
        assert "Welcome to rtc-tui" in screen
        await pilot.press(close_key)
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert desk.prefs.get(WELCOME_PREFERENCE) is True
    again = RtcApp(desk, welcome=True)
    async with again.run_test(size=(80, 24)) as pilot:
        await _settle(pilot, again)
        assert isinstance(again.screen, MainScreen)


async def test_welcome_names_the_remapped_keys(desk: Desk) -> None:
    app = RtcApp(desk, welcome=True, keymap={"trending.refresh": "f5", "app.help": "f1"})
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot, app)
        assert isinstance(app.screen, WelcomeScreen)
        assert app.screen.facts.fetch_key == "f5"
        assert app.screen.facts.help_key == "f1"


async def test_no_welcome_with_a_config_file(desk: Desk, tmp_path: Path) -> None:
    configured = Desk(replace(desk.config, path=tmp_path / "config.yaml"), desk.store, user="alice")
    app = RtcApp(configured, welcome=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot, app)
        assert isinstance(app.screen, MainScreen)


async def test_no_welcome_when_the_data_dir_has_data(desk: Desk) -> None:
    desk.drafts.new(title="Already here")
    app = RtcApp(desk, welcome=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
    assert desk.prefs.get(WELCOME_PREFERENCE) is None


async def test_no_welcome_in_the_demo(desk: Desk) -> None:
    demo = Desk(desk.config, desk.store, user="alice", demo=True)
    app = RtcApp(demo, welcome=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
