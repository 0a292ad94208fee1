"""The app draws emoji sequences whole or simplified, as ``emoji:`` says (see ui/emoji_cells)."""

from __future__ import annotations

import pytest
from msgspec.structs import replace

from rtc_tui.desk import Desk
from rtc_tui.ui.app import RtcApp
from rtc_tui.ui.emoji_cells import EmojiCells
from tests.contrast import screen_lines

TEXT = "Babbo Natale 🎅🏽 e la dev 👩‍💻 sotto la neve ❄️"


@pytest.fixture
def desk(desk: Desk) -> Desk:
    """The shared desk with no trending sources and one draft full of emoji sequences."""
    offline = Desk(replace(desk.config, sources=()), desk.store, user=desk.user, now=desk.now)
    offline.drafts.new(title="Natale", text=TEXT, platforms=["x"])
    return offline


@pytest.mark.parametrize(
    ("mode", "shown"),
    [("simple", "Babbo Natale 🎅 e la dev 👩 sotto la neve ❄ "), ("full", TEXT)],
)
async def test_the_draft_is_drawn_as_the_mode_says_and_stored_whole(
    desk: Desk, monkeypatch: pytest.MonkeyPatch, mode: str, shown: str
) -> None:
    monkeypatch.delenv("RTC_EMOJI", raising=False)
    app = RtcApp(desk, emoji="simple" if mode == "simple" else "full")
    async with app.run_test(size=(160, 48)) as pilot:
        await app.main_screen().action_show_pane("draft")
        for _ in range(50):
            await pilot.pause()
            lines = screen_lines(app.export_screenshot())
            if any("Babbo" in line for line in lines):
                break
        assert any(shown in line for line in lines), "\n".join(lines)
        assert any(isinstance(f, EmojiCells) for f in app.get_line_filters()) == (mode == "simple")
    assert desk.drafts.all()[0].text == TEXT
