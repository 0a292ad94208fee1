"""Reddit listings (``/r/<name>/hot.json``, ``/r/popular.json``...): posts and their scores.

``url`` is the whole listing address. Reddit HTML-escapes titles (``&amp;``) unless the
request says ``raw_json=1``, so the collector adds it; a post's score is its signal and its
comment count is part of its context.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from rtc_tui.config import SourceConfig
from rtc_tui.core import phrases
from rtc_tui.core.models import ContextItem, Event, event_id
from rtc_tui.i18n import _
from rtc_tui.sources.base import Get, fetch_one, load_json, seen_now
from rtc_tui.sources.errors import SourceError
from rtc_tui.sources.sanitize import clean_text, clean_title, html_to_text, safe_url

REDDIT = "https://www.reddit.com"


def listing_url(url: str) -> str:
    """``url`` with ``raw_json=1`` in its query (titles unescaped), keeping other parameters."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "raw_json"]
    query.append(("raw_json", "1"))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def parse_reddit(data: bytes, source: SourceConfig, fetched_at: datetime) -> list[Event]:
    """Events from a Reddit listing (``data.children[].data``); stickied posts are skipped.

    Raises:
        SourceError: malformed JSON or not a listing.
    """
    listing: Any = load_json(data, "the listing")
    children = listing.get("data", {}).get("children") if isinstance(listing, dict) else None
    if not isinstance(children, list):
        raise SourceError(_("not a Reddit listing (no data.children)"))
    events: list[Event] = []
    for child in children:
        post = child.get("data") if isinstance(child, dict) else None
        if not isinstance(post, dict) or post.get("stickied"):
            continue
        title = clean_title(post.get("title"))
        name = clean_text(post.get("name") or post.get("id"), 40)
        if not title or not name:
            continue
        permalink = post.get("permalink")
        discussion = (
            safe_url(REDDIT + permalink)
            if isinstance(permalink, str) and permalink.startswith("/")
            else ""
        )
        score = _number(post.get("score"))
        comments = int(_number(post.get("num_comments")) or 0)
        created = _number(post.get("created_utc"))
        published = fetched_at
        if created is not None:
            try:
                published = min(datetime.fromtimestamp(created, UTC), fetched_at)
            except (OverflowError, ValueError, OSError):
                published = fetched_at
        subreddit = clean_text(post.get("subreddit_name_prefixed"), 60)
        extra: dict[str, Any] = {"type": "reddit", "comments": comments}
        if score is not None:
            extra["signal_label"] = phrases.points(int(score))
        if subreddit:
            extra["subreddit"] = subreddit
        if post.get("over_18"):
            extra["nsfw"] = True
        summary = html_to_text(post.get("selftext"), 400) or " · ".join(
            p for p in (subreddit, extra.get("signal_label", ""), phrases.comments(comments)) if p
        )
        events.append(
            seen_now(
                fetched_at,
                id=event_id(source.name, f"reddit:{name}"),
                source=source.name,
                title=title,
                url=safe_url(post.get("url")) or discussion,
                summary=summary,
                lang=source.lang,
                published=published,
                signal=score,
                context=[ContextItem(phrases.comments(comments), discussion, subreddit, "comments")]
                if discussion
                else [],
                extra=extra,
            )
        )
    return events


async def collect(get: Get, source: SourceConfig, fetched_at: datetime) -> list[Event] | None:
    """Fetch the listing (with ``raw_json=1``); ``None`` when unchanged."""
    return await fetch_one(
        get, listing_url(source.url), lambda body: parse_reddit(body.data, source, fetched_at)
    )
