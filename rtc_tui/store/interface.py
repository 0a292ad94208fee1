"""The store interface: what the desk may ask of any backend, and nothing about which one runs.

Two backends satisfy it: the embedded TinyDB files under a data dir
(:class:`rtc_tui.store.repos.FileStore`, the default) and PostgreSQL
(:class:`rtc_tui.store.postgres.PgStore`, for teams beyond one server). Code outside
``rtc_tui.store`` names only these protocols and gets a store from
:func:`rtc_tui.store.factory.open_store`; the contract tests run the same cases over both.

Every mutation is a read-modify-write the backend makes atomic against every other process:
the callback sees the current row and what it returns (or leaves changed) is what is written,
all or nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from rtc_tui.core.models import Draft, Event
from rtc_tui.core.publish.queue import QueuedPost
from rtc_tui.core.publish.results import PostCounts
from rtc_tui.core.trending.cluster_index import ClusterEntry
from rtc_tui.core.trending.ingest import LiveEvent
from rtc_tui.core.trending.rerank import RankUpdate
from rtc_tui.core.trending.standing import Standing, Triage
from rtc_tui.store.changes import ChangeFeed
from rtc_tui.store.fsio import FileModes, StoreError
from rtc_tui.store.posts import PostResults, ScoredReply


class DraftNotFoundError(StoreError):
    """No draft with that id."""


class RevisionConflictError(StoreError):
    """A write based on an older revision of a draft: the stored draft moved on, nothing written.

    Attributes:
        expected: The revision the write was based on.
        current: The draft as stored now (its latest revision, author and time are the news).
    """

    def __init__(self, expected: int, current: Draft) -> None:
        self.expected = expected
        self.current = current
        last = current.revisions[-1] if current.revisions else None
        by = f" by {last.author} at {last.at:%Y-%m-%d %H:%M:%S} UTC" if last else ""
        super().__init__(
            f"draft {current.id} is at revision {current_revision(current)[0]}{by}, "
            f"not {expected}: nothing was written"
        )


def current_revision(draft: Draft) -> tuple[int, str]:
    """The draft's latest revision number and its author (``(0, "")`` before the first).

    This is the revision a save states it was based on (``expect_revision``): the number of
    the last text revision, which every backend compares before writing.
    """
    if not draft.revisions:
        return (0, "")
    last = draft.revisions[-1]
    return (last.number, last.author)


def check_revision(draft: Draft, expect_revision: int | None) -> None:
    """Refuse a save whose base revision is no longer the latest.

    Raises:
        RevisionConflictError: ``expect_revision`` is given and differs from the latest.
    """
    if expect_revision is None:
        return
    if current_revision(draft)[0] != expect_revision:
        raise RevisionConflictError(expect_revision, draft)


DraftMark = tuple[int, int]
"""Where the drafts' changes stood when read: what :meth:`DraftRepository.changed_since` asks
from (opaque to callers: only the backend that gave it compares it)."""


@dataclass(frozen=True)
class DraftChanges:
    """The drafts changed after a mark, and the mark to ask from next time."""

    drafts: list[Draft]
    """Every draft changed after the mark (a backend may give more: never fewer), most
    recently changed first."""
    mark: DraftMark
    """Where the changes stand now: pass it to the next :meth:`~DraftRepository.changed_since`."""


class DraftRepository(Protocol):
    """Drafts, keyed by a small integer id unique across every process on the store."""

    def create(self, build: Callable[[int], Draft]) -> Draft:
        """Allocate the next id and insert ``build(id)``; an id is used only if saved."""

    def get(self, draft_id: int) -> Draft:
        """The draft with ``draft_id`` (raises :class:`DraftNotFoundError`)."""

    def all(self) -> list[Draft]:
        """Every draft, most recently changed first."""

    def recent(self, limit: int) -> list[Draft]:
        """The ``limit`` most recently changed drafts, in :meth:`all`'s order.

        What a screen opens on (the latest draft) without reading every draft: a database
        answers it from its index by last change.
        """

    def mark(self) -> DraftMark:
        """Where the drafts' changes stand now (read it before the drafts it goes with)."""

    def changed_since(self, mark: DraftMark) -> DraftChanges:
        """The drafts created or changed after ``mark``, by any session, and the new mark.

        What a list showing thousands of drafts reads when the change feed says drafts moved:
        a database answers from an index on its change numbers, the changed rows only. An
        unchanged store answers no draft and the same mark.
        """

    def for_moments(self) -> list[Draft]:
        """The drafts made for a calendar moment (``origin.kind == "moment"``).

        In :meth:`all`'s order: what the calendar's prep states need, not every draft.
        """

    def update(
        self,
        draft_id: int,
        change: Callable[[Draft], None],
        *,
        expect_revision: int | None = None,
    ) -> Draft:
        """Apply ``change`` to the current draft and store it, atomically.

        With ``expect_revision``, refuse (:class:`RevisionConflictError`, nothing written)
        when the draft's latest revision is another one: the no-lost-write rule.
        """

    def stamp(self) -> tuple[int, int]:
        """A value that changes whenever any session writes drafts."""


@dataclass
class MergeResult:
    """What a merge keeps live, and events it never stored that go straight to the archive.

    A merge callback may return this instead of the events alone: a refresh that brings more
    than ``max_events`` archives the surplus of its own new events too (nothing is dropped).
    """

    keep: list[Event]
    archive: list[Event] = field(default_factory=list)


def merge_parts(result: Iterable[Event] | MergeResult) -> tuple[list[Event], list[Event]]:
    """A merge callback's answer as (events to keep, new events to archive)."""
    if isinstance(result, MergeResult):
        return list(result.keep), list(result.archive)
    return list(result), []


class Ranker(Protocol):
    """Ranks a merge's events (the desk's; the store does not know how).

    Given the events the merge writes, every live id (in the merge's order), the clustering
    index stored with the ranking (``None`` when there is none: a new data dir, a copy, a
    ranking emptied) and a reader of the other stored bodies, it answers the standings it
    computed again, the new order and the new index
    (:func:`rtc_tui.core.trending.rerank.rank_update`). The store keeps every other standing
    as it is stored. Bodies it changes through ``load`` (their score, their cluster id) are
    written with the merge.
    """

    def __call__(
        self,
        written: Mapping[str, Event],
        live: Sequence[str],
        previous: Mapping[str, ClusterEntry] | None,
        load: Callable[[Collection[str]], Mapping[str, Event]],
        /,
    ) -> RankUpdate:
        """The update for the merge given the ``previous`` index."""


class EventBatch(Protocol):
    """What a batch merge is handed: the live events' light rows, and their bodies on demand."""

    @property
    def live(self) -> Mapping[str, LiveEvent]:
        """Every live event's light row (id, last seen, triage), in stored order."""

    def lookup(self, ids: Iterable[str]) -> dict[str, Event]:
        """The stored events named (triage current); ids not live are left out."""


@dataclass
class BatchMerge:
    """What a batch merge writes: the events it changed and the live set after it."""

    write: list[Event]
    """New or changed events (body and triage), stored as given."""
    keep: list[str]
    """Every id to keep live, in order (each either live already or in :attr:`write`); the
    live events left out move to the archive."""
    archive: list[Event] = field(default_factory=list)
    """New events that go straight to the archive (a refresh beyond ``max_events``)."""


class EventRepository(Protocol):
    """Trending events, keyed by their stable id, kept in the order the last merge gave.

    Three parts with their own writers: the bodies (written by a refresh's merge), each
    event's triage state (written by the editor's keys, a few records at a time, never with
    the bodies) and the ranking the merge computed (read by every screen instead of ranking
    again). Events a merge leaves out move to the archive; none is dropped.
    """

    def all(self) -> list[Event]:
        """Every stored event, its triage state current."""

    def get(self, event_id: str) -> Event | None:
        """The event with ``event_id``, if stored."""

    def story(self, event_id: str) -> list[Event]:
        """The event and every stored copy of its story (same cluster id), triage current.

        The event comes first, the copies after it in stored order; empty when the event is
        not stored. Reads those bodies only: its cost does not grow with the stored events.
        """

    def standing(self, event_id: str) -> Standing | None:
        """The stored ranking's row for ``event_id``, triage current (read by itself)."""

    def merge(
        self,
        merge: Callable[[dict[str, Event]], Iterable[Event] | MergeResult],
        *,
        rank: Ranker | None = None,
    ) -> list[Event]:
        """Give ``merge`` every current event; store exactly the events it returns.

        The events it leaves out move to the archive (:meth:`archived`), and so do the ones
        a :class:`MergeResult` names in ``archive``. With ``rank``, it is given the stored
        index and the standings it computes again replace theirs, in its order, in the same
        step (an update that is not :attr:`~RankUpdate.full` but names an event without a
        stored standing is asked again without an index); without, the stored ranking and
        its index are emptied (a reader ranks again).
        """

    def merge_batch(
        self, merge: Callable[[EventBatch], BatchMerge], *, rank: Ranker | None = None
    ) -> list[Event]:
        """Give ``merge`` the live events' light rows and a reader of their bodies.

        What a refresh uses: it looks up only the stored events its batch names (and the
        snoozed ones due to wake), so a backend reads and writes what the batch touches, not
        every event. ``merge`` answers what to write and what stays live (see
        :class:`BatchMerge`); the live events it leaves out move to the archive. ``rank``
        works as in :meth:`merge`. Returns the events written.
        """

    def update(self, event_id: str, change: Callable[[Event], None]) -> Event | None:
        """Apply ``change`` to one stored event's body (``None`` if there is none)."""

    def change_triage(
        self, event_ids: Sequence[str], change: Callable[[list[Triage]], object]
    ) -> list[Triage]:
        """Give ``change`` the triage records of the stored events named; store them.

        All at once, so a story's copies change together (a pin toggles the story). Writes
        the triage records only, never an event body. Ids not stored are skipped; the
        records given to ``change`` are returned.
        """

    def ranking(self, limit: int | None = None) -> list[Standing]:
        """The ranking the last merge stored, best first, triage state current.

        With ``limit``, only the first rows (what the first screen needs) are read.
        """

    def sensitive(self) -> list[Event]:
        """The ranking's sensitive light events that may name a tag, best first.

        ``Standing.tag_like`` says which may. What the checks compare a draft's hashtags
        with, without reading every event.
        """

    def archived(self) -> list[Event]:
        """Every archived event, the most recently archived first."""

    def stamp(self) -> tuple[int, int]:
        """A value that changes whenever any session writes events or their triage."""


class StateRepository(Protocol):
    """Small named records (health, ETags, filters, moments) and the append-only audit log."""

    def get(self, key: str, default: Any = None) -> Any:
        """The JSON value stored under ``key``."""

    def update(self, key: str, change: Callable[[Any], Any], default: Any = None) -> Any:
        """Store ``change(old)`` under ``key`` atomically and return it."""

    def set(self, key: str, value: Any) -> None:
        """Store ``value`` under ``key``."""

    def audit(self, action: str, by: str, **details: Any) -> None:
        """Append an entry to the audit log (never changed or removed afterwards).

        Every backend builds and seals the entry with :mod:`rtc_tui.core.audit` (chained to the
        last entry's hash, appends serialised), so ``rtc audit --verify`` holds on any of them.
        """

    def audit_log(self, draft: int | None = None) -> list[dict[str, Any]]:
        """Every audit entry, oldest first; with ``draft``, only the entries about that draft.

        The database answers the second from its index by draft (the audit screen of a draft);
        checking the chain needs the whole log.
        """

    def stamp(self) -> tuple[int, int]:
        """A value that changes whenever any session writes state or audit."""

    @property
    def location(self) -> str:
        """Where the records live, to name in a message about a bad one."""


class PostRepository(Protocol):
    """The publishing queue (one row per post, by id) and each published post's results."""

    def all(self) -> list[QueuedPost]:
        """Every post, newest first."""

    def get(self, post_id: str) -> QueuedPost:
        """The post with ``post_id`` or a unique prefix of it (raises PostNotFoundError)."""

    def add(self, post: QueuedPost) -> QueuedPost:
        """Store a newly queued post."""

    def update(self, post_id: str, change: Callable[[QueuedPost], QueuedPost]) -> QueuedPost:
        """Store ``change(current post)`` atomically; ``change`` may raise to refuse."""

    def results(self, post_id: str) -> PostResults:
        """What ``post_id`` got back so far."""

    def record_results(
        self,
        post_id: str,
        *,
        counts: PostCounts | None = None,
        replies: list[ScoredReply] | None = None,
        error: str = "",
    ) -> PostResults:
        """Append a counts reading and replace the replies (or record why reading failed)."""

    def stamp(self) -> tuple[int, int]:
        """A value that changes whenever any session writes posts or results."""


@dataclass
class StoreSnapshot:
    """Everything a store holds, in a backend-neutral shape: what ``rtc store copy`` moves.

    Two snapshots compare equal exactly when the stores hold the same data, so a round trip
    (files -> PostgreSQL -> files) is checked by comparing them.
    """

    drafts: list[dict[str, Any]] = field(default_factory=list)
    """Every draft's stored row, by id."""
    next_draft: int = 1
    """The next draft id (ids are never reused, even after a deletion)."""
    events: list[dict[str, Any]] = field(default_factory=list)
    """Every event's stored row (triage state included), in the stored order."""
    archived: list[dict[str, Any]] = field(default_factory=list)
    """Every archived event, in the order they were archived."""
    state: dict[str, Any] = field(default_factory=dict)
    """Every named record."""
    audit: list[dict[str, Any]] = field(default_factory=list)
    """The audit log, oldest first, exactly as recorded (its hash chain with it; a log from
    before the chain is sealed when restored, see :func:`rtc_tui.core.audit.sealed_log`)."""
    posts: list[dict[str, Any]] = field(default_factory=list)
    """The publishing queue, by post id."""
    results: list[dict[str, Any]] = field(default_factory=list)
    """What published posts got back, by post id."""

    def is_empty(self) -> bool:
        """Whether nothing at all is stored (the id counter aside)."""
        return not (
            self.drafts
            or self.events
            or self.archived
            or self.state
            or self.audit
            or self.posts
            or self.results
        )


class Store(Protocol):
    """Everything the desk persists, whichever backend holds it.

    ``data_dir`` is a local folder in both cases: the files themselves for the embedded
    store, the place for exports and other local files for a database store.
    """

    data_dir: Path
    modes: FileModes

    @property
    def drafts(self) -> DraftRepository:
        """The drafts."""

    @property
    def events(self) -> EventRepository:
        """The trending events."""

    @property
    def state(self) -> StateRepository:
        """Named records and the audit log."""

    @property
    def posts(self) -> PostRepository:
        """The publishing queue and what came back."""

    @property
    def location(self) -> str:
        """Where the data lives, for people (a folder, or a URL without its password)."""

    @property
    def changes(self) -> ChangeFeed:
        """Tells subscribers about every write, by this session or any other."""

    def check(self) -> list[str]:
        """Check the store is usable before anything runs; return warnings to show.

        Raises:
            StoreError: it is not (one line saying why and what to do).
        """

    def migrate(self, *, editor_role: str = "") -> list[int]:
        """Bring the schema up to date; return the versions applied now.

        Args:
            editor_role: A database role to grant what a desk needs and no more (a store
                without roles refuses it with :class:`StoreError`).
        """

    def snapshot(self) -> StoreSnapshot:
        """Everything stored, read consistently."""

    def restore(self, snapshot: StoreSnapshot) -> None:
        """Fill an empty store with ``snapshot`` (raises :class:`StoreError` if not empty)."""

    def close(self) -> None:
        """Release connections and threads (idempotent; the files store holds none)."""
