"""The checks on what a text itself says besides its words: prices, links, brand words.

Every function here is pure. :func:`sales_hits` lists the sales language (the lexicon's
``sales`` family, percentages, prices) with spans; :func:`shortener_hits` finds links that hide
where they go; :func:`extract_urls` lists the links the desk checks for reachability;
:func:`off_limits_terms` compiles a brand's own off-limits words. The reasons of the terms
made here are English source strings marked for translation, translated with the lexicon's own
where a message is built (:func:`rtc_tui.core.safety.rules.reason`).
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

import regex

from rtc_tui.core.models import Level
from rtc_tui.core.safety.lexicon import Hit, Lexicon
from rtc_tui.core.safety.lexicon_terms import FINDING, Term, compile_term, compile_words
from rtc_tui.i18n import N_

_URL = regex.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"']+|\b[a-z0-9-]+\.[a-z]{2,3}/[A-Za-z0-9]+")
_PRICES = (
    regex.compile(r"(?<![\p{L}\p{N}])-?\d{1,3}(?:[.,]\d+)?\s?%(?:\s?off)?", regex.IGNORECASE),
    regex.compile(r"[€$£]\s?\d+(?:[.,]\d{1,2})?"),
    regex.compile(r"(?<![\p{L}\p{N}])\d+(?:[.,]\d{1,2})?\s?(?:€|euro\b|eur\b|usd\b|£)", regex.I),
)
_PRICE_TERM = Term(
    source="(price)",
    family="sales",
    severity=Level.BLOCK,
    lang="any",
    words=compile_words("price"),
    reason=N_("a price or a discount"),
)
_SHORTENER_TERM = Term(
    source="(link shortener)",
    family="deception",
    severity=Level.BLOCK,
    lang="any",
    words=compile_words("shortener"),
    reason=N_("a shortened link hides where it goes, as phishing does: use the full address"),
    topic="link shortener",
)


def extract_urls(text: str) -> list[str]:
    """Every ``http(s)`` URL in ``text``, in order, without duplicates or trailing punctuation."""
    urls: list[str] = []
    for match in regex.finditer(r"(?i)\bhttps?://[^\s<>\"']+", text):
        url = match.group(0).rstrip(".,;:!?)]}'\"»")
        if url not in urls:
            urls.append(url)
    return urls


def sales_hits(text: str, hits: Iterable[Hit]) -> list[Hit]:
    """The sales language of ``text``: the lexicon's ``sales`` hits, percentages and prices."""
    found = [h for h in hits if h.family == "sales" and h.term.kind == FINDING]
    for pattern in _PRICES:
        for match in pattern.finditer(text):
            value = " ".join(match.group(0).casefold().split())
            if all(h.match != value for h in found):
                found.append(Hit(_PRICE_TERM, value, match.start(), match.end()))
    return found


def commercial_matches(text: str, lex: Lexicon) -> list[str]:
    """The sales wording in ``text`` as words (sconto, sale, -20%, 9,99 €), in order."""
    return [h.match for h in sales_hits(text, lex.scan(text))]


def shortener_hits(text: str, shorteners: frozenset[str]) -> list[Hit]:
    """Links through a shortener (``bit.ly/x``) in ``text``."""
    found: list[Hit] = []
    for match in _URL.finditer(text):
        raw = match.group(0)
        host = urlsplit(raw if "://" in raw else f"http://{raw}").hostname or ""
        host = host.removeprefix("www.")
        if host in shorteners:
            found.append(Hit(_SHORTENER_TERM, host, match.start(), match.end()))
    return found


def off_limits_terms(words: Iterable[str]) -> list[Term]:
    """Compile a brand's own off-limits words (config ``brand.off_limits``) as blocking terms."""
    return [
        compile_term(
            word,
            family="brand_off_limits",
            severity=Level.BLOCK,
            lang="any",
            reason=N_("the brand keeps this topic off limits"),
            where="brand.off_limits",
        )
        for word in words
        if word.strip()
    ]
