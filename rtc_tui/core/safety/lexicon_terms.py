"""The lexicon's term syntax: how one written term compiles into word patterns.

A term is one or more words separated by spaces. Inside a word, ``{a,b,c}`` lists the
alternatives (``{,s}`` means "nothing or s") and a trailing ``*`` means "any further letters"
(use it sparingly: ``terroris*``). Matching works on whole words of the normalised text
(case folded, accents removed), so ``mort{o,i,a,e}`` finds *Morti* and never *mortadella*,
and ``kill{,s,ed,ing}`` finds *killed* and never *skilled*. A multi-word term matches the same
words in a row, whatever separates them (spaces, hyphens, a slash: ``9/11``).
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from rtc_tui.core.models import Level

ALLOW = "allow"
"""The kind of an ``allow:`` phrase: words inside it are not hits (``star wars``)."""

_TOKEN = regex.compile(r"[\p{L}\p{N}]+")
_BRACES = regex.compile(r"\{([^{}]*)\}")
_WORD_SYNTAX = regex.compile(r"^[\p{L}\p{N}{},]*\*?$")
_TERM_SEPARATORS = regex.compile(r"[\s/\-'’_.]+")


class LexiconError(ValueError):
    """A lexicon file is malformed: the message names the file and the term."""


def normalise(text: str) -> str:
    """Case fold and strip accents, so *Perché* and *perche* compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


@dataclass(frozen=True)
class Term:
    """One compiled lexicon term: a row of word patterns with its category and severity."""

    source: str
    """The term as written in the YAML file."""
    category: str
    severity: Level
    lang: str
    words: tuple[frozenset[str] | str, ...]
    """Per word: the set of accepted forms, or (a ``str``) a prefix for ``stem*`` words."""
    topic: str = ""
    kind: str = "garm"

    def matches_at(self, tokens: Sequence[str], start: int) -> bool:
        """Whether the term's words match ``tokens`` from ``start`` on."""
        if start + len(self.words) > len(tokens):
            return False
        for offset, word in enumerate(self.words):
            token = tokens[start + offset]
            if isinstance(word, str):
                if not token.startswith(word):
                    return False
            elif token not in word:
                return False
        return True


def expand_word(word: str) -> list[str]:
    """Expand the ``{a,b}`` alternatives of one word into every form it names."""
    parts: list[list[str]] = []
    position = 0
    for brace in _BRACES.finditer(word):
        parts.append([word[position : brace.start()]])
        parts.append(brace.group(1).split(","))
        position = brace.end()
    parts.append([word[position:]])
    return ["".join(combo) for combo in itertools.product(*parts)]


def compile_term(
    source: str,
    *,
    category: str,
    severity: Level,
    lang: str,
    topic: str = "",
    kind: str = "garm",
    where: str = "",
) -> Term:
    """Compile one term written in the lexicon syntax.

    Args:
        source: The term (``"mort{o,i,a,e}"``, ``"colp{o,i} di stato"``, ``"terroris*"``).
        category: Its GARM category id.
        severity: ``block`` or ``warn``.
        lang: Its language code (``it``, ``en``, ``any``).
        topic: An optional finer topic.
        kind: ``garm`` or ``commercial``.
        where: The file the term comes from, for error messages.

    Raises:
        LexiconError: The term is empty or uses characters outside the syntax.
    """
    text = normalise(source).strip()
    raw_words = [w for w in _TERM_SEPARATORS.split(text) if w]
    if not raw_words:
        raise LexiconError(f"{where}: empty term in category {category!r}")
    words: list[frozenset[str] | str] = []
    for raw in raw_words:
        if not _WORD_SYNTAX.match(raw) or raw.count("{") != raw.count("}"):
            raise LexiconError(f"{where}: term {source!r}: bad word {raw!r}")
        if raw.endswith("*"):
            stem = raw[:-1]
            if "{" in stem or len(stem) < 4:
                raise LexiconError(
                    f"{where}: term {source!r}: a '*' needs a plain stem of 4+ letters"
                )
            words.append(stem)
        else:
            forms = frozenset(f for f in expand_word(raw) if f)
            if not forms:
                raise LexiconError(f"{where}: term {source!r}: word {raw!r} has no form")
            words.append(forms)
    return Term(
        source=source,
        category=category,
        severity=severity,
        lang=lang,
        words=tuple(words),
        topic=topic,
        kind=kind,
    )


def tokenise(text: str) -> list[str]:
    """Normalised word tokens of ``text`` (letters and digits; everything else separates)."""
    return [str(t) for t in _TOKEN.findall(normalise(text))]
