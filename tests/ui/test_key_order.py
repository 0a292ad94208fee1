"""Keys that arrive in a burst apply in the order typed (Textualize/textual#6605).

The keys are posted to the app at once, as the terminal driver does with bytes read in one go,
and only then is the app let run: every key is queued before the first is handled.
"""

from __future__ import annotations

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from rtc_tui.desk import Desk
from rtc_tui.ui.app import RtcApp
from rtc_tui.ui.panes.trending_view import FilterField
from tests.ui.test_draft_pane import _open_draft_pane, _saved
from tests.waiting import settle as _settle

BURST = [*" abcdefgh", *["backspace"] * 7, "X", "left", "Y", "end", "Z"]
"""Seven backspaces then a letter, a move then a letter: `` aX`` becomes `` aYXZ``."""


def _post_burst(app: RtcApp, keys: list[str]) -> None:
    for key in keys:
        character = key if len(key) == 1 else None
        app.post_message(events.Key("space" if key == " " else key, character))


async def _drain(pilot: Pilot[None]) -> None:
    for _ in range(5):
        await pilot.pause()


async def test_a_burst_into_the_draft_text_keeps_its_order(desk: Desk) -> None:
    draft = desk.drafts.new(title="Finale", platforms=["x"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open_draft_pane(pilot, app)
        _post_burst(app, BURST)
        await _drain(pilot)
        assert pane.editor.text == " aYXZ"
        await pilot.press("ctrl+s")
        await _saved(pilot, app)
    assert desk.drafts.get(draft.id).text == " aYXZ"


async def test_a_burst_into_the_trending_filter_keeps_its_order(desk: Desk) -> None:
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot, lambda: bool(app.screen.query(FilterField)))
        await pilot.press("slash")
        field = app.screen.query_one(FilterField)
        await _settle(pilot, lambda: app.focused is field)
        _post_burst(app, [*"sanremo", *["backspace"] * 4, "x"])
        await _drain(pilot)
        assert isinstance(field, Input)
        assert field.value == "sanx"
