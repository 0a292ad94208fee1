"""The checks on what a text itself says: lexicon topics, commercial wording, URLs, brand words.

Every function here is pure. :func:`lexicon_findings` turns the lexicon's hits in a text into
findings; :func:`commercial_matches` lists the commercial wording (lexicon words, percentages,
prices) that blocks next to a sensitive event or on a solemn day; :func:`extract_urls` lists
the links the desk checks for reachability; :func:`off_limits_terms` compiles a brand's own
off-limits words.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from rtc_tui.core.models import Level
from rtc_tui.core.safety import lexicon as lexicon_module
from rtc_tui.core.safety.findings import BRAND_OFF_LIMITS, EVENT, TEXT, Finding, category_label
from rtc_tui.core.safety.lexicon import Hit, Lexicon
from rtc_tui.core.safety.lexicon_terms import Term, compile_term

_URL = regex.compile(r"(?i)\bhttps?://[^\s<>\"']+")
_COMMERCIAL_PATTERNS = (
    regex.compile(r"(?<![\p{L}\p{N}])-?\d{1,3}(?:[.,]\d+)?\s?%(?:\s?off)?", regex.IGNORECASE),
    regex.compile(r"[€$£]\s?\d+(?:[.,]\d{1,2})?"),
    regex.compile(r"(?<![\p{L}\p{N}])\d+(?:[.,]\d{1,2})?\s?(?:€|euro\b|eur\b|usd\b|£)", regex.I),
)


def extract_urls(text: str) -> list[str]:
    """Every ``http(s)`` URL in ``text``, in order, without duplicates or trailing punctuation."""
    urls: list[str] = []
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(".,;:!?)]}'\"»")
        if url not in urls:
            urls.append(url)
    return urls


def commercial_matches(text: str, lex: Lexicon | None = None) -> list[str]:
    """The commercial wording in ``text``: lexicon words (sconto, sale...), percentages, prices."""
    lex = lex or lexicon_module.default()
    found = [hit.match for hit in lex.scan(text, kinds=("commercial",))]
    for pattern in _COMMERCIAL_PATTERNS:
        for match in pattern.finditer(text):
            value = " ".join(match.group(0).casefold().split())
            if value not in found:
                found.append(value)
    return found


def off_limits_terms(words: Iterable[str]) -> list[Term]:
    """Compile a brand's off-limits words (config ``brand.off_limits``) as blocking terms."""
    return [
        compile_term(
            word,
            category=BRAND_OFF_LIMITS,
            severity=Level.BLOCK,
            lang="any",
            where="brand.off_limits",
        )
        for word in words
        if word.strip()
    ]


def hit_message(hit: Hit, where: str) -> str:
    """One human sentence for a lexicon hit in the text or in the event (``where``)."""
    place = "the event" if where == EVENT else "the text"
    topic = f" ({hit.term.topic})" if hit.term.topic else ""
    via = f" via {hit.in_hashtag}" if hit.in_hashtag else ""
    label = category_label(hit.category)
    return f"{place} touches {label}{topic}: {hit.match!r}{via}"


def lexicon_findings(text: str, lex: Lexicon) -> tuple[list[Finding], Level]:
    """The lexicon's hits in one text as findings, in order, and their worst level."""
    findings: list[Finding] = []
    worst = Level.NONE
    for hit in lex.scan(text):
        findings.append(
            Finding(hit.severity, hit.category, hit.match, TEXT, hit_message(hit, TEXT))
        )
        if hit.severity.rank > worst.rank:
            worst = hit.severity
    return findings, worst
