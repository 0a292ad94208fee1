"""Hacker News through its Firebase API: the top stories, fetched concurrently but bounded.

``url`` is the API root (``https://hacker-news.firebaseio.com/v0``); the collector reads
``/topstories.json`` and then the first :data:`LIMIT` items, at most :data:`CONCURRENCY` at a
time. A story's points are its signal; its comment count is its context.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from rtc_tui.config import SourceConfig
from rtc_tui.core import phrases
from rtc_tui.core.models import ContextItem, Event, event_id
from rtc_tui.i18n import _
from rtc_tui.sources.base import Body, Get, join_url, load_json, off_loop, seen_now
from rtc_tui.sources.errors import SourceError
from rtc_tui.sources.sanitize import clean_text, clean_title, safe_url

LIMIT = 30
"""How many top stories are read each refresh."""

CONCURRENCY = 8
"""Most item requests in flight at once for one Hacker News source."""

DISCUSSION = "https://news.ycombinator.com/item?id={id}"


def parse_topstories(data: bytes, limit: int = LIMIT) -> list[int]:
    """The first ``limit`` story ids of ``topstories.json``.

    Raises:
        SourceError: malformed JSON or not a list of ids.
    """
    ids = load_json(data, "topstories.json")
    if not isinstance(ids, list):
        raise SourceError(_("unexpected answer from topstories.json: expected a list of ids"))
    return [i for i in ids if isinstance(i, int) and not isinstance(i, bool) and i > 0][:limit]


def parse_item(data: bytes, source: SourceConfig, fetched_at: datetime) -> Event | None:
    """One story as an event; ``None`` for deleted, dead, untitled or non-story items.

    Raises:
        SourceError: malformed JSON.
    """
    item: Any = load_json(data, "an item")
    if not isinstance(item, dict) or item.get("deleted") or item.get("dead"):
        return None
    if item.get("type") not in {"story", "poll"} or not isinstance(item.get("id"), int):
        return None
    title = clean_title(item.get("title"))
    if not title:
        return None
    ident = int(item["id"])
    discussion = DISCUSSION.format(id=ident)
    score = item.get("score")
    signal = (
        float(score) if isinstance(score, int | float) and not isinstance(score, bool) else None
    )
    comments = item.get("descendants")
    comments = int(comments) if isinstance(comments, int) and not isinstance(comments, bool) else 0
    published = fetched_at
    stamp = item.get("time")
    if isinstance(stamp, int | float) and not isinstance(stamp, bool):
        try:
            published = min(datetime.fromtimestamp(stamp, UTC), fetched_at)
        except (OverflowError, ValueError, OSError):
            published = fetched_at
    points = phrases.points(int(signal)) if signal is not None else ""
    author = clean_text(item.get("by"), 40)
    summary = " · ".join(
        p for p in (points, phrases.comments(comments), phrases.by(author) if author else "") if p
    )
    return seen_now(
        fetched_at,
        id=event_id(source.name, f"hn:{ident}"),
        source=source.name,
        title=title,
        url=safe_url(item.get("url")) or discussion,
        summary=summary,
        lang=source.lang or "en",
        published=published,
        signal=signal,
        context=[ContextItem(phrases.comments(comments), discussion, "Hacker News", "comments")],
        extra={"type": "hackernews", "comments": comments, "discussion": discussion}
        | ({"signal_label": points} if points else {}),
    )


async def collect(get: Get, source: SourceConfig, fetched_at: datetime) -> list[Event] | None:
    """Fetch the top stories, then their items (bounded); ``None`` if the list is unchanged."""
    listing = await get(join_url(source.url, "/topstories.json"))
    if listing is None or not listing.fresh:
        return None
    ids = parse_topstories(listing.data)
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(item_id: int) -> Body | None:
        async with gate:
            return await get(join_url(source.url, f"/item/{item_id}.json"))

    results = await asyncio.gather(*(one(i) for i in ids), return_exceptions=True)
    for result in results:
        if isinstance(result, asyncio.CancelledError):
            raise result
    events, errors = await off_loop(_parse_items, results, source, fetched_at)
    if errors and not events:
        # Every item failed: that is the source failing, not a quiet refresh.
        raise errors[0]
    return events


def _parse_items(
    results: list[Body | BaseException | None], source: SourceConfig, fetched_at: datetime
) -> tuple[list[Event], list[BaseException]]:
    """Parse every fetched item; the events, and the failures (of fetching or parsing)."""
    events: list[Event] = []
    errors: list[BaseException] = []
    for result in results:
        if isinstance(result, BaseException):
            errors.append(result)
        elif result is not None:
            try:
                event = parse_item(result.data, source, fetched_at)
            except SourceError as exc:
                errors.append(exc)
                continue
            if event is not None:
                events.append(event)
    return events, errors
