"""The safety lexicon: families of terms, Italian and English, matched on normalised words.

A :class:`Lexicon` holds compiled :class:`~rtc_tui.core.safety.lexicon_terms.Term` entries
(decoded from the data files by :mod:`rtc_tui.safety_files`, never read here) indexed by their
first word, and scans texts for them. Before matching, the text is normalised
(:mod:`rtc_tui.core.safety.normalise`: case, accents, leetspeak, masks, stretched letters,
emoji between letters); hashtags are split into their words (:mod:`rtc_tui.core.safety.hashtags`);
URLs, e-mail addresses and mentions are left out (a shortener is the deception rule's business,
not the words'). Two allowlists keep innocent words out: ``allow`` phrases (*Star Wars*,
*killer app*) whose words are never hits, and allow words (*nazionale*, *scommetto*) that are
never hits whatever a prefix or a reading says.

:meth:`Lexicon.classify` is the one-call API used on ingest; :meth:`Lexicon.scan` returns every
hit with its span, which the rules turn into findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import regex

from rtc_tui.core.models import Level, Sensitivity
from rtc_tui.core.safety import hashtags
from rtc_tui.core.safety.lexicon_terms import ALLOW, ANY, CUE, FINDING, Term, word_matches
from rtc_tui.core.safety.normalise import Word, words

_HIDDEN = regex.compile(
    r"(?i)\b(?:https?://|www\.)\S+|[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}|(?<![\p{L}\p{N}])@[\p{L}\p{N}_.]+"
)
"""URLs, e-mail addresses and mentions: blanked (same length) before matching."""
_HASHTAG = regex.compile(r"#([\p{L}\p{N}_]+)")

MAX_KNOWN_WORDS = 100_000
"""Words whose candidates a lexicon remembers (then it starts over): bounded memory."""


@dataclass(frozen=True)
class Hit:
    """A lexicon term found in a text."""

    term: Term
    match: str
    """The matched words as their normalised reading (``"morti"``, ``"why i stayed"``)."""
    start: int
    """Offset of the first matched character in the scanned text."""
    end: int
    """Offset just past the last matched character."""
    in_hashtag: str = ""
    """The hashtag the words came from (``"#WhyIStayed"``), if any."""
    disguised: bool = False
    """Whether the words were masked, de-leeted or stretched to match."""

    @property
    def family(self) -> str:
        """The term's family."""
        return self.term.family

    @property
    def severity(self) -> Level:
        """The term's own severity (rules may change it by context)."""
        return self.term.severity


@dataclass
class Lexicon:
    """A compiled lexicon: terms indexed by their first word for fast scanning."""

    terms: list[Term] = field(default_factory=list)
    allow_words: frozenset[str] = frozenset()
    """Plain words that are never hits (``nazionale``, ``scommetto``)."""
    vocabulary: frozenset[str] = frozenset()
    """Known words (lexicon forms and common words), used to split joined hashtags."""
    disabled: frozenset[str] = frozenset()
    """Term keys (``family:term``) switched off by the config."""
    shorteners: frozenset[str] = frozenset()
    """Link-shortener hosts (``bit.ly``): a link through one hides where it goes."""
    _by_first: dict[str, list[Term]] = field(default_factory=dict, repr=False)
    _by_prefix: dict[str, list[Term]] = field(default_factory=dict, repr=False)
    _by_length: dict[int, list[tuple[str, Term]]] = field(default_factory=dict, repr=False)
    _prefix_lengths: tuple[int, ...] = field(default=(), repr=False)
    _max_word: int = field(default=24, repr=False)
    _known: dict[tuple[frozenset[str], str], tuple[Term, ...]] = field(
        default_factory=dict, repr=False
    )
    """The candidates of each word already met, by its readings and mask: ingest scans
    thousands of headlines made of the same few thousand words."""
    _openers: dict[tuple[frozenset[str], str, str], tuple[tuple[Term, str | None], ...]] = field(
        default_factory=dict, repr=False
    )
    """Per word met (readings, mask, plain reading): the candidates that may start a match
    there, a one-word term with the reading it matches as, a longer one with ``None`` (its
    other words are checked in place)."""

    def __post_init__(self) -> None:
        self.terms = [t for t in self.terms if t.key not in self.disabled]
        self._by_first = {}
        self._by_prefix = {}
        self._by_length = {}
        for term in self.terms:
            first = term.words[0]
            if isinstance(first, str):
                self._by_prefix.setdefault(first, []).append(term)
                continue
            for form in first:
                self._by_first.setdefault(form, []).append(term)
                self._by_length.setdefault(len(form), []).append((form, term))
        self._prefix_lengths = tuple(sorted({len(p) for p in self._by_prefix}))
        vocabulary = set(self.vocabulary)
        for term in self.terms:
            for word in term.words:
                if not isinstance(word, str):
                    vocabulary.update(w for w in word if w.isalpha() and len(w) >= 3)
        self.vocabulary = frozenset(vocabulary)
        if self.vocabulary:
            self._max_word = max(len(w) for w in self.vocabulary)

    def add(self, terms: Iterable[Term]) -> Lexicon:
        """A new lexicon with ``terms`` added (a brand's own off-limits words)."""
        return Lexicon(
            terms=[*self.terms, *terms],
            allow_words=self.allow_words,
            vocabulary=self.vocabulary,
            disabled=self.disabled,
            shorteners=self.shorteners,
        )

    def families(self) -> list[str]:
        """Every family that has at least one finding term, in first-seen order."""
        return list(dict.fromkeys(t.family for t in self.terms if t.kind == FINDING))

    def _candidates(self, word: Word) -> tuple[Term, ...]:
        """The terms whose first word may match ``word`` (each once, in index order)."""
        key = (word.readings, word.mask)
        found = self._known.get(key)
        if found is None:
            if len(self._known) >= MAX_KNOWN_WORDS:
                self._known.clear()
            found = self._known[key] = tuple(self._find_candidates(word))
        return found

    def _opening(self, word: Word) -> tuple[tuple[Term, str | None], ...]:
        """The terms a match may start with at ``word``; see :attr:`_openers`.

        A one-word term that does not match ``word`` is left out; one that does comes with
        its reading (what :meth:`scan` reports), both worked out once per distinct word.
        """
        key = (word.readings, word.mask, word.plain)
        found = self._openers.get(key)
        if found is None:
            if len(self._openers) >= MAX_KNOWN_WORDS:
                self._openers.clear()
            opening: list[tuple[Term, str | None]] = []
            for term in self._candidates(word):
                if len(term.words) > 1:
                    opening.append((term, None))
                elif word_matches(term.words[0], word):
                    opening.append((term, _reading(word, term.words[0])))
            found = self._openers[key] = tuple(opening)
        return found

    def _find_candidates(self, word: Word) -> Iterator[Term]:
        seen: set[int] = set()
        for reading in word.readings:
            for term in self._by_first.get(reading, ()):
                if id(term) not in seen:
                    seen.add(id(term))
                    yield term
            for length in self._prefix_lengths:
                if length > len(reading):
                    break
                for term in self._by_prefix.get(reading[:length], ()):
                    if id(term) not in seen:
                        seen.add(id(term))
                        yield term
        if word.mask:
            for prefix, terms in self._by_prefix.items():
                head = word.mask[: len(prefix)]
                if len(head) == len(prefix) and all(
                    m in ("*", p) for m, p in zip(head, prefix, strict=True)
                ):
                    for term in terms:
                        if id(term) not in seen:
                            seen.add(id(term))
                            yield term
            for form, term in self._by_length.get(len(word.mask), ()):
                if id(term) not in seen and word.fits(form):
                    seen.add(id(term))
                    yield term

    def scan(
        self, text: str, *, where: str = "text", kinds: tuple[str, ...] = (FINDING, CUE)
    ) -> list[Hit]:
        """Every term of one of ``kinds`` found in ``text``, with its span.

        Args:
            text: The text to scan.
            where: ``"text"`` (a draft) or ``"event"``: terms scoped to the other are skipped.
            kinds: Which kinds of term to report (findings, cues).

        Returns:
            Each distinct (term, match) once, in order of appearance.
        """
        tokens, origins = self.tokens(text)
        # Most words of a headline start no term: look each word up once, keep the rest.
        # (What ``_opening`` answers, looked up here first: a call per word saved.)
        known = self._openers.get
        candidates: list[tuple[int, Word, tuple[tuple[Term, str | None], ...]]] = []
        for start, word in enumerate(tokens):
            found = known((word.readings, word.mask, word.plain))
            if found is None:
                found = self._opening(word)
            if found:
                candidates.append((start, word, found))
        allowed: list[tuple[int, int]] = []
        for start, _word, found in candidates:
            for term, single in found:
                if term.kind == ALLOW and (single is not None or term.matches_at(tokens, start)):
                    allowed.append((start, start + len(term.words)))
        hits: list[Hit] = []
        seen: set[tuple[str, str]] = set()
        for start, word, found in candidates:
            if word.plain in self.allow_words:
                continue
            for term, single in found:
                if term.kind not in kinds or not _in_scope(term, where):
                    continue
                if single is None and not term.matches_at(tokens, start):
                    continue
                end = start + len(term.words)
                if any(a <= start and end <= b for a, b in allowed):
                    continue
                matched = tokens[start:end]
                if single is not None:  # the word itself, not an allow word (checked above)
                    match = single
                else:
                    if any(w.plain in self.allow_words for w in matched):
                        continue
                    match = " ".join(
                        _reading(w, p) for w, p in zip(matched, term.words, strict=True)
                    )
                key = (term.key, match)
                if key in seen:
                    continue
                seen.add(key)
                hits.append(
                    Hit(
                        term=term,
                        match=match,
                        start=matched[0].start,
                        end=matched[-1].end,
                        in_hashtag=origins[start],
                        disguised=any(w.disguised for w in matched),
                    )
                )
        return hits

    def tokens(self, text: str) -> tuple[list[Word], list[str]]:
        """The words of ``text``, hashtags split into their words, URLs and mentions blanked.

        Returns:
            The words, and beside each the hashtag it came from (``""`` for plain words).
        """
        folded = text.casefold()
        if "@" in text or "http" in folded or "www." in folded:
            # Only a link, an address or a mention can match: most headlines have none.
            text = _HIDDEN.sub(lambda m: " " * len(m.group(0)), text)
        tags = {m.start(1): m for m in _HASHTAG.finditer(text)} if "#" in text else {}
        result: list[Word] = []
        origins: list[str] = []
        for word in words(text):
            tag = tags.get(word.start)
            if tag is None or word.end != tag.end(1):
                result.append(word)
                origins.append("")
                continue
            for part in hashtags.split_hashtag(tag.group(1), self.vocabulary, self._max_word):
                result.append(Word(word.start, word.end, part, frozenset({part})))
                origins.append(tag.group(0))
        return result, origins

    def split_joined(self, word: str) -> list[str]:
        """Split a run of joined lower-case words (``whyistayed``) into known words."""
        return hashtags.split_joined(word, self.vocabulary, self._max_word)

    def classify(self, text: str) -> Sensitivity:
        """The sensitivity of ``text`` (an event on ingest): worst level, GARM categories, terms.

        A figurative word (*terremoto*, *strage*) in a festive or sports headline is a warning;
        anywhere else it counts at its entry's severity (*Hurricane Sandy hits the coast*).
        """
        hits = self.scan(text, where="event")
        lively = any(h.term.kind == CUE and h.family in ("festive", "sports") for h in hits)
        return sensitivity_of(hits, lively=lively)


def _in_scope(term: Term, where: str) -> bool:
    return term.scope in (ANY, where)


def _reading(word: Word, pattern: frozenset[str] | str) -> str:
    """The reading of ``word`` that matched ``pattern`` (for messages: ``c@zz0`` -> ``cazzo``)."""
    if isinstance(pattern, str):
        found = next((r for r in sorted(word.readings) if r.startswith(pattern)), "")
        if found:
            return found
        return pattern + word.mask[len(pattern) :] if word.mask else word.plain
    common = sorted(word.readings & pattern)
    if common:
        return common[0]
    return next((form for form in sorted(pattern) if word.fits(form)), word.plain)


def sensitivity_of(hits: Iterable[Hit], *, lively: bool = False) -> Sensitivity:
    """Fold hits into a :class:`Sensitivity` (worst level, GARM categories, matched words).

    Args:
        hits: The hits (cues and context-only entries are left out).
        lively: Whether the text is festive or about sport: figurative words then only warn.
    """
    from rtc_tui.core.safety.families import garm_category

    level = Level.NONE
    categories: list[str] = []
    terms: list[str] = []
    for hit in hits:
        if hit.term.kind != FINDING or hit.term.only_in or hit.family == "sales":
            continue
        severity = Level.WARN if hit.term.figurative and lively else hit.severity
        if severity.rank > level.rank:
            level = severity
        category = garm_category(hit.family, hit.term.topic)
        if category not in categories:
            categories.append(category)
        if hit.match not in terms:
            terms.append(hit.match)
    return Sensitivity(level=level, categories=tuple(categories), terms=tuple(terms))
