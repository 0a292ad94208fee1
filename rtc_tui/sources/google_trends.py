"""Google Trends "trending now" RSS: the search, its approximate traffic and its news items.

feedparser keeps only the last ``ht:news_item`` of an item, and the news items are the
context an editor needs ("why is this trending?"), so this feed is read with a namespace-aware
ElementTree parser that refuses entity expansion (:func:`~rtc_tui.sources.xmldoc.parse_xml`).
``ht:approx_traffic`` ("200K+", "2000+") becomes the event's signal.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit
from xml.etree.ElementTree import Element

from rtc_tui.config import SourceConfig
from rtc_tui.core import phrases
from rtc_tui.core.models import ContextItem, Event, event_id
from rtc_tui.i18n import _
from rtc_tui.sources.base import Get, fetch_one, seen_now
from rtc_tui.sources.errors import SourceError
from rtc_tui.sources.sanitize import clean_text, clean_title, safe_url
from rtc_tui.sources.xmldoc import local_name, namespace, parse_xml

MAX_NEWS = 10
"""Most news items kept per trend."""

_TRAFFIC = re.compile(r"(\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?)\s*([KkMm]?)")
_MULTIPLIER = {"": 1.0, "k": 1e3, "m": 1e6}


def parse_traffic(text: str) -> float | None:
    """``"200K+"`` -> 200000, ``"2,000+"`` / ``"2.000+"`` -> 2000, ``"1M+"`` -> 1e6."""
    match = _TRAFFIC.search(text or "")
    if not match:
        return None
    number, unit = match.group(1), match.group(2).lower()
    # A separator followed by exactly three digits groups thousands ("2,000", "20.000").
    grouped = re.fullmatch(r"\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+", number)
    digits = re.sub(r"\D", "", number) if grouped else number.replace(",", ".")
    try:
        return float(digits) * _MULTIPLIER[unit]
    except ValueError:
        return None


def parse_rfc822(text: str | None) -> datetime | None:
    """An RFC 822 date as aware UTC, or ``None`` if unreadable (e.g. Italian day names)."""
    if not text:
        return None
    try:
        when = parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def _is_trends(tag: str) -> bool:
    return "trends.google" in namespace(tag)


def _child_text(element: Element, name: str, *, trends: bool) -> str:
    for child in element:
        if local_name(child.tag) == name and _is_trends(child.tag) == trends:
            return child.text or ""
    return ""


def _news_items(item: Element) -> list[ContextItem]:
    news: list[ContextItem] = []
    for child in item:
        if local_name(child.tag) != "news_item" or not _is_trends(child.tag):
            continue
        title = clean_title(_child_text(child, "news_item_title", trends=True))
        if not title:
            continue
        news.append(
            ContextItem(
                title=title,
                url=safe_url(_child_text(child, "news_item_url", trends=True).strip()),
                source=clean_text(_child_text(child, "news_item_source", trends=True), 80),
                kind="news",
            )
        )
        if len(news) >= MAX_NEWS:
            break
    return news


def _region(source: SourceConfig) -> str:
    if source.region:
        return source.region.upper()
    geo = parse_qs(urlsplit(source.url).query).get("geo", [""])[0]
    return geo.upper()


def parse_google_trends(
    data: bytes, source: SourceConfig, fetched_at: datetime, content_type: str = ""
) -> list[Event]:
    """Events (one per trending search) from a Google Trends trending RSS document.

    Raises:
        SourceError: hostile, malformed or not the expected feed.
    """
    root = parse_xml(data, content_type)
    channel = root.find("channel")
    if local_name(root.tag) != "rss" or channel is None:
        raise SourceError(_("not a Google Trends RSS feed (no rss/channel)"))
    region = _region(source)
    events: list[Event] = []
    seen: set[str] = set()
    for item in channel.findall("item"):
        title = clean_title(item.findtext("title"))
        if not title or title.casefold() in seen:
            continue
        seen.add(title.casefold())
        traffic_text = clean_text(_child_text(item, "approx_traffic", trends=True), 20)
        traffic = parse_traffic(traffic_text)
        published = parse_rfc822(item.findtext("pubDate"))
        news = _news_items(item)
        extra: dict[str, Any] = {"type": "google_trends"}
        if traffic_text:
            extra["signal_label"] = phrases.searches(traffic_text)
        picture = safe_url(_child_text(item, "picture", trends=True).strip())
        if picture:
            extra["picture"] = picture
        if published is None:
            extra["date_from_fetch"] = True
        geo = f"&geo={quote(region)}" if region else ""
        events.append(
            seen_now(
                fetched_at,
                id=event_id(source.name, "trend:" + title.casefold()),
                source=source.name,
                title=title,
                url=f"https://trends.google.com/trends/explore?q={quote(title)}{geo}&date=now%201-d",
                summary=news[0].title if news else "",
                lang=source.lang,
                published=min(published, fetched_at) if published else fetched_at,
                signal=traffic,
                context=news,
                extra=extra,
            )
        )
    return events


async def collect(get: Get, source: SourceConfig, fetched_at: datetime) -> list[Event] | None:
    """Fetch and parse the trending feed at ``source.url`` (``None`` when unchanged)."""
    return await fetch_one(
        get,
        source.url,
        lambda body: parse_google_trends(body.data, source, fetched_at, body.content_type),
    )
