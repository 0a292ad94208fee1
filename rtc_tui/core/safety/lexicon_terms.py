"""The lexicon's term syntax: how one written term compiles into word patterns.

A term is one or more words separated by spaces. Inside a word, ``{a,b,c}`` lists the
alternatives (``{,s}`` means "nothing or s") and a trailing ``*`` means "any further letters"
(use it sparingly: ``terroris*``). Matching works on whole words of the normalised text
(:mod:`rtc_tui.core.safety.normalise`), so ``mort{o,i,a,e}`` finds *Morti* and *m0rt1* and never
*mortadella*, and ``kill{,s,ed,ing}`` finds *killed* and never *skilled*. A multi-word term
matches the same words in a row, whatever separates them (spaces, hyphens, a slash: ``9/11``).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from rtc_tui.core.models import Level
from rtc_tui.core.safety.normalise import Word, fold
from rtc_tui.i18n import _

FINDING = "finding"
"""The kind of a term that is a finding of its family."""
CUE = "cue"
"""The kind of a term that only tells the context (a festive headline, a condolence)."""
ALLOW = "allow"
"""The kind of an ``allow:`` phrase: words inside it are not hits (``star wars``)."""

ANY = "any"
"""Scope of a term matched in the draft and in the event."""
TEXT_ONLY = "text"
"""Scope of a term matched in the draft only."""
EVENT_ONLY = "event"
"""Scope of a term matched in the event only (headline euphemisms: ``si è spento``)."""

_BRACES = regex.compile(r"\{([^{}]*)\}")
_WORD_SYNTAX = regex.compile(r"^[\p{L}\p{N}{},]*\*?$")
_TERM_SEPARATORS = regex.compile(r"[\s/\-'’_.]+")
_TOKEN = regex.compile(r"[\p{L}\p{N}]+")


class LexiconError(ValueError):
    """A lexicon entry is malformed: the message names the file, the line and the term."""


def normalise(text: str) -> str:
    """Case fold and strip accents, so *Perché* and *perche* compare equal."""
    return fold(text)


def tokenise(text: str) -> list[str]:
    """Normalised word tokens of ``text`` (letters and digits; everything else separates)."""
    return [str(t) for t in _TOKEN.findall(fold(text))]


@dataclass(frozen=True)
class Term:
    """One compiled lexicon entry: a row of word patterns with its family and severity."""

    source: str
    """The term as written in the data file."""
    family: str
    """The family it belongs to (``disaster``, ``gambling``...), or the cue it signals."""
    severity: Level
    """Its severity where no context rule says otherwise (``none`` for cues and allows)."""
    lang: str
    words: tuple[frozenset[str] | str, ...]
    """Per word: the set of accepted forms, or (a ``str``) a prefix for ``stem*`` words."""
    reason: str = ""
    """Why it matters, in the words the editor reads: the English source string (the data's
    ``reason:``, extracted into the catalogue), translated when a message quotes it."""
    kind: str = FINDING
    figurative: bool = False
    """Whether it is everyday hyperbole too (``bomba``, ``strage di gol``)."""
    scope: str = ANY
    only_in: str = ""
    """A context the entry needs to be a finding at all (``womens_day``), else empty."""
    topic: str = ""
    """A finer topic inside the family (``national stereotypes``), for messages."""
    where: str = ""
    """``file:line`` it comes from (errors, and ``rtc check`` explanations)."""
    until: str = ""
    """ISO date after which the entry no longer counts (a recently deceased person), or empty."""
    person: str = ""
    """The person a people-list entry names (messages quote it beside the reason), or empty."""
    died: str = ""
    """ISO date the person died (the recently deceased list), or empty."""

    @property
    def key(self) -> str:
        """What the config's ``safety.disable`` names: ``family:term``."""
        return f"{self.family}:{normalise(self.source)}"

    def matches_at(self, words: Sequence[Word], start: int) -> bool:
        """Whether the term's words match ``words`` from ``start`` on (any reading)."""
        if start + len(self.words) > len(words):
            return False
        return all(
            word_matches(pattern, words[start + offset])
            for offset, pattern in enumerate(self.words)
        )


def word_matches(pattern: frozenset[str] | str, word: Word) -> bool:
    """Whether one term word (forms, or a ``stem*`` prefix) matches one text word."""
    if isinstance(pattern, str):
        if any(reading.startswith(pattern) for reading in word.readings):
            return True
        head = word.mask[: len(pattern)]
        return len(head) == len(pattern) and all(
            m in ("*", p) for m, p in zip(head, pattern, strict=True)
        )
    if not word.readings.isdisjoint(pattern):
        return True
    return bool(word.mask) and any(word.fits(form) for form in pattern)


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


def compile_words(source: str, where: str = "") -> tuple[frozenset[str] | str, ...]:
    """Compile the words of one term written in the lexicon syntax.

    Raises:
        LexiconError: The term is empty or uses characters outside the syntax.
    """
    text = normalise(source).strip()
    raw_words = [w for w in _TERM_SEPARATORS.split(text) if w]
    if not raw_words:
        raise LexiconError(_("{where}: empty term").format(where=where))
    words: list[frozenset[str] | str] = []
    for raw in raw_words:
        if not _WORD_SYNTAX.match(raw) or raw.count("{") != raw.count("}"):
            raise LexiconError(
                _("{where}: term {term}: bad word {word}").format(
                    where=where, term=repr(source), word=repr(raw)
                )
            )
        if raw.endswith("*"):
            stem = raw[:-1]
            if "{" in stem or len(stem) < 4:
                raise LexiconError(
                    _("{where}: term {term}: a '*' needs a plain stem of 4+ letters").format(
                        where=where, term=repr(source)
                    )
                )
            words.append(stem)
        else:
            forms = frozenset(f for f in expand_word(raw) if f)
            if not forms:
                raise LexiconError(
                    _("{where}: term {term}: word {word} has no form").format(
                        where=where, term=repr(source), word=repr(raw)
                    )
                )
            words.append(forms)
    return tuple(words)


def compile_term(
    source: str,
    *,
    family: str,
    severity: Level,
    lang: str,
    reason: str = "",
    kind: str = FINDING,
    figurative: bool = False,
    scope: str = ANY,
    only_in: str = "",
    topic: str = "",
    where: str = "",
    until: str = "",
    person: str = "",
    died: str = "",
) -> Term:
    """Compile one term written in the lexicon syntax (see the module docstring).

    Raises:
        LexiconError: The term is empty or uses characters outside the syntax.
    """
    return Term(
        source=source,
        family=family,
        severity=severity,
        lang=lang,
        words=compile_words(source, where),
        reason=reason,
        kind=kind,
        figurative=figurative,
        scope=scope,
        only_in=only_in,
        topic=topic,
        where=where,
        until=until,
        person=person,
        died=died,
    )
