"""A fake Mastodon instance: statuses with idempotency, delete, counts, context, instance limits.

Shapes follow docs.joinmastodon.org (Status entity, ``/api/v1/statuses``, ``/context``,
``/api/v2/instance``). It checks what a real server checks: the bearer token on every status
call (401 ``{"error": "The access token is invalid"}``), a non-blank status within the
character limit (422 ``{"error": "Validation failed: ..."}``), and it honours
``Idempotency-Key``: a repeated key from the same token gets the status already created.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import regex

from tests.fakes.server import FakeServer, Reply, Request

_STATUS = regex.compile(r"^/api/v1/statuses/([^/]+)(/context)?$")


@dataclass
class FakeMastodon:
    """The instance's state; ``__call__`` answers one request."""

    token: str
    username: str = "brand"
    host: str = "masto.example"
    max_characters: int = 500
    statuses: dict[str, dict[str, Any]] = field(default_factory=dict)
    idempotency: dict[tuple[str, str], str] = field(default_factory=dict)
    replies: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    deleted: list[str] = field(default_factory=list)
    _next: int = 110000000000000000
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, request: Request) -> Reply:
        if request.path == "/api/v2/instance" and request.method == "GET":
            return Reply(200, self.instance())
        if request.headers.get("authorization") != f"Bearer {self.token}":
            return Reply(401, {"error": "The access token is invalid"})
        if request.path == "/api/v1/statuses" and request.method == "POST":
            return self.create(request)
        match = _STATUS.match(request.path)
        if match is None:
            return Reply(404, {"error": "Record not found"})
        status_id, context = match.group(1), match.group(2)
        with self._lock:
            status = self.statuses.get(status_id)
        if status is None:
            return Reply(404, {"error": "Record not found"})
        if request.method == "DELETE" and not context:
            with self._lock:
                self.statuses.pop(status_id, None)
                self.deleted.append(status_id)
            return Reply(200, {**status, "text": status["_text"]})
        if request.method == "GET" and context:
            return Reply(200, {"ancestors": [], "descendants": self.replies.get(status_id, [])})
        if request.method == "GET":
            return Reply(200, self.public(status))
        return Reply(404, {"error": "Record not found"})

    def instance(self) -> dict[str, Any]:
        return {
            "domain": self.host,
            "title": "Fake Mastodon",
            "configuration": {
                "statuses": {
                    "max_characters": self.max_characters,
                    "characters_reserved_per_url": 23,
                }
            },
        }

    def create(self, request: Request) -> Reply:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("application/json"):
            params = request.json() or {}
        else:
            params = {k: v[0] for k, v in parse_qs(request.body.decode()).items()}
        text = params.get("status")
        if not isinstance(text, str) or not text.strip():
            return Reply(422, {"error": "Validation failed: Text can't be blank"})
        if len(regex.findall(r"\X", text)) > self.max_characters:
            return Reply(
                422,
                {
                    "error": "Validation failed: Text character limit of "
                    f"{self.max_characters} exceeded"
                },
            )
        key = request.headers.get("idempotency-key", "")
        with self._lock:
            if key and (self.token, key) in self.idempotency:
                known = self.statuses.get(self.idempotency[(self.token, key)])
                if known is not None:
                    return Reply(200, self.public(known))
            self._next += 1
            status_id = str(self._next)
            status = {
                "id": status_id,
                "created_at": "2026-11-29T14:00:00.000Z",
                "uri": f"https://{self.host}/users/{self.username}/statuses/{status_id}",
                "url": f"https://{self.host}/@{self.username}/{status_id}",
                "visibility": params.get("visibility", "public"),
                "language": params.get("language"),
                "content": "<p>" + html.escape(text).replace("\n", "<br />") + "</p>",
                "replies_count": 0,
                "reblogs_count": 0,
                "favourites_count": 0,
                "account": {
                    "id": "1",
                    "username": self.username,
                    "acct": self.username,
                    "url": f"https://{self.host}/@{self.username}",
                },
                "_text": text,
            }
            self.statuses[status_id] = status
            if key:
                self.idempotency[(self.token, key)] = status_id
        return Reply(200, self.public(status))

    @staticmethod
    def public(status: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in status.items() if not k.startswith("_")}

    def created_texts(self) -> list[str]:
        with self._lock:
            return [s["_text"] for s in self.statuses.values()]

    def set_counts(self, status_id: str, *, favourites: int, reblogs: int, replies: int) -> None:
        with self._lock:
            self.statuses[status_id].update(
                favourites_count=favourites, reblogs_count=reblogs, replies_count=replies
            )

    def add_reply(self, status_id: str, acct: str, content_html: str, language: str) -> None:
        with self._lock:
            self._next += 1
            reply_id = str(self._next)
            self.replies.setdefault(status_id, []).append(
                {
                    "id": reply_id,
                    "in_reply_to_id": status_id,
                    "created_at": "2026-11-29T14:05:00.000Z",
                    "content": content_html,
                    "language": language,
                    "url": f"https://{self.host}/@{acct}/{reply_id}",
                    "account": {"id": "9", "username": acct.split("@")[0], "acct": acct},
                    "replies_count": 0,
                    "reblogs_count": 0,
                    "favourites_count": 0,
                }
            )


@contextmanager
def running_mastodon(token: str) -> Iterator[tuple[FakeMastodon, FakeServer]]:
    """A fake instance accepting ``token``, served on 127.0.0.1 for the block's duration."""
    fake = FakeMastodon(token=token)
    with FakeServer(fake) as server:
        yield fake, server
