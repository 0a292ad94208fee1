"""What comes back from a network: where a post lives, its counts, its replies.

Both networks' answers are reduced to these shapes by the clients in :mod:`rtc_tui.publish`,
so the results screen and ``rtc results`` never know which network a number came from.
"""

from __future__ import annotations

from datetime import datetime

import msgspec


class Published(msgspec.Struct, frozen=True):
    """A post the network took."""

    remote_id: str
    """Mastodon's status id; Bluesky's record key."""
    uri: str
    """Mastodon's ActivityPub URI; Bluesky's ``at://`` URI."""
    url: str
    """Where a person sees it in a browser."""
    cid: str = ""
    """Bluesky's content id of the record (empty on Mastodon)."""


class PostCounts(msgspec.Struct, frozen=True):
    """Engagement on one post at one time (Mastodon has no quotes count: 0)."""

    likes: int
    reposts: int
    replies: int
    quotes: int = 0
    fetched_at: datetime | None = None


class Reply(msgspec.Struct, frozen=True):
    """One reply to a published post, as plain text (never markup)."""

    id: str
    author: str
    """The author's handle or ``user@instance``."""
    text: str
    created_at: str = ""
    """As the network gave it (ISO 8601)."""
    language: str = ""
    url: str = ""
