"""The publishing queue and its results in PostgreSQL: the same repository as ``posts.json``.

A post is one row of ``posts`` (its record in a ``json`` column, beside the columns the queue
timer asks for: state and due time); ``results`` holds one row per published post. A change to
a post locks its row, so two desks deciding about the same post see each other's decisions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec
from psycopg.types.json import Json

from rtc_tui.core.publish.queue import QueuedPost, from_record, to_record
from rtc_tui.core.publish.results import PostCounts
from rtc_tui.i18n import _
from rtc_tui.store.postgres.database import PgDatabase
from rtc_tui.store.postgres.migrations import Conn
from rtc_tui.store.postgres.repos import read_stamp
from rtc_tui.store.posts import PostNotFoundError, PostResults, ScoredReply, with_reading


def insert_post(conn: Conn, row: dict[str, Any]) -> None:
    """Insert a post's stored record with its queue columns."""
    post = from_record(row)
    conn.execute(
        "INSERT INTO posts (id, draft_id, state, due_at, created_at, body)"
        " VALUES (%s, %s, %s, %s, %s, %s)",
        (post.id, post.draft_id, post.state, post.due_at, post.created_at, Json(row)),
    )


def upsert_results(conn: Conn, row: dict[str, Any]) -> None:
    """Insert or replace one post's results."""
    conn.execute(
        "INSERT INTO results (post_id, body) VALUES (%s, %s)"
        " ON CONFLICT (post_id) DO UPDATE SET body = excluded.body",
        (str(row["post_id"]), Json(row)),
    )


def _find(conn: Conn, post_id: str, *, lock: bool) -> QueuedPost:
    """The post ``post_id`` names (exactly, else as a unique prefix), its row locked if asked."""
    wanted = post_id.strip()
    if not wanted:
        raise PostNotFoundError(_("no post id given"))
    locking = " FOR UPDATE" if lock else ""
    rows = conn.execute("SELECT body FROM posts WHERE id = %s" + locking, (wanted,)).fetchall()
    if not rows:
        rows = conn.execute(
            "SELECT body FROM posts WHERE left(id, length(%s)) = %s LIMIT 2" + locking,
            (wanted, wanted),
        ).fetchall()
    if not rows:
        raise PostNotFoundError(_("no post with id {id}").format(id=wanted))
    if len(rows) > 1:
        raise PostNotFoundError(
            _("post id {id} is ambiguous: give more characters").format(id=wanted)
        )
    return from_record(rows[0][0])


class PgPostRepo:
    """The publishing queue and its results (see :class:`rtc_tui.store.posts.PostRepo`)."""

    def __init__(self, db: PgDatabase) -> None:
        self.db = db

    def all(self) -> list[QueuedPost]:
        """Every post, newest first."""
        with self.db.transaction() as conn:
            rows = conn.execute("SELECT body FROM posts ORDER BY created_at DESC, id DESC")
            return [from_record(r[0]) for r in rows]

    def get(self, post_id: str) -> QueuedPost:
        """The post with ``post_id`` (a unique prefix of it is enough, as with git).

        Raises:
            PostNotFoundError: none, or the prefix is ambiguous.
        """
        with self.db.transaction() as conn:
            return _find(conn, post_id, lock=False)

    def add(self, post: QueuedPost) -> QueuedPost:
        """Store a newly queued post."""
        with self.db.transaction() as conn:
            insert_post(conn, to_record(post))
        return post

    def update(self, post_id: str, change: Callable[[QueuedPost], QueuedPost]) -> QueuedPost:
        """Lock the post's row, store ``change(post)`` and return it (``change`` may refuse)."""
        with self.db.transaction() as conn:
            post = _find(conn, post_id, lock=True)
            changed = change(post)
            conn.execute(
                "UPDATE posts SET draft_id = %s, state = %s, due_at = %s, body = %s WHERE id = %s",
                (
                    changed.draft_id,
                    changed.state,
                    changed.due_at,
                    Json(to_record(changed)),
                    post.id,
                ),
            )
        return changed

    def results(self, post_id: str) -> PostResults:
        """What ``post_id`` got back so far (empty until its first reading)."""
        with self.db.transaction() as conn:
            row = conn.execute("SELECT body FROM results WHERE post_id = %s", (post_id,)).fetchone()
        if row is None:
            return PostResults(post_id)
        return msgspec.convert(row[0], PostResults, strict=False)

    def record_results(
        self,
        post_id: str,
        *,
        counts: PostCounts | None = None,
        replies: list[ScoredReply] | None = None,
        error: str = "",
    ) -> PostResults:
        """Append a counts reading and replace the replies (or record why reading failed)."""
        with self.db.transaction() as conn:
            conn.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", ("results:" + post_id,)
            )
            row = conn.execute("SELECT body FROM results WHERE post_id = %s", (post_id,)).fetchone()
            old = (
                PostResults(post_id)
                if row is None
                else msgspec.convert(row[0], PostResults, strict=False)
            )
            new = with_reading(old, counts=counts, replies=replies, error=error)
            upsert_results(conn, msgspec.to_builtins(new))
        return new

    def stamp(self) -> tuple[int, int]:
        """Changes when any session writes the queue or results."""
        with self.db.transaction() as conn:
            return read_stamp(conn, "posts")
