"""How a reply feels: positive, neutral or negative, in Italian and English.

The guide measures success by the public's response, quantitatively and qualitatively; the
qualitative half starts with telling praise from anger in the replies to a post.

Why a lexicon of our own and not a library: the maintained sentiment libraries on PyPI either
cover English only (VADER, last released 2020; TextBlob) or need a transformer model and torch
for Italian (FEEL-IT, sentita), which costs seconds of start-up and hundreds of megabytes, and
must be downloaded. A reply is one or two short sentences; a VADER-style rule set over a lexicon
the team can read and extend (``rtc_tui/data/sentiment/*.yaml``) classifies them well enough to
spot a negative spike, loads in milliseconds and explains itself (the matched words).

The rules, after VADER: each known word or phrase has a valence (-4..+4); a booster just before
it strengthens it, a dampener weakens it; a negation among the three words before it flips and
softens it (a phrase is never flipped: "non vedo l'ora" is already what it means); after a
contrast word ("ma", "but") the words count 1.5 times and before it half; emoji count like
words; each ``!`` (up to four) adds emphasis. The sum is squashed to -1..1 and compared with
±0.05.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import msgspec

if TYPE_CHECKING:
    import regex

Label = Literal["positive", "neutral", "negative"]

LANGUAGES = ("it", "en")
"""The languages of the shipped lexicons, in the order a tie is decided."""
THRESHOLD = 0.05
"""A compound score at or beyond ±this is positive or negative (VADER's own threshold)."""

_BOOST = 0.293
_NEGATION = -0.74
_ALPHA = 15.0


@functools.cache
def _patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """Grapheme clusters, and the variation selector and skin tones an emoji may carry.

    Compiled on first use: the store imports this module for :data:`Label`, and commands that
    never score a reply (``rtc moments``) skip the ``regex`` module's start-up.
    """
    import regex

    return regex.compile(r"\X"), regex.compile("[\ufe0f\U0001f3fb-\U0001f3ff]")


class SentimentLexiconError(ValueError):
    """A sentiment lexicon file is malformed: the message names the file and the entry."""


class Sentiment(msgspec.Struct, frozen=True):
    """The verdict on one reply."""

    label: Label
    score: float
    """The compound score, -1 (worst) to 1 (best)."""
    language: str
    """The lexicon used (``it`` or ``en``)."""
    matched: tuple[str, ...] = ()
    """The words, phrases and emoji that carried a valence, for the user to see why."""


@dataclass(frozen=True)
class Lexicon:
    """One language's words, phrases and modifiers, normalised (lower case, no accents)."""

    language: str
    words: Mapping[str, float]
    phrases: Mapping[tuple[str, ...], float]
    negators: frozenset[str]
    boosters: frozenset[str]
    dampeners: frozenset[str]
    contrast: frozenset[str]
    stopwords: frozenset[str]


def _words(raw: Any, where: str, field: str) -> frozenset[str]:
    if not isinstance(raw, list):
        raise SentimentLexiconError(f"{where}: {field}: expected a list of words")
    for position, word in enumerate(raw):
        if not isinstance(word, str):
            # YAML reads a bare no/on/yes as a boolean: the word must be quoted.
            raise SentimentLexiconError(
                f"{where}: {field}[{position}]: {word!r} is not a word (quote it)"
            )
    from rtc_tui.core.safety.lexicon_terms import normalise

    return frozenset(normalise(w) for w in raw)


def parse_lexicon(data: Any, where: str) -> Lexicon:
    """Build a :class:`Lexicon` from the parsed YAML of one file.

    Raises:
        SentimentLexiconError: a field is missing or malformed; the message names it.
    """
    from rtc_tui.core.safety.lexicon_terms import expand_word, normalise, tokenise

    if not isinstance(data, dict) or not isinstance(data.get("language"), str):
        raise SentimentLexiconError(f"{where}: expected a mapping with a 'language'")
    entries = data.get("words")
    if not isinstance(entries, dict):
        raise SentimentLexiconError(f"{where}: words: expected a mapping of word to valence")
    words: dict[str, float] = {}
    phrases: dict[tuple[str, ...], float] = {}
    for key, value in entries.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or abs(value) > 4:
            raise SentimentLexiconError(f"{where}: words: {key!r}: valence must be -4..4")
        if " " in str(key).strip():
            phrases[tuple(tokenise(str(key)))] = float(value)
            continue
        forms = [f for f in expand_word(normalise(str(key))) if f]
        if not forms:
            raise SentimentLexiconError(f"{where}: words: {key!r}: no form")
        for form in forms:
            words[form] = float(value)
    return Lexicon(
        language=data["language"],
        words=words,
        phrases=phrases,
        negators=_words(data.get("negators", []), where, "negators"),
        boosters=_words(data.get("boosters", []), where, "boosters"),
        dampeners=_words(data.get("dampeners", []), where, "dampeners"),
        contrast=_words(data.get("contrast", []), where, "contrast"),
        stopwords=_words(data.get("stopwords", []), where, "stopwords"),
    )


def parse_emoji(data: Any, where: str) -> Mapping[str, float]:
    """Emoji to valence from the parsed YAML of the emoji file (``emoji:`` mapping).

    Raises:
        SentimentLexiconError: not a mapping of emoji to a number.
    """
    table = data.get("emoji") if isinstance(data, dict) else None
    if not isinstance(table, dict):
        raise SentimentLexiconError(f"{where}: expected 'emoji:' mapping emoji to valence")
    emoji: dict[str, float] = {}
    noise = _patterns()[1]
    for key, value in table.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise SentimentLexiconError(f"{where}: emoji: {key!r}: valence must be a number")
        emoji[noise.sub("", str(key))] = float(value)
    return emoji


@dataclass(frozen=True)
class SentimentModel:
    """The lexicons of every language and the emoji table: everything :meth:`classify` needs.

    Built from data the edge has read (:mod:`rtc_tui.sentiment_files`), so this module does
    no I/O and a test can build a model of its own.
    """

    lexicons: Mapping[str, Lexicon]
    """Language code to its lexicon (``it`` and ``en`` for the shipped ones)."""
    emoji: Mapping[str, float]
    _vocabularies: dict[str, frozenset[str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def guess_language(self, text: str, hint: str = "") -> str:
        """The hint when it names a known language, else the one whose words ``text`` uses more.

        Short replies often have no stopword at all ("Can't wait!"), so the lexicon's own
        words, negations and boosters count too; a tie goes to the first language (Italian).
        """
        languages = tuple(self.lexicons)
        code = hint.strip().lower()[:2]
        if code in self.lexicons:
            return code
        from rtc_tui.core.safety.lexicon_terms import tokenise

        tokens = tokenise(text)
        counts = {lang: sum(map(self._vocabulary(lang).__contains__, tokens)) for lang in languages}
        return max(languages, key=lambda lang: (counts[lang], -languages.index(lang)))

    def _vocabulary(self, language: str) -> frozenset[str]:
        known = self._vocabularies.get(language)
        if known is None:
            lexicon = self.lexicons[language]
            phrase_words = {w for phrase in lexicon.phrases for w in phrase}
            known = (
                lexicon.stopwords
                | lexicon.negators
                | lexicon.boosters
                | frozenset(lexicon.words)
                | frozenset(phrase_words)
            )
            self._vocabularies[language] = known
        return known

    def classify(self, text: str, language: str = "") -> Sentiment:
        """Classify one reply.

        Args:
            text: The reply's plain text (HTML already removed).
            language: The language the network reports for it, if any (``it``, ``en-GB``...).

        Returns:
            The label, the compound score, the lexicon used and what matched.
        """
        lang = self.guess_language(text, language)
        return _score(text, self.lexicons[lang], self.emoji)


def _emoji_valence(text: str, table: Mapping[str, float]) -> list[tuple[str, float]]:
    found: list[tuple[str, float]] = []
    grapheme, noise = _patterns()
    for cluster in grapheme.findall(text):
        if cluster.isascii():
            continue
        value = table.get(noise.sub("", cluster))
        if value is not None:
            found.append((cluster, value))
    return found


def _score(text: str, lexicon: Lexicon, emoji: Mapping[str, float]) -> Sentiment:
    from rtc_tui.core.safety.lexicon_terms import tokenise

    tokens = tokenise(text)
    contrast_at = max((i for i, t in enumerate(tokens) if t in lexicon.contrast), default=-1)
    total = 0.0
    matched: list[str] = []
    index = 0
    longest = max((len(p) for p in lexicon.phrases), default=0)
    while index < len(tokens):
        value, size = _phrase_at(tokens, index, lexicon, longest)
        negatable = size == 0
        if size == 0:
            word = tokens[index]
            if word not in lexicon.words:
                index += 1
                continue
            value, size = lexicon.words[word], 1
        matched.append(" ".join(tokens[index : index + size]))
        before = tokens[max(0, index - 3) : index]
        if before and before[-1] in lexicon.boosters:
            value += math.copysign(_BOOST, value)
        elif before and before[-1] in lexicon.dampeners:
            value -= math.copysign(_BOOST, value)
        if negatable and any(t in lexicon.negators for t in before):
            value *= _NEGATION
        if contrast_at >= 0:
            value *= 1.5 if index > contrast_at else 0.5
        total += value
        index += size
    for cluster, value in _emoji_valence(text, emoji):
        matched.append(cluster)
        total += value
    if total:
        total += math.copysign(min(text.count("!"), 4) * 0.292, total)
    score = total / math.sqrt(total * total + _ALPHA)
    label: Label = (
        "positive" if score >= THRESHOLD else "negative" if score <= -THRESHOLD else "neutral"
    )
    return Sentiment(label, round(score, 4), lexicon.language, tuple(matched))


def _phrase_at(tokens: list[str], index: int, lexicon: Lexicon, longest: int) -> tuple[float, int]:
    for size in range(min(longest, len(tokens) - index), 1, -1):
        value = lexicon.phrases.get(tuple(tokens[index : index + size]))
        if value is not None:
            return value, size
    return 0.0, 0


class Tally(msgspec.Struct, frozen=True):
    """How many replies of each kind."""

    positive: int = 0
    neutral: int = 0
    negative: int = 0

    @property
    def total(self) -> int:
        """All replies counted."""
        return self.positive + self.neutral + self.negative


def tally(labels: Iterable[Label]) -> Tally:
    """Count the labels of a post's replies."""
    counts = {"positive": 0, "neutral": 0, "negative": 0}
    for label in labels:
        counts[label] += 1
    return Tally(**counts)
