"""Characters that make text lie about itself: bidi overrides and zero-width characters.

A right-to-left override (U+202E) in a calendar summary or a feed title shows ``gnp.exe`` as
``exe.png``; a zero-width space (U+200B) hides a blocked word from the safety checks and makes
two identical-looking titles different. Every text from outside (feeds, calendar files, server
messages) passes through :func:`strip_invisible` before it is stored or shown.

The zero-width joiner (U+200D) is removed too, except between two pictographs, where it is
part of an emoji sequence (a family, a profession) and dropping it would break the emoji.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import regex

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069)."""

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
"""Zero-width space, non-joiner, joiner, word joiner and the BOM / zero-width no-break space."""


@functools.cache
def _invisible() -> regex.Pattern[str]:
    """The characters :func:`strip_invisible` removes (``regex``: it knows the pictographs).

    Compiled, and ``regex`` imported, the first time a text holds one of them: the app's
    first screen and most commands never meet one, and the import alone is some 7 ms.
    """
    import regex

    return regex.compile(
        r"(?<![\p{Extended_Pictographic}\uFE0F\p{Emoji_Modifier}])\u200d"
        r"|\u200d(?!\p{Extended_Pictographic})"
        r"|[\u202a-\u202e\u2066-\u2069\u200b\u200c\u2060\ufeff]"
    )


def strip_invisible(text: str) -> str:
    """``text`` without bidi controls and zero-width characters (emoji joiners kept)."""
    if text.isascii() or not any(ch in text for ch in BIDI_CONTROLS + ZERO_WIDTH):
        return text
    return str(_invisible().sub("", text))


_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def one_line(text: str, limit: int) -> str:
    """A server's words (a reason phrase) fit for a message, capped at ``limit`` characters.

    No controls, no invisible characters, one line: the text is shown to the user as it is.
    """
    return " ".join(_CONTROLS.sub(" ", strip_invisible(text)).split())[:limit]
