"""Publishing: queue, send, pause in a crisis, take down, and read back how a post landed.

The gate is enforced twice: when a post is queued (on the draft) and again when it is sent
(the draft must still have the content it was approved on, its gate must still pass in the
context of the moment — a tragedy trending now is part of that context — and the exact text
must still be what the draft says). Every state change is written to the queue (``posts.json``)
before the request that depends on it goes out, so a crash or a second process never sends a
post twice, and every decision lands in the audit log with the person who took it. Secrets
never leave :mod:`rtc_tui.publish`: nothing here prints, stores or audits a token.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from rtc_tui.config import AccountConfig, Config, NotifyKind
from rtc_tui.core.models import Draft, DraftStatus, ExportRecord, Level, content_hash
from rtc_tui.core.publish import queue
from rtc_tui.core.publish.crisis import (
    Crisis,
    CrisisPolicy,
    Story,
    crisis_holds,
    crisis_now,
    shown_hold_reason,
)
from rtc_tui.core.publish.length import length_refusal
from rtc_tui.core.publish.queue import QueuedPost
from rtc_tui.core.publish.results import Published
from rtc_tui.core.publish.schedule import decide, parse_when
from rtc_tui.core.publish.sentiment import Tally, tally
from rtc_tui.core.publish.spike import negative_spike
from rtc_tui.desk.base import Clock
from rtc_tui.desk.calendar import CalendarService
from rtc_tui.desk.checklist import ChecklistService
from rtc_tui.desk.drafts import DraftsService
from rtc_tui.desk.errors import BadInputError, RefusedError
from rtc_tui.desk.trending import TrendingService
from rtc_tui.i18n import _, ngettext
from rtc_tui.notify import Notifier
from rtc_tui.publish.accounts import AccountNotFoundError, find_account
from rtc_tui.publish.errors import PublishError
from rtc_tui.sentiment_files import load_sentiment
from rtc_tui.store import Store
from rtc_tui.store.posts import PostNotFoundError, PostResults, ScoredReply

if TYPE_CHECKING:
    import httpx

    from rtc_tui.publish.clients import NetworkClient

Notify = Callable[[str, str], None]
"""``notify(kind, text)``: tells the person at the screen (a toast in the app)."""

NETWORK_LABELS = {"mastodon": "Mastodon", "bluesky": "Bluesky"}


@dataclass(frozen=True)
class SendOutcome:
    """What happened to one post when the queue was worked through."""

    post: QueuedPost
    """The post as stored afterwards."""
    action: str
    """``sent``, ``held``, ``failed``, ``retry`` (a passing fault: tried again later) or
    ``skipped`` (stale or unknown outcome: a person must look)."""
    message: str


@dataclass(frozen=True)
class PostReport:
    """One post with what it got back, for the Results screen and ``rtc results``."""

    post: QueuedPost
    results: PostResults
    tally: Tally
    seconds_from_event: float | None
    """From the event being first seen to publication, for posts reacting to an event."""


@dataclass(eq=False)
class PublishService:
    """Everything ``rtc publish``, ``rtc results``, ``P`` and the Results screen do."""

    config: Config
    store: Store
    user: str
    now: Clock
    drafts: DraftsService
    checklist: ChecklistService
    trending: TrendingService
    calendar: CalendarService
    notifier: Notifier | None = None
    """Tells the team's webhooks about posts published, crisis holds and backlashes."""
    notify: Notify | None = None
    """Set by the app to show holds and backlashes on screen too."""

    # -- accounts ------------------------------------------------------------------------

    def accounts(self) -> tuple[AccountConfig, ...]:
        """The configured accounts (``accounts:`` in the config)."""
        return self.config.accounts

    def account(self, name: str) -> AccountConfig:
        """The account called ``name``.

        Raises:
            BadInputError: none has that name (the message lists the configured ones).
        """
        try:
            return find_account(self.config.accounts, name)
        except AccountNotFoundError as exc:
            raise BadInputError(str(exc)) from None

    def accounts_for(self, draft: Draft) -> list[AccountConfig]:
        """The accounts whose network the draft targets."""
        return [a for a in self.config.accounts if a.type in draft.platforms]

    def when(self, text: str) -> datetime | None:
        """The time a person typed (``18:30``, ``+30m``, ISO), or ``None`` for now (empty).

        Raises:
            BadInputError: not a time (the message says what is accepted).
        """
        if not text.strip():
            return None
        try:
            return parse_when(text, self.now())
        except ValueError as exc:
            raise BadInputError(str(exc)) from None

    # -- queueing ------------------------------------------------------------------------

    def queue(self, draft_id: int, account_name: str, *, at: datetime | None = None) -> QueuedPost:
        """Queue the draft's variant for ``account_name``'s network, now or at ``at``.

        Raises:
            BadInputError: unknown draft or account, the draft does not target that network,
                or ``at`` has no time zone.
            RefusedError: the gate is shut, or the text does not fit the network.
        """
        account = self.account(account_name)
        draft = self.drafts.get(draft_id)
        network = account.type
        if network not in draft.platforms:
            raise BadInputError(
                _(
                    "draft {id} does not target {network}: add the platform to the draft "
                    "(p in the Draft pane, or rtc draft new --platform {platform})"
                ).format(id=draft.id, network=NETWORK_LABELS[network], platform=network)
            )
        self.checklist.require_gate(draft, "publish")
        text = draft.text_for(network).strip()
        refusal = length_refusal(text, network)
        if refusal:
            raise RefusedError(_("publish refused: {reason}").format(reason=refusal))
        now = self.now()
        if at is not None and at.tzinfo is None:
            raise BadInputError(_("--at needs a time zone (e.g. 2026-12-01T18:30+01:00)"))
        post = queue.new_post(
            draft_id=draft.id,
            network=network,
            account=account.name,
            text=text,
            content_hash=content_hash(draft),
            due_at=max(at, now) if at is not None else now,
            now=now,
            clock_id=secrets.randbelow(1024),
            created_by=self.user,
        )
        self.store.posts.add(post)
        self._audit("publish_queued", post, due_at=post.due_at.isoformat())
        return post

    def posts(self, *, states: Iterable[str] = ()) -> list[QueuedPost]:
        """The queue, newest first (only the given states, when some are given)."""
        wanted = set(states)
        return [p for p in self.store.posts.all() if not wanted or p.state in wanted]

    def get(self, post_id: str) -> QueuedPost:
        """One post by id (or a unique prefix).

        Raises:
            BadInputError: no such post, or the prefix is ambiguous.
        """
        try:
            return self.store.posts.get(post_id)
        except PostNotFoundError as exc:
            raise BadInputError(str(exc)) from None

    def cancel(self, post_id: str) -> QueuedPost:
        """Cancel a queued or held post.

        Raises:
            BadInputError: unknown post.
            RefusedError: it was already sent, cancelled or failed.
        """
        post = self._change(post_id, lambda p: queue.cancel(p, self.user))
        self._audit("publish_cancelled", post)
        return post

    def release(self, post_id: str, *, at: datetime | None = None) -> QueuedPost:
        """Send a held post on again: a person's decision, after re-checking it now.

        The draft's gate is evaluated again in today's context (the story that caused the
        hold is part of it); a post whose draft no longer passes is not released.

        Raises:
            BadInputError: unknown post.
            RefusedError: the post is not held, or its draft no longer passes the gate.
        """
        post = self.get(post_id)
        draft = self._draft_or_none(post.draft_id)
        if draft is None:
            raise RefusedError(
                _("post {post}: draft {id} was deleted").format(post=post.id, id=post.draft_id)
            )
        self.checklist.require_gate(draft, "release")
        released = self._change(post.id, lambda p: queue.release(p, self.user, due_at=at))
        self._audit("publish_released", released, hold_reason=post.hold_reason)
        return released

    # -- the crisis pause ----------------------------------------------------------------

    def stories(self) -> list[Story]:
        """The current stories, ranked, each with its worst member's sensitivity."""
        stories: dict[str, Story] = {}
        worst: dict[str, Level] = {}
        for item in self.trending.ranked():
            level = item.event.sensitivity.level
            key = item.cluster_id or item.event.id
            if key not in stories:
                stories[key] = Story(
                    key,
                    item.event.title,
                    level,
                    len(stories) + 1,
                    tuple(item.event.sensitivity.categories),
                )
            if level.rank > worst.get(key, Level.NONE).rank:
                worst[key] = level
        return [
            Story(s.id, s.title, worst.get(s.id, s.level), s.rank, s.categories)
            for s in stories.values()
        ]

    def policy(self) -> CrisisPolicy:
        """The team's thresholds (config ``publish:``)."""
        section = self.config.publish
        return CrisisPolicy(section.crisis_max_rank, section.pause_on_solemn_day)

    def crisis(self) -> Crisis | None:
        """Whether the pause is on now, and why."""
        solemn = self.calendar.solemn_day(None, self.calendar.today())
        return crisis_now(self.stories(), solemn, self.policy())

    def hold_for_crisis(self) -> list[QueuedPost]:
        """Hold every queued post while a crisis is on; tell the team when posts are held."""
        queued = self.posts(states=("queued",))
        if not queued:
            return []
        solemn = self.calendar.solemn_day(None, self.calendar.today())
        holds = crisis_holds(queued, self.stories(), solemn, self.policy())
        now = self.now()
        held: list[QueuedPost] = []
        for hold in holds:
            post = self._change(hold.post_id, partial(queue.hold, now=now, reason=hold.reason))
            if post.state == "held":
                held.append(post)
                self._audit("publish_held", post, reason=hold.reason)
        if held:
            self._tell(
                "crisis",
                ngettext(
                    "{count} queued post held: {reason}. "
                    "It needs a person to release it (rtc publish --release ID).",
                    "{count} queued posts held: {reason}. "
                    "Each needs a person to release it (rtc publish --release ID).",
                    len(held),
                ).format(count=len(held), reason=shown_hold_reason(held[0].hold_reason)),
                held[0].draft_id,
            )
        return held

    # -- sending -------------------------------------------------------------------------

    async def send_due(
        self, *, only: Sequence[str] = (), client: httpx.AsyncClient | None = None
    ) -> list[SendOutcome]:
        """Hold for a crisis, then send every due post (or only the posts ``only`` names).

        A post whose draft changed (or whose gate no longer passes) is not sent and is
        marked failed with the reason; a passing network fault leaves it queued for a retry.
        """
        outcomes = [
            SendOutcome(p, "held", shown_hold_reason(p.hold_reason)) for p in self.hold_for_crisis()
        ]
        now = self.now()
        candidates = [p for p in self.posts(states=("queued",)) if not only or p.id in only]
        hashes = self._current_hashes(p.draft_id for p in candidates)
        async with self._session(client) as session:
            for decision in decide(candidates, now, hashes):
                if decision.action != "send":
                    outcomes.append(self._refuse(decision.post_id, decision.reason))
                    continue
                outcomes.append(await self._send_one(decision.post_id, session))
        return outcomes

    async def publish_now(
        self, draft_id: int, account_name: str, *, client: httpx.AsyncClient | None = None
    ) -> SendOutcome:
        """Queue the draft for ``account_name`` and send it at once."""
        post = self.queue(draft_id, account_name)
        outcomes = await self.send_due(only=[post.id], client=client)
        return next((o for o in outcomes if o.post.id == post.id), SendOutcome(post, "held", ""))

    async def _send_one(self, post_id: str, session: _Session) -> SendOutcome:
        post = self.get(post_id)
        refusal = self._send_refusal(post)
        if refusal:
            return self._refuse(post.id, refusal)
        post = self._change(post.id, lambda p: queue.attempted(p, self.now()))
        try:
            published = await session.client(post.account).post(post)
        except PublishError as exc:
            return self._record_failure(post.id, exc)
        return self._record_sent(post, published)

    def _record_failure(self, post_id: str, error: PublishError) -> SendOutcome:
        def change(post: QueuedPost) -> QueuedPost:
            return queue.failed(
                post,
                self.now(),
                str(error),
                retryable=error.retryable,
                outcome_unknown=error.outcome_unknown,
                retry_after=error.retry_after,
            )

        failed = self._change(post_id, change)
        self._audit("publish_failed", failed, error=str(error))
        action = "retry" if failed.state == "queued" else "failed"
        return SendOutcome(failed, action, str(error))

    def _send_refusal(self, post: QueuedPost) -> str:
        """Why ``post`` must not go now (the gate again, on the exact text), or ``""``."""
        draft = self._draft_or_none(post.draft_id)
        if draft is None:
            return _("draft {id} was deleted after approval").format(id=post.draft_id)
        if content_hash(draft) != post.content_hash or draft.text_for(post.network).strip() != (
            post.text
        ):
            return _("draft {id} changed after approval: approve it again to send").format(
                id=draft.id
            )
        refusal = self.checklist.gate_refusal(draft, "publish")
        return refusal.replace("\n", " ") if refusal else ""

    def _record_sent(self, post: QueuedPost, published: Published) -> SendOutcome:
        sent = self._change(
            post.id,
            lambda p: queue.sent(
                p, self.now(), remote_id=published.remote_id, uri=published.uri, url=published.url
            ),
        )

        def record(draft: Draft) -> None:
            now = self.now()
            first_seen = draft.origin.first_seen if draft.origin is not None else None
            draft.exports.append(
                ExportRecord(
                    by=self.user,
                    at=now,
                    format=post.network,
                    content_hash=post.content_hash,
                    target=published.url or published.uri,
                    seconds_since_first_seen=(now - first_seen).total_seconds()
                    if first_seen is not None
                    else None,
                )
            )
            draft.status = DraftStatus.EXPORTED
            draft.updated_at = now

        # The draft may have been deleted while the post went out: the queue keeps the record.
        with contextlib.suppress(BadInputError):
            self.drafts.update(post.draft_id, record)
        self._audit(
            "published", sent, remote_id=sent.remote_id, uri=sent.remote_uri, url=sent.remote_url
        )
        where = sent.remote_url or sent.remote_uri
        if self.notifier is not None:
            self.notifier.tell("published", f"{post.account}: {where}", draft_id=post.draft_id)
        return SendOutcome(
            sent,
            "sent",
            _("published on {account}: {where}").format(account=post.account, where=where),
        )

    def _refuse(self, post_id: str, reason: str) -> SendOutcome:
        post = self._change(post_id, lambda p: queue.failed(p, self.now(), reason, retryable=False))
        self._audit("publish_refused", post, reason=reason)
        return SendOutcome(post, "skipped", reason)

    # -- undo ----------------------------------------------------------------------------

    async def delete(self, post_id: str, *, client: httpx.AsyncClient | None = None) -> QueuedPost:
        """Take a published post down from its network (recorded in the audit).

        Raises:
            BadInputError: unknown post.
            RefusedError: it was never sent or is already deleted, or the network refused.
        """
        post = self.get(post_id)
        if post.state != "sent":
            raise RefusedError(
                _("post {post} is {state}: only a sent post can be deleted").format(
                    post=post.id, state=post.state
                )
            )
        published = Published(post.remote_id, post.remote_uri, post.remote_url)
        async with self._session(client) as session:
            try:
                await session.client(post.account).delete(published)
            except PublishError as exc:
                if exc.fault != "not_found":
                    raise RefusedError(_("delete failed: {reason}").format(reason=exc)) from None
        deleted = self._change(post.id, lambda p: queue.deleted(p, self.now(), self.user))
        self._audit("publish_deleted", deleted, url=post.remote_url)
        return deleted

    # -- results -------------------------------------------------------------------------

    async def refresh_results(self, *, client: httpx.AsyncClient | None = None) -> list[PostReport]:
        """Read the counts and replies of every post published within ``publish.results_for``.

        A post whose reading fails keeps its last results and records why; a negative-reply
        spike on a fresh post tells the team like a trending spike does.
        """
        now = self.now()
        window = timedelta(seconds=float(self.config.publish.results_for))
        recent = [
            p
            for p in self.posts(states=("sent",))
            if p.sent_at is not None and now - p.sent_at <= window
        ]
        async with self._session(client) as session:
            for post in recent:
                await self._read_results(post, session)
        return [self.report(p) for p in recent]

    async def _read_results(self, post: QueuedPost, session: _Session) -> None:
        published = Published(post.remote_id, post.remote_uri, post.remote_url)
        network = session.client(post.account)
        try:
            counts = await network.counts(published)
            replies = await network.replies(published)
        except PublishError as exc:
            self.store.posts.record_results(post.id, error=str(exc))
            return
        model = load_sentiment()
        scored = []
        for reply in replies:
            verdict = model.classify(reply.text, reply.language)
            scored.append(ScoredReply(reply, verdict.label, verdict.score))
        self.store.posts.record_results(post.id, counts=counts, replies=scored)
        if post.sent_at is None:
            return
        spike = negative_spike(
            ((s.reply.created_at, s.label) for s in scored),
            post.sent_at,
            self.now(),
        )
        if spike is not None:
            self._audit("negative_spike", post, negative=spike.negative, total=spike.total)
            self._tell(
                "backlash",
                _("post {id} on {account}: {spike}").format(
                    id=post.id, account=post.account, spike=spike.message
                ),
                post.draft_id,
            )

    def report(self, post: QueuedPost) -> PostReport:
        """One post with its results and the tally of its replies' sentiment."""
        results = self.store.posts.results(post.id)
        labels = [r.label for r in results.replies]
        seconds = None
        draft = self._draft_or_none(post.draft_id)
        if draft is not None and draft.origin is not None and post.sent_at is not None:
            first_seen = draft.origin.first_seen
            if first_seen is not None:
                seconds = (post.sent_at - first_seen).total_seconds()
        return PostReport(post, results, tally(labels), seconds)

    def reports(self) -> list[PostReport]:
        """Every published (or deleted) post with its results, newest first."""
        return [self.report(p) for p in self.posts(states=("sent", "deleted"))]

    # -- plumbing ------------------------------------------------------------------------

    def _session(self, client: httpx.AsyncClient | None) -> _Session:
        return _Session(client, self.account)

    def _change(self, post_id: str, change: Callable[[QueuedPost], QueuedPost]) -> QueuedPost:
        try:
            return self.store.posts.update(post_id, change)
        except PostNotFoundError as exc:
            raise BadInputError(str(exc)) from None
        except ValueError as exc:
            raise RefusedError(str(exc)) from None

    def _draft_or_none(self, draft_id: int) -> Draft | None:
        try:
            return self.drafts.get(draft_id)
        except BadInputError:
            return None

    def _current_hashes(self, draft_ids: Iterable[int]) -> dict[int, str]:
        hashes: dict[int, str] = {}
        for draft_id in set(draft_ids):
            draft = self._draft_or_none(draft_id)
            if draft is not None:
                hashes[draft_id] = content_hash(draft)
        return hashes

    def _audit(self, action: str, post: QueuedPost, **details: object) -> None:
        self.store.state.audit(
            action,
            self.user,
            draft=post.draft_id,
            post=post.id,
            account=post.account,
            network=post.network,
            **details,
        )

    def _tell(self, kind: NotifyKind, text: str, draft_id: int) -> None:
        if self.notifier is not None:
            self.notifier.tell(kind, text, draft_id=draft_id)
        if self.notify is not None:
            self.notify(kind, text)


class _Session:
    """One round of network calls, with one network client per account.

    The HTTP client is the one given, else one made and closed here; a Bluesky session is
    created once a round.
    """

    def __init__(self, given: httpx.AsyncClient | None, accounts: Callable[[str], AccountConfig]):
        self._given = given
        self._own: httpx.AsyncClient | None = None
        self._accounts = accounts
        self._clients: dict[str, NetworkClient] = {}

    async def __aenter__(self) -> _Session:
        if self._given is None:
            import httpx

            self._own = httpx.AsyncClient(follow_redirects=False)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._own is not None:
            await self._own.aclose()

    def client(self, account_name: str) -> NetworkClient:
        """The network client for ``account_name`` (its secret read once per round).

        Raises:
            RefusedError: the account's secret cannot be read.
        """
        from rtc_tui.publish.clients import client_for

        if account_name not in self._clients:
            http = self._given or self._own
            assert http is not None  # inside ``async with``
            try:
                self._clients[account_name] = client_for(self._accounts(account_name), http)
            except PublishError as exc:
                raise RefusedError(str(exc)) from None
        return self._clients[account_name]
