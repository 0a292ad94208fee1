"""Hashtag splitting: the words of ``#WhyIStayed`` or ``#whyistayed``, before matching.

Camel case is trusted first (``#WhyIStayed`` -> *why i stayed*); a single-case run of letters
is then split through a vocabulary of known words (``#whyistayed`` -> *why i stayed*).
"""

from __future__ import annotations

import math
from collections.abc import Set

import regex

from rtc_tui.core.safety.lexicon_terms import normalise

_CAMEL = regex.compile(
    r"(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})"
)


def split_hashtag(body: str, vocabulary: Set[str], max_word: int) -> list[str]:
    """The words of a hashtag body.

    Mixed case is trusted (``WhyIStayed`` -> *why i stayed*, ``PrayForParis`` -> *pray for
    paris*); a single-case run of letters is split by dictionary (:func:`split_joined`).

    Args:
        body: The hashtag without its ``#``.
        vocabulary: The known words.
        max_word: The length of the longest known word.
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
                words.extend(split_joined(normalise(piece), vocabulary, max_word))
    return words


def split_joined(word: str, vocabulary: Set[str], max_word: int) -> list[str]:
    """Split a run of joined lower-case words (``whyistayed``) into known words.

    A known word is kept whole; otherwise the split with the fewest words wins, letters
    that no known word covers cost a lot, and a split that leaves a stray run of one to
    three unknown letters is refused, so ``skilled`` never becomes ``s killed``. Unknown
    runs of four letters or more are kept as words (names: ``prayforparis`` -> *prayfor
    paris*).

    Args:
        word: The normalised run of letters.
        vocabulary: The known words.
        max_word: The length of the longest known word.
    """
    if word in vocabulary or len(word) <= 3 or not word.isalpha():
        return [word]
    size = len(word)
    best: list[tuple[float, int]] = [(0.0, 0)] + [(math.inf, 0)] * size
    for end in range(1, size + 1):
        for begin in range(max(0, end - max_word), end):
            cost_before = best[begin][0]
            if cost_before == math.inf:
                continue
            piece = word[begin:end]
            if piece in vocabulary:
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
        if piece in vocabulary:
            if pending:
                glued.append(pending)
                pending = ""
            glued.append(piece)
        else:
            pending += piece
    if pending:
        glued.append(pending)
    if any(p not in vocabulary and len(p) < 4 for p in glued):
        return [word]
    return glued
