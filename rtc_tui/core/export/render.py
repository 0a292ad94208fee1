"""Export renderers: a Markdown brief, a JSON record, plain text, bulk-upload CSVs, a webhook body.

Everything here turns a draft (and its checklist state) into text; writing files, posting the
webhook and recording the export are the desk's job. Review notes are internal and never part
of any export. File names come from :func:`safe_filename`: the id, platform and format only.
CSV cells that a spreadsheet would run as a formula are neutralised (:func:`neutralise_cell`).

Formats:

- ``md``: a brief with the text per platform, the origin, the checklist record (names and
  times) and any override with its reason.
- ``json``: the full record (the draft without review notes, plus the checklist state).
- ``txt``: one platform's text, exactly as it would be posted.
- ``csv-buffer``: Buffer's bulk upload, header ``Text,Image URL,Tags,Posting Time``, time as
  ``YYYY-MM-DD HH:mm``; one file per platform variant (``draft-12-x-buffer.csv``): Buffer
  and Hootsuite upload a CSV into one channel or profile, so a row per platform in one file
  would post every variant to the same channel.
- ``csv-hootsuite``: Hootsuite's bulk composer, no header, columns date-time
  ``MM/DD/YYYY HH:mm``, message, optional URL; one file per platform variant.
- ``webhook``: a Slack-compatible ``{"text": ...}`` body.
- ``clipboard``: like ``txt``, for the terminal clipboard (OSC 52).

A solo desk's self-review (:data:`rtc_tui.core.team.SELF_REVIEW_NOTE`) is said wherever a format
has room for more than the post: the brief's checklist, the JSON record, Buffer's ``Tags``
column (Buffer's internal labels, never published) and the webhook's message. ``txt``, the
clipboard and Hootsuite's fixed columns are the post itself and stay exactly that; the export
record and the audit log say it for them.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

import regex

from rtc_tui.core.drafting.platforms import PLATFORM_LABELS
from rtc_tui.core.export.formats import FILE_FORMATS as FILE_FORMATS
from rtc_tui.core.export.formats import FORMATS as FORMATS
from rtc_tui.core.models import Draft, content_hash, to_iso
from rtc_tui.core.safety.checklist import ChecklistState
from rtc_tui.core.team import SELF_REVIEW_NOTE
from rtc_tui.i18n import N_, _
from rtc_tui.words import DRAFT_WORDS

BUFFER_HEADER = ("Text", "Image URL", "Tags", "Posting Time")
"""The header row Buffer's bulk upload expects."""

_SLUG_DROP = regex.compile(r"[^a-z0-9]+")


class ExportError(ValueError):
    """An export cannot be rendered as asked (unknown format, platform not chosen...)."""


@dataclass(frozen=True)
class Rendered:
    """A rendered export: its content and, for file formats, a safe file name."""

    format: str
    content: str
    filename: str = ""
    platform: str = ""


def _label(platform: str) -> str:
    return PLATFORM_LABELS.get(platform, platform or "Text")


def _local(moment: datetime, tz: tzinfo) -> datetime:
    return moment.astimezone(tz)


def slugify(text: str, *, limit: int = 40) -> str:
    """A file-name-safe slug: ASCII letters, digits and hyphens only (``""`` if none)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _SLUG_DROP.sub("-", ascii_text.casefold()).strip("-")
    return str(slug[:limit]).rstrip("-")


def safe_filename(draft: Draft, fmt: str, platform: str = "") -> str:
    """The export file name for ``draft``: ``draft-12[-x].md``, ``draft-12-x-buffer.csv``.

    Built only from the id, the platform and the format, never the title: a file name shows
    in a shared folder's listing, and an unreleased post's title must not.

    Raises:
        ExportError: ``fmt`` is not a file format.
    """
    if fmt not in FILE_FORMATS:
        raise ExportError(f"{fmt!r} is not written to a file")
    parts = [f"draft-{int(draft.id)}"]
    if platform:
        parts.append(slugify(platform) or "platform")
    if fmt.startswith("csv-"):
        parts.append(fmt.removeprefix("csv-"))
    return "-".join(parts) + "." + FILE_FORMATS[fmt]


def numbered(filename: str, n: int) -> str:
    """``name.md`` -> ``name-2.md``: the n-th alternative when a file already exists."""
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        return f"{filename}-{n}"
    return f"{stem}-{n}.{ext}"


def pick_platform(draft: Draft, platform: str = "") -> str:
    """The platform whose text to export alone (``txt``, clipboard): asked, else the first.

    Raises:
        ExportError: ``platform`` is not one of the draft's chosen platforms.
    """
    if platform:
        if draft.platforms and platform not in draft.platforms:
            raise ExportError(
                f"{platform!r} is not a chosen platform of draft {draft.id} "
                f"({', '.join(draft.platforms)})"
            )
        return platform
    return draft.platforms[0] if draft.platforms else ""


def texts(draft: Draft) -> list[tuple[str, str]]:
    """``(platform, text)`` for each chosen platform (or ``("", base text)`` when none)."""
    if not draft.platforms:
        return [("", draft.text)]
    return [(p, draft.text_for(p)) for p in draft.platforms]


def render_txt(draft: Draft, platform: str = "") -> str:
    """One platform's text, exactly as it would be posted (newline-terminated)."""
    chosen = pick_platform(draft, platform)
    text = draft.text_for(chosen) if chosen else draft.text
    return text if text.endswith("\n") else text + "\n"


_LEVEL_WORDS = {"warn": N_("warn"), "block": N_("block")}


def _field(label: str, value: str) -> str:
    return f"- {label}: {value}"


def _draft_title(draft: Draft) -> str:
    return draft.title or _("Draft {id}").format(id=draft.id)


def _origin_lines(draft: Draft, tz: tzinfo) -> list[str]:
    origin = draft.origin
    if origin is None:
        return [_field(_("Origin"), _("none"))]
    kind = _("Event") if origin.kind == "event" else _("Moment")
    lines = [_field(_("Origin"), f"{kind} “{origin.title}”")]
    if origin.first_seen is not None:
        lines.append(_field(_("First seen"), f"{_local(origin.first_seen, tz):%Y-%m-%d %H:%M %Z}"))
    if origin.date:
        lines.append(_field(_("Date"), origin.date))
    if origin.sensitivity.level.value != "none":
        sens = origin.sensitivity
        level = _LEVEL_WORDS.get(sens.level.value)
        lines.append(
            _field(
                _("Event sensitivity"),
                f"{sens.level.value if level is None else _(level)} "
                f"({', '.join(sens.categories)}: {', '.join(sens.terms)})",
            )
        )
    return lines


def render_md(
    draft: Draft,
    state: ChecklistState | None = None,
    *,
    exported_by: str = "",
    now: datetime | None = None,
    tz: tzinfo = UTC,
) -> str:
    """The Markdown brief: texts per platform, origin, checklist record, overrides.

    Headings and labels are in the interface language (the person exporting reads and
    forwards the brief); the post's texts are exactly as written.

    Args:
        draft: The draft.
        state: Its checklist state (the record of who ticked what, when).
        exported_by: Who is exporting.
        now: The export time.
        tz: The time zone times are shown in.
    """
    out = [f"# {_draft_title(draft)}", ""]
    status = DRAFT_WORDS(draft.status.value)
    author = _("author {name}").format(name=draft.author or "-")
    out.append(_field(_("Draft"), f"#{draft.id} · {status} · {author}"))
    out.extend(_origin_lines(draft, tz))
    if draft.scheduled_at is not None:
        out.append(_field(_("Scheduled"), f"{_local(draft.scheduled_at, tz):%Y-%m-%d %H:%M %Z}"))
    out.append(_field(_("Content hash"), f"`{content_hash(draft)}`"))
    if now is not None:
        when = f"{_local(now, tz):%Y-%m-%d %H:%M %Z}"
        if exported_by:
            when = _("{when} by {who}").format(when=when, who=exported_by)
        out.append(_field(_("Exported"), when))
    out += ["", "## " + _("Texts"), ""]
    counts = state.report.platforms if state is not None else {}
    for platform, text in texts(draft):
        heading = _label(platform)
        count = counts.get(platform)
        if count is not None:
            heading += f" ({count.length}/{count.limit})"
        out += [f"### {heading}", ""]
        out += [f"> {line}" if line else ">" for line in text.splitlines() or [""]]
        out.append("")
    if state is not None:
        out += ["## " + _("Checklist"), "", f"{state.summary()}", ""]
        for item_state in state.items:
            line = f"- {item_state.marker} {item_state.item.label}"
            if item_state.detail:
                line += f" — {item_state.detail}"
            out.append(line)
        out.append("")
        overridden = state.report.overridden
        if overridden:
            out += ["## " + _("Overrides"), ""]
            for finding in overridden:
                record = finding.override
                if record is None:
                    continue
                out.append(
                    f"- {finding.label}: “{record.reason}” — {record.by}, "
                    f"{_local(record.at, tz):%Y-%m-%d %H:%M %Z}"
                )
            out.append("")
        warnings = [f for f in state.report.findings if f.severity.value == "warn"]
        if warnings:
            out += ["## " + _("Warnings"), ""]
            out += [f"- {f.label}: {f.message}" for f in warnings]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def record(
    draft: Draft,
    state: ChecklistState | None = None,
    *,
    exported_by: str = "",
    now: datetime | None = None,
) -> dict[str, Any]:
    """The full JSON record: the draft (without review notes) and its checklist state."""
    data = draft.to_dict()
    data.pop("review_notes", None)
    result: dict[str, Any] = {
        "format": "rtc-tui.export",
        "version": 1,
        "exported_at": to_iso(now),
        "exported_by": exported_by,
        "draft": data,
    }
    if state is not None:
        result["checklist"] = state.to_dict()
    return result


def render_json(
    draft: Draft,
    state: ChecklistState | None = None,
    *,
    exported_by: str = "",
    now: datetime | None = None,
) -> str:
    """:func:`record` as indented JSON (UTF-8 text, not ASCII-escaped)."""
    payload = record(draft, state, exported_by=exported_by, now=now)
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters that make a spreadsheet treat a CSV cell as a formula (OWASP)."""


def neutralise_cell(cell: str) -> str:
    """A CSV cell a spreadsheet shows as text: a leading ``'`` before a formula trigger.

    Buffer and Hootsuite exports are often opened in a spreadsheet first; a post starting with
    ``=HYPERLINK(...)`` (or ``+``, ``-``, ``@``, a tab, a carriage return) would run there, so
    it gets OWASP's recommended leading apostrophe.
    """
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


def _csv(rows: list[tuple[str, ...]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(tuple(neutralise_cell(cell) for cell in row) for row in rows)
    return buffer.getvalue()


def render_csv_buffer(draft: Draft, *, platform: str = "", tz: tzinfo = UTC, tags: str = "") -> str:
    """Buffer's bulk-upload CSV for one platform variant: the header, then its row.

    ``tags`` fills Buffer's ``Tags`` column (internal labels, never published).

    Raises:
        ExportError: ``platform`` is not one of the draft's chosen platforms.
    """
    when = f"{_local(draft.scheduled_at, tz):%Y-%m-%d %H:%M}" if draft.scheduled_at else ""
    return _csv([BUFFER_HEADER, (_variant(draft, platform), "", tags, when)])


def render_csv_hootsuite(
    draft: Draft, *, platform: str = "", tz: tzinfo = UTC, url: str = ""
) -> str:
    """Hootsuite's bulk CSV for one platform variant: no header; date-time, message, URL.

    Raises:
        ExportError: ``platform`` is not one of the draft's chosen platforms.
    """
    when = f"{_local(draft.scheduled_at, tz):%m/%d/%Y %H:%M}" if draft.scheduled_at else ""
    return _csv([(when, _variant(draft, platform), url)])


def _variant(draft: Draft, platform: str) -> str:
    chosen = pick_platform(draft, platform)
    return draft.text_for(chosen) if chosen else draft.text


def slack_escape(text: str) -> str:
    """Escape the three characters Slack's ``text`` field treats as control (``& < >``)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webhook_payload(draft: Draft, platform: str = "", *, note: str = "") -> dict[str, str]:
    """A Slack-compatible body: ``{"text": ...}``.

    With a platform (or a single chosen one) the text is that platform's post; otherwise a
    short brief with the title and each platform's text. ``note`` (a solo desk's
    self-review) follows the text in italics, on its own line.
    """
    if platform or len(draft.platforms) <= 1:
        lines = [slack_escape(render_txt(draft, platform).rstrip("\n"))]
    else:
        lines = [f"*{slack_escape(_draft_title(draft))}*"]
        for name, text in texts(draft):
            lines += ["", f"*{_label(name)}*", slack_escape(text)]
    if note:
        lines += ["", f"_{slack_escape(note)}_"]
    return {"text": "\n".join(lines)}


def render(
    fmt: str,
    draft: Draft,
    state: ChecklistState | None = None,
    *,
    platform: str = "",
    exported_by: str = "",
    now: datetime | None = None,
    tz: tzinfo = UTC,
) -> Rendered:
    """Render ``draft`` in ``fmt`` (see :data:`FORMATS`).

    Raises:
        ExportError: Unknown format, or a platform that is not chosen.
    """
    note = _(SELF_REVIEW_NOTE) if state is not None and state.self_reviewed else ""
    if fmt == "md":
        content = render_md(draft, state, exported_by=exported_by, now=now, tz=tz)
    elif fmt == "json":
        content = render_json(draft, state, exported_by=exported_by, now=now)
    elif fmt in ("txt", "clipboard"):
        platform = pick_platform(draft, platform)
        content = render_txt(draft, platform)
        if fmt == "clipboard":
            content = content.rstrip("\n")
    elif fmt == "csv-buffer":
        platform = pick_platform(draft, platform)
        content = render_csv_buffer(draft, platform=platform, tz=tz, tags=note)
    elif fmt == "csv-hootsuite":
        platform = pick_platform(draft, platform)
        content = render_csv_hootsuite(draft, platform=platform, tz=tz)
    elif fmt == "webhook":
        content = json.dumps(webhook_payload(draft, platform, note=note), ensure_ascii=False)
    else:
        raise ExportError(f"unknown export format {fmt!r}: expected one of {', '.join(FORMATS)}")
    per_platform = fmt == "txt" or fmt.startswith("csv-")
    filename = (
        safe_filename(draft, fmt, platform if per_platform else "") if fmt in FILE_FORMATS else ""
    )
    return Rendered(format=fmt, content=content, filename=filename, platform=platform)
