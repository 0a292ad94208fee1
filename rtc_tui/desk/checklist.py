"""Checklist actions: safety checks, ticks, overrides, review, the export gate and exports.

Every action re-reads the draft under the store's lock, so two editors ticking or exporting at
once never lose each other's work, and the gate is evaluated on the draft exactly as it is
written. Overrides, approvals, send-backs and exports land in the append-only audit log.

Network work (link checks, the webhook) is async over httpx and never runs in the UI thread:
the TUI calls these methods from workers, the CLI through ``asyncio.run``. The webhook URL and
token come from the config or the environment and never appear in a message.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import httpx

from rtc_tui.core import checklist as core_checklist
from rtc_tui.core import export as core_export
from rtc_tui.core.checklist import ChecklistError, ChecklistState, Template
from rtc_tui.core.export import ExportError, Rendered
from rtc_tui.core.models import (
    Draft,
    DraftStatus,
    ExportRecord,
    content_hash,
    from_iso,
    to_iso,
)
from rtc_tui.core.platforms import DEFAULT_LIMITS, platform_name
from rtc_tui.core.safety import (
    EventContext,
    LinkResult,
    SafetyReport,
    TrendingTag,
    check_draft,
    check_texts,
    draft_urls,
    trending_tags,
)
from rtc_tui.desk import delivery
from rtc_tui.desk.base import DeskBase
from rtc_tui.desk.errors import BadInputError, RefusedError
from rtc_tui.store import DraftNotFoundError

if TYPE_CHECKING:
    from rtc_tui.desk.calendar import CalendarDesk

LINKS_KEY = "links"
"""State record of the last link check per URL: ``{url: {ok, status, error, at}}``."""


@dataclass(frozen=True)
class ExportResult:
    """What one export did."""

    draft: Draft
    """The draft as recorded after the export (status exported, export appended)."""
    rendered: Rendered
    target: str
    """Where it went: a file path, ``stdout``, ``clipboard`` or ``webhook``."""


class ChecklistDesk(DeskBase):
    """Everything the Checklist pane, ``rtc check`` and ``rtc export`` do."""

    _template_cache: Template | None = None
    _trending_cache: tuple[tuple[int, int], list[TrendingTag]] | None = None

    @property
    def _desk(self) -> CalendarDesk:
        # The desk is composed of mixins (see rtc_tui.desk.Desk); the checklist uses the
        # drafts' limits and workflow and the calendar's solemn days.
        return cast("CalendarDesk", self)

    # -- template and checks ------------------------------------------------------------

    def team_mode(self) -> bool:
        """Whether the second pair of eyes applies (config ``team.mode``)."""
        return self.config.team.mode

    def checklist_template(self) -> Template:
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
            template = core_checklist.load_template(path)
        except ChecklistError as exc:
            raise BadInputError(str(exc)) from exc
        self._template_cache = template
        return template

    def _limits(self) -> Any:
        try:
            return self._desk.platform_limits()
        except (AttributeError, BadInputError):
            return DEFAULT_LIMITS

    def _solemn_day(self, draft: Draft) -> str:
        try:
            return self._desk.solemn_day(draft)
        except AttributeError:
            return ""

    def trending(self) -> list[TrendingTag]:
        """Tags of the sensitive trending events, re-read only when the events change."""
        stamp = self.store.events.stamp()
        cached = self._trending_cache
        if cached is not None and cached[0] == stamp:
            return cached[1]
        tags = trending_tags(self.store.events.all())
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
        if draft.origin is not None and draft.origin.kind == "event":
            event = self.store.events.get(draft.origin.ref)
        return check_draft(
            draft,
            event=event,
            trending=self.trending(),
            solemn_day=self._solemn_day(draft),
            links=self.link_results(draft_urls(draft)),
            limits=self._limits(),
            off_limits=self.config.brand.off_limits,
        )

    def checklist_state(self, draft: Draft) -> ChecklistState:
        """The checklist of ``draft`` as it is: items, findings, summary, gate."""
        return core_checklist.evaluate(
            draft, self.checklist_template(), self.safety_report(draft), team_mode=self.team_mode()
        )

    def check(self, draft_id: int) -> ChecklistState:
        """The checklist of a stored draft.

        Raises:
            BadInputError: unknown draft, or an invalid checklist template.
        """
        return self.checklist_state(self._get(draft_id))

    def check_text(
        self, text: str, *, platforms: Sequence[str] = (), event: str = ""
    ) -> SafetyReport:
        """Lint a text before posting (``rtc check``): lexicon, event, commercial, fit.

        Args:
            text: The post.
            platforms: Platforms to measure it for (default: the config's default platforms).
            event: An event headline (and summary) it reacts to.

        Raises:
            BadInputError: an unknown platform.
        """
        try:
            chosen = [platform_name(p) for p in platforms or self.config.platforms.default]
        except ValueError as exc:
            raise BadInputError(str(exc)) from exc
        return check_texts(
            {p: text for p in dict.fromkeys(chosen)},
            event=EventContext(event) if event.strip() else None,
            trending=self.trending(),
            limits=self._limits(),
            off_limits=self.config.brand.off_limits,
        )

    # -- ticks, overrides, review ------------------------------------------------------------

    def tick(self, draft_id: int, item_id: str) -> ChecklistState:
        """Tick an item (on the current content hash), or untick it if it is ticked.

        A stale tick is given again. Raises :class:`RefusedError` for an auto item, a
        team-only item outside team mode, or the second pair of eyes ticked by the author.
        """
        template = self.checklist_template()
        now = self.now()
        user = self.user
        team = self.team_mode()

        def change(draft: Draft) -> None:
            try:
                core_checklist.toggle(draft, template, item_id, user=user, at=now, team_mode=team)
            except ChecklistError as exc:
                raise RefusedError(str(exc)) from exc

        draft = self._update(draft_id, change)
        return self.checklist_state(draft)

    def override(self, draft_id: int, finding_key: str, reason: str) -> ChecklistState:
        """Wave a blocking finding through with a written reason (recorded and audited).

        Raises:
            RefusedError: no such blocking finding, it cannot be overridden, the reason is
                too short, or (team mode) the author is overriding their own draft.
        """
        now = self.now()
        user = self.user
        team = self.team_mode()

        def change(draft: Draft) -> None:
            report = self.safety_report(draft)
            try:
                core_checklist.override(
                    draft, report, finding_key, user=user, at=now, reason=reason, team_mode=team
                )
            except ChecklistError as exc:
                raise RefusedError(str(exc)) from exc

        draft = self._update(draft_id, change)
        recorded = next(o for o in draft.overrides if o.finding == finding_key)
        self.store.state.audit(
            "override",
            user,
            draft=draft_id,
            finding=finding_key,
            reason=recorded.reason,
            content_hash=recorded.content_hash,
        )
        return self.checklist_state(draft)

    def approve(self, draft_id: int) -> Draft:
        """Approve a draft whose gate passes (status ``approved``, audited).

        Raises:
            RefusedError: the gate is shut (the message lists what is missing).
        """
        self._check_gate(self._get(draft_id), "approve")
        if self._get(draft_id).status is DraftStatus.DRAFT:
            self._desk.set_status(draft_id, DraftStatus.IN_REVIEW)
        return self._desk.set_status(draft_id, DraftStatus.APPROVED, gated=True)

    def send_back(self, draft_id: int, note: str) -> Draft:
        """A reviewer sends a draft back to drafting with a note (never exported).

        Raises:
            BadInputError: an empty note.
            RefusedError: the draft is not in review or approved.
        """
        note = note.strip()
        if not note:
            raise BadInputError("a send-back needs a note for the author")
        now = self.now()
        user = self.user

        def change(draft: Draft) -> None:
            if draft.status not in (DraftStatus.IN_REVIEW, DraftStatus.APPROVED):
                raise RefusedError(
                    f"draft {draft.id} is {draft.status.value}: only a draft in review "
                    "or approved can be sent back"
                )
            draft.review_notes.append({"by": user, "at": to_iso(now) or "", "note": note})
            draft.status = DraftStatus.DRAFT
            draft.updated_at = now

        draft = self._update(draft_id, change)
        self.store.state.audit("send_back", user, draft=draft_id, status=DraftStatus.DRAFT.value)
        return draft

    # -- links ------------------------------------------------------------------------------

    async def check_links(
        self, draft_id: int, *, client: httpx.AsyncClient | None = None
    ) -> list[LinkResult]:
        """Check every URL of the draft (HEAD, then GET), concurrently; store the results."""
        urls = draft_urls(self._get(draft_id))
        if not urls:
            return []
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
        return await delivery.check_urls(urls, client=client)

    # -- the gate and exports -------------------------------------------------------------------

    def exports_dir(self) -> Path:
        """Where exported files go: config ``export.dir``, else ``<data dir>/exports``."""
        if self.config.export.dir:
            return Path(self.config.export.dir).expanduser()
        return self.data_dir / "exports"

    def export_timezone(self) -> tzinfo:
        """The time zone of times in exports (config ``export.timezone``, else local time).

        Raises:
            BadInputError: an unknown time zone name.
        """
        name = self.config.export.timezone
        if not name:
            local = datetime.now().astimezone().tzinfo
            return local if local is not None else UTC
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise BadInputError(f"config: export.timezone: unknown time zone {name!r}") from exc

    def gate_refusal(self, draft: Draft, action: str = "export") -> str:
        """The message that refuses ``action`` on ``draft``, or ``""`` when the gate passes."""
        gate = self.checklist_state(draft).gate
        if gate.passed:
            return ""
        lines = [f"{action} refused: draft {draft.id} has {len(gate.missing)} thing(s) missing:"]
        lines += [f"  - {line}" for line in gate.lines()]
        return "\n".join(lines)

    def _check_gate(self, draft: Draft, action: str) -> None:
        refusal = self.gate_refusal(draft, action)
        if refusal:
            raise RefusedError(refusal)

    def _render(self, draft: Draft, fmt: str, platform: str) -> Rendered:
        try:
            return core_export.render(
                fmt,
                draft,
                self.checklist_state(draft),
                platform=platform,
                exported_by=self.user,
                now=self.now(),
                tz=self.export_timezone(),
            )
        except ExportError as exc:
            raise BadInputError(str(exc)) from exc

    def export(
        self, draft_id: int, fmt: str, *, out: Path | None = None, platform: str = ""
    ) -> ExportResult:
        """Export a draft whose gate passes: write the file (or return the clipboard text).

        The gate is evaluated, the content rendered and written, and the export recorded in
        one locked transaction, so nobody's edit can slip in between. ``out`` is a file, a
        folder (a safe name is chosen inside), or ``-`` (the caller prints the content); an
        existing file is never overwritten. The draft's status becomes ``exported``.

        Raises:
            BadInputError: unknown draft, format or platform; ``webhook`` (use
                :meth:`export_webhook`).
            RefusedError: the gate is shut (listing what is missing), or ``out`` exists.
        """
        if fmt == "webhook":
            raise BadInputError("the webhook export is async: use export_webhook")
        if fmt not in core_export.FORMATS:
            raise BadInputError(
                f"unknown export format {fmt!r}: expected one of {', '.join(core_export.FORMATS)}"
            )
        holder: dict[str, Any] = {}

        def change(draft: Draft) -> None:
            self._check_gate(draft, "export")
            rendered = self._render(draft, fmt, platform)
            target = self._write(rendered, out)
            holder["rendered"], holder["target"] = rendered, target
            self._record(draft, fmt, target)

        draft = self._update(draft_id, change)
        result = ExportResult(draft, holder["rendered"], holder["target"])
        self._audit_export(result)
        return result

    async def export_webhook(
        self,
        draft_id: int,
        *,
        platform: str = "",
        client: httpx.AsyncClient | None = None,
    ) -> ExportResult:
        """POST the draft's Slack-compatible ``{"text": ...}`` to the configured webhook.

        The draft is marked exported only after the webhook answered 2xx; a failure is a
        clear error that never shows the URL or token.

        Raises:
            BadInputError: no webhook configured; unknown draft or platform.
            RefusedError: the gate is shut, or the webhook failed.
        """
        url = self.webhook_url()
        draft = self._get(draft_id)
        self._check_gate(draft, "export")
        rendered = self._render(draft, "webhook", platform)
        posted_hash = content_hash(draft)
        await delivery.post_webhook(url, rendered.content, draft_id=draft_id, client=client)

        def change(fresh: Draft) -> None:
            self._record(fresh, "webhook", "webhook", posted_hash)

        recorded = self._update(draft_id, change)
        result = ExportResult(recorded, rendered, "webhook")
        self._audit_export(result)
        return result

    def webhook_url(self) -> str:
        """The webhook URL: config ``export.webhook_url``, else the environment variable.

        Raises:
            BadInputError: none is configured.
        """
        env_name = self.config.export.webhook_url_env or "RTC_WEBHOOK_URL"
        url = self.config.export.webhook_url or os.environ.get(env_name, "")
        if not url:
            raise BadInputError(
                f"no webhook configured: set export.webhook_url in the config or ${env_name}"
            )
        if not url.startswith(("http://", "https://")):
            raise BadInputError("the webhook URL must start with http:// or https://")
        return url

    def _write(self, rendered: Rendered, out: Path | None) -> str:
        if rendered.format == "clipboard":
            return "clipboard"
        if out is not None and str(out) == "-":
            return "stdout"
        return delivery.write_export(rendered, self.exports_dir(), out)

    def _record(self, draft: Draft, fmt: str, target: str, posted_hash: str = "") -> None:
        now = self.now()
        first_seen = draft.origin.first_seen if draft.origin is not None else None
        elapsed = (now - first_seen).total_seconds() if first_seen is not None else None
        draft.exports.append(
            ExportRecord(
                by=self.user,
                at=now,
                format=fmt,
                content_hash=posted_hash or content_hash(draft),
                target=target,
                seconds_since_first_seen=elapsed,
            )
        )
        draft.status = DraftStatus.EXPORTED
        draft.updated_at = now

    def _audit_export(self, result: ExportResult) -> None:
        record = result.draft.exports[-1]
        self.store.state.audit(
            "export",
            self.user,
            draft=result.draft.id,
            format=record.format,
            content_hash=record.content_hash,
            target=record.target,
        )

    def last_link_check(self, url: str) -> datetime | None:
        """When ``url`` was last checked, if ever."""
        stored: dict[str, dict[str, Any]] = self.store.state.get(LINKS_KEY, {}) or {}
        row = stored.get(url)
        return from_iso(row.get("at")) if row else None

    def _get(self, draft_id: int) -> Draft:
        try:
            return self.store.drafts.get(draft_id)
        except DraftNotFoundError as exc:
            raise BadInputError(str(exc)) from exc

    def _update(self, draft_id: int, change: Any) -> Draft:
        try:
            return self.store.drafts.update(draft_id, change)
        except DraftNotFoundError as exc:
            raise BadInputError(str(exc)) from exc
