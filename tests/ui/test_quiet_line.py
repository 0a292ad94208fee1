"""Draft pane lines update without re-laying out the screen (rtc_tui.ui.widgets.quiet_line)."""

from __future__ import annotations

from textual.app import App, ComposeResult

from rtc_tui.ui.widgets.quiet_line import QuietLine


class _Lines(App[None]):
    CSS = """
    #one { height: 1; }
    #wraps { height: auto; width: 12; }
    """

    def compose(self) -> ComposeResult:
        yield QuietLine(id="one")
        yield QuietLine(id="wraps")


def _record(line: QuietLine) -> list[bool]:
    """Every ``update`` the line makes, as its ``layout`` flag."""
    calls: list[bool] = []
    real = line.update

    def update(content: object = "", *, layout: bool = True) -> None:
        calls.append(layout)
        real(content, layout=layout)  # type: ignore[arg-type]

    line.update = update  # type: ignore[method-assign]
    return calls


async def test_an_unchanged_line_is_not_redrawn_and_a_one_row_line_needs_no_layout() -> None:
    app = _Lines()
    async with app.run_test() as pilot:
        line = app.query_one("#one", QuietLine)
        calls = _record(line)
        line.show("r3 · unsaved")
        line.show("r3 · unsaved")
        line.show("r3 · saved")
        await pilot.pause()
        assert calls == [True, False]  # the first show lays out; the same text again: nothing
        assert "r3 · saved" in str(line.render())


async def test_a_wrapping_line_is_laid_out_only_when_its_height_changes() -> None:
    app = _Lines()
    async with app.run_test() as pilot:
        line = app.query_one("#wraps", QuietLine)
        line.show("X 12/280")
        await pilot.pause()
        calls = _record(line)
        line.show("X 13/280")  # still one row at 12 columns
        line.show("X 13/280  Mast 13/500")  # wraps onto a second row
        line.show("X 14/280  Mast 14/500")  # still two rows
        await pilot.pause()
        assert calls == [False, True, False]
        assert line.size.height == 2
