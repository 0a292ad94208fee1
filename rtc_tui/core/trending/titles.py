"""Titles as sets of words: what tells two titles are the same story.

Titles are normalised (case, accents, punctuation, Italian and English stop words, a light
prefix stem) into token sets; :func:`same_story` says whether two sets tell one story. The
clustering (:mod:`.cluster_index`) and the ranking (:mod:`.ranking`) both read them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import regex

_STOP_TEXT = """
    a ad agli ai al alla alle allo all anche ancora avere aveva c che chi ci co coi col come con
    contro cosa cosi cui d da dai dal dalla dalle dallo dall degli dei del della delle dello dell
    di dopo dove e ecco ed era erano essere fa fra gia gli ha hai hanno ho i il in io l la le lei
    li lo loro lui ma me mi molto ne negli nei nel nella nelle nello nell no noi non nostro o
    oggi ogni ora per perche piu poi puo qua quale quali quando quanto quella quelle quelli
    quello questa queste questi questo qui s sara se sei si sia siamo sono su sua sue sugli sui
    sul sulla sulle sullo sull suo suoi ti tra tre tu tua tuo tutti tutto un una uno vi voi vs
    about after against all also an and are as at be been before being but by can could did do
    does for from had has have he her here his how if into is it its just more most my new no
    nor not now of off on one only or other our out over says said she should so some than that
    the their them then there these they this those through to too two up us very was we were
    what when where which while who whom why will with would you your
    live diretta video foto news ultime ultima notizie breaking update aggiornamento oggi
"""
STOP_WORDS: frozenset[str] = frozenset(_STOP_TEXT.split())
"""Words that say nothing about which story a title is about (Italian, English, newsroom)."""

STEM = 5
"""Tokens are cut to this many letters (after a final vowel goes): a light stem that makes
*elezione*/*elezioni*, *Milano*/*Milan*, *Italia*/*Italian* the same token."""

_VOWELS = frozenset("aeiou")

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_HASHTAG = re.compile(r"#([^\W_]+)")
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


@functools.cache
def _camel() -> regex.Pattern[str]:
    """Where a hashtag's words meet (``WhyIStayed``), compiled on first use.

    The ``regex`` module (for its letter-case classes) costs a start-up 5 ms that commands
    such as ``rtc moments``, which reach this module only through the store, do not spend.
    """
    import regex

    return regex.compile(r"(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})")


def fold(text: str) -> str:
    """Case-fold and strip accents: ``"Perché È"`` -> ``"perche e"``."""
    if text.isascii():
        return text.lower()  # nothing to strip; ASCII case-folds to its lower case
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """Every word of ``text``, folded; hashtags split on case (``#WhyIStayed`` -> 3 words)."""
    if "#" in text:
        text = _HASHTAG.sub(lambda m: _camel().sub(" ", m.group(1)), text)
    return _WORD.findall(fold(_LETTER_DIGIT.sub(" ", text)))


def stem(word: str) -> str:
    """A folded word's light stem: numbers as they are, else final vowel off, then cut."""
    if word.isdigit():
        return word
    if len(word) > 4 and word[-1] in _VOWELS:
        word = word[:-1]
    return word[:STEM]


def title_tokens(title: str) -> frozenset[str]:
    """The set of stemmed content words of a title, used for clustering."""
    return frozenset(
        stem(word)
        for word in words(title)
        if word not in STOP_WORDS and (len(word) > 1 or word.isdigit())
    )


def similar(a: frozenset[str], b: frozenset[str]) -> float:
    """How alike two token sets are, in ``[0, 1]`` (0: not the same story).

    Shared words over the words of the shorter title, so a two-word search ("inter milan")
    joins the headline that contains it. Numbers neither count nor are enough: "Sanremo2026"
    is one word, "sanremo", and "Bilancio 2026" is nothing like "Sanremo 2026". Titles of
    three words or more must share at least two; a one-word title needs a word of five
    letters or more, so "rai" or "usa" alone does not swallow every headline naming them.
    """
    words_a = {t for t in a if not t.isdigit()}
    words_b = {t for t in b if not t.isdigit()}
    shared = words_a & words_b
    if not shared:
        return 0.0
    small = min(len(words_a), len(words_b))
    if small >= 3 and len(shared) < 2:
        return 0.0
    if small == 1 and max(len(t) for t in shared) < 5:
        return 0.0
    return len(shared) / small


def same_story(a: frozenset[str], b: frozenset[str], threshold: float = 0.6) -> bool:
    """Whether two titles tell the same story.

    Either they overlap by ``threshold`` (see :func:`similar`), or they share three or more
    words that are at least 30% of the shorter title: "Olivia Marras wins Sanremo" and
    "Olivia Marras ha vinto Sanremo, nessuno se lo aspettava" are one story.
    """
    score = similar(a, b)
    if score >= threshold:
        return True
    return score >= 0.3 and sum(1 for t in a & b if not t.isdigit()) >= 3
