"""The brand-safety lexicon: GARM categories, Italian and English, inflection-aware.

The lexicon lives in ``rtc_tui/data/lexicon/*.yaml``, one file per GARM category (or per topic
of a category). Each file looks like this::

    category: death_injury_military_conflict
    label: Death, injury or military conflict
    topic: ""                      # optional: a finer topic inside the category
    kind: garm                     # garm (default) or commercial
    terms:
      it:
        block: ["mort{o,i,a,e}", "strag{e,i}", "uccis{o,a,i,e}"]
        warn: ["ferit{o,a,i,e}"]
      en:
        block: ["kill{,s,ed,ing}", "dead", "death{,s}"]
    allow: ["star war{,s}", "morte nera", "killer app{,s}"]

A term is one or more words separated by spaces. Inside a word, ``{a,b,c}`` lists the
alternatives (``{,s}`` means "nothing or s") and a trailing ``*`` means "any further letters"
(use it sparingly: ``terroris*``). Matching works on whole words of the normalised text
(case folded, accents removed), so ``mort{o,i,a,e}`` finds *Morti* and never *mortadella*,
and ``kill{,s,ed,ing}`` finds *killed* and never *skilled*. A multi-word term matches the same
words in a row, whatever separates them (spaces, hyphens, a slash: ``9/11``). The ``allow``
phrases are idioms whose words are not hits (*Star Wars*, *Morte Nera*, *killer app*).

Hashtags are split into their words before matching: camel case first (``#WhyIStayed`` ->
*why i stayed*), then joined lower-case words through a small dictionary (``#whyistayed``
-> *why i stayed*). URLs are ignored.

:func:`classify` is the one-call API used on ingest; :func:`scan` returns every hit, which
the safety checks turn into findings.
"""

from __future__ import annotations

import functools
import itertools
import math
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
import yaml

from rtc_tui.core.models import Level, Sensitivity

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "lexicon"
"""Where the shipped lexicon files live."""

WORDS_DIR = DATA_DIR / "words"
"""Plain word lists (one word a line) used to split joined hashtags."""

KINDS = ("garm", "commercial")
"""File kinds: GARM sensitivity categories, or commercial wording."""

ALLOW = "allow"
"""The kind of an ``allow:`` phrase: words inside it are not hits (``star wars``)."""

CATEGORY_LABELS: dict[str, str] = {
    "adult_explicit": "Adult & explicit sexual content",
    "arms_ammunition": "Arms & ammunition",
    "crime_harmful_acts": "Crime & harmful acts to individuals and society",
    "death_injury_military_conflict": "Death, injury or military conflict",
    "online_piracy": "Online piracy",
    "hate_speech_aggression": "Hate speech & acts of aggression",
    "obscenity_profanity": "Obscenity & profanity",
    "drugs_tobacco_alcohol": "Illegal drugs, tobacco, e-cigarettes, vaping, alcohol",
    "spam_harmful": "Spam or harmful content",
    "terrorism": "Terrorism",
    "sensitive_social_issues": "Debated sensitive social issues",
    "commercial": "Commercial wording",
}
"""The GARM brand-safety categories (plus commercial wording) and their display labels."""

_URL = regex.compile(r"(?i)\b(?:https?://|www\.)\S+")
_HASHTAG = regex.compile(r"#([\p{L}\p{N}_]+)")
_MENTION = regex.compile(r"@[\p{L}\p{N}_.]+")
_TOKEN = regex.compile(r"[\p{L}\p{N}]+")
_CAMEL = regex.compile(
    r"(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})"
)
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
        words: list[str] = []
        for chunk in body.split("_"):
            if not chunk:
                continue
            mixed = any(c.isupper() for c in chunk[1:]) and any(c.islower() for c in chunk)
            for piece in _CAMEL.split(chunk):
                if not piece:
                    continue
                if mixed:
                    words.append(normalise(piece))
                else:
                    words.extend(self.split_joined(normalise(piece)))
        return words

    def split_joined(self, word: str) -> list[str]:
        """Split a run of joined lower-case words (``whyistayed``) into known words.

        A known word is kept whole; otherwise the split with the fewest words wins, letters
        that no known word covers cost a lot, and a split that leaves a stray run of one to
        three unknown letters is refused, so ``skilled`` never becomes ``s killed``. Unknown
        runs of four letters or more are kept as words (names: ``prayforparis`` -> *prayfor
        paris*).
        """
        if word in self.vocabulary or len(word) <= 3 or not word.isalpha():
            return [word]
        size = len(word)
        best: list[tuple[float, int]] = [(0.0, 0)] + [(math.inf, 0)] * size
        for end in range(1, size + 1):
            for begin in range(max(0, end - self._max_word), end):
                cost_before = best[begin][0]
                if cost_before == math.inf:
                    continue
                piece = word[begin:end]
                if piece in self.vocabulary:
                    cost = 1.0
                elif end - begin == 1:
                    cost = 4.0
                else:
                    continue
                if cost_before + cost < best[end][0]:
                    best[end] = (cost_before + cost, begin)
        pieces: list[str] = []
        end = size
        while end > 0:
            begin = best[end][1]
            pieces.append(word[begin:end])
            end = begin
        pieces.reverse()
        # Glue back letters no known word covers, so an unknown word stays one token.
        glued: list[str] = []
        pending = ""
        for piece in pieces:
            if piece in self.vocabulary:
                if pending:
                    glued.append(pending)
                    pending = ""
                glued.append(piece)
            else:
                pending += piece
        if pending:
            glued.append(pending)
        if any(p not in self.vocabulary and len(p) < 4 for p in glued):
            return [word]
        return glued

    def classify(self, text: str) -> Sensitivity:
        """The sensitivity of ``text``: worst severity, categories and matched words."""
        return sensitivity_of(self.scan(text))


def tokenise(text: str) -> list[str]:
    """Normalised word tokens of ``text`` (letters and digits; everything else separates)."""
    return [str(t) for t in _TOKEN.findall(normalise(text))]


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


def _load_file(path: Path) -> list[Term]:
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: expected a mapping with 'category' and 'terms'")
    category = data.get("category")
    kind = data.get("kind", "garm")
    if kind not in KINDS:
        raise LexiconError(f"{path}: kind must be one of {', '.join(KINDS)}")
    if not isinstance(category, str) or category not in CATEGORY_LABELS:
        raise LexiconError(f"{path}: unknown category {category!r}")
    topic = str(data.get("topic", ""))
    by_lang = data.get("terms")
    if not isinstance(by_lang, dict):
        raise LexiconError(f"{path}: 'terms' must map a language to block/warn lists")
    terms: list[Term] = []
    for lang, by_severity in by_lang.items():
        if not isinstance(by_severity, dict):
            raise LexiconError(f"{path}: terms.{lang} must map block/warn to lists")
        for severity_name, sources in by_severity.items():
            if severity_name not in ("block", "warn"):
                raise LexiconError(f"{path}: terms.{lang}: severity must be block or warn")
            if not isinstance(sources, list):
                raise LexiconError(f"{path}: terms.{lang}.{severity_name} must be a list")
            for source in sources:
                terms.append(
                    compile_term(
                        str(source),
                        category=category,
                        severity=Level(severity_name),
                        lang=str(lang),
                        topic=topic,
                        kind=kind,
                        where=str(path),
                    )
                )
    allow = data.get("allow", [])
    if not isinstance(allow, list):
        raise LexiconError(f"{path}: 'allow' must be a list of phrases")
    for source in allow:
        terms.append(
            compile_term(
                str(source),
                category=category,
                severity=Level.NONE,
                lang="any",
                topic=topic,
                kind=ALLOW,
                where=str(path),
            )
        )
    return terms


def _load_words(directory: Path) -> set[str]:
    words: set[str] = set()
    if directory.is_dir():
        for path in sorted(directory.glob("*.txt")):
            for line in path.read_text(encoding="utf-8").splitlines():
                line = line.split("#", 1)[0].strip()
                if line:
                    words.update(normalise(w) for w in line.split())
    return words


def load(directory: Path | None = None, *, words_dir: Path | None = None) -> Lexicon:
    """Load and compile every ``*.yaml`` lexicon file of ``directory`` (default: shipped).

    Raises:
        LexiconError: A file is malformed (the message names it).
    """
    directory = directory or DATA_DIR
    terms: list[Term] = []
    for path in sorted(directory.glob("*.yaml")):
        terms.extend(_load_file(path))
    vocabulary = _load_words(words_dir or (directory / "words"))
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
