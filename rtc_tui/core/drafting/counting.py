"""Text counting rules shared by the platform limits: graphemes, UTF-16, X, Mastodon, Threads.

Pure functions over a string, each following what one platform checks (see
:mod:`rtc_tui.core.drafting.platforms` for the table of limits and the per-platform verdict).

X counting is the project's own implementation of twitter-text's published v3 weighting
(``parseTweet`` with the v3 config): NFC first; then every URL (see :mod:`.urls`)
weighs 23, every emoji sequence 2, and every other code point 1 when it falls in one of the
v3 ranges, 2 otherwise. It used to call ``twitter-text-parser``, which cost a quarter of a second
at import (through ``pkg_resources``) and knew emoji only up to Unicode 12. The text is counted
word by word with a cache, so re-counting a long draft after one keystroke costs one word.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

from rtc_tui.core.drafting.urls import url_spans, word_url_spans

URL_LENGTH = 23
"""What a URL counts on X and Mastodon, whatever its real length."""

# twitter-text's v3 configuration, as published: weights are in 1/X_SCALE of a character.
X_SCALE = 100
X_DEFAULT_WEIGHT = 200
X_RANGE_WEIGHT = 100
X_RANGES: tuple[tuple[int, int, int], ...] = (
    (0, 4351, X_RANGE_WEIGHT),
    (8192, 8205, X_RANGE_WEIGHT),
    (8208, 8223, X_RANGE_WEIGHT),
    (8242, 8247, X_RANGE_WEIGHT),
)
"""Code point ranges that weigh 1 (Latin, Cyrillic, Arabic, Hebrew, Indic... and general
punctuation); every other code point weighs ``X_DEFAULT_WEIGHT``."""

_GRAPHEME = regex.compile(r"\X")
# A grapheme cluster is an emoji when it holds a pictographic, a regional indicator (flags) or
# the combining keycap: this covers ZWJ sequences, skin tones, flags, keycaps and tag sequences.
_EMOJI_PART = regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}\u20E3]")
# What an emoji sequence is made of (twemoji's reading, which twitter-text uses): pictographs,
# skin tones, flags, keycaps (a digit, # or * with U+20E3), VS16, ZWJ and tag characters. A
# cluster with anything else (a combining accent, the text-style VS15) is counted per code point,
# and so is a lone pictograph: a bare (c) or (R) without VS16 is text and weighs 1.
_EMOJI_SEQUENCE = regex.compile(
    r"[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}"
    r"0-9#*\uFE0F\u200D\u20E3\U000E0020-\U000E007F]+"
)
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
    spans = url_spans(text, with_scheme_only=False)
    return sum(
        1
        for m in _HASHTAG.finditer(text)
        if _LETTER.search(m.group(1)) and not _overlaps(m.span(), spans)
    )


def url_count(text: str, *, with_scheme: bool = False) -> int:
    """Count the URLs in ``text`` as twitter-text finds them (only ``http(s)://`` ones if asked)."""
    return len(url_spans(text, with_scheme_only=with_scheme))


@lru_cache(maxsize=32)
def count_mentions(text: str) -> int:
    """Count the mentions in ``text`` (``@user`` and ``@user@domain``; none inside a URL)."""
    spans = url_spans(text, with_scheme_only=False)
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
        (start, end, "x" * URL_LENGTH) for start, end in url_spans(text, with_scheme_only=True)
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
    """X: twitter-text's weighted length (v3 config), emoji sequences counting 2 in total."""
    normalized = _LINE_ENDINGS.sub("\n", unicodedata.normalize("NFC", text))
    total = 0
    # URLs and emoji never span a space, tab or newline, and such a separator is as good a start
    # for a URL as the start of the text, so the sum over words equals the count of the whole.
    for index, piece in enumerate(_SEPARATORS.split(normalized)):
        if index % 2:
            total += len(piece) * X_RANGE_WEIGHT
        elif piece:
            total += x_scaled_weight(piece)
    return total // X_SCALE


@lru_cache(maxsize=8192)
def x_scaled_weight(text: str) -> int:
    """The weight of NFC ``text`` in twitter-text's scaled units (``X_SCALE`` per 1)."""
    if text.isascii() and "." not in text:
        # No URL without a dot, and no emoji in ASCII: every character weighs 1.
        return len(text) * X_RANGE_WEIGHT
    total = 0
    position = 0
    for start, end in word_url_spans(text):
        total += _x_plain_weight(text[position:start]) + URL_LENGTH * X_SCALE
        position = end
    return total + _x_plain_weight(text[position:])


def _x_plain_weight(text: str) -> int:
    """Scaled weight of text without URLs: emoji sequences 2, other code points by range."""
    if text.isascii():
        return len(text) * X_RANGE_WEIGHT
    total = 0
    for cluster in _GRAPHEME.findall(text):
        if len(cluster) > 1 and _EMOJI_PART.search(cluster) and _EMOJI_SEQUENCE.fullmatch(cluster):
            total += X_DEFAULT_WEIGHT
        else:
            total += sum(_x_char_weight(char) for char in cluster)
    return total


def _x_char_weight(char: str) -> int:
    code = ord(char)
    for low, high, weight in X_RANGES:
        if low <= code <= high:
            return weight
    return X_DEFAULT_WEIGHT


def _overlaps(span: tuple[int, int], spans: tuple[tuple[int, int], ...]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)
