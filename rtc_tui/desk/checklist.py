"""Checklist actions: safety checks, link checks, ticks, overrides and review.

Every action re-reads the draft under the store's lock, so two editors ticking or exporting at
once never lose each other's work, and the gate is evaluated on the draft exactly as it is
written. Ticks, overrides, approvals and send-backs land in the append-only audit log; the
second pair of eyes and overrides follow the team's review policy (:mod:`rtc_tui.core.team`),
and giving the review resolves the draft's open review request. The exports themselves are in
:mod:`rtc_tui.desk.export`.

Network work (link checks) is async over httpx and never runs in the UI thread: the TUI calls
these methods from workers, the CLI through ``asyncio.run``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from rtc_tui import i18n
from rtc_tui.config import Config
from rtc_tui.core.drafting.platforms import DEFAULT_LIMITS, platform_name
from rtc_tui.core.models import Draft, DraftStatus, Event, content_hash, to_iso
from rtc_tui.core.safety import checklist as core_checklist
from rtc_tui.core.safety import checklist_actions
from rtc_tui.core.safety.checklist import ChecklistState
from rtc_tui.core.safety.checklist_template import ChecklistError, Template
from rtc_tui.core.safety.context import EventContext, MomentContext
from rtc_tui.core.safety.engine import check_draft, check_texts, draft_setting, draft_urls
from rtc_tui.core.safety.event_checks import TrendingTag, trending_tags
from rtc_tui.core.safety.findings import LinkResult, SafetyReport
from rtc_tui.core.team import TeamPolicy
from rtc_tui.core.trending.stories import story_context_text, worst_sensitivity
from rtc_tui.desk.base import Clock
from rtc_tui.desk.errors import BadInputError, RefusedError
from rtc_tui.desk.safety_data import lexicon_for, policy_for
from rtc_tui.i18n import NC_, _, ngettext, pgettext
from rtc_tui.safety_files import load_template
from rtc_tui.store import Store

if TYPE_CHECKING:
    import httpx

    # Built by the desk and handed in: only their types are needed here, and importing their
    # modules would cost ``rtc check`` the calendar's rules and the ingest.
    from rtc_tui.desk.calendar import CalendarService
    from rtc_tui.desk.drafts import DraftsService
    from rtc_tui.desk.reviews import ReviewService
    from rtc_tui.desk.trending import TrendingService

GATED_ACTIONS = {
    "export": NC_("gate", "export"),
    "approve": NC_("gate", "approve"),
    "publish": NC_("gate", "publish"),
    "release": NC_("gate", "release"),
}
"""What the gate may refuse, as the refusal names it (Italian: the verb after "impossibile")."""

LINKS_KEY = "links"
"""State record of the last link check per URL: ``{url: {ok, status, error, at}}``."""


@dataclass(eq=False)
class ChecklistService:
    """Everything the Checklist pane and ``rtc check`` do, and the gate ``rtc export`` obeys.

    It uses the drafts service for locked draft writes, limits and the workflow, the
    calendar service for solemn days, and the trending service for the whole story a draft's
    event belongs to. Those three come as functions that build them on first use: ``rtc
    check`` without ``--date`` or ``--moment`` never reads the calendar's packs and rules, and
    reads the sensitive events from the stored ranking without the ingest's machinery.
    """

    config: Config
    store: Store
    user: str
    now: Clock
    drafts: DraftsService
    calendar_of: Callable[[], CalendarService]
    trending_of: Callable[[], TrendingService]
    reviews_of: Callable[[], ReviewService]
    _template_cache: Template | None = field(default=None, init=False, repr=False)
    _trending_cache: tuple[tuple[int, int], list[TrendingTag]] | None = field(
        default=None, init=False, repr=False
    )

    @property
    def calendar(self) -> CalendarService:
        """The calendar service (built by the desk on first use)."""
        return self.calendar_of()

    @property
    def trending(self) -> TrendingService:
        """The trending service (built by the desk on first use)."""
        return self.trending_of()

    @property
    def reviews(self) -> ReviewService:
        """The review service (built by the desk on first use)."""
        return self.reviews_of()

    # -- template and checks ------------------------------------------------------------

    def policy(self) -> TeamPolicy:
        """Who may give the second pair of eyes and overrides (config ``team``)."""
        return self.config.team.policy()

    def template(self) -> Template:
        """The team's template (config ``checklist``, relative to the config file), or the default.

        Raises:
            BadInputError: the template file is missing or invalid (one line, file and line).
        """
        if self._template_cache is not None:
            return self._template_cache
        path: Path | None = None
        if self.config.checklist:
            path = Path(self.config.checklist).expanduser()
            if not path.is_absolute() and self.config.path is not None:
                path = self.config.path.parent / path
        try:
            template = load_template(path, i18n.language())
        except ChecklistError as exc:
            raise BadInputError(str(exc)) from exc
        self._template_cache = template
        return template

    def _limits(self) -> Any:
        try:
            return self.drafts.platform_limits()
        except BadInputError:
            return DEFAULT_LIMITS

    def trending_tags(self) -> list[TrendingTag]:
        """Tags of the sensitive trending events, re-read only when the events change.

        From the ranking stored at ingest (its sensitive rows), not from every event.
        """
        stamp = self.store.events.stamp()
        cached = self._trending_cache
        if cached is not None and cached[0] == stamp:
            return cached[1]
        if self.store.events.ranking(1):
            sensitive = self.store.events.sensitive()
        else:  # no ranking stored yet: the trending service ranks what there is first
            sensitive = self.trending.sensitive_events()
        tags = trending_tags(sensitive)
        self._trending_cache = (stamp, tags)
        return tags

    def link_results(self, urls: Sequence[str]) -> list[LinkResult]:
        """The last stored check of each of ``urls`` (unchecked ones are left out)."""
        stored: dict[str, dict[str, Any]] = self.store.state.get(LINKS_KEY, {}) or {}
        results: list[LinkResult] = []
        for url in urls:
            row = stored.get(url)
            if row is not None:
                results.append(
                    LinkResult(url, bool(row["ok"]), row.get("status"), row.get("error", ""))
                )
        return results

    def safety_report(self, draft: Draft) -> SafetyReport:
        """Run every automated check on ``draft`` (its event, trending tags, solemn day)."""
        event = None
        valid = checklist_actions.valid_overrides(draft, self.policy())
        if len(valid) != len(draft.overrides):
            # An override the policy does not accept (the author's own) waves nothing through.
            draft = msgspec.structs.replace(draft, overrides=valid)
        if draft.origin is not None and draft.origin.kind == "event":
            event = self.story_event(draft.origin.ref)
        setting = draft_setting(
            draft,
            event=event,
            solemn_day=self.calendar.solemn_day(draft),
            day=self.now().date(),
            policy=policy_for(self.config),
        )
        return check_draft(
            draft,
            lexicon=lexicon_for(self.config),
            setting=setting,
            trending=self.trending_tags(),
            links=self.link_results(draft_urls(draft)),
            limits=self._limits(),
            off_limits=self.config.brand.off_limits,
        )

    def story_event(self, event_id: str) -> Event | None:
        """The stored event ``event_id`` standing for its whole story, for the checks.

        The other copies' titles and summaries join its summary (so the scan reads them), and
        its sensitivity is the worst of every copy: a draft from an unflagged copy of a
        flagged story checks as flagged. ``None`` when the event is no longer stored.
        """
        copies = self.trending.story_events(event_id)
        if not copies:
            return None
        event, others = copies[0], copies[1:]
        if not others:
            return event
        return msgspec.structs.replace(
            event,
            summary=story_context_text(event, others),
            sensitivity=worst_sensitivity(e.sensitivity for e in copies),
        )

    def state(self, draft: Draft) -> ChecklistState:
        """The checklist of ``draft`` as it is: items, findings, summary, gate."""
        return core_checklist.evaluate(
            draft, self.template(), self.safety_report(draft), policy=self.policy()
        )

    def check(self, draft_id: int) -> ChecklistState:
        """The checklist of a stored draft.

        Raises:
            BadInputError: unknown draft, or an invalid checklist template.
        """
        return self.state(self.drafts.get(draft_id))

    def check_text(
        self,
        text: str,
        *,
        platforms: Sequence[str] = (),
        event: str = "",
        on: date | None = None,
        moment: str = "",
    ) -> SafetyReport:
        """Lint a text before posting (``rtc check``): the same checks as the gate.

        Args:
            text: The post.
            platforms: Platforms to measure it for (default: the config's default platforms).
            event: An event headline (and summary) it reacts to.
            on: The day it goes out (solemn days, recently deceased); default today.
            moment: A calendar moment it is for (its tone and tags count).

        Raises:
            BadInputError: an unknown platform or moment.
        """
        try:
            chosen = [platform_name(p) for p in platforms or self.config.platforms.default]
        except ValueError as exc:
            raise BadInputError(str(exc)) from exc
        day = on or self.now().date()
        moment_context: MomentContext | None = None
        solemn = self.calendar.solemn_day(None, day) if on is not None else ""
        if moment.strip():
            occurrence = self.calendar.find_occurrence(moment, day)
            found = occurrence.moment
            moment_context = MomentContext(found.name, found.tone.value, tuple(found.tags))
            if found.tone.value == "solemn" and found.name not in solemn:
                solemn = "; ".join(n for n in (solemn, found.name) if n)
        setting = policy_for(self.config).setting(
            event=EventContext(event) if event.strip() else None,
            solemn_day=solemn,
            moment=moment_context,
            day=day,
        )
        return check_texts(
            {p: text for p in dict.fromkeys(chosen)},
            lexicon=lexicon_for(self.config),
            setting=setting,
            trending=self.trending_tags(),
            limits=self._limits(),
            off_limits=self.config.brand.off_limits,
        )

    def gate_refusal(self, draft: Draft, action: str = "export") -> str:
        """The message that refuses ``action`` on ``draft``, or ``""`` when the gate passes."""
        gate = self.state(draft).gate
        if gate.passed:
            return ""
        count = len(gate.missing)
        word = GATED_ACTIONS.get(action)
        lines = [
            ngettext(
                "{action} refused: draft {id} has {count} thing missing:",
                "{action} refused: draft {id} has {count} things missing:",
                count,
            ).format(
                action=action if word is None else pgettext("gate", word), id=draft.id, count=count
            )
        ]
        lines += [f"  - {line}" for line in gate.lines()]
        return "\n".join(lines)

    def require_gate(self, draft: Draft, action: str) -> None:
        """Refuse ``action`` unless the gate of ``draft`` passes.

        Raises:
            RefusedError: the gate is shut (the message lists what is missing).
        """
        refusal = self.gate_refusal(draft, action)
        if refusal:
            raise RefusedError(refusal)

    # -- ticks, overrides, review ------------------------------------------------------------

    def tick(self, draft_id: int, item_id: str) -> ChecklistState:
        """Tick an item (on the current content hash), or untick it if it is ticked.

        A stale tick is given again. Raises :class:`RefusedError` for an auto item, or the
        second pair of eyes ticked by someone the team's policy does not allow (the author
        outside a solo desk, a non-approver where roles are set).
        """
        return self.set_ticks(draft_id, toggle=[item_id])

    def set_ticks(
        self,
        draft_id: int,
        *,
        tick: Sequence[str] = (),
        untick: Sequence[str] = (),
        toggle: Sequence[str] = (),
    ) -> ChecklistState:
        """Tick ``tick`` and untick ``untick`` in one locked write, all or nothing (audited).

        Ticking an item already ticked on the current hash keeps it; a stale one is given
        again; ``toggle`` ticks what is not ticked on the current hash and unticks the rest.
        ``rtc checklist --tick/--untick`` and the Checklist pane both come here.

        Raises:
            BadInputError: unknown draft.
            RefusedError: an unknown or computed item, or the second pair of eyes refused by
                the team's policy (nothing is written).
        """
        template = self.template()
        now = self.now()
        user = self.user
        policy = self.policy()
        done: list[tuple[str, str, bool]] = []

        def change(draft: Draft) -> None:
            done.clear()
            current = content_hash(draft)
            flip = [i for i in toggle if (t := draft.ticks.get(i)) and t.content_hash == current]
            try:
                for item_id in [*untick, *flip]:
                    if checklist_actions.untick(draft, template, item_id):
                        done.append(("untick", item_id, False))
                for item_id in [*tick, *(i for i in toggle if i not in flip)]:
                    given = draft.ticks.get(item_id)
                    if given is not None and given.content_hash == content_hash(draft):
                        continue
                    made = checklist_actions.tick(
                        draft, template, item_id, user=user, at=now, policy=policy
                    )
                    done.append(("tick", item_id, made.self_review))
            except ChecklistError as exc:
                raise RefusedError(str(exc)) from exc

        draft = self.drafts.update(draft_id, change)
        hashed = content_hash(draft)
        for action, item_id, self_review in done:
            details: dict[str, Any] = {"item": item_id, "content_hash": hashed}
            if self_review:
                details["self_review"] = True
            self.store.state.audit(action, user, draft=draft_id, **details)
            if action == "tick" and template.get(item_id).role == "not_author":
                self.reviews.resolve(draft_id, "review_given")
        return self.state(draft)

    def override(self, draft_id: int, finding_key: str, reason: str) -> ChecklistState:
        """Wave a blocking finding through with a written reason (recorded and audited).

        Raises:
            RefusedError: no such blocking finding, it cannot be overridden, the reason is
                too short, or the team's policy does not let this user override this draft
                (the author outside a solo desk, a non-approver where roles are set).
        """
        now = self.now()
        user = self.user
        policy = self.policy()

        def change(draft: Draft) -> None:
            report = self.safety_report(draft)
            try:
                checklist_actions.override(
                    draft, report, finding_key, user=user, at=now, reason=reason, policy=policy
                )
            except ChecklistError as exc:
                raise RefusedError(str(exc)) from exc

        draft = self.drafts.update(draft_id, change)
        recorded = next(o for o in draft.overrides if o.finding == finding_key)
        self.store.state.audit(
            "override",
            user,
            draft=draft_id,
            finding=finding_key,
            reason=recorded.reason,
            content_hash=recorded.content_hash,
            **({"self_review": True} if recorded.self_review else {}),
        )
        return self.state(draft)

    def approve(self, draft_id: int) -> Draft:
        """Approve a draft whose gate passes (status ``approved``, audited).

        Raises:
            RefusedError: the gate is shut (the message lists what is missing).
        """
        self.require_gate(self.drafts.get(draft_id), "approve")
        if self.drafts.get(draft_id).status is DraftStatus.DRAFT:
            self.drafts.set_status(draft_id, DraftStatus.IN_REVIEW)
        draft = self.drafts.set_status(draft_id, DraftStatus.APPROVED, gated=True)
        self.reviews.approved(draft_id, draft.title)
        return draft

    def send_back(self, draft_id: int, note: str) -> Draft:
        """A reviewer sends a draft back to drafting with a note (never exported).

        Raises:
            BadInputError: an empty note.
            RefusedError: the draft is not in review or approved.
        """
        note = note.strip()
        if not note:
            raise BadInputError(_("a send-back needs a note for the author"))
        now = self.now()
        user = self.user

        def change(draft: Draft) -> None:
            if draft.status not in (DraftStatus.IN_REVIEW, DraftStatus.APPROVED):
                raise RefusedError(
                    _(
                        "draft {id} is {status}: only a draft in review "
                        "or approved can be sent back"
                    ).format(id=draft.id, status=draft.status.value)
                )
            draft.review_notes.append({"by": user, "at": to_iso(now) or "", "note": note})
            draft.status = DraftStatus.DRAFT
            draft.updated_at = now

        draft = self.drafts.update(draft_id, change)
        self.store.state.audit("send_back", user, draft=draft_id, status=DraftStatus.DRAFT.value)
        self.reviews.resolve(draft_id, "sent_back")
        return draft

    # -- links ------------------------------------------------------------------------------

    async def check_links(
        self, draft_id: int, *, client: httpx.AsyncClient | None = None
    ) -> list[LinkResult]:
        """Check every URL of the draft (HEAD, then GET), concurrently; store the results."""
        urls = draft_urls(self.drafts.get(draft_id))
        if not urls:
            return []
        from rtc_tui.desk import delivery

        results = await delivery.check_urls(urls, client=client)
        now = to_iso(self.now())

        def merge(old: dict[str, Any] | None) -> dict[str, Any]:
            stored = dict(old or {})
            for r in results:
                stored[r.url] = {"ok": r.ok, "status": r.status, "error": r.error, "at": now}
            return stored

        self.store.state.update(LINKS_KEY, merge, default={})
        return results

    async def check_urls(
        self, urls: Sequence[str], *, client: httpx.AsyncClient | None = None
    ) -> list[LinkResult]:
        """Check ``urls`` concurrently: HEAD, then GET when HEAD fails; a short timeout each."""
        from rtc_tui.desk import delivery

        return await delivery.check_urls(urls, client=client)
