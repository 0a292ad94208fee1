"""RSS 2.0, RSS 1.0 (RDF) and Atom news feeds, parsed with feedparser.

feedparser is forgiving, which is what news feeds need, but it passes raw control characters
and ``javascript:`` links through and cannot read Italian day names in dates; everything it
returns goes through :mod:`rtc_tui.sources.sanitize`, and a date it cannot read becomes the
fetch time. Entity declarations are refused before feedparser sees the bytes.
"""

from __future__ import annotations

import calendar
import io
import time
import warnings
from datetime import UTC, datetime
from functools import partial
from typing import Any

import feedparser

from rtc_tui.config import SourceConfig
from rtc_tui.core.models import Event, event_id
from rtc_tui.i18n import _
from rtc_tui.sources.base import Body, Get, fetch_one, seen_now
from rtc_tui.sources.errors import SourceError
from rtc_tui.sources.rss_plain import read_plain_rss
from rtc_tui.sources.sanitize import clean_text, clean_title, html_to_text, normalize_url, safe_url
from rtc_tui.sources.xmldoc import refuse_entities, to_utf8

MAX_ITEMS = 100
"""Most entries taken from one feed (newest first as the feed orders them)."""


def feed_time(parsed: Any, fetched_at: datetime) -> datetime | None:
    """A feedparser ``*_parsed`` struct (UTC) as an aware datetime; future dates clamp to now."""
    if not isinstance(parsed, time.struct_time):
        return None
    try:
        when = datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    except (OverflowError, ValueError, OSError):
        return None
    return min(when, fetched_at)


def _parsed_date(entry: Any) -> Any:
    if type(entry) is dict:  # the plain reader's entry: no feedparser mapping, no warning
        return entry.get("published_parsed") or entry.get("updated_parsed")
    with warnings.catch_warnings():
        # feedparser warns when ``updated_parsed`` falls back to ``published_parsed``.
        warnings.simplefilter("ignore", DeprecationWarning)
        return entry.get("published_parsed") or entry.get("updated_parsed")


def _link(entry: Any) -> str:
    link = safe_url(entry.get("link"))
    if link:
        return link
    for candidate in entry.get("links", []) or []:
        href = safe_url(candidate.get("href"))
        if href:
            return href
    return ""


def parse_feed(data: bytes, content_type: str = "", base_url: str = "") -> Any:
    """The feed in ``data`` as feedparser reads it, safely (no network, no entity expansion).

    A plain RSS 2.0 feed is read by :func:`~rtc_tui.sources.rss_plain.read_plain_rss`, which
    gives the same entries fifty times faster; anything else goes through feedparser.

    Raises:
        SourceError: entity declarations, or a document with nothing that looks like a feed.
    """
    refuse_entities(data)
    utf8 = to_utf8(data, content_type)
    plain = read_plain_rss(utf8, base_url, MAX_ITEMS)
    if plain is not None:
        return plain
    return feedparser_doc(utf8, base_url)


def feedparser_doc(utf8: bytes, base_url: str = "") -> Any:
    """The document as feedparser reads it (UTF-8, entity declarations already refused).

    Raises:
        SourceError: a document with nothing that looks like a feed.
    """
    headers = {"content-type": "application/xml; charset=utf-8"}
    if base_url:
        headers["content-location"] = base_url
    # A BytesIO, never bytes: feedparser treats a bare string as a URL or a path to open.
    doc = feedparser.parse(
        io.BytesIO(utf8),
        response_headers=headers,
        resolve_relative_uris=False,
        sanitize_html=True,
    )
    if doc.get("bozo") and not doc.get("entries"):
        reason = doc.get("bozo_exception")
        raise SourceError(
            _("malformed feed: {reason}").format(reason=reason) if reason else _("malformed feed")
        )
    if not doc.get("version") and not doc.get("entries"):
        raise SourceError(_("not an RSS or Atom feed"))
    return doc


def parse_rss(
    data: bytes, source: SourceConfig, fetched_at: datetime, content_type: str = ""
) -> list[Event]:
    """Events from an RSS 2.0, RSS 1.0 or Atom document.

    Raises:
        SourceError: the document is hostile or not a feed.
    """
    doc = parse_feed(data, content_type, source.url)
    feed_lang = clean_text(doc.get("feed", {}).get("language", ""), 16).lower()[:2]
    events: list[Event] = []
    seen: set[str] = set()
    for entry in doc.get("entries", [])[:MAX_ITEMS]:
        title = clean_title(entry.get("title"))
        if not title:
            continue
        link = _link(entry)
        guid = clean_text(entry.get("id"), 500)
        key = guid or normalize_url(link) or title.casefold()
        ident = event_id(source.name, key)
        if ident in seen:
            continue
        seen.add(ident)
        published = feed_time(_parsed_date(entry), fetched_at)
        extra: dict[str, Any] = {"type": "rss"}
        if published is None:
            extra["date_from_fetch"] = True
        author = clean_text(entry.get("author"), 120)
        if author:
            extra["author"] = author
        events.append(
            seen_now(
                fetched_at,
                id=ident,
                source=source.name,
                title=title,
                url=link,
                summary=html_to_text(entry.get("summary") or entry.get("description")),
                lang=source.lang or feed_lang,
                published=published or fetched_at,
                extra=extra,
            )
        )
    return events


async def collect(get: Get, source: SourceConfig, fetched_at: datetime) -> list[Event] | None:
    """Fetch and parse the feed at ``source.url`` (``None`` when unchanged)."""
    # A partial of a module-level function, not a closure: a big feed can then be parsed
    # in a child process (see ``fetch_one``).
    return await fetch_one(get, source.url, partial(parse_rss_body, source, fetched_at))


def parse_rss_body(source: SourceConfig, fetched_at: datetime, body: Body) -> list[Event]:
    """:func:`parse_rss` over a fetched body (what :func:`collect` hands to ``fetch_one``)."""
    return parse_rss(body.data, source, fetched_at, body.content_type)
