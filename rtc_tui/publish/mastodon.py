"""Mastodon: post a status, delete it, read its counts and its replies.

Endpoints (docs.joinmastodon.org, API v1), all with ``Authorization: Bearer <token>``:

- ``POST /api/v1/statuses`` with ``status``, ``visibility`` and ``language``, and an
  ``Idempotency-Key`` header: the server remembers the key for an hour and answers a repeat
  with the status it already made, so a retry after a lost answer never posts twice;
- ``DELETE /api/v1/statuses/:id`` (undo);
- ``GET /api/v1/statuses/:id`` for ``favourites_count``, ``reblogs_count``,
  ``replies_count``;
- ``GET /api/v1/statuses/:id/context`` for the replies (its ``descendants``);
- ``GET /api/v2/instance`` for the server's own length limit.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from rtc_tui.core.publish.queue import QueuedPost
from rtc_tui.core.publish.results import PostCounts, Published, Reply
from rtc_tui.i18n import _
from rtc_tui.publish.errors import PublishError
from rtc_tui.publish.transport import Transport, as_count, as_mapping
from rtc_tui.sources.sanitize import clean_text, html_to_text, safe_url

REPLY_TEXT_LIMIT = 1000
"""Longest reply text kept (a reply is short; a longer one is cut, not dropped)."""


class MastodonClient:
    """One Mastodon account's statuses."""

    network = "mastodon"

    def __init__(self, transport: Transport) -> None:
        self.transport = transport
        self.account = transport.account

    def _path(self, status_id: str, suffix: str = "") -> str:
        return f"/api/v1/statuses/{quote(status_id, safe='')}{suffix}"

    async def post(self, post: QueuedPost) -> Published:
        """Publish ``post.text`` as a public status, idempotently.

        Raises:
            PublishError: refused (401 token, 422 content), rate limited, or unreachable; a
                retry with the same post is always safe (same ``Idempotency-Key``).
        """
        body: dict[str, Any] = {"status": post.text, "visibility": "public"}
        if post.language:
            body["language"] = post.language
        answer = await self.transport.call(
            "POST",
            "/api/v1/statuses",
            replay_safe=True,
            headers={"Idempotency-Key": post.idempotency_key},
            bearer=self.transport.secret,
            body=body,
        )
        return self._published(answer.data)

    def _published(self, data: Any) -> Published:
        if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not data["id"]:
            raise PublishError(
                _("{account}: the server's answer has no status id").format(
                    account=self.account.name
                ),
                fault="unavailable",
                outcome_unknown=True,
            )
        return Published(
            remote_id=data["id"],
            uri=clean_text(data.get("uri"), 500),
            url=safe_url(data.get("url")) or clean_text(data.get("uri"), 500),
        )

    async def delete(self, published: Published) -> None:
        """Delete a status (undo). A status already gone raises ``not_found``."""
        await self.transport.call(
            "DELETE",
            self._path(published.remote_id),
            replay_safe=True,
            bearer=self.transport.secret,
        )

    async def counts(self, published: Published) -> PostCounts:
        """Favourites, boosts and replies of a status, now."""
        answer = await self.transport.call(
            "GET", self._path(published.remote_id), replay_safe=True, bearer=self.transport.secret
        )
        data = as_mapping(answer.data)
        return PostCounts(
            likes=as_count(data.get("favourites_count")),
            reposts=as_count(data.get("reblogs_count")),
            replies=as_count(data.get("replies_count")),
            fetched_at=self.transport.now(),
        )

    async def replies(self, published: Published) -> list[Reply]:
        """The replies below a status (its context's descendants), as plain text."""
        answer = await self.transport.call(
            "GET",
            self._path(published.remote_id, "/context"),
            replay_safe=True,
            bearer=self.transport.secret,
        )
        data = as_mapping(answer.data)
        found: list[Reply] = []
        for status in data.get("descendants") or []:
            if not isinstance(status, dict) or not isinstance(status.get("id"), str):
                continue
            account = as_mapping(status.get("account"))
            found.append(
                Reply(
                    id=status["id"],
                    author=clean_text(account.get("acct"), 100),
                    text=html_to_text(status.get("content"), REPLY_TEXT_LIMIT),
                    created_at=clean_text(status.get("created_at"), 40),
                    language=clean_text(status.get("language"), 10),
                    url=safe_url(status.get("url")),
                )
            )
        return found

    async def max_characters(self) -> int | None:
        """The instance's length limit (``configuration.statuses.max_characters``), if given."""
        answer = await self.transport.call("GET", "/api/v2/instance", replay_safe=True)
        data = as_mapping(answer.data)
        statuses = (data.get("configuration") or {}).get("statuses") or {}
        value = statuses.get("max_characters") if isinstance(statuses, dict) else None
        return value if isinstance(value, int) and value > 0 else None
