"""Mastodon instance trends: hashtags and links as events, trending statuses as their context.

``url`` is the instance (``https://mastodon.social``); the collector asks for
``/api/v1/trends/tags``, ``/links`` and ``/statuses`` concurrently, without authentication. A
hashtag's meaning is in its posts, not its words, so the trending statuses that use a tag are
attached to it as context items.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rtc_tui.config import SourceConfig
from rtc_tui.core import phrases
from rtc_tui.core.models import ContextItem, Event, event_id
from rtc_tui.i18n import _
from rtc_tui.sources.base import (
    Body,
    Get,
    gather_all,
    join_url,
    load_json,
    off_loop,
    seen_now,
)
from rtc_tui.sources.errors import SourceError
from rtc_tui.sources.sanitize import clean_text, clean_title, html_to_text, normalize_url, safe_url

LIMIT = 20
"""Items asked for per endpoint (the API's maximum for tags is 20)."""

MAX_STATUSES_PER_TAG = 5
"""Most trending statuses attached to one hashtag."""


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _list(data: Any, what: str) -> list[dict[str, Any]]:
    if not isinstance(data, list):
        raise SourceError(_("unexpected answer from {what}: expected a list").format(what=what))
    return [item for item in data if isinstance(item, dict)]


def _history(item: dict[str, Any]) -> list[tuple[int, int, int]]:
    """``(day, uses, accounts)`` newest first, from a tag's or link's ``history``."""
    rows = [
        (_int(h.get("day")), _int(h.get("uses")), _int(h.get("accounts")))
        for h in item.get("history", []) or []
        if isinstance(h, dict)
    ]
    return sorted(rows, reverse=True)


def parse_statuses(data: bytes) -> dict[str, list[ContextItem]]:
    """Trending statuses grouped by the (casefolded) tags they use.

    Raises:
        SourceError: malformed JSON or not a list.
    """
    by_tag: dict[str, list[ContextItem]] = {}
    for status in _list(load_json(data, "trends/statuses"), "trends/statuses"):
        text = html_to_text(status.get("content"), 300)
        if not text:
            continue
        account = status.get("account") if isinstance(status.get("account"), dict) else {}
        acct = clean_text((account or {}).get("acct"), 80)
        context = ContextItem(
            title=text,
            url=safe_url(status.get("url")),
            source=f"@{acct}" if acct else "",
            kind="status",
        )
        for tag in status.get("tags", []) or []:
            name = clean_text(tag.get("name") if isinstance(tag, dict) else None, 100).casefold()
            if name and len(by_tag.setdefault(name, [])) < MAX_STATUSES_PER_TAG:
                by_tag[name].append(context)
    return by_tag


def _signal(item: dict[str, Any], kind: str) -> tuple[float | None, dict[str, Any]]:
    """A trending tag's or link's signal (today's uses) and the event's ``extra`` for it.

    Trends have no start time: "trending now" is first seen here, kept by the merge
    (``date_from_fetch``).
    """
    history = _history(item)
    if not history:
        return None, {"type": kind, "date_from_fetch": True}
    _day, uses, accounts = history[0]
    return float(uses), {
        "history": [list(row) for row in history],
        "type": kind,
        "date_from_fetch": True,
        "signal_label": phrases.uses(uses, accounts),
    }


def parse_tags(
    data: bytes,
    source: SourceConfig,
    fetched_at: datetime,
    statuses: dict[str, list[ContextItem]] | None = None,
) -> list[Event]:
    """Events from ``/api/v1/trends/tags``, with matching trending statuses as context.

    Raises:
        SourceError: malformed JSON or not a list.
    """
    events: list[Event] = []
    for tag in _list(load_json(data, "trends/tags"), "trends/tags"):
        name = clean_text(tag.get("name"), 100)
        if not name:
            continue
        signal, extra = _signal(tag, "mastodon_tag")
        events.append(
            seen_now(
                fetched_at,
                id=event_id(source.name, "tag:" + name.casefold()),
                source=source.name,
                title=f"#{name}",
                url=safe_url(tag.get("url")),
                lang=source.lang,
                published=fetched_at,
                signal=signal,
                context=list((statuses or {}).get(name.casefold(), [])),
                extra=extra,
            )
        )
    return events


def parse_links(data: bytes, source: SourceConfig, fetched_at: datetime) -> list[Event]:
    """Events from ``/api/v1/trends/links`` (trending news links, with their provider).

    Raises:
        SourceError: malformed JSON or not a list.
    """
    events: list[Event] = []
    for link in _list(load_json(data, "trends/links"), "trends/links"):
        title = clean_title(link.get("title"))
        url = safe_url(link.get("url"))
        if not title or not url:
            continue
        signal, extra = _signal(link, "mastodon_link")
        provider = clean_text(link.get("provider_name"), 80)
        context = [ContextItem(title=title, url=url, source=provider, kind="link")]
        events.append(
            seen_now(
                fetched_at,
                id=event_id(source.name, "link:" + normalize_url(url)),
                source=source.name,
                title=title,
                url=url,
                summary=clean_text(link.get("description"), 600),
                lang=clean_text(link.get("language"), 8) or source.lang,
                published=fetched_at,
                signal=signal,
                context=context,
                extra=extra,
            )
        )
    return events


async def collect(get: Get, source: SourceConfig, fetched_at: datetime) -> list[Event] | None:
    """Fetch tags, links and statuses concurrently; ``None`` when all three are unchanged."""
    tags_body, links_body, statuses_body = await gather_all(
        get(join_url(source.url, f"/api/v1/trends/tags?limit={LIMIT}")),
        get(join_url(source.url, f"/api/v1/trends/links?limit={LIMIT}")),
        get(join_url(source.url, f"/api/v1/trends/statuses?limit={LIMIT}")),
    )
    bodies: list[Body | None] = [tags_body, links_body, statuses_body]
    if all(body is None or not body.fresh for body in bodies):
        return None
    return await off_loop(_parse_all, tags_body, links_body, statuses_body, source, fetched_at)


def _parse_all(
    tags_body: Body | None,
    links_body: Body | None,
    statuses_body: Body | None,
    source: SourceConfig,
    fetched_at: datetime,
) -> list[Event]:
    statuses = parse_statuses(statuses_body.data) if statuses_body else {}
    events = parse_tags(tags_body.data, source, fetched_at, statuses) if tags_body else []
    if links_body:
        events.extend(parse_links(links_body.data, source, fetched_at))
    return events
