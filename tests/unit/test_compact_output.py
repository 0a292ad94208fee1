"""The frame compaction keeps every cell's character and attributes (rtc_tui.ui.compact_output)."""

from __future__ import annotations

import random
import re

from textual.drivers.headless_driver import HeadlessDriver

from rtc_tui.ui.compact_output import compact_driver, compact_sgr

ROW = "\x1b[38;5;254;48;5;235m"
BOLD = "\x1b[1;38;5;221;48;5;235m"
_TOKEN = re.compile(r"\x1b\[([0-9;:]*)([mH])|([^\x1b])")


def cells(stream: str) -> dict[tuple[int, int], tuple[str, str]]:
    """What a terminal shows for ``stream``: (row, column) -> (character, active SGR params).

    A small terminal model, enough for what Textual writes: SGR (``0`` resets, anything else
    adds to the active attributes), absolute cursor moves, ``\\r``, ``\\n`` and text.
    """
    screen: dict[tuple[int, int], tuple[str, str]] = {}
    row = col = 1
    active: list[str] = []
    for match in _TOKEN.finditer(stream):
        params, final, char = match.groups()
        if final == "m":
            active = [] if params in ("", "0") else [*active, params]
        elif final == "H":
            row, col = (int(n) for n in params.split(";"))
        elif char == "\r":
            col = 1
        elif char == "\n":
            row += 1
        else:
            screen[(row, col)] = (char, ";".join(active))
            col += 1
    return screen


def textual_line(runs: list[tuple[str, str]]) -> str:
    """Runs of (SGR params, text) written the way Textual writes segments."""
    return "".join(f"\x1b[{style}m{text}\x1b[0m" for style, text in runs)


def test_runs_of_one_style_lose_the_resets_between_them() -> None:
    line = textual_line([("38;5;254", "   "), ("38;5;254", " 27.5 "), ("38;5;254", "Feed 0")])
    assert compact_sgr(line) == "\x1b[38;5;254m    27.5 Feed 0\x1b[0m"


def test_runs_of_different_styles_are_kept_apart() -> None:
    line = f"{ROW}  \x1b[0m{BOLD}!\x1b[0m{ROW} 27.5\x1b[0m"
    assert compact_sgr(line) == line


def test_a_cursor_move_between_two_runs_keeps_both_whole() -> None:
    frame = f"\x1b[5;2H{ROW}row five\x1b[0m\x1b[6;2H{ROW}row six\x1b[0m"
    assert compact_sgr(frame) == frame


def test_text_without_runs_is_untouched() -> None:
    for plain in ("", "abc", "\x1b[2;3H", "\x1b[?25l\x1b[1;1Hx\x1b[?25h"):
        assert compact_sgr(plain) == plain


def test_random_frames_show_the_same_cells() -> None:
    styles = ["38;5;254;48;5;235", "1;38;5;221;48;5;235", "7;38;5;23", "", "38;2;10;20;30"]
    texts = ["", " ", "a", "Feed 0", "é…", "❄️", "  27.5 "]
    rng = random.Random(11)
    for _ in range(300):
        parts: list[str] = []
        for row in range(1, rng.randint(2, 6)):
            parts.append(f"\x1b[{row};{rng.randint(1, 3)}H")
            parts.append(
                textual_line(
                    [(rng.choice(styles), rng.choice(texts)) for _ in range(rng.randint(1, 9))]
                )
            )
            if rng.random() < 0.3:
                parts.append("\r\n")
        frame = "".join(parts)
        compacted = compact_sgr(frame)
        assert cells(compacted) == cells(frame), frame
        assert len(compacted) <= len(frame)


def test_the_driver_writes_compacted_frames() -> None:
    written: list[str] = []

    class Recorder(HeadlessDriver):
        def write(self, data: str) -> None:
            written.append(data)

    driver_class = compact_driver(Recorder)
    driver = driver_class.__new__(driver_class)
    driver.write(textual_line([("1", "a"), ("1", "b")]))
    assert written == ["\x1b[1mab\x1b[0m"]
    assert driver_class.__name__ == "CompactRecorder"
