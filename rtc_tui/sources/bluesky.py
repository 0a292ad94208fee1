"""Bluesky trending topics from a public AppView (``app.bsky.unspecced.getTrendingTopics``).

``url`` is the AppView (``https://public.api.bsky.app``). The answer has ``topics`` (what is
trending) and ``suggested`` (evergreen feeds); only ``topics`` become events. There is no
traffic figure, so the signal is left empty and the position is kept as ``extra["rank"]``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rtc_tui.config import SourceConfig
from rtc_tui.core import phrases
from rtc_tui.core.models import Event, event_id
from rtc_tui.i18n import _
from rtc_tui.sources.base import Get, fetch_one, join_url, load_json, seen_now
from rtc_tui.sources.errors import SourceError
from rtc_tui.sources.sanitize import clean_text, clean_title, safe_url

ENDPOINT = "/xrpc/app.bsky.unspecced.getTrendingTopics?limit=25"
WEB = "https://bsky.app"


def parse_bluesky(data: bytes, source: SourceConfig, fetched_at: datetime) -> list[Event]:
    """Events from a ``getTrendingTopics`` answer.

    Raises:
        SourceError: malformed JSON or no ``topics`` list.
    """
    answer: Any = load_json(data, "getTrendingTopics")
    topics = answer.get("topics") if isinstance(answer, dict) else None
    if not isinstance(topics, list):
        raise SourceError(_("unexpected answer from getTrendingTopics: no topics list"))
    events: list[Event] = []
    for rank, topic in enumerate((t for t in topics if isinstance(t, dict)), 1):
        name = clean_title(topic.get("topic"))
        if not name:
            continue
        title = clean_title(topic.get("displayName")) or name
        link = topic.get("link")
        url = (
            safe_url(WEB + link)
            if isinstance(link, str) and link.startswith("/")
            else safe_url(link)
        )
        events.append(
            seen_now(
                fetched_at,
                id=event_id(source.name, "topic:" + name.casefold()),
                source=source.name,
                title=title,
                url=url,
                summary=clean_text(topic.get("description"), 600),
                lang=source.lang,
                published=fetched_at,
                extra={
                    "type": "bluesky_topic",
                    "rank": rank,
                    "signal_label": phrases.bluesky_rank(rank),
                    "date_from_fetch": True,
                },
            )
        )
    return events


async def collect(get: Get, source: SourceConfig, fetched_at: datetime) -> list[Event] | None:
    """Fetch the trending topics; ``None`` when unchanged."""
    return await fetch_one(
        get,
        join_url(source.url, ENDPOINT),
        lambda body: parse_bluesky(body.data, source, fetched_at),
    )
