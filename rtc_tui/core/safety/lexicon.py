"""The brand-safety lexicon: GARM categories, Italian and English, inflection-aware.

A :class:`Lexicon` holds the compiled terms (syntax in :mod:`rtc_tui.core.safety.lexicon_terms`,
loaded from the files described in :mod:`rtc_tui.core.safety.lexicon_files`) indexed by their first
word, and scans texts for them: hashtags are split into their words before matching (see
:mod:`rtc_tui.core.hashtags`), URLs and mentions are ignored, and the words of an ``allow``
phrase (*Star Wars*, *killer app*) are not hits.

:func:`classify` is the one-call API used on ingest; :func:`scan` returns every hit, which
the safety checks turn into findings.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import regex

from rtc_tui.core import hashtags
from rtc_tui.core.models import Level, Sensitivity
from rtc_tui.core.safety.lexicon_files import CATEGORY_LABELS, DATA_DIR, load_file, load_words
from rtc_tui.core.safety.lexicon_terms import ALLOW, Term, tokenise

_URL = regex.compile(r"(?i)\b(?:https?://|www\.)\S+")
_HASHTAG = regex.compile(r"#([\p{L}\p{N}_]+)")
_MENTION = regex.compile(r"@[\p{L}\p{N}_.]+")


@dataclass(frozen=True)
class Hit:
    """A lexicon term found in a text."""

    term: Term
    match: str
    """The matched words, normalised (``"morti"``, ``"why i stayed"``)."""
    in_hashtag: str = ""
    """The hashtag the words came from (``"#WhyIStayed"``), if any."""

    @property
    def category(self) -> str:
        """The term's GARM category id."""
        return self.term.category

    @property
    def severity(self) -> Level:
        """The term's severity."""
        return self.term.severity


@dataclass
class Lexicon:
    """A compiled lexicon: terms indexed by their first word for fast scanning."""

    terms: list[Term] = field(default_factory=list)
    vocabulary: frozenset[str] = frozenset()
    """Known words (lexicon forms and common words), used to split joined hashtags."""
    _by_first: dict[str, list[Term]] = field(default_factory=dict, repr=False)
    _by_prefix: dict[str, list[Term]] = field(default_factory=dict, repr=False)
    _prefix_lengths: tuple[int, ...] = field(default=(), repr=False)
    _max_word: int = field(default=24, repr=False)

    def __post_init__(self) -> None:
        self._index()

    def _index(self) -> None:
        self._by_first = {}
        self._by_prefix = {}
        for term in self.terms:
            first = term.words[0]
            if isinstance(first, str):
                self._by_prefix.setdefault(first, []).append(term)
            else:
                for form in first:
                    self._by_first.setdefault(form, []).append(term)
        self._prefix_lengths = tuple(sorted({len(p) for p in self._by_prefix}))
        if self.vocabulary:
            self._max_word = max(len(w) for w in self.vocabulary)

    def add(self, terms: Iterable[Term]) -> Lexicon:
        """A new lexicon with ``terms`` added (for a brand's own off-limits words)."""
        extra = list(terms)
        vocabulary = set(self.vocabulary)
        for term in extra:
            for word in term.words:
                if not isinstance(word, str):
                    vocabulary.update(w for w in word if w.isalpha() and len(w) >= 3)
        return Lexicon(terms=[*self.terms, *extra], vocabulary=frozenset(vocabulary))

    def _candidates(self, token: str) -> Iterator[Term]:
        yield from self._by_first.get(token, ())
        for length in self._prefix_lengths:
            if length > len(token):
                break
            yield from self._by_prefix.get(token[:length], ())

    def scan(self, text: str, *, kinds: Sequence[str] = ("garm",)) -> list[Hit]:
        """Every term of one of ``kinds`` found in ``text`` (hashtags split, URLs ignored).

        Each distinct (term, match) pair is reported once, in order of appearance.
        """
        tokens, origins = self.tokens(text)
        allowed: list[tuple[int, int]] = []
        for start, token in enumerate(tokens):
            for term in self._candidates(token):
                if term.kind == ALLOW and term.matches_at(tokens, start):
                    allowed.append((start, start + len(term.words)))
        hits: list[Hit] = []
        seen: set[tuple[str, str, str]] = set()
        for start, token in enumerate(tokens):
            for term in self._candidates(token):
                if term.kind not in kinds or not term.matches_at(tokens, start):
                    continue
                end = start + len(term.words)
                if any(a <= start and end <= b for a, b in allowed):
                    continue
                match = " ".join(tokens[start : start + len(term.words)])
                key = (term.category, term.source, match)
                if key in seen:
                    continue
                seen.add(key)
                hits.append(Hit(term=term, match=match, in_hashtag=origins[start]))
        return hits

    def tokens(self, text: str) -> tuple[list[str], list[str]]:
        """The normalised words of ``text``, hashtags split into their words, URLs dropped.

        Returns:
            The tokens, and beside each the hashtag it came from (``""`` for plain words).
        """
        text = _URL.sub(" ", text)
        text = _MENTION.sub(" ", text)
        tokens: list[str] = []
        origins: list[str] = []
        position = 0
        for tag in _HASHTAG.finditer(text):
            plain = tokenise(text[position : tag.start()])
            tokens.extend(plain)
            origins.extend([""] * len(plain))
            position = tag.end()
            words = self.split_hashtag(tag.group(1))
            tokens.extend(words)
            origins.extend([tag.group(0)] * len(words))
        plain = tokenise(text[position:])
        tokens.extend(plain)
        origins.extend([""] * len(plain))
        return tokens, origins

    def split_hashtag(self, body: str) -> list[str]:
        """The words of a hashtag body.

        Mixed case is trusted (``WhyIStayed`` -> *why i stayed*, ``PrayForParis`` -> *pray for
        paris*); a single-case run of letters is split by dictionary (:meth:`split_joined`).
        """
        return hashtags.split_hashtag(body, self.vocabulary, self._max_word)

    def split_joined(self, word: str) -> list[str]:
        """Split a run of joined lower-case words (``whyistayed``) into known words.

        A known word is kept whole; otherwise the split with the fewest words wins, letters
        that no known word covers cost a lot, and a split that leaves a stray run of one to
        three unknown letters is refused, so ``skilled`` never becomes ``s killed``. Unknown
        runs of four letters or more are kept as words (names: ``prayforparis`` -> *prayfor
        paris*).
        """
        return hashtags.split_joined(word, self.vocabulary, self._max_word)

    def classify(self, text: str) -> Sensitivity:
        """The sensitivity of ``text``: worst severity, categories and matched words."""
        return sensitivity_of(self.scan(text))


def sensitivity_of(hits: Iterable[Hit]) -> Sensitivity:
    """Fold lexicon hits into a :class:`Sensitivity` (worst level, unique categories/terms)."""
    level = Level.NONE
    categories: list[str] = []
    terms: list[str] = []
    for hit in hits:
        if hit.severity.rank > level.rank:
            level = hit.severity
        if hit.category not in categories:
            categories.append(hit.category)
        if hit.match not in terms:
            terms.append(hit.match)
    return Sensitivity(level=level, categories=tuple(categories), terms=tuple(terms))


def load(directory: Path | None = None, *, words_dir: Path | None = None) -> Lexicon:
    """Load and compile every ``*.yaml`` lexicon file of ``directory`` (default: shipped).

    Raises:
        LexiconError: A file is malformed (the message names it).
    """
    directory = directory or DATA_DIR
    terms: list[Term] = []
    for path in sorted(directory.glob("*.yaml")):
        terms.extend(load_file(path))
    vocabulary = load_words(words_dir or (directory / "words"))
    for term in terms:
        for word in term.words:
            if not isinstance(word, str):
                vocabulary.update(w for w in word if w.isalpha() and len(w) >= 3)
    return Lexicon(terms=terms, vocabulary=frozenset(vocabulary))


@functools.cache
def default() -> Lexicon:
    """The shipped lexicon, loaded and compiled once per process."""
    return load()


def classify(text: str) -> Sensitivity:
    """Classify ``text`` with the shipped lexicon (the call used on event ingest)."""
    return default().classify(text)


def scan(text: str, *, kinds: Sequence[str] = ("garm",)) -> list[Hit]:
    """Every hit of the shipped lexicon in ``text``."""
    return default().scan(text, kinds=kinds)


def category_label(category: str) -> str:
    """The display label of a category id (the id itself when unknown)."""
    return CATEGORY_LABELS.get(category, category)
