"""Text counting rules shared by the platform limits: graphemes, UTF-16, X, Mastodon, Threads.

Pure functions over a string, each following what one platform checks (see
:mod:`rtc_tui.core.platforms` for the table of limits and the per-platform verdict).

X counting uses ``twitter-text-parser``, which passes twitter-text's published conformance cases
for weighted length. Two things are added around it: emoji sequences are folded into one emoji
before counting, so sequences newer than the library's Unicode 12 table still count 2 in total;
and the text is counted word by word with a cache, so re-counting a long draft after one
keystroke costs one word, not the whole text.
"""

from __future__ import annotations

import unicodedata
import warnings
from functools import lru_cache
from typing import Any

import regex


@lru_cache(maxsize=1)
def _twitter_text() -> Any:
    """Import twitter-text-parser on first use: it costs a quarter of a second at start-up.

    Commands that never count X lengths (``rtc moments``, ``rtc themes``) should not pay it.
    """
    with warnings.catch_warnings():
        # twitter-text-parser reads its emoji table through pkg_resources, which warns.
        warnings.simplefilter("ignore")
        import twitter_text

    return twitter_text


URL_LENGTH = 23
"""What a URL counts on X and Mastodon, whatever its real length."""

_GRAPHEME = regex.compile(r"\X")
# A grapheme cluster is an emoji when it holds a pictographic, a regional indicator (flags) or
# the combining keycap: this covers ZWJ sequences, skin tones, flags, keycaps and tag sequences.
_EMOJI_PART = regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}\u20E3]")
_EMOJI_PLACEHOLDER = "\U0001f600"
_SEPARATORS = regex.compile(r"([ \t\n]+)")
_LINE_ENDINGS = regex.compile(r"\r\n|\r")
# Mastodon's Account::MENTION_RE: a local username, then an optional @domain.
_MENTION = regex.compile(
    r"(?<![=/\w])[@＠]([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(?:@\w+(?:[.-]+\w+)*)?",
    regex.IGNORECASE,
)
# twitter-text's hashtag rule: not after a word character or '&', not followed by another '#'
# or by '://', and not all digits (checked by the caller). Possessive, so a rejected tail does
# not shrink the tag into a shorter one.
_HASHTAG = regex.compile(
    r"(?<![&\p{L}\p{M}\p{Nd}_])[#＃](?![\uFE0F\u20E3])([\p{L}\p{M}\p{Nd}_]++)(?![#＃]|://)"
)
_LETTER = regex.compile(r"[\p{L}\p{M}]")

# The small caches below are there because measuring six platforms asks the same questions of
# the same text several times (a draft without variants gives every platform the base text).


@lru_cache(maxsize=32)
def count_hashtags(text: str) -> int:
    """Count the hashtags in ``text`` (every occurrence; none inside a URL)."""
    spans = _url_spans(text, with_scheme_only=False)
    return sum(
        1
        for m in _HASHTAG.finditer(text)
        if _LETTER.search(m.group(1)) and not _overlaps(m.span(), spans)
    )


def url_count(text: str, *, with_scheme: bool = False) -> int:
    """Count the URLs in ``text`` as twitter-text finds them (only ``http(s)://`` ones if asked)."""
    return len(_url_spans(text, with_scheme_only=with_scheme))


@lru_cache(maxsize=32)
def count_mentions(text: str) -> int:
    """Count the mentions in ``text`` (``@user`` and ``@user@domain``; none inside a URL)."""
    spans = _url_spans(text, with_scheme_only=False)
    return sum(1 for m in _MENTION.finditer(text) if not _overlaps(m.span(), spans))


@lru_cache(maxsize=32)
def grapheme_count(text: str) -> int:
    """Count extended grapheme clusters (what a reader sees as one character)."""
    return len(_GRAPHEME.findall(text))


def utf16_length(text: str) -> int:
    """Count UTF-16 code units (what JavaScript's ``String.length`` reports)."""
    return len(text.encode("utf-16-le")) // 2


def threads_length(text: str) -> int:
    """Threads: an emoji counts its UTF-8 bytes, every other grapheme its code points."""
    if text.isascii():
        return len(text)
    total = 0
    for cluster in _GRAPHEME.findall(text):
        # ASCII first: it is most of any text and never an emoji.
        if not cluster.isascii() and _EMOJI_PART.search(cluster):
            total += len(cluster.encode("utf-8"))
        else:
            total += len(cluster)
    return total


def mastodon_length(text: str) -> int:
    """Mastodon: graphemes, with each http(s) URL as 23 and ``@user@domain`` as ``@user``.

    As Mastodon's status length validator does, URL and mention entities that overlap keep the
    one that starts first.
    """
    entities: list[tuple[int, int, str]] = [
        (start, end, "x" * URL_LENGTH) for start, end in _url_spans(text, with_scheme_only=True)
    ]
    entities += [(m.start(), m.end(), "@" + m.group(1)) for m in _MENTION.finditer(text)]
    entities.sort()
    pieces: list[str] = []
    cursor = 0
    for start, end, replacement in entities:
        if start < cursor:
            continue
        pieces.append(text[cursor:start])
        pieces.append(replacement)
        cursor = end
    pieces.append(text[cursor:])
    return grapheme_count("".join(pieces))


def x_weighted_length(text: str) -> int:
    """X: twitter-text's weighted length (v3), with emoji sequences counting 2 in total."""
    normalized = _LINE_ENDINGS.sub("\n", unicodedata.normalize("NFC", text))
    total = 0
    # URLs and emoji never span a space, tab or newline, and such a separator is as good a start
    # for a URL as the start of the text, so the sum over words equals the count of the whole.
    for index, piece in enumerate(_SEPARATORS.split(normalized)):
        if index % 2:
            total += len(piece)
        elif piece:
            total += _x_word_length(piece)
    return total


@lru_cache(maxsize=8192)
def _x_word_length(word: str) -> int:
    if word.isascii() and "." not in word:
        # No URL without a dot, and no emoji in ASCII: every character weighs 1.
        return len(word)
    folded = "".join(
        _EMOJI_PLACEHOLDER if len(c) > 1 and _EMOJI_PART.search(c) else c
        for c in _GRAPHEME.findall(word)
    )
    return int(_twitter_text().parse_tweet(folded).weightedLength)


@lru_cache(maxsize=64)
def _url_spans(text: str, *, with_scheme_only: bool) -> tuple[tuple[int, int], ...]:
    # Cached: one measure_all() asks for the same text's URLs several times.
    found: list[dict[str, Any]] = _twitter_text().extract_urls_with_indices(
        text, extract_urls_without_protocol=not with_scheme_only
    )
    return tuple((int(u["indices"][0]), int(u["indices"][1])) for u in found)


def _overlaps(span: tuple[int, int], spans: tuple[tuple[int, int], ...]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)
