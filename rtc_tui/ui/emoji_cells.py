"""Emoji that take the same cells on the terminal as in the layout, whatever the terminal.

Textual lays the screen out with Rich's cell widths, which treat an emoji sequence as one
picture: ``❄️`` (snowflake + variation selector 16), ``🎅🏽`` (with a skin tone) and ``👩‍💻``
(joined by a zero-width joiner) are two cells each. Terminals that measure character by
character — tmux 3.3, xterm, the Linux console, most terminals over SSH — draw ``❄️`` in one
cell and ``🎅🏽`` or ``👩‍💻`` in four. Every such emoji then shifts the rest of its line: the
pane's right border breaks and half-drawn characters stay behind (issue #13).

Nothing can ask the terminal cheaply and safely how it will draw a sequence (a cursor report
read at start could swallow the user's first keys), so the choice is made from the
environment, and can be set: ``emoji: auto | full | simple`` in the config or ``RTC_EMOJI``.
In ``simple`` mode a line filter rewrites, on the way out only, each sequence the two
measures disagree on into characters both measure alike: the base emoji (tone and joined
parts dropped) and a space where a variation selector made a narrow symbol wide. The cells of
every line stay what the layout counted, so borders, cursor and columns hold; the stored and
edited text is never touched.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

from rich.cells import cell_len
from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

EmojiMode = Literal["auto", "full", "simple"]
"""``full``: send emoji sequences as they are; ``simple``: rewrite them (see module)."""

ZWJ = "\u200d"
VS16 = "\ufe0f"

_DISPUTED = re.compile("[\u200d\ufe0f\U0001f3fb-\U0001f3ff]")
"""Characters whose width Rich and a character-by-character terminal disagree on: the
zero-width joiner, variation selector 16 and the five skin tone modifiers."""

_TONES = re.compile("[\U0001f3fb-\U0001f3ff]")

_JOINING_TERMINALS = frozenset({"WezTerm", "ghostty", "iTerm.app"})
"""``TERM_PROGRAM`` values of terminals that draw emoji sequences as one picture."""

_JOINING_TERMS = frozenset({"xterm-kitty", "xterm-ghostty", "wezterm"})
"""``TERM`` values of such terminals (kitty and Ghostty set ``TERM`` rather than a program)."""


def resolve_mode(configured: EmojiMode, environ: Mapping[str, str]) -> Literal["full", "simple"]:
    """The mode in force: ``RTC_EMOJI``, else the config, else a guess from the environment.

    ``auto`` sends sequences whole only where the terminal is known to join them and no
    multiplexer (tmux, screen) sits in between, since those measure character by character
    whatever the terminal outside does. Anywhere else, including over SSH, where the outer
    terminal cannot be known, it is ``simple``: a plainer emoji beats a broken screen.
    """
    chosen = environ.get("RTC_EMOJI", "").strip().lower() or configured
    if chosen == "full":
        return "full"
    if chosen == "simple":
        return "simple"
    term = environ.get("TERM", "")
    if environ.get("TMUX") or environ.get("STY") or term.startswith(("screen", "tmux")):
        return "simple"
    joins = (
        environ.get("TERM_PROGRAM", "") in _JOINING_TERMINALS
        or term in _JOINING_TERMS
        or bool(environ.get("KITTY_WINDOW_ID"))
    )
    return "full" if joins else "simple"


def simplify(text: str) -> str:
    """``text`` with every disputed sequence rewritten; its Rich cell width is unchanged.

    It follows Rich's own measure step by step, so that what Rich counted for each part is
    exactly what the terminal draws: a joiner and the character it joins count nothing in
    Rich, so both go; a skin tone counts nothing, so it goes; a variation selector that made
    the symbol before it wide becomes a space (the symbol alone is narrow everywhere).
    """
    if text.isascii() or _DISPUTED.search(text) is None:
        return text
    out: list[str] = []
    last = ""
    index = 0
    while index < len(text):
        character = text[index]
        if character == ZWJ:
            index += 2  # Rich skips the joiner and what it joins
            continue
        if character == VS16:
            if last:
                out.append(" " * (cell_len(last + VS16) - cell_len(last)))
                last = ""
        elif _TONES.match(character) is None:
            out.append(character)
            if cell_len(character):
                last = character
        index += 1
    return "".join(out)


class EmojiCells(LineFilter):
    """Rewrites disputed emoji sequences in every rendered line (``simple`` mode)."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        """The same segments, their text simplified where it holds a disputed sequence."""
        if all(_DISPUTED.search(segment.text) is None for segment in segments):
            return segments
        return [
            Segment(simplify(s.text), s.style, s.control) if _DISPUTED.search(s.text) else s
            for s in segments
        ]
