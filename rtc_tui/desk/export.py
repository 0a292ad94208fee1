"""Export actions: the export gate, rendering, writing files and posting to the webhook.

The gate is evaluated, the content rendered and written, and the export recorded in one locked
transaction (the webhook is posted first and recorded only once it answered), so nobody's edit
can slip in between. Exports land in the append-only audit log. The webhook URL and token come
from the config or the environment and never appear in a message.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rtc_tui.config import Config
from rtc_tui.core.export import render as core_export
from rtc_tui.core.export.render import ExportError, Rendered
from rtc_tui.core.models import Draft, DraftStatus, ExportRecord, content_hash
from rtc_tui.desk import delivery
from rtc_tui.desk.base import Clock
from rtc_tui.desk.checklist import ChecklistService
from rtc_tui.desk.drafts import DraftsService
from rtc_tui.desk.errors import BadInputError
from rtc_tui.i18n import _
from rtc_tui.notify import Notifier
from rtc_tui.store import Store

if TYPE_CHECKING:
    import httpx


@dataclass(frozen=True)
class ExportResult:
    """What one export did."""

    draft: Draft
    """The draft as recorded after the export (status exported, export appended)."""
    rendered: Rendered
    target: str
    """Where it went: a file path, ``stdout``, ``clipboard`` or ``webhook``."""
    targets: tuple[str, ...] = ()
    """Every file written, when one export wrote several (a bulk CSV per platform variant);
    ``target`` is the first of them."""


@dataclass(eq=False)
class ExportService:
    """The exports behind ``rtc export`` and the export screen.

    The gate and the checklist come from the checklist service; drafts are read and written
    (locked) through the drafts service.
    """

    config: Config
    store: Store
    user: str
    now: Clock
    drafts: DraftsService
    checklist: ChecklistService
    notifier: Notifier

    def directory(self) -> Path:
        """Where exported files go: config ``export.dir``, else ``<data dir>/exports``."""
        if self.config.export.dir:
            return Path(self.config.export.dir).expanduser()
        return self.store.data_dir / "exports"

    def timezone(self) -> tzinfo:
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
            raise BadInputError(
                _("config: export.timezone: unknown time zone {name}").format(name=repr(name))
            ) from exc

    def _render(self, draft: Draft, fmt: str, platform: str) -> Rendered:
        try:
            return core_export.render(
                fmt,
                draft,
                self.checklist.state(draft),
                platform=platform,
                exported_by=self.user,
                now=self.now(),
                tz=self.timezone(),
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
                :meth:`webhook`).
            RefusedError: the gate is shut (listing what is missing), or ``out`` exists.
        """
        if fmt == "webhook":
            raise BadInputError(_("the webhook export is async: use webhook"))
        if fmt not in core_export.FORMATS:
            raise BadInputError(
                _("unknown export format {format}: expected one of {known}").format(
                    format=repr(fmt), known=", ".join(core_export.FORMATS)
                )
            )
        holder: dict[str, Any] = {}

        def change(draft: Draft) -> None:
            self.checklist.require_gate(draft, "export")
            variants = self._variants(draft, fmt, platform, out)
            written: list[tuple[Rendered, str]] = []
            for variant in variants:
                rendered = self._render(draft, fmt, variant)
                written.append((rendered, self._write(rendered, out)))
            for _rendered, target in written:
                self._record(draft, fmt, target)
            holder["written"] = written

        draft = self.drafts.update(draft_id, change)
        written: list[tuple[Rendered, str]] = holder["written"]
        result = ExportResult(
            draft, written[0][0], written[0][1], tuple(target for _r, target in written)
        )
        self._audit_export(result)
        return result

    @staticmethod
    def _variants(draft: Draft, fmt: str, platform: str, out: Path | None) -> list[str]:
        """The platforms one export covers: a bulk CSV makes one file per platform variant.

        Buffer and Hootsuite upload a CSV into one channel or profile: one file holding every
        variant would post them all to the same channel.

        Raises:
            BadInputError: several CSV files asked for one ``--out`` file or standard output.
        """
        if not fmt.startswith("csv-") or platform or len(draft.platforms) <= 1:
            return [platform]
        if out is not None and (str(out) == "-" or not out.is_dir()):
            raise BadInputError(
                _(
                    "{format} writes one file per platform ({platforms}): "
                    "choose one with --platform, or give --out a folder"
                ).format(format=fmt, platforms=", ".join(draft.platforms))
            )
        return list(draft.platforms)

    async def webhook(
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
        draft = self.drafts.get(draft_id)
        self.checklist.require_gate(draft, "export")
        rendered = self._render(draft, "webhook", platform)
        posted_hash = content_hash(draft)
        await delivery.post_webhook(url, rendered.content, draft_id=draft_id, client=client)

        def change(fresh: Draft) -> None:
            self._record(fresh, "webhook", "webhook", posted_hash)

        recorded = self.drafts.update(draft_id, change)
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
                _("no webhook configured: set export.webhook_url in the config or ${name}").format(
                    name=env_name
                )
            )
        if not url.startswith(("http://", "https://")):
            raise BadInputError(_("the webhook URL must start with http:// or https://"))
        try:
            parts = urlsplit(url)
            host = parts.hostname or ""
            parts.port  # noqa: B018 - reading a bad port raises ValueError
        except ValueError:
            host = ""
        if not host:
            # Never the URL itself in the message: it often carries a secret token.
            raise BadInputError(
                _("the webhook URL (export.webhook_url or ${name}) is not a valid address").format(
                    name=env_name
                )
            )
        return url

    def _write(self, rendered: Rendered, out: Path | None) -> str:
        if rendered.format == "clipboard":
            return "clipboard"
        if out is not None and str(out) == "-":
            return "stdout"
        return delivery.write_export(rendered, self.directory(), out, self.store.modes)

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
        """Record the export in the audit log and tell the team's webhooks (never waiting).

        One export may have written several files (a CSV per platform): each is audited, the
        team is told once.
        """
        record = result.draft.exports[-1]
        draft = result.draft
        self.notifier.tell(
            "export",
            f"{draft.title or _('Draft {id}').format(id=draft.id)} ({record.format})",
            draft_id=draft.id,
        )
        for written in draft.exports[-max(1, len(result.targets)) :]:
            self.store.state.audit(
                "export",
                self.user,
                draft=draft.id,
                format=written.format,
                content_hash=written.content_hash,
                target=written.target,
            )
