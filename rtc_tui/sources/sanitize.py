"""Feed text is data: strip terminal escapes and control characters, cap lengths, vet links.

Every string a source hands us passes through here before it becomes part of an
:class:`~rtc_tui.core.models.Event`, so nothing stored can move the cursor, change the
terminal's title (OSC), reorder text with bidi overrides, hide a word behind zero-width
characters or smuggle a ``javascript:`` link.
Markup (``[bold red]``) is left as it is: it is harmless text here and the UI renders it
literally.
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from rtc_tui.core.invisible import strip_invisible

TITLE_LIMIT = 300
"""Longest title kept, in characters (an ellipsis marks the cut)."""

SUMMARY_LIMIT = 600
"""Longest summary kept, in characters."""

_ESCAPES = re.compile(
    r"""
      \x1b\[[0-?]*[ -/]*[@-~]                 # CSI: colours, cursor movement
    | \x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?   # OSC: window title, hyperlinks, clipboard
    | \x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?  # DCS, SOS, PM, APC strings
    | \x1b[ -/]*[0-~]                        # other two- or three-byte escapes
    | \x9b[0-?]*[ -/]*[@-~]                   # 8-bit CSI
    | \x9d[^\x07\x9c]*(?:\x07|\x9c)?          # 8-bit OSC
    """,
    re.VERBOSE,
)
# C0 and C1 controls and DEL; bidi controls and zero-width characters go in strip_invisible.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|mc_cid$|mc_eid$)")


def strip_escapes(text: str) -> str:
    """Remove ANSI/OSC escape sequences, control characters, bidi and zero-width characters.

    Tabs and newlines become spaces later (:func:`clean_text`); everything else that a
    terminal would act on, or that would make the text lie about itself (a right-to-left
    override, a zero-width space hiding a word from the safety checks), is dropped.
    """
    if "\x1b" in text or "\x9b" in text or "\x9d" in text:  # what every escape starts with
        text = _ESCAPES.sub("", text)
    text = text.replace("\t", " ").replace("\r", " ")
    return strip_invisible(_CONTROLS.sub("", text))


def cap(text: str, limit: int) -> str:
    """Cut ``text`` to ``limit`` characters, at a word boundary when one is near, with ``…``."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"


def clean_text(text: object, limit: int = TITLE_LIMIT) -> str:
    """One line of safe text: escapes and controls stripped, whitespace collapsed, capped.

    Non-strings (a number where a title was expected, ``None``) become ``""`` or their text,
    never an exception.
    """
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    text = unicodedata.normalize("NFC", strip_escapes(text))
    return cap(_SPACES.sub(" ", text).strip(), limit)


def clean_title(text: object) -> str:
    """A safe title, capped at :data:`TITLE_LIMIT`."""
    return clean_text(text, TITLE_LIMIT)


class _TextExtractor(HTMLParser):
    """Collects the text of an HTML fragment; block elements become spaces."""

    _BLOCKS = frozenset({"br", "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "tr"})
    _SKIP = frozenset({"script", "style"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(fragment: object, limit: int = SUMMARY_LIMIT) -> str:
    """The visible text of an HTML fragment (a feed summary, a Mastodon status), cleaned."""
    if not isinstance(fragment, str) or not fragment:
        return ""
    if "<" not in fragment and "&" not in fragment:
        return clean_text(fragment, limit)
    parser = _TextExtractor()
    try:
        parser.feed(fragment)
        parser.close()
    except (AssertionError, ValueError):  # html.parser gives up on some broken markup
        return clean_text(html.unescape(re.sub(r"<[^>]*>", " ", fragment)), limit)
    return clean_text("".join(parser.parts), limit)


def safe_url(url: object) -> str:
    """``url`` if it is an absolute http(s) address, else ``""`` (``javascript:``, ``data:``...)."""
    if not isinstance(url, str):
        return ""
    url = strip_escapes(url).strip()
    if not url or len(url.split()) > 1 or len(url) > 2048:  # no space inside
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return ""
    return url


def normalize_url(url: str) -> str:
    """A canonical form of an http(s) URL for identity: tracking parameters and fragment gone.

    The scheme and host are lowercased, ``utm_*``/``fbclid``-style parameters dropped and a
    trailing slash removed, so the same article reached by two links gets the same id.
    """
    safe = safe_url(url)
    if not safe:
        return ""
    parts = urlsplit(safe)
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    ]
    path = parts.path.rstrip("/") or "/"
    netloc = (parts.hostname or "").lower()
    if parts.port and not (
        (parts.scheme == "http" and parts.port == 80)
        or (parts.scheme == "https" and parts.port == 443)
    ):
        netloc = f"{netloc}:{parts.port}"
    return urlunsplit((parts.scheme.lower(), netloc, path, urlencode(query), ""))
