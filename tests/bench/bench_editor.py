"""Typing latency in the Draft pane against a bare TextArea, measured in the same run.

Key-to-screen latency: from posting a key to the first screen update that shows the new
character. The Draft pane holds a 5,000-character draft with six platform counters; the
baseline is a bare soft-wrapped ``TextArea`` with the same text at the same size. Keys are
typed at a steady pace (a fast typist), so the pane's own timers (counters, autosave) run
between and sometimes during keystrokes, as they would for a user.

Run with ``make bench``; prints medians, 90th percentiles and the ratio (target: within 1.3x).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import TextArea

from rtc_tui.config import Config
from rtc_tui.core.platforms import measure_all
from rtc_tui.desk import Desk
from rtc_tui.store import Store
from rtc_tui.ui.app import RtcApp
from rtc_tui.ui.panes.draft import DraftPane

SIX = ["x", "mastodon", "bluesky", "threads", "linkedin", "instagram"]
KEYS = 150
"""Keystrokes per measured run."""
GAP_SECONDS = 0.04
"""Pause between keystrokes: 25 keys a second, faster than people type."""
ROUNDS = 2
"""Each app is measured this many times, alternating, so drift hits both alike."""
TARGET_RATIO = 1.3


def draft_text(length: int = 5000) -> str:
    """A realistic long draft: Italian and English, hashtags, mentions, URLs, emoji."""
    paragraph = (
        "Che finale ragazzi! L'Italia batte la Spagna 2-1 al 93' e vola in semifinale 🇮🇹⚽. "
        "Grazie a tutti per il tifo: https://www.figc.it/it/nazionali/ #ItaliaSpagna @figc. "
        "What a night in Berlin — the whole team deserves it, see example.com/report 👏🏽 "
    )
    text = ""
    while len(text) < length:
        text += paragraph + ("\n\n" if len(text) % 3 == 0 else "")
    return text[:length]


class BareEditorApp(App[None]):
    """The baseline: one soft-wrapped TextArea and nothing else."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.initial = text

    def compose(self) -> ComposeResult:
        """Only the editor."""
        yield TextArea(self.initial, soft_wrap=True, id="editor")

    def on_mount(self) -> None:
        """Cursor at the end, like a user continuing the draft."""
        editor = self.query_one(TextArea)
        editor.cursor_blink = False
        editor.move_cursor(editor.document.end)
        editor.focus()


async def _type_and_time(app: App[Any], editor: Callable[[], TextArea], pilot: Any) -> list[float]:
    latencies: list[float] = []
    state: dict[str, float] = {}
    # App._display is where every frame goes to the terminal (headless: where it would go);
    # wrapping it is the only way to see when the key's character reached the screen.
    original = app._display

    def timed_display(screen: Any, renderable: Any) -> None:
        original(screen, renderable)
        expected = state.get("expected_length")
        if (
            renderable is not None
            and expected is not None
            and "start" in state
            and len(editor().text) >= expected
        ):
            latencies.append(time.perf_counter() - state.pop("start"))
            state.pop("expected_length")

    app._display = timed_display  # type: ignore[method-assign]
    try:
        for index in range(KEYS):
            state["expected_length"] = len(editor().text) + 1
            state["start"] = time.perf_counter()
            await pilot.press("abcdefghij"[index % 10])
            await asyncio.sleep(GAP_SECONDS)
    finally:
        app._display = original  # type: ignore[method-assign]
    return latencies


async def measure_bare(text: str) -> list[float]:
    """Latencies typing into a bare TextArea."""
    app = BareEditorApp(text)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        return await _type_and_time(app, lambda: app.query_one(TextArea), pilot)


async def measure_pane(text: str, data_dir: Path) -> list[float]:
    """Latencies typing into the Draft pane with six counters."""
    store = Store(data_dir)
    desk = Desk(Config(), store, user="bench")
    desk.new_draft(title="Bench", text=text, platforms=SIX)
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("3", "i")  # 3 lands on the pane; i goes into the text
        await pilot.pause()
        pane = app.main_screen().query_one(DraftPane)
        assert pane.counters_text.count("/") == 6, pane.counters_text
        assert app.focused is pane.editor, "the keys must reach the text"
        pane.editor.cursor_blink = False
        return await _type_and_time(app, lambda: pane.editor, pilot)


def _summary(name: str, values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[int(len(ordered) * 0.9) - 1]
    return (
        f"{name:<28} n={len(values):<4} median {statistics.median(values) * 1000:6.2f} ms"
        f"   p90 {p90 * 1000:6.2f} ms"
    )


def test_typing_latency_against_bare_textarea(tmp_path: Path) -> None:
    """The Draft pane stays within 1.3x of a bare TextArea's key-to-screen latency."""
    text = draft_text()
    bare: list[float] = []
    pane: list[float] = []
    for round_number in range(ROUNDS):
        bare += asyncio.run(measure_bare(text))
        pane += asyncio.run(measure_pane(text, tmp_path / f"data{round_number}"))

    counts_cost = []
    for index in range(20):
        variant = text + "x" * index
        started = time.perf_counter()
        measure_all(dict.fromkeys(SIX, variant))
        counts_cost.append(time.perf_counter() - started)

    ratio = statistics.median(pane) / statistics.median(bare)
    print()
    print(f"draft of {len(text)} characters, six counters, 80x24, {KEYS} keys x {ROUNDS} rounds")
    print(_summary("bare TextArea", bare))
    print(_summary("Draft pane + 6 counters", pane))
    print(f"ratio of medians              {ratio:.2f}x  (target <= {TARGET_RATIO}x)")
    print(
        f"six counters, one recount      median {statistics.median(counts_cost) * 1000:6.2f} ms"
        " (runs between keys, at most every 0.15 s)"
    )
    assert len(bare) >= KEYS * ROUNDS * 0.9
    assert len(pane) >= KEYS * ROUNDS * 0.9
    assert ratio <= TARGET_RATIO
