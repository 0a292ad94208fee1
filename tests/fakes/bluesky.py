"""A fake Bluesky PDS (with the AppView views it proxies), checking what it is sent.

Shapes follow the atproto lexicons (``com.atproto.server.createSession``,
``com.atproto.identity.resolveHandle``, ``com.atproto.repo.createRecord`` / ``getRecord`` /
``deleteRecord``, ``app.bsky.feed.getPosts`` / ``getPostThread``); errors are XRPC errors
``{"error": NAME, "message": TEXT}``. It validates like a PDS: the bearer access token, the
repo being the session's DID, a TID record key, a post record within 300 graphemes and 3,000
bytes, and every facet's byte range — checked by slicing the UTF-8 bytes of the text, so a link
after an emoji must have byte offsets, not character offsets. A second ``createRecord`` with a
key already used fails with a 500, as the reference PDS does today (atproto PR #4728 would
give it a name): only looking the key up tells a lost first attempt from a new post.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from dataclasses import dataclass, field
from typing import Any

import regex

from tests.fakes.server import Reply, Request

POST = "app.bsky.feed.post"
_TID = regex.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")


def _error(status: int, name: str, message: str) -> Reply:
    return Reply(status, {"error": name, "message": message})


@dataclass
class FakeBluesky:
    """The PDS's state; ``__call__`` answers one request."""

    handle: str
    password: str
    did: str = "did:plc:brand0000000000000000000"
    known_handles: dict[str, str] = field(default_factory=dict)
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Record key to ``{"uri", "cid", "value"}``."""
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    replies: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    sessions: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    """Every validation failure the fake found (a test asserts it stays empty)."""
    create_calls: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, request: Request) -> Reply:
        nsid = request.path.removeprefix("/xrpc/")
        if nsid == "com.atproto.server.createSession" and request.method == "POST":
            return self.create_session(request)
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        if not token:
            return _error(401, "AuthenticationRequired", "Authentication Required")
        if token not in self.sessions:
            return _error(400, "ExpiredToken", "Token has expired")
        handler = {
            "com.atproto.identity.resolveHandle": self.resolve_handle,
            "com.atproto.repo.createRecord": self.create_record,
            "com.atproto.repo.getRecord": self.get_record,
            "com.atproto.repo.deleteRecord": self.delete_record,
            "app.bsky.feed.getPosts": self.get_posts,
            "app.bsky.feed.getPostThread": self.get_post_thread,
        }.get(nsid)
        if handler is None:
            return _error(501, "MethodNotImplemented", f"Method Not Implemented: {nsid}")
        return handler(request)

    def expire_sessions(self) -> None:
        with self._lock:
            self.sessions.clear()

    def create_session(self, request: Request) -> Reply:
        body = request.json() or {}
        if body.get("identifier") != self.handle or body.get("password") != self.password:
            return _error(401, "AuthenticationRequired", "Invalid identifier or password")
        token = "eyJ.access." + secrets.token_hex(8)
        with self._lock:
            self.sessions.add(token)
        return Reply(
            200,
            {
                "accessJwt": token,
                "refreshJwt": "eyJ.refresh." + secrets.token_hex(8),
                "handle": self.handle,
                "did": self.did,
                "active": True,
            },
        )

    def resolve_handle(self, request: Request) -> Reply:
        handle = request.param("handle").lower()
        did = self.known_handles.get(handle)
        if did is None:
            return _error(400, "InvalidRequest", "Unable to resolve handle")
        return Reply(200, {"did": did})

    def uri(self, rkey: str) -> str:
        return f"at://{self.did}/{POST}/{rkey}"

    def create_record(self, request: Request) -> Reply:
        body = request.json() or {}
        problems = self.validate(body)
        if problems:
            with self._lock:
                self.problems.extend(problems)
            return _error(400, "InvalidRequest", problems[0])
        rkey = body["rkey"]
        with self._lock:
            self.create_calls += 1
            if rkey in self.records:
                return _error(500, "InternalServerError", "Internal Server Error")
            cid = "bafyrei" + hashlib.sha256(repr(body["record"]).encode()).hexdigest()[:40]
            self.records[rkey] = {"uri": self.uri(rkey), "cid": cid, "value": body["record"]}
        return Reply(
            200,
            {
                "uri": self.uri(rkey),
                "cid": cid,
                "commit": {"cid": "bafyreicommit", "rev": "3kcommitrev22"},
                "validationStatus": "valid",
            },
        )

    def validate(self, body: dict[str, Any]) -> list[str]:
        problems: list[str] = []
        if body.get("repo") != self.did:
            problems.append(f"repo must be the session's DID, got {body.get('repo')!r}")
        if body.get("collection") != POST:
            problems.append(f"collection must be {POST}")
        if not isinstance(body.get("rkey"), str) or not _TID.match(body["rkey"]):
            problems.append(f"rkey must be a TID, got {body.get('rkey')!r}")
        record = body.get("record")
        if not isinstance(record, dict) or record.get("$type") != POST:
            return [*problems, "record must be an app.bsky.feed.post"]
        text = record.get("text")
        if not isinstance(text, str):
            return [*problems, "Record/text must be a string"]
        if not isinstance(record.get("createdAt"), str):
            problems.append("Record/createdAt must be a datetime")
        if len(regex.findall(r"\X", text)) > 300:
            problems.append("Record/text must not be longer than 300 graphemes")
        data = text.encode("utf-8")
        if len(data) > 3000:
            problems.append("Record/text must not be longer than 3000 characters")
        for position, facet in enumerate(record.get("facets") or []):
            problems.extend(self.check_facet(position, facet, data))
        return problems

    def check_facet(self, position: int, facet: Any, data: bytes) -> list[str]:
        where = f"Record/facets/{position}"
        index = facet.get("index") if isinstance(facet, dict) else None
        features = facet.get("features") if isinstance(facet, dict) else None
        if not isinstance(index, dict) or not isinstance(features, list) or not features:
            return [f"{where} must have an index and features"]
        start, end = index.get("byteStart"), index.get("byteEnd")
        if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end:
            return [f"{where}/index is not a byte slice"]
        if end > len(data):
            return [f"{where}/index ends past the text"]
        try:
            piece = data[start:end].decode("utf-8")
        except UnicodeDecodeError:
            return [f"{where}/index cuts a UTF-8 character"]
        problems = []
        for feature in features:
            kind = feature.get("$type")
            if kind == "app.bsky.richtext.facet#link":
                uri = feature.get("uri", "")
                if piece not in {uri, uri.removeprefix("https://")}:
                    problems.append(f"{where}: link {uri!r} over text {piece!r}")
            elif kind == "app.bsky.richtext.facet#mention":
                did = feature.get("did", "")
                handle = piece.removeprefix("@").lower()
                if not piece.startswith("@") or self.known_handles.get(handle) != did:
                    problems.append(f"{where}: mention {did!r} over text {piece!r}")
            elif kind == "app.bsky.richtext.facet#tag":
                if piece != "#" + feature.get("tag", ""):
                    problems.append(f"{where}: tag {feature.get('tag')!r} over text {piece!r}")
            else:
                problems.append(f"{where}: unknown feature {kind!r}")
        return problems

    def get_record(self, request: Request) -> Reply:
        if request.param("repo") != self.did or request.param("collection") != POST:
            return _error(400, "InvalidRequest", "Could not find repo")
        with self._lock:
            found = self.records.get(request.param("rkey"))
        if found is None:
            return _error(
                400, "RecordNotFound", f"Could not locate record: {self.uri(request.param('rkey'))}"
            )
        return Reply(200, found)

    def delete_record(self, request: Request) -> Reply:
        body = request.json() or {}
        if body.get("repo") != self.did or body.get("collection") != POST:
            return _error(400, "InvalidRequest", "Could not find repo")
        with self._lock:
            self.records.pop(str(body.get("rkey")), None)
        return Reply(200, {"commit": {"cid": "bafyreicommit2", "rev": "3kcommitrev33"}})

    def view(self, rkey: str) -> dict[str, Any]:
        found = self.records[rkey]
        counts = self.counts.get(rkey, {})
        return {
            "uri": found["uri"],
            "cid": found["cid"],
            "author": {"did": self.did, "handle": self.handle},
            "record": found["value"],
            "replyCount": counts.get("replies", 0),
            "repostCount": counts.get("reposts", 0),
            "likeCount": counts.get("likes", 0),
            "quoteCount": counts.get("quotes", 0),
            "indexedAt": "2026-11-29T14:00:01.000Z",
        }

    def get_posts(self, request: Request) -> Reply:
        posts = []
        with self._lock:
            for uri in request.query.get("uris", []):
                rkey = uri.rsplit("/", 1)[-1]
                if uri == self.uri(rkey) and rkey in self.records:
                    posts.append(self.view(rkey))
        return Reply(200, {"posts": posts})

    def get_post_thread(self, request: Request) -> Reply:
        uri = request.param("uri")
        rkey = uri.rsplit("/", 1)[-1]
        with self._lock:
            if uri != self.uri(rkey) or rkey not in self.records:
                return _error(400, "NotFound", f"Post not found: {uri}")
            thread = {
                "$type": "app.bsky.feed.defs#threadViewPost",
                "post": self.view(rkey),
                "replies": self.replies.get(rkey, []),
            }
        return Reply(200, {"thread": thread})

    def add_reply(
        self, rkey: str, handle: str, text: str, langs: list[str], *, nested: str = ""
    ) -> None:
        """A reply to the post (or, with ``nested``, to the reply with that text)."""
        reply_rkey = "3l" + secrets.token_hex(5)[:11]
        node = {
            "$type": "app.bsky.feed.defs#threadViewPost",
            "post": {
                "uri": f"at://did:plc:{handle.split('.')[0]}/{POST}/{reply_rkey}",
                "cid": "bafyreireply",
                "author": {"did": f"did:plc:{handle.split('.')[0]}", "handle": handle},
                "record": {
                    "$type": POST,
                    "text": text,
                    "langs": langs,
                    "createdAt": "2026-11-29T14:03:00.000Z",
                },
                "indexedAt": "2026-11-29T14:03:01.000Z",
            },
            "replies": [],
        }
        with self._lock:
            siblings = self.replies.setdefault(rkey, [])
            if nested:
                parent = next(n for n in siblings if n["post"]["record"]["text"] == nested)
                parent["replies"].append(node)
            else:
                siblings.append(node)
