"""The lexicon's shortcuts find exactly what the full scan finds.

:func:`rtc_tui.core.safety.normalise.words` skips the spelled-out-letters scan
(``m.e.r.d.a``) for a text without a letter, a dot/dash/underscore and a letter in a row and
finds each word's place with ``str.find`` instead of a match object, and
:meth:`Lexicon.scan` looks each word's candidates up once (with a one-word term's match).
Both are checked against the unshortened reading on the labelled safety corpus, on disguised
words and on generated text made of letters, digits, masks, emoji, accents and separators.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from rtc_tui.core.safety import normalise
from rtc_tui.core.safety.lexicon import Hit, _reading
from rtc_tui.core.safety.normalise import Word, words
from tests.bench.words import WORDS_EN, WORDS_IT
from tests.safety_corpus import load_cases, shipped_lexicon


def _plain_words_by_match(text: str, start: int, end: int) -> list[Word]:
    """``normalise._plain_words`` as it was: a match object per word, its place from it."""
    found: list[Word] = []
    for match in normalise._WORD.finditer(text, start, end):
        raw = match.group(0)
        plain, readings, mask = normalise._readings(raw)
        if not plain and raw.strip(normalise._MASKS) == "":
            continue
        found.append(Word(match.start(), match.start() + len(raw), plain, readings, mask))
    return found


def words_unshortened(text: str) -> list[Word]:
    """:func:`words` as it was before the prefilter: the spelled-letters scan always runs.

    And the words between spelled ones are read match by match, as before
    ``_plain_words`` found each one's place with ``str.find``.
    """
    found: list[Word] = []
    position = 0
    for match in normalise._SPELLED.finditer(text):
        start, end = match.start(), match.end()
        found.extend(_plain_words_by_match(text, position, start))
        letters = "".join(ch for ch in text[start:end] if ch.isalpha())
        word = normalise.read(letters, start)
        found.append(Word(start, end, word.plain, word.readings, word.mask))
        position = end
    found.extend(_plain_words_by_match(text, position, len(text)))
    return found


def scan_unshortened(text: str) -> list[Hit]:
    """:meth:`Lexicon.scan` with every word's candidates looked up in both passes."""
    lexicon = shipped_lexicon()
    tokens, origins = lexicon.tokens(text)
    allowed = [
        (start, start + len(term.words))
        for start, word in enumerate(tokens)
        for term in lexicon._candidates(word)
        if term.kind == "allow" and term.matches_at(tokens, start)
    ]
    hits: list[Hit] = []
    seen: set[tuple[str, str]] = set()
    for start, word in enumerate(tokens):
        if word.plain in lexicon.allow_words:
            continue
        for term in lexicon._candidates(word):
            if term.kind not in ("finding", "cue") or term.scope not in ("any", "text"):
                continue
            if not term.matches_at(tokens, start):
                continue
            end = start + len(term.words)
            if any(a <= start and end <= b for a, b in allowed):
                continue
            if any(w.plain in lexicon.allow_words for w in tokens[start:end]):
                continue
            matched = tokens[start:end]
            match = " ".join(_reading(w, p) for w, p in zip(matched, term.words, strict=True))
            if (term.key, match) not in seen:
                seen.add((term.key, match))
                hits.append(Hit(term, match, matched[0].start, matched[-1].end, origins[start]))
    return hits


def _spans(hits: list[Hit]) -> list[tuple[str, str, int, int]]:
    return [(h.term.key, h.match, h.start, h.end) for h in hits]


def _corpus_texts() -> list[str]:
    texts = []
    for case in load_cases():
        texts.append(case.text)
        if case.event:
            texts.append(case.event)
    return texts


DISGUISED = [
    "m.e.r.d.a",
    "M-E-R-D-A!",
    "s_h_i_t",
    "c@zz0 e m*rda",
    "f🤬u🤬c🤬k",
    "U.S.A. e U.K.",
    "semi-finale a.m. p-s",
    "x.y",
    "È.à",
    "a.b.c.d.e.f.g.h",
    "...a.b...",
    "#ItaliaSpagna m.e.r.d.a #WhyIStayed",
]


def test_words_match_the_unshortened_reading_on_the_corpus() -> None:
    for text in [*_corpus_texts(), *DISGUISED]:
        assert words(text) == words_unshortened(text), text


def test_scan_finds_what_the_unshortened_scan_finds_on_the_corpus() -> None:
    lexicon = shipped_lexicon()
    for text in [*_corpus_texts(), *DISGUISED]:
        assert _spans(lexicon.scan(text)) == _spans(scan_unshortened(text)), text


_PIECES = st.sampled_from(
    [
        *"abcdemrstuxyzAEMRZ",
        *"àèéìòùÈ",
        *"0134579",
        *"._-",
        *"*@!$",
        " ",
        "  ",
        "🤬",
        "\u200d",
        "\ufe0f",
        "^",
        "`",
        "#",
        "²",
        "ⅷ",
        "merda",
        "cazzo",
        "morti",
        "strage",
        "Star Wars",
        *WORDS_IT[:20],
        *WORDS_EN[:20],
    ]
)
_TEXTS = st.lists(_PIECES, max_size=30).map("".join)


@settings(max_examples=600, deadline=None)
@given(text=_TEXTS)
def test_generated_text_reads_and_scans_the_same(text: str) -> None:
    assert words(text) == words_unshortened(text)
    assert _spans(shipped_lexicon().scan(text)) == _spans(scan_unshortened(text))


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=60))
@example(text="A.\U00018d09")  # a letter for ``regex``, not for Python 3.11's tables
def test_any_text_reads_the_same(text: str) -> None:
    assert words(text) == words_unshortened(text)
