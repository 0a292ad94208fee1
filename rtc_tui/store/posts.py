"""Queued and published posts, and what came back from the networks, in ``posts.json``.

Kept apart from the drafts so that the queue timer of every running app (and ``rtc publish
--due`` from cron) locks only this file. Two tables: ``posts`` holds one
:class:`~rtc_tui.core.publish.queue.QueuedPost` per row, keyed by its id; ``results`` holds
one row per published post: its counts over time and its replies with their sentiment.

Every change is a read-modify-write under the file's lock, so two processes deciding about
the same post see each other's decisions: a post one of them marked as attempted is not
attempted again by the other as if it were new.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec
from tinydb import Query, TinyDB

from rtc_tui.core.publish.queue import QueuedPost, from_record, to_record
from rtc_tui.core.publish.results import PostCounts, Reply
from rtc_tui.core.publish.sentiment import Label
from rtc_tui.i18n import _
from rtc_tui.store.db import JsonDatabase, StoreError
from rtc_tui.store.rows import TableChecks, check_meta

MAX_COUNTS = 500
"""Counts readings kept per post (the oldest are dropped): enough for a week every 15 min."""


class PostNotFoundError(StoreError):
    """No queued or published post with that id."""


class ScoredReply(msgspec.Struct, frozen=True):
    """A reply with the sentiment it was given."""

    reply: Reply
    label: Label
    score: float


class PostResults(msgspec.Struct, frozen=True):
    """What a published post got back: counts over time (oldest first) and its replies."""

    post_id: str
    counts: tuple[PostCounts, ...] = ()
    replies: tuple[ScoredReply, ...] = ()
    error: str = ""
    """Why the last reading failed, if it did (kept until a reading succeeds)."""


def check_post(row: Any) -> None:
    """A ``posts`` row decodes into a :class:`QueuedPost`."""
    from_record(row)


def check_results(row: Any) -> None:
    """A ``results`` row decodes into :class:`PostResults`."""
    msgspec.convert(row, PostResults, strict=False)


def with_reading(
    old: PostResults,
    *,
    counts: PostCounts | None,
    replies: list[ScoredReply] | None,
    error: str,
) -> PostResults:
    """``old`` after one reading: what both backends store for :meth:`PostRepo.record_results`.

    The counts are appended (the oldest dropped past :data:`MAX_COUNTS`), the replies replaced
    when given, and the reading's error kept (``""``: it succeeded).
    """
    return msgspec.structs.replace(
        old,
        counts=(old.counts + ((counts,) if counts else ()))[-MAX_COUNTS:],
        replies=tuple(replies) if replies is not None else old.replies,
        error=error,
    )


POSTS_CHECKS: TableChecks = {"posts": check_post, "results": check_results, "_meta": check_meta}
"""``posts.json``: the publishing queue and what came back from the networks."""


class PostRepo:
    """The publishing queue and its results."""

    def __init__(self, db: JsonDatabase) -> None:
        self.db = db

    def all(self) -> list[QueuedPost]:
        """Every post, newest first."""
        rows = self.db.read().table("posts").all()
        posts = [from_record(dict(r)) for r in rows]
        posts.sort(key=lambda p: (p.created_at, p.id), reverse=True)
        return posts

    def get(self, post_id: str) -> QueuedPost:
        """The post with ``post_id`` (a unique prefix of it is enough, as with git).

        Raises:
            PostNotFoundError: none, or the prefix is ambiguous.
        """
        return self._find(self.db.read(), post_id)[1]

    def add(self, post: QueuedPost) -> QueuedPost:
        """Store a newly queued post."""

        def run(db: TinyDB) -> QueuedPost:
            db.table("posts").insert(to_record(post))
            return post

        return self.db.transact(run)

    def update(self, post_id: str, change: Callable[[QueuedPost], QueuedPost]) -> QueuedPost:
        """Re-read the post under the lock, store ``change(post)`` and return it.

        ``change`` may raise to refuse (nothing is written then).
        """

        def run(db: TinyDB) -> QueuedPost:
            key, post = self._find(db, post_id)
            changed = change(post)
            db.table("posts").update(to_record(changed), doc_ids=[key])
            return changed

        return self.db.transact(run)

    def results(self, post_id: str) -> PostResults:
        """What ``post_id`` got back so far (empty until its first reading)."""
        row = self.db.read().table("results").get(Query().post_id == post_id)
        if row is None:
            return PostResults(post_id)
        return msgspec.convert(dict(row), PostResults, strict=False)

    def record_results(
        self,
        post_id: str,
        *,
        counts: PostCounts | None = None,
        replies: list[ScoredReply] | None = None,
        error: str = "",
    ) -> PostResults:
        """Append a counts reading and replace the replies (or record why reading failed)."""

        def run(db: TinyDB) -> PostResults:
            table = db.table("results")
            row = table.get(Query().post_id == post_id)
            old = (
                PostResults(post_id)
                if row is None
                else msgspec.convert(dict(row), PostResults, strict=False)
            )
            new = with_reading(old, counts=counts, replies=replies, error=error)
            data = msgspec.to_builtins(new)
            if row is None:
                table.insert(data)
            else:
                table.update(data, Query().post_id == post_id)
            return new

        return self.db.transact(run)

    def stamp(self) -> tuple[int, int]:
        """Changes when any session writes the queue or results."""
        return self.db.stamp()

    @staticmethod
    def _find(db: TinyDB, post_id: str) -> tuple[int, QueuedPost]:
        wanted = post_id.strip()
        if not wanted:
            raise PostNotFoundError(_("no post id given"))
        rows = [r for r in db.table("posts").all() if str(r.get("id", "")).startswith(wanted)]
        exact = [r for r in rows if r.get("id") == wanted]
        if exact:
            rows = exact
        if not rows:
            raise PostNotFoundError(_("no post with id {id}").format(id=wanted))
        if len(rows) > 1:
            raise PostNotFoundError(
                _("post id {id} is ambiguous: give more characters").format(id=wanted)
            )
        return rows[0].doc_id, from_record(dict(rows[0]))
