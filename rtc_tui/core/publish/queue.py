"""The queued post: one variant of one approved draft, waiting to go to one account.

A queued post carries everything needed to send it exactly once and to prove what was sent:
the exact text (not a reference to the draft, which may change), the draft's content hash when
it was approved, the keys that make a retry harmless (Mastodon's ``Idempotency-Key``, Bluesky's
record key), and, once sent, where it lives. State changes are pure functions returning a new
post, so the desk decides and the store records, and nothing is half-updated.

States: ``queued`` (waiting for its time), ``held`` (paused by a crisis; only a person sends it
again), ``sent``, ``cancelled`` (by a person), ``failed`` (refused by the network, refused by the
gate at send time, or given up after too many attempts) and ``deleted`` (sent, then taken down
by a person).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any, Literal

import msgspec

from rtc_tui.core.publish.tid import tid_for
from rtc_tui.i18n import _
from rtc_tui.words import POST_WORDS

Network = Literal["mastodon", "bluesky"]
NETWORKS: tuple[Network, ...] = ("mastodon", "bluesky")

PostState = Literal["queued", "held", "sent", "cancelled", "failed", "deleted"]
OPEN_STATES: frozenset[str] = frozenset({"queued", "held"})
"""States a post can still leave by being sent, cancelled or held."""

MAX_ATTEMPTS = 5
"""Attempts before a post that keeps failing for passing reasons is marked failed."""


class QueuedPost(msgspec.Struct, kw_only=True, frozen=True):
    """One post waiting for (or past) its time; see the module docstring for the states."""

    id: str
    """Stable queue id (also the base of the idempotency key)."""
    draft_id: int
    network: Network
    """The variant (platform) the text comes from, which is also the network it goes to."""
    account: str
    """The configured account's name."""
    text: str
    """The exact text that will be sent, fixed at approval."""
    content_hash: str
    """The draft's content hash when it was approved; a different hash now means stale."""
    due_at: datetime
    created_at: datetime
    created_by: str = ""
    language: str = ""
    """ISO 639-1 code of the text, if known (sent as Mastodon ``language``, Bluesky ``langs``)."""
    state: PostState = "queued"
    idempotency_key: str
    """Sent as Mastodon's ``Idempotency-Key`` on every attempt."""
    rkey: str
    """Bluesky record key (a TID), chosen before the first attempt."""
    attempts: int = 0
    first_attempt_at: datetime | None = None
    last_attempt_at: datetime | None = None
    retry_at: datetime | None = None
    """After a passing failure: not before this time."""
    last_error: str = ""
    outcome_unknown: bool = False
    """The last attempt may have reached the network (the answer was lost)."""
    remote_id: str = ""
    remote_uri: str = ""
    remote_url: str = ""
    sent_at: datetime | None = None
    hold_reason: str = ""
    held_at: datetime | None = None
    released_by: str = ""
    """Who sent a held post on again (a conscious action, recorded)."""
    cancelled_by: str = ""
    deleted_by: str = ""
    deleted_at: datetime | None = None


def new_post(
    *,
    draft_id: int,
    network: Network,
    account: str,
    text: str,
    content_hash: str,
    due_at: datetime,
    now: datetime,
    clock_id: int,
    created_by: str = "",
    language: str = "",
) -> QueuedPost:
    """Queue a post, choosing its id and retry keys now, once.

    Args:
        draft_id: The draft the text comes from.
        network: ``mastodon`` or ``bluesky``.
        account: The account's configured name.
        text: The exact text to send.
        content_hash: The draft's content hash at approval.
        due_at: When to send (``now`` for at once).
        now: The current time.
        clock_id: 0-1023, random per process (the caller draws it): the TID clock id, so two
            machines queueing in the same microsecond still get different keys.
        created_by: Who queued it.
        language: The text's language code, if known.
    """
    rkey = tid_for(now, clock_id)
    seed = f"{draft_id}|{network}|{account}|{content_hash}|{rkey}"
    digest = hashlib.sha256(seed.encode()).hexdigest()
    return QueuedPost(
        id=digest[:12],
        draft_id=draft_id,
        network=network,
        account=account,
        text=text,
        content_hash=content_hash,
        due_at=due_at,
        created_at=now,
        created_by=created_by,
        language=language,
        idempotency_key=f"rtc-{digest[:32]}",
        rkey=rkey,
    )


def attempted(post: QueuedPost, now: datetime) -> QueuedPost:
    """Record that an attempt starts now (store it before the request goes out)."""
    return msgspec.structs.replace(
        post,
        attempts=post.attempts + 1,
        first_attempt_at=post.first_attempt_at or now,
        last_attempt_at=now,
    )


def sent(post: QueuedPost, now: datetime, *, remote_id: str, uri: str, url: str) -> QueuedPost:
    """The network took the post: record where it lives."""
    return msgspec.structs.replace(
        post,
        state="sent",
        sent_at=now,
        remote_id=remote_id,
        remote_uri=uri,
        remote_url=url,
        last_error="",
        outcome_unknown=False,
        retry_at=None,
    )


def failed(
    post: QueuedPost,
    now: datetime,
    error: str,
    *,
    retryable: bool,
    outcome_unknown: bool = False,
    retry_after: float | None = None,
) -> QueuedPost:
    """An attempt failed: stay queued for a later retry, or fail for good.

    Args:
        post: The post as it was attempted.
        now: The current time.
        error: Why, in words (never a secret).
        retryable: A passing fault (timeout, 429, 5xx); a refusal (401, 422) is not.
        outcome_unknown: The request may have been taken (the answer was lost).
        retry_after: Seconds the server asked to wait, if it said.
    """
    if not retryable or post.attempts >= MAX_ATTEMPTS:
        return msgspec.structs.replace(
            post, state="failed", last_error=error, outcome_unknown=outcome_unknown, retry_at=None
        )
    wait = max(retry_after or 0.0, 60.0 * 2 ** max(0, post.attempts - 1))
    return msgspec.structs.replace(
        post,
        last_error=error,
        outcome_unknown=outcome_unknown or post.outcome_unknown,
        retry_at=now + timedelta(seconds=wait),
    )


def cancel(post: QueuedPost, by: str) -> QueuedPost:
    """A person cancels a post that has not been sent.

    Raises:
        ValueError: the post is already sent, cancelled or failed.
    """
    if post.state not in OPEN_STATES:
        raise ValueError(
            _("post {id} is {state}: only a queued or held post is cancelled").format(
                id=post.id, state=POST_WORDS(post.state)
            )
        )
    return msgspec.structs.replace(post, state="cancelled", cancelled_by=by)


def hold(post: QueuedPost, now: datetime, reason: str) -> QueuedPost:
    """A crisis holds a queued post (a held post keeps its first reason)."""
    if post.state != "queued":
        return post
    return msgspec.structs.replace(post, state="held", hold_reason=reason, held_at=now)


def release(post: QueuedPost, by: str, *, due_at: datetime | None = None) -> QueuedPost:
    """A person sends a held post on again (optionally at a new time).

    Raises:
        ValueError: the post is not held, or nobody is named.
    """
    if post.state != "held":
        raise ValueError(
            _("post {id} is {state}, not held").format(id=post.id, state=POST_WORDS(post.state))
        )
    if not by.strip():
        raise ValueError(_("releasing a held post needs the name of the person who decides"))
    return msgspec.structs.replace(
        post, state="queued", released_by=by, due_at=due_at or post.due_at
    )


def deleted(post: QueuedPost, now: datetime, by: str) -> QueuedPost:
    """A person took a sent post down (it stays in the queue as a record of what happened).

    Raises:
        ValueError: the post was never sent, or is already deleted.
    """
    if post.state != "sent":
        raise ValueError(
            _("post {id} is {state}: only a sent post can be deleted").format(
                id=post.id, state=POST_WORDS(post.state)
            )
        )
    return msgspec.structs.replace(post, state="deleted", deleted_by=by, deleted_at=now)


def to_record(post: QueuedPost) -> dict[str, Any]:
    """Plain JSON-ready data for the store and ``--json`` output."""
    data: dict[str, Any] = msgspec.to_builtins(post)
    return data


def from_record(data: Any) -> QueuedPost:
    """Rebuild a post from :func:`to_record` output, strictly.

    Raises:
        msgspec.ValidationError: a field is missing or has the wrong type; the message names it.
    """
    return msgspec.convert(data, QueuedPost, strict=False)
