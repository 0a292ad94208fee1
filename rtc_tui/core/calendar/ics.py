"""Calendar files (RFC 5545) in and out, with ``icalendar``.

Export writes one all-day VEVENT per occurrence with a stable UID, the tags as CATEGORIES,
the lead time and hashtags in the DESCRIPTION, written in the interface language (and as
``X-RTC-*`` properties, so a re-import is lossless), and a reminder at the start of the lead
window. A file without those properties has its lead time and hashtags read from the
DESCRIPTION's labels, in any interface language. Import turns VEVENTs into
moments: a yearly RRULE becomes a recurring moment, a single event an explicit date. A file
that is not a calendar, or an event without a start, is an error that names the file (and
the event's line): nothing is imported from it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import icalendar

from rtc_tui.core.calendar.moments import (
    Moment,
    MomentOrigin,
    Tone,
    normalize_region,
    slugify,
    tone_label,
)
from rtc_tui.core.calendar.occurrences import Occurrence
from rtc_tui.core.calendar.rules import CalendarError, ExplicitDates, Recurrence, Rule
from rtc_tui.core.invisible import strip_invisible
from rtc_tui.core.units import size_words
from rtc_tui.i18n import N_, NC_, _, format_date, in_every_language, ngettext, pgettext

PRODID = "-//rtc-tui//Calendar of moments//EN"
"""Our PRODID; UIDs end in ``@rtc-tui``."""

MAX_ICS_BYTES = 2 * 1024 * 1024
"""Calendar files bigger than this are refused (config ``calendar.ics_max_bytes``)."""

MAX_ICS_EVENTS = 2000
"""Calendar files with more events than this are refused (config ``calendar.ics_max_events``):
every moment is expanded on each calendar view, so 20,000 would make ``rtc moments`` crawl."""

_NAME_MAX = 120
_NOTE_MAX = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class IcsError(CalendarError):
    """A calendar file that cannot be imported."""


def clean_text(text: str, limit: int) -> str:
    """Untrusted text made safe to keep: no control or escape characters, bounded length."""
    text = strip_invisible(unicodedata.normalize("NFC", text))
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n"))
    text = "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def uid_for(occurrence: Occurrence) -> str:
    """A UID that stays the same across exports: moment id and date."""
    return f"{occurrence.moment.id}-{occurrence.date.isoformat()}@rtc-tui"


LEAD_TIME = N_("Lead time")
"""The DESCRIPTION label of the lead time; the importer reads it back in every language."""

HASHTAGS = N_("Hashtags")
"""The DESCRIPTION label of the hashtags; read back in every language too."""


def describe(occurrence: Occurrence) -> str:
    """The human-readable DESCRIPTION of an exported occurrence, in the interface language.

    Why the interface language: the file is read by the people who plan with it, in the
    calendar app they use every day. Only the lead time and the hashtags are ever read back
    (and only from files without our ``X-RTC-*`` properties), and :func:`import_ics` accepts
    those two labels in every language, so a file exported in Italian imports in English too.
    """
    moment = occurrence.moment
    lines = []
    if moment.lead_days:
        start = occurrence.date - timedelta(days=moment.lead_days)
        lead = ngettext(
            "{n} day (start preparing on {date})",
            "{n} days (start preparing on {date})",
            moment.lead_days,
        ).format(n=moment.lead_days, date=format_date(start, "long"))
        lines.append(f"{_(LEAD_TIME)}: {lead}")
    if moment.hashtags:
        lines.append(f"{_(HASHTAGS)}: " + " ".join(moment.hashtags))
    lines.append(_("Tone: {tone}").format(tone=tone_label(moment.tone)))
    lines.append(_("Region: {region}").format(region=moment.region_shown))
    if occurrence.holiday:
        lines.append(_("Public holiday: {name}").format(name=occurrence.holiday))
    if moment.tone is Tone.SOLEMN:
        lines.append(_("Solemn day: no celebratory or commercial posts."))
    if moment.note:
        lines.extend(["", moment.note])
    return "\n".join(lines)


def export_ics(occurrences: Iterable[Occurrence], *, now: datetime, name: str = "") -> bytes:
    """The occurrences as an iCalendar file of all-day events.

    Args:
        occurrences: what to export (typically the next 12 months).
        now: the DTSTAMP (an aware datetime; tests freeze it).
        name: the calendar's display name (``X-WR-CALNAME``; ``rtc-tui moments`` in the
            interface language when empty).
    """
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name or _("rtc-tui moments"))
    for occurrence in occurrences:
        moment = occurrence.moment
        event = icalendar.Event()
        event.add("uid", uid_for(occurrence))
        event.add("dtstamp", now)
        event.add("dtstart", occurrence.date)
        event.add("dtend", occurrence.end + timedelta(days=1))
        event.add("summary", moment.name)
        event.add("description", describe(occurrence))
        event.add("transp", "TRANSPARENT")
        if moment.tags:
            event.add("categories", list(moment.tags))
        event.add("x-rtc-id", moment.id)
        event.add("x-rtc-lead-days", str(moment.lead_days))
        event.add("x-rtc-tone", moment.tone.value)
        event.add("x-rtc-regions", ",".join(moment.regions))
        if moment.hashtags:
            event.add("x-rtc-hashtags", " ".join(moment.hashtags))
        if moment.language:
            event.add("x-rtc-language", moment.language)
        if occurrence.holiday:
            event.add("x-rtc-holiday", occurrence.holiday)
        if moment.lead_days:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", _("Start preparing: {name}").format(name=moment.name))
            alarm.add("trigger", timedelta(days=-moment.lead_days))
            event.add_component(alarm)
        cal.add_component(event)
    return bytes(cal.to_ical())


@dataclass(frozen=True)
class Skipped:
    """An event the import left out on purpose, and why."""

    name: str
    line: int | None
    reason: str


@dataclass
class IcsImport:
    """What a calendar file gives: moments, and events deliberately left out."""

    moments: list[Moment] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    rtc_ids: dict[str, str] = field(default_factory=dict)
    """For events we exported ourselves: imported moment id -> the original ``X-RTC-ID``."""


def _event_lines(text: str) -> list[int]:
    return [
        i + 1 for i, line in enumerate(text.splitlines()) if line.strip().upper() == "BEGIN:VEVENT"
    ]


def _text(event: icalendar.Component, key: str) -> str:
    value = event.get(key)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0]
    return str(value)


def _as_day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"not a date: {value!r}")


def _categories(event: icalendar.Component) -> tuple[str, ...]:
    raw = event.get("categories")
    if raw is None:
        return ()
    groups = raw if isinstance(raw, list) else [raw]
    tags: list[str] = []
    for group in groups:
        for cat in getattr(group, "cats", []):
            tag = clean_text(str(cat), 40).lower()
            if tag:
                tags.append(tag)
    return tuple(dict.fromkeys(tags))


def _description_field(description: str, label: str) -> str:
    """The value after ``label:`` (in any interface language) in a DESCRIPTION, or ``""``."""
    prefixes = tuple(form.lower() + ":" for form in in_every_language(label))
    for line in description.splitlines():
        if line.lower().startswith(prefixes):
            return line.split(":", 1)[1].strip()
    return ""


_FREQUENCIES = {
    "SECONDLY": NC_("repeats", "every second"),
    "MINUTELY": NC_("repeats", "every minute"),
    "HOURLY": NC_("repeats", "hourly"),
    "DAILY": NC_("repeats", "daily"),
    "WEEKLY": NC_("repeats", "weekly"),
    "MONTHLY": NC_("repeats", "monthly"),
}


def _frequency(freq: str) -> str:
    """An RRULE's FREQ in words (an unknown value as it is, in lower case)."""
    word = _FREQUENCIES.get(freq)
    return freq.lower() if word is None else pgettext("repeats", word)


@dataclass
class _Parsed:
    key: str
    name: str
    line: int | None
    days: list[date]
    rule: Rule | None
    span: int
    tags: tuple[str, ...]
    lead_days: int
    hashtags: tuple[str, ...]
    tone: Tone
    regions: tuple[str, ...]
    language: str
    note: str
    rtc_id: str


def _parse_event(event: icalendar.Component, line: int | None, path: str) -> _Parsed | Skipped:
    name = clean_text(_text(event, "summary"), _NAME_MAX)

    def fail(message: str) -> IcsError:
        return IcsError(message, path=path, line=line, moment=name)

    for prop, problem in getattr(event, "errors", []):
        if str(prop).upper() in {"DTSTART", "DTEND", "RRULE", "EXDATE", "DURATION"}:
            raise fail(f"{prop}: {problem}")
    if event.get("dtstart") is None:
        raise fail(_("event has no DTSTART"))
    if event.get("recurrence-id") is not None:
        return Skipped(name or _("(untitled)"), line, _("a changed instance of a repeating event"))
    if not name:
        return Skipped(_("(untitled)"), line, _("event has no title (SUMMARY)"))
    if str(event.get("status", "")).upper() == "CANCELLED":
        return Skipped(name, line, _("event is cancelled"))
    try:
        start_value = event.decoded("dtstart")
        start = _as_day(start_value)
        span = 1
        if event.get("dtend") is not None:
            end_value = event.decoded("dtend")
            end = _as_day(end_value)
            # DTEND is exclusive for all-day events, inclusive of its day for timed ones.
            exclusive = not isinstance(start_value, datetime)
            span = max(1, (end - start).days + (0 if exclusive else 1))
        elif event.get("duration") is not None:
            duration = event.decoded("duration")
            if isinstance(duration, timedelta):
                span = max(1, duration.days)
    except (KeyError, ValueError, TypeError) as exc:
        raise fail(_("bad start or end: {reason}").format(reason=exc)) from None
    if span > 366:
        raise fail(_("lasts {days} days; a moment lasts at most a year").format(days=span))
    rule: Rule | None = None
    rrules = event.get("rrule")
    if rrules is not None:
        if isinstance(rrules, list):
            if len(rrules) > 1:
                return Skipped(name, line, _("more than one RRULE"))
            rrules = rrules[0]
        text = rrules.to_ical().decode()
        if "FREQ=YEARLY" not in text.upper():
            freq = dict(p.partition("=")[::2] for p in text.upper().split(";")).get("FREQ", "?")
            return Skipped(
                name, line, _("repeats {frequency}, not yearly").format(frequency=_frequency(freq))
            )
        exdates: list[date] = []
        raw_ex = event.get("exdate")
        for group in (
            raw_ex if isinstance(raw_ex, list) else ([raw_ex] if raw_ex is not None else [])
        ):
            exdates.extend(_as_day(d.dt) for d in group.dts)
        rule = Recurrence(text, start, tuple(sorted(set(exdates))))
        try:
            rule.validate()
        except CalendarError as exc:
            raise fail(exc.message) from None
    description = _text(event, "description")
    lead_raw = _text(event, "x-rtc-lead-days") or re.sub(
        r"\D.*", "", _description_field(description, LEAD_TIME)
    )
    lead_days = int(lead_raw) if lead_raw.isdigit() and int(lead_raw) <= 365 else 7
    hashtags_raw = _text(event, "x-rtc-hashtags") or _description_field(description, HASHTAGS)
    hashtags = tuple(h for h in clean_text(hashtags_raw, 400).split() if re.match(r"^#[^\s#]+$", h))
    tone_raw = _text(event, "x-rtc-tone").lower()
    tone = Tone(tone_raw) if tone_raw in {t.value for t in Tone} else Tone.CELEBRATORY
    regions: tuple[str, ...] = ()
    for code in _text(event, "x-rtc-regions").split(","):
        if code.strip():
            try:
                regions += (normalize_region(code),)
            except CalendarError:
                raise fail(
                    _("X-RTC-REGIONS: {code} is not a country code").format(code=repr(code.strip()))
                ) from None
    rtc_id = clean_text(_text(event, "x-rtc-id"), 120)
    if rtc_id:
        note = "\n".join(description.split("\n\n", 1)[1:]) if "\n\n" in description else ""
    else:
        note = description
    uid = _text(event, "uid") or f"{name}-{start.isoformat()}"
    key = f"rtc:{rtc_id}" if rtc_id else f"uid:{uid}"
    return _Parsed(
        key=key,
        name=name,
        line=line,
        days=[start],
        rule=rule,
        span=span,
        tags=_categories(event),
        lead_days=lead_days,
        hashtags=hashtags,
        tone=tone,
        regions=regions,
        language=clean_text(_text(event, "x-rtc-language"), 10),
        note=clean_text(note, _NOTE_MAX),
        rtc_id=rtc_id,
    )


def _moment_id(item: _Parsed, taken: set[str]) -> str:
    if item.rtc_id:
        base = slugify(item.rtc_id.replace(".", "-"))
    else:
        digest = hashlib.sha256(item.key.encode()).hexdigest()[:6]
        base = f"{slugify(item.name)[:40].strip('-')}-{digest}"
    candidate, n = f"ics.{base}", 2
    while candidate in taken:
        candidate, n = f"ics.{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def import_ics(
    data: bytes,
    *,
    path: str,
    max_bytes: int = MAX_ICS_BYTES,
    max_events: int = MAX_ICS_EVENTS,
) -> IcsImport:
    """Read a calendar file into moments (origin ``ics``), all or nothing.

    Events we exported are regrouped by their ``X-RTC-ID``; other events keep one moment per
    UID. Timed events count by their start day. Non-yearly repeating events, cancelled ones,
    changed instances and untitled events are listed in :attr:`IcsImport.skipped`.

    Raises:
        IcsError: not an iCalendar file, larger than ``max_bytes`` or with more than
            ``max_events`` events, or an event without a valid start (naming the file, the
            event's line and its title).
    """
    if len(data) > max_bytes:
        raise IcsError(
            _("file is larger than {size}").format(size=size_words(max_bytes)), path=path
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IcsError(
            _("not UTF-8 text ({reason} at byte {offset})").format(
                reason=exc.reason, offset=exc.start
            ),
            path=path,
        ) from None
    if "BEGIN:VCALENDAR" not in text.upper():
        raise IcsError(_("not an iCalendar file (no BEGIN:VCALENDAR)"), path=path)
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except (ValueError, IndexError, KeyError) as exc:
        message = clean_text(str(exc).split("\n")[0], 160) or type(exc).__name__
        raise IcsError(
            _("not a valid iCalendar file: “{reason}”").format(reason=message), path=path
        ) from None
    if calendar.name != "VCALENDAR":
        raise IcsError(
            _("not an iCalendar file (found {kind})").format(kind=calendar.name), path=path
        )
    events = calendar.walk("VEVENT")
    if len(events) > max_events:
        raise IcsError(
            _(
                "{count} events, more than the {limit} an import may hold "
                "(config calendar.ics_max_events)"
            ).format(count=len(events), limit=max_events),
            path=path,
        )
    lines = _event_lines(text)
    result = IcsImport()
    grouped: dict[str, _Parsed] = {}
    for index, event in enumerate(events):
        line = lines[index] if index < len(lines) and len(lines) == len(events) else None
        parsed = _parse_event(event, line, path)
        if isinstance(parsed, Skipped):
            result.skipped.append(parsed)
            continue
        current = grouped.get(parsed.key)
        if current is None:
            grouped[parsed.key] = parsed
        elif current.rule is None and parsed.rule is None:
            current.days.extend(parsed.days)
        else:
            result.skipped.append(Skipped(parsed.name, parsed.line, _("duplicate UID")))
    taken: set[str] = set()
    for item in grouped.values():
        rule = item.rule or ExplicitDates(tuple(sorted(set(item.days))))
        moment_id = _moment_id(item, taken)
        result.moments.append(
            Moment(
                id=moment_id,
                name=item.name,
                rule=rule,
                regions=item.regions,
                tags=item.tags,
                lead_days=item.lead_days,
                hashtags=item.hashtags,
                note=item.note,
                origin=MomentOrigin.ICS,
                tone=item.tone,
                span=item.span,
                language=item.language,
                source=path,
                line=item.line,
            )
        )
        if item.rtc_id:
            result.rtc_ids[moment_id] = item.rtc_id
    return result


def summarise_skipped(skipped: Sequence[Skipped]) -> list[str]:
    """One line per skipped event, for the CLI and the UI."""
    return [
        (_("line {line}: ").format(line=s.line) if s.line else "") + f"{s.name}: {s.reason}"
        for s in skipped
    ]
