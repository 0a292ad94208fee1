"""Text normalisation before matching: the words a text really says, however they are disguised.

People who want a word past a filter write it ``c@zz0``, ``m*rda``, ``sh!t``, ``merdaaaa`` or
``f🤬u🤬c🤬k``; accents and case vary anyway (*Perché*, *PERCHE*). :func:`words` splits a text
into :class:`Word` tokens that keep their span in the original text (so a finding can point at
what matched) and carry every plausible reading of the word:

- the plain reading: case folded, accents removed (``Morti`` -> ``morti``);
- the de-leeted reading: ``0``/``1``/``3``/``4``/``5``/``7`` and ``@``/``!``/``$`` inside a word
  read as the letters they stand for (``c@zz0`` -> ``cazzo``);
- squeezed readings: a letter repeated three times or more read once and twice
  (``merdaaaa`` -> ``merda``, ``cazzzzo`` -> ``cazzo``);
- a mask: ``*`` inside a word stands for any one letter (``m*rda``), matched by
  :meth:`Word.fits` against a known form of the same length.

Emoji and symbols between letters are dropped (``f🤬u🤬c🤬k`` is one word), and single letters
joined by dots, dashes or underscores are read as one word (``m.e.r.d.a``). A word made of
digits only is never de-leeted (``2018`` stays a number). Innocent words are protected by the
lexicon's allowlist, which is checked on the plain reading before any other.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import NamedTuple

import regex

_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "!": "i", "$": "s"}
)
"""What a masking character or digit stands for inside a word."""

_MASKS = "*@!$"
_GLUE = r"(?:[\p{So}\p{Sk}\p{Cf}\p{Mn}\uFE0F\u200D]|\p{Extended_Pictographic})"
"""Emoji, modifiers, joiners and variation selectors: dropped when they sit between letters."""

_WORD = regex.compile(
    r"(?:\$(?=\p{L}))?[\p{L}\p{N}]+(?:(?:[*@!$]+|"
    + _GLUE
    + r"+)[\p{L}\p{N}]+)*(?:\*+(?![\p{L}\p{N}]))?"
)
"""A word: letters and digits, masks or emoji inside, a trailing ``*``, a leading ``$``."""

_SPELLED = regex.compile(
    r"(?<![\p{L}\p{N}])(?:\p{L}[._\-](?=\p{L}(?![\p{L}\p{N}])))+\p{L}(?![\p{L}\p{N}])"
)
"""Single letters joined by dots, dashes or underscores: ``m.e.r.d.a``."""

_MAYBE_SPELLED = regex.compile(r"\p{L}[._\-]\p{L}")
"""A letter, a dot, dash or underscore, a letter: in every :data:`_SPELLED` match, so a text
without it is spared that slower scan. Letters as ``regex`` has them, as in :data:`_SPELLED`:
``re`` follows Python's older Unicode tables, where a letter assigned since (``\U00018d09``)
is not one, and the shortcut then skipped a spelled word the full scan reads."""

_REPEAT3 = regex.compile(r"(\p{L})\1{2,}")
_GLUE_RE = regex.compile(_GLUE)


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """Case fold and strip accents, so *Perché* and *perche* compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


class Word(NamedTuple):
    """One word of a text, with its span and its readings.

    A named tuple rather than a frozen dataclass: ingest makes one per word of every
    headline (80,000 for a refresh of 20 feeds), and a tuple is built four times faster.
    """

    start: int
    """Offset of the word's first character in the original text."""
    end: int
    """Offset just past its last character."""
    plain: str
    """Case folded, accents stripped, emoji and masks removed (``c@zz0`` -> ``czz0``)."""
    readings: frozenset[str]
    """Every reading to look up: plain, de-leeted, squeezed (``c@zz0`` -> ``cazzo``...)."""
    mask: str = ""
    """The word with ``*`` kept as a wildcard (``m*rda``), empty when it has no ``*``."""

    @property
    def disguised(self) -> bool:
        """Whether the word is written with masks, leetspeak or stretched letters."""
        glued = self.end - self.start != len(self.plain)
        # The plain reading is always one of the readings: any other is a disguise read.
        return (
            bool(self.mask) or glued or len(self.readings) != 1 or self.plain not in self.readings
        )

    def fits(self, form: str) -> bool:
        """Whether the masked word can be ``form`` (each ``*`` one letter, the rest equal)."""
        if not self.mask or len(self.mask) != len(form):
            return False
        return all(m == "*" or m == f for m, f in zip(self.mask, form, strict=True))


_new_tuple = tuple.__new__


def _squeezed(word: str) -> set[str]:
    if _REPEAT3.search(word) is None:
        return {word}
    once = _REPEAT3.sub(r"\1", word)
    twice = _REPEAT3.sub(r"\1\1", word)
    return {word, once, twice}


def read(raw: str, start: int = 0) -> Word:
    """Every reading of one raw word (see the module docstring)."""
    plain, readings, mask = _readings(raw)
    return Word(start=start, end=start + len(raw), plain=plain, readings=readings, mask=mask)


@lru_cache(maxsize=65536)
def _readings(raw: str) -> tuple[str, frozenset[str], str]:
    # Cached by the raw word: ingest reads thousands of headlines made of the same few
    # thousand words, and reading one word is the costly part of classifying a text.
    if raw.isascii() and "^" not in raw and "`" not in raw:
        folded = raw.casefold()  # no accent, no emoji, no glue: the fold is the case fold
    else:
        folded = fold(_GLUE_RE.sub("", raw))
    plain = "".join(ch for ch in folded if ch not in _MASKS)
    readings = _squeezed(plain)
    has_letter = any(ch.isalpha() for ch in folded)
    mask = ""
    if has_letter:
        leet = folded.translate(_LEET)
        if "*" in leet:
            mask = leet
            leet = leet.replace("*", "")
        readings |= _squeezed(leet)
    return plain, frozenset(readings), mask


def words(text: str) -> list[Word]:
    """The words of ``text`` in order, each with its span and readings."""
    if _MAYBE_SPELLED.search(text) is None:
        return _plain_words(text, 0, len(text))
    found: list[Word] = []
    spelled = [(m.start(), m.end()) for m in _SPELLED.finditer(text)]
    position = 0
    for start, end in spelled:
        found.extend(_plain_words(text, position, start))
        letters = "".join(ch for ch in text[start:end] if ch.isalpha())
        word = read(letters, start)
        found.append(Word(start, end, word.plain, word.readings, word.mask))
        position = end
    found.extend(_plain_words(text, position, len(text)))
    return found


def _plain_words(text: str, start: int, end: int) -> list[Word]:
    """The words of ``text[start:end]`` (no spelled letters there).

    The matches are taken as strings (``findall``, no match object per word) and each one's
    place found with ``str.find`` from the end of the one before: every letter and digit of
    a text is inside a match, so nothing between two matches can start a copy of the next
    one, and the first copy found is the match itself.
    """
    result: list[Word] = []
    append = result.append
    find = text.find
    at = start
    for raw in _WORD.findall(text, start, end):
        at = find(raw, at)
        after = at + len(raw)
        plain, readings, mask = _readings(raw)
        if plain or raw.strip(_MASKS) != "":
            # The named tuple built directly (its ``__new__`` is a Python function).
            append(_new_tuple(Word, (at, after, plain, readings, mask)))
        at = after
    return result
