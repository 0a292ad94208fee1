"""WCAG 2.x contrast maths and a reader for the app's SVG screenshots, shared by theme tests.

The screenshot reader turns ``App.export_screenshot()`` (Rich's SVG export) back into cells
(character, text colour, background colour), so a test can measure the contrast of every
character the app actually drew, not only the pairs we thought of.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

from textual.color import Color

CHAR_WIDTH = 20 * 0.61
"""Rich's SVG export: font size 20, aspect ratio 0.61."""
LINE_HEIGHT = 20 * 1.22
"""Rich's SVG export: line height 1.22 of the font size."""


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(color: Color) -> float:
    """WCAG relative luminance of an opaque colour."""
    r, g, b = color.rgb
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(fg: Color, bg: Color) -> float:
    """WCAG contrast ratio (1 to 21) between two opaque colours."""
    light, dark = sorted((relative_luminance(fg), relative_luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def resolve(value: str, variables: dict[str, str], under: Color | None = None) -> Color:
    """A theme variable's value as Textual paints it over ``under``.

    ``$name`` references are followed; ``auto NN%`` becomes the contrast text (white or black)
    of ``under`` at that alpha, as Textual does for ``color: auto``; any alpha (``#RRGGBBAA``,
    ``colour NN%``) is blended over ``under``, as the compositor does (``under + colour``).
    """
    seen: set[str] = set()
    while value.startswith("$") and " " not in value:
        name = value[1:]
        if name in seen:
            raise ValueError(f"variable loop at ${name}")
        seen.add(name)
        value = variables[name]
    alpha = 1.0
    parts = value.split()
    if len(parts) == 2 and parts[1].endswith("%"):
        value, alpha = parts[0], float(parts[1][:-1]) / 100
    if value == "auto":
        if under is None:
            raise ValueError("'auto' needs the colour underneath")
        color = under.get_contrast_text(alpha)
    else:
        color = resolve(value, variables) if value.startswith("$") else Color.parse(value)
        color = color.multiply_alpha(alpha)
    if under is None:
        return color
    return under + color if color.a < 1 else color


@dataclass(frozen=True)
class Cell:
    """One character on screen with the colours it was drawn in."""

    x: int
    y: int
    char: str
    fg: Color
    bg: Color


def screen_cells(svg: str) -> list[Cell]:
    """Every non-blank character of an ``export_screenshot()`` SVG with its colours."""
    fills: dict[str, Color] = {}
    for match in re.finditer(r"\.(terminal-[\w-]+-r\d+)\s*\{\s*fill:\s*(#[0-9a-fA-F]{6})", svg):
        fills[match.group(1)] = Color.parse(match.group(2))
    backgrounds: dict[tuple[int, int], Color] = {}
    rect = r'<rect fill="(#[0-9a-fA-F]{6})" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"'
    for match in re.finditer(rect, svg):
        fill = Color.parse(match.group(1))
        x0 = round(float(match.group(2)) / CHAR_WIDTH)
        width = round(float(match.group(4)) / CHAR_WIDTH)
        row = round((float(match.group(3)) - 1.5) / LINE_HEIGHT)
        for x in range(x0, x0 + width):
            backgrounds[(x, row)] = fill
    cells: list[Cell] = []
    text = r'<text class="(terminal-[\w-]+-r\d+)" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>'
    for match in re.finditer(text, svg):
        fg = fills[match.group(1)]
        x0 = round(float(match.group(2)) / CHAR_WIDTH)
        row = round((float(match.group(3)) - 20) / LINE_HEIGHT)
        for offset, char in enumerate(unescape(match.group(4))):
            if char.isspace():
                continue
            x = x0 + offset
            cells.append(Cell(x, row, char, fg, backgrounds.get((x, row), Color(0, 0, 0))))
    return cells


def is_graphic(char: str) -> bool:
    """Box drawing, blocks and scrollbar glyphs: lines and shapes, not text."""
    return 0x2500 <= ord(char) <= 0x259F


def screen_lines(svg: str) -> list[str]:
    """The screenshot as plain text lines (no-break spaces read as spaces)."""
    rows: dict[int, dict[int, str]] = {}
    for cell in screen_cells(svg):
        rows.setdefault(cell.y, {})[cell.x] = cell.char
    lines = []
    for y in range(max(rows, default=-1) + 1):
        row = rows.get(y, {})
        lines.append("".join(row.get(x, " ") for x in range(max(row, default=-1) + 1)))
    return lines
