"""Fewer bytes per frame: drop the style resets Textual writes between runs of the same style.

Textual renders each segment of a line on its own: ``ESC[<style>m text ESC[0m``. A table row
is a dozen segments, most of them in the row's one style (a cell, its padding, the next cell),
so a row of 80 characters costs some 330 bytes, and a list that scrolls by one row rewrites
every visible row. Over SSH, on a slow link, during a live event, those bytes are the delay
the editor feels.

When a run is followed at once by another run with exactly the same style, the reset and
the repeated style between them change nothing on the terminal: the second run's text is
appended to the first instead. Only that case is rewritten (a run is ``ESC[<digits;:>m``,
text without any escape, ``ESC[0m``), so what the terminal shows is exactly what Textual
drew, cell for cell and attribute for attribute.
"""

from __future__ import annotations

import re

from textual.driver import Driver

_STYLED_RUN = re.compile(r"\x1b\[([0-9;:]*)m([^\x1b]*)\x1b\[0m")
"""One styled run as Textual writes it: the style, the text, the reset."""


def compact_sgr(data: str) -> str:
    """``data`` with adjacent runs of one style merged (see the module docstring)."""
    if "\x1b[0m\x1b[" not in data:
        return data
    out: list[str] = []
    written = 0  # data[:written] is in ``out`` (or in the open run)
    open_style: str | None = None
    open_end = -1
    for match in _STYLED_RUN.finditer(data):
        style, text = match.group(1), match.group(2)
        if match.start() == open_end and style == open_style:
            out.append(text)  # same style right after: no reset, no repeated style
        else:
            if open_style is not None:
                out.append("\x1b[0m")
            out.append(data[written : match.start()])
            out.append(f"\x1b[{style}m{text}")
            open_style = style
        open_end = written = match.end()
    if open_style is not None:
        out.append("\x1b[0m")
    out.append(data[written:])
    return "".join(out)


def compact_driver(driver_class: type[Driver]) -> type[Driver]:
    """A subclass of ``driver_class`` whose frames go out through :func:`compact_sgr`."""

    class CompactDriver(driver_class):  # type: ignore[valid-type,misc]
        def write(self, data: str) -> None:
            super().write(compact_sgr(data))

    CompactDriver.__name__ = CompactDriver.__qualname__ = f"Compact{driver_class.__name__}"
    return CompactDriver
