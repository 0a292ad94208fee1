"""Bluesky (AT Protocol): post a record, delete it, read its counts and its replies.

XRPC calls on the account's PDS (``url``), documented by the lexicons at docs.bsky.app:

- ``com.atproto.server.createSession`` (handle and app password) gives an access JWT and the
  account's DID; it is made again once when the server says the token expired;
- ``com.atproto.identity.resolveHandle`` turns each mentioned handle into the DID a mention
  facet needs (a handle that does not resolve stays plain text, as in the official app);
- ``com.atproto.repo.createRecord`` with collection ``app.bsky.feed.post``, a record key
  (``rkey``) chosen before the first attempt, and the facets on UTF-8 byte offsets;
- ``com.atproto.repo.getRecord`` to learn whether an attempt whose answer was lost did create
  the record: a repository holds one record per key, so after any failed attempt the client
  looks the key up before trying again, and a second post is impossible;
- ``com.atproto.repo.deleteRecord`` (undo);
- ``app.bsky.feed.getPosts`` (likes, reposts, replies, quotes) and ``app.bsky.feed.getPostThread``
  (replies), which the PDS answers through the AppView.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from rtc_tui.core.publish.facets import detect_facets, facet_records, mentioned_handles
from rtc_tui.core.publish.queue import QueuedPost
from rtc_tui.core.publish.results import PostCounts, Published, Reply
from rtc_tui.i18n import _
from rtc_tui.publish.errors import PublishError
from rtc_tui.publish.secrets import Secret, SecretPayload
from rtc_tui.publish.transport import Answer, Transport, as_count, as_mapping
from rtc_tui.sources.sanitize import clean_text

POST = "app.bsky.feed.post"
WEB = "https://bsky.app"
"""Where people read Bluesky posts (``/profile/<handle>/post/<rkey>``)."""

THREAD_DEPTH = 6
REPLY_TEXT_LIMIT = 1000
_EXPIRED = frozenset({"ExpiredToken", "InvalidToken"})


@dataclass(frozen=True)
class Session:
    """A logged-in session: the access token (masked) and whose repository it is."""

    access: Secret
    did: str
    handle: str


def at_uri_rkey(uri: str) -> str:
    """The record key at the end of an ``at://`` URI."""
    return uri.rsplit("/", 1)[-1]


def created_at(moment: datetime) -> str:
    """A record timestamp as the lexicons write it: UTC, milliseconds, ``Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + (
        f"{moment.microsecond // 1000:03d}Z"
    )


class BlueskyClient:
    """One Bluesky account's posts."""

    network = "bluesky"

    def __init__(self, transport: Transport) -> None:
        self.transport = transport
        self.account = transport.account
        self._session: Session | None = None

    async def session(self) -> Session:
        """The current session, created on first use.

        Raises:
            PublishError: ``token rejected for ACCOUNT`` when the app password is refused.
        """
        if self._session is None:
            answer = await self.transport.call(
                "POST",
                "/xrpc/com.atproto.server.createSession",
                replay_safe=True,
                body=SecretPayload(
                    identifier=self.account.handle, password=self.transport.secret.reveal()
                ),
            )
            data = as_mapping(answer.data)
            token, did = data.get("accessJwt"), data.get("did")
            if not isinstance(token, str) or not isinstance(did, str) or not token or not did:
                raise PublishError(
                    _("{account}: createSession gave no session").format(account=self.account.name),
                    fault="unavailable",
                )
            handle = data.get("handle")
            self._session = Session(
                Secret(token), did, handle if isinstance(handle, str) else self.account.handle
            )
        return self._session

    async def _xrpc(
        self,
        method: str,
        nsid: str,
        *,
        replay_safe: bool,
        params: dict[str, str] | None = None,
        body: Any = None,
    ) -> Answer:
        for fresh in (False, True):
            session = await self.session()
            try:
                return await self.transport.call(
                    method,
                    f"/xrpc/{nsid}",
                    replay_safe=replay_safe,
                    params=params,
                    body=body,
                    bearer=session.access,
                )
            except PublishError as exc:
                # An expired access token is answered 400 ExpiredToken (or 401): log in again
                # once; the app password, not the session, is what the user configured.
                if fresh or exc.code not in _EXPIRED and exc.fault != "auth":
                    raise
                self._session = None
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    async def resolve_handles(self, handles: list[str]) -> dict[str, str]:
        """Handle to DID for each handle that resolves (the others are left out)."""
        dids: dict[str, str] = {}
        for handle in handles:
            try:
                answer = await self._xrpc(
                    "GET",
                    "com.atproto.identity.resolveHandle",
                    replay_safe=True,
                    params={"handle": handle},
                )
            except PublishError as exc:
                if exc.fault in {"auth", "rate_limited"}:
                    raise
                continue
            did = answer.data.get("did") if isinstance(answer.data, dict) else None
            if isinstance(did, str) and did.startswith("did:"):
                dids[handle] = did
        return dids

    async def record_for(self, post: QueuedPost, now: datetime) -> dict[str, Any]:
        """The ``app.bsky.feed.post`` record for ``post``, with its facets."""
        spans = detect_facets(post.text)
        dids = await self.resolve_handles(mentioned_handles(spans))
        record: dict[str, Any] = {"$type": POST, "text": post.text, "createdAt": created_at(now)}
        facets = facet_records(spans, dids)
        if facets:
            record["facets"] = facets
        if post.language:
            record["langs"] = [post.language]
        return record

    async def post(self, post: QueuedPost, now: datetime | None = None) -> Published:
        """Create the post under its own record key; never twice.

        Each attempt that fails is followed by a look-up of the key: if the record is there,
        the lost attempt did post, and that is the answer.

        Raises:
            PublishError: refused, rate limited or unreachable after the bounded attempts.
        """
        session = await self.session()
        record = await self.record_for(post, now or self.transport.now())
        body = {"repo": session.did, "collection": POST, "rkey": post.rkey, "record": record}
        attempt = 0
        while True:
            attempt += 1
            try:
                answer = await self._xrpc(
                    "POST", "com.atproto.repo.createRecord", replay_safe=False, body=body
                )
            except PublishError as exc:
                if exc.fault in {"auth", "rate_limited"}:
                    raise
                existing = await self._existing(post)
                if existing is not None:
                    return existing
                if not exc.retryable or attempt >= self.transport.max_attempts:
                    raise
                await self.transport.sleep(0.5 * 2 ** (attempt - 1))
                continue
            data = as_mapping(answer.data)
            uri = data.get("uri")
            if not isinstance(uri, str) or not uri.startswith("at://"):
                raise PublishError(
                    _("{account}: createRecord answered without a record URI").format(
                        account=self.account.name
                    ),
                    fault="unavailable",
                    outcome_unknown=True,
                )
            return self._published(uri, clean_text(data.get("cid"), 200), session)

    def _published(self, uri: str, cid: str, session: Session) -> Published:
        rkey = at_uri_rkey(uri)
        return Published(
            remote_id=rkey,
            uri=uri,
            url=f"{WEB}/profile/{session.handle}/post/{rkey}",
            cid=cid,
        )

    async def _existing(self, post: QueuedPost) -> Published | None:
        session = await self.session()
        try:
            answer = await self._xrpc(
                "GET",
                "com.atproto.repo.getRecord",
                replay_safe=True,
                params={"repo": session.did, "collection": POST, "rkey": post.rkey},
            )
        except PublishError as exc:
            if exc.code == "RecordNotFound" or exc.fault == "not_found":
                return None
            raise
        data = as_mapping(answer.data)
        value = as_mapping(data.get("value"))
        if value.get("text") != post.text:
            raise PublishError(
                _("{account}: record key {key} already holds a different post").format(
                    account=self.account.name, key=post.rkey
                ),
                fault="rejected",
            )
        uri = data.get("uri")
        if not isinstance(uri, str):
            uri = f"at://{session.did}/{POST}/{post.rkey}"
        return self._published(uri, clean_text(data.get("cid"), 200), session)

    async def delete(self, published: Published) -> None:
        """Delete a post (undo); deleting a post already gone is not an error on Bluesky."""
        session = await self.session()
        await self._xrpc(
            "POST",
            "com.atproto.repo.deleteRecord",
            replay_safe=True,
            body={"repo": session.did, "collection": POST, "rkey": at_uri_rkey(published.uri)},
        )

    async def counts(self, published: Published) -> PostCounts:
        """Likes, reposts, replies and quotes of a post, now.

        Raises:
            PublishError: ``not_found`` when the AppView does not know the post (deleted).
        """
        answer = await self._xrpc(
            "GET", "app.bsky.feed.getPosts", replay_safe=True, params={"uris": published.uri}
        )
        posts = answer.data.get("posts") if isinstance(answer.data, dict) else None
        view = next(
            (p for p in posts or [] if isinstance(p, dict) and p.get("uri") == published.uri),
            None,
        )
        if view is None:
            raise PublishError(
                _("{account}: post not found").format(account=self.account.name),
                fault="not_found",
            )
        return PostCounts(
            likes=as_count(view.get("likeCount")),
            reposts=as_count(view.get("repostCount")),
            replies=as_count(view.get("replyCount")),
            quotes=as_count(view.get("quoteCount")),
            fetched_at=self.transport.now(),
        )

    async def replies(self, published: Published) -> list[Reply]:
        """Every reply in the post's thread (to a depth of six), as plain text."""
        answer = await self._xrpc(
            "GET",
            "app.bsky.feed.getPostThread",
            replay_safe=True,
            params={"uri": published.uri, "depth": str(THREAD_DEPTH)},
        )
        thread = answer.data.get("thread") if isinstance(answer.data, dict) else None
        found: list[Reply] = []
        pending = list(_children(thread))
        while pending:
            node = pending.pop(0)
            reply = _reply(node)
            if reply is not None:
                found.append(reply)
            pending.extend(_children(node))
        return found


def _children(node: Any) -> list[dict[str, Any]]:
    if not isinstance(node, dict):
        return []
    return [
        child
        for child in node.get("replies") or []
        if isinstance(child, dict) and child.get("$type") == "app.bsky.feed.defs#threadViewPost"
    ]


def _reply(node: dict[str, Any]) -> Reply | None:
    view = node.get("post")
    if not isinstance(view, dict) or not isinstance(view.get("uri"), str):
        return None
    record = as_mapping(view.get("record"))
    author = as_mapping(view.get("author"))
    handle = clean_text(author.get("handle"), 100)
    langs = record.get("langs") if isinstance(record.get("langs"), list) else []
    return Reply(
        id=view["uri"],
        author=handle,
        text=clean_text(record.get("text"), REPLY_TEXT_LIMIT),
        created_at=clean_text(record.get("createdAt"), 40),
        language=clean_text(langs[0], 10) if langs else "",
        url=f"{WEB}/profile/{handle}/post/{at_uri_rkey(view['uri'])}" if handle else "",
    )
