"""Planned seasonal moments: the model, the date rules and the occurrences in a window.

A :class:`Moment` is something a team can prepare for (Mother's Day, Black Friday, a remembrance
day). Its :class:`Rule` says on which date(s) it falls in a given year; a :class:`MomentSet`
resolves rules that depend on other moments (Black Friday = Thanksgiving + 1) and lists the
:class:`Occurrence` objects that fall in a date window. Everything is pure: no clock (callers pass
the dates), no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cached_property
from typing import Any

from dateutil.easter import EASTER_WESTERN, easter
from dateutil.rrule import rrule, rrulestr

GLOBAL = "global"
"""The region label of a moment that belongs to no country (shown and printed as such)."""


class Tone(StrEnum):
    """What kind of day a moment is; solemn days are never to be "celebrated"."""

    CELEBRATORY = "celebratory"
    COMMERCIAL = "commercial"
    CIVIC = "civic"
    SOLEMN = "solemn"


class MomentOrigin(StrEnum):
    """Where a moment comes from."""

    PACK = "pack"
    HOLIDAYS = "holidays"
    ICS = "ics"
    USER = "user"


class CalendarError(ValueError):
    """An invalid pack, user moment or calendar file.

    ``str(error)`` is one line naming the file, the line (when known) and the moment, e.g.
    ``it.yaml:42: moment 'festa-della-mamma': rule: nth must be 1-5 or last``.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str = "",
        line: int | None = None,
        moment: str = "",
    ) -> None:
        self.message = message
        """What is wrong, without the location."""
        self.path = path
        """The file, when there is one."""
        self.line = line
        """The 1-based line in :attr:`path`, when known."""
        self.moment = moment
        """The moment's id or name, when the error is about one."""
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        what = f"moment '{self.moment}': " if self.moment else ""
        return f"{where}{what}{self.message}"

    def located(self, *, path: str = "", line: int | None = None, moment: str = "") -> CalendarError:
        """A copy with the location filled in where this one has none."""
        return type(self)(
            self.message,
            path=self.path or path,
            line=self.line or line,
            moment=self.moment or moment,
        )


_REGION_ALIASES = {"UK": "GB"}
_REGION_RE = re.compile(r"^[A-Z]{2}$")


def normalize_region(code: str) -> str:
    """An ISO 3166-1 alpha-2 code in upper case (``uk`` and ``UK`` become ``GB``).

    Raises:
        CalendarError: ``code`` is not two letters.
    """
    upper = str(code).strip().upper()
    upper = _REGION_ALIASES.get(upper, upper)
    if not _REGION_RE.match(upper):
        raise CalendarError(f"region {code!r} is not a two-letter ISO country code (IT, US, GB)")
    return upper


def slugify(text: str) -> str:
    """A lower-case ASCII key for ``text`` (``"Festa della Mamma!"`` -> ``festa-della-mamma``)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "moment"


Resolver = Callable[[str, int], tuple[date, ...]]
"""Gives the dates of another moment (by id) in a base year; used by :class:`OffsetFrom`."""

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""Weekday names, Monday first (``date.weekday()`` order)."""

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ORDINALS = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th", -1: "last"}


class Rule(ABC):
    """When a moment falls, year by year."""

    @abstractmethod
    def dates_in(self, year: int, resolve: Resolver) -> tuple[date, ...]:
        """The start dates this rule gives for base ``year`` (an offset may cross into the next)."""

    @abstractmethod
    def to_dict(self) -> dict[str, Any]:
        """The rule in pack form (what :func:`parse_rule` reads back)."""

    @abstractmethod
    def describe(self) -> str:
        """A short English description for the detail view (``2nd Sunday of May``)."""

    @property
    def refs(self) -> tuple[str, ...]:
        """Ids of the moments this rule depends on."""
        return ()

    def qualified(self, namespace: str) -> Rule:
        """This rule with moment references qualified by ``namespace`` where they are bare."""
        return self


@dataclass(frozen=True)
class FixedDate(Rule):
    """The same day every year (``03-08``); 29 February only falls in leap years."""

    month: int
    day: int

    def dates_in(self, year: int, resolve: Resolver) -> tuple[date, ...]:
        """The day in ``year``, or nothing for 29 February in a common year."""
        try:
            return (date(year, self.month, self.day),)
        except ValueError:
            return ()

    def to_dict(self) -> dict[str, Any]:
        """``{"date": "MM-DD"}``."""
        return {"date": f"{self.month:02d}-{self.day:02d}"}

    def describe(self) -> str:
        """``8 March``."""
        return f"{self.day} {_MONTHS[self.month - 1]}"


@dataclass(frozen=True)
class NthWeekday(Rule):
    """The nth (1-5) or last (-1) given weekday of a month: the 2nd Sunday of May."""

    month: int
    weekday: int
    """0 is Monday, 6 is Sunday."""
    nth: int

    def dates_in(self, year: int, resolve: Resolver) -> tuple[date, ...]:
        """The day, or nothing when the month has no such weekday (a 5th one)."""
        if self.nth > 0:
            first = date(year, self.month, 1)
            day = first + timedelta(days=(self.weekday - first.weekday()) % 7 + 7 * (self.nth - 1))
            return (day,) if day.month == self.month else ()
        nxt = date(year + (self.month == 12), self.month % 12 + 1, 1)
        last = nxt - timedelta(days=1)
        return (last - timedelta(days=(last.weekday() - self.weekday) % 7),)

    def to_dict(self) -> dict[str, Any]:
        """``{"nth": 2, "weekday": "sunday", "month": 5}`` (``nth: last`` for the last)."""
        return {
            "nth": "last" if self.nth == -1 else self.nth,
            "weekday": WEEKDAYS[self.weekday],
            "month": self.month,
        }

    def describe(self) -> str:
        """``2nd Sunday of May``."""
        name = WEEKDAYS[self.weekday].capitalize()
        return f"{_ORDINALS[self.nth]} {name} of {_MONTHS[self.month - 1]}"


@dataclass(frozen=True)
class EasterOffset(Rule):
    """Days from Western Easter Sunday (Easter Monday +1, Shrove Tuesday -47)."""

    days: int

    def dates_in(self, year: int, resolve: Resolver) -> tuple[date, ...]:
        """Easter of ``year`` plus the offset."""
        return (easter(year, EASTER_WESTERN) + timedelta(days=self.days),)

    def to_dict(self) -> dict[str, Any]:
        """``{"easter": -47}``."""
        return {"easter": self.days}

    def describe(self) -> str:
        """``Easter - 47 d``."""
        return "Easter" if not self.days else f"Easter {self.days:+d} d"


@dataclass(frozen=True)
class OffsetFrom(Rule):
    """Days from another moment (Black Friday = Thanksgiving + 1)."""

    moment: str
    """The other moment's id (``thanksgiving`` in its own pack, ``us.thanksgiving`` from another)."""
    days: int

    def dates_in(self, year: int, resolve: Resolver) -> tuple[date, ...]:
        """The other moment's dates in ``year`` moved by the offset."""
        return tuple(d + timedelta(days=self.days) for d in resolve(self.moment, year))

    def to_dict(self) -> dict[str, Any]:
        """``{"moment": "us.thanksgiving", "offset": 1}``."""
        return {"moment": self.moment, "offset": self.days}

    def describe(self) -> str:
        """``us.thanksgiving + 1 d``."""
        return f"{self.moment} {self.days:+d} d"

    @property
    def refs(self) -> tuple[str, ...]:
        """The one moment this depends on."""
        return (self.moment,)

    def qualified(self, namespace: str) -> Rule:
        """Qualify a bare reference with the pack it was written in."""
        if "." in self.moment:
            return self
        return OffsetFrom(f"{namespace}.{self.moment}", self.days)


@dataclass(frozen=True)
class ExplicitDates(Rule):
    """Irregular events listed date by date (a song festival, a final)."""

    dates: tuple[date, ...]

    def dates_in(self, year: int, resolve: Resolver) -> tuple[date, ...]:
        """The listed dates in ``year``."""
        return tuple(d for d in self.dates if d.year == year)

    def to_dict(self) -> dict[str, Any]:
        """``{"dates": ["2026-02-24", ...]}``."""
        return {"dates": [d.isoformat() for d in self.dates]}

    def describe(self) -> str:
        """``on 24 Feb 2026`` or ``on 3 listed dates``."""
        if len(self.dates) == 1:
            only = self.dates[0]
            return f"on {only.day} {_MONTHS[only.month - 1][:3]} {only.year}"
        return f"on {len(self.dates)} listed dates"


@dataclass(frozen=True)
class Recurrence(Rule):
    """A yearly RFC 5545 recurrence rule, as imported from a calendar file."""

    rule: str
    """The RRULE value, e.g. ``FREQ=YEARLY;BYMONTH=5;BYDAY=2SU``."""
    start: date
    """DTSTART: the first occurrence, and the month/day a bare ``FREQ=YEARLY`` repeats."""
    exdates: tuple[date, ...] = ()

    @cached_property
    def _rrule(self) -> rrule:
        parsed = rrulestr(self.rule, dtstart=datetime(self.start.year, self.start.month, self.start.day))
        if not isinstance(parsed, rrule):  # pragma: no cover - rrulestr without sets never does
            raise CalendarError(f"unsupported recurrence {self.rule!r}")
        return parsed

    def validate(self) -> None:
        """Check the rule parses and repeats yearly.

        Raises:
            CalendarError: the rule is malformed or not yearly.
        """
        try:
            parsed = self._rrule
        except (ValueError, TypeError) as exc:
            raise CalendarError(f"invalid recurrence rule {self.rule!r}: {exc}") from exc
        parts = dict(p.partition("=")[::2] for p in self.rule.upper().split(";") if p)
        if parts.get("FREQ") != "YEARLY" or parsed is None:
            raise CalendarError(f"only yearly recurrence is supported, not {self.rule!r}")

    def dates_in(self, year: int, resolve: Resolver) -> tuple[date, ...]:
        """The recurrence's dates in ``year`` (minus exceptions)."""
        if year < self.start.year:
            return ()
        hits = self._rrule.between(datetime(year, 1, 1), datetime(year, 12, 31), inc=True)
        return tuple(d.date() for d in hits if d.date() not in self.exdates)

    def to_dict(self) -> dict[str, Any]:
        """``{"rrule": "...", "start": "YYYY-MM-DD", "exdates": [...]}``."""
        out: dict[str, Any] = {"rrule": self.rule, "start": self.start.isoformat()}
        if self.exdates:
            out["exdates"] = [d.isoformat() for d in self.exdates]
        return out

    def describe(self) -> str:
        """``yearly (FREQ=YEARLY;...)``."""
        return f"yearly ({self.rule})"


_FIXED_RE = re.compile(r"^(\d{1,2})-(\d{1,2})$")
_EASTER_RE = re.compile(r"^easter\s*(?:([+-])\s*(\d+))?$", re.IGNORECASE)
_RULE_KEYS = {
    "date": {"date"},
    "nth": {"nth", "weekday", "month"},
    "easter": {"easter"},
    "moment": {"moment", "offset"},
    "dates": {"dates"},
    "rrule": {"rrule", "start", "exdates"},
}


def _as_int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise CalendarError(f"rule: {what} must be a whole number, not {value!r}")
    return value


def _as_date(value: Any, what: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise CalendarError(f"rule: {what} must be a date like 2026-02-24, not {value!r}")


def _parse_fixed(text: str) -> FixedDate:
    match = _FIXED_RE.match(text.strip())
    if not match:
        raise CalendarError(f"rule: date must be MM-DD (like 03-08), not {text!r}")
    month, day = int(match.group(1)), int(match.group(2))
    try:
        date(2000, month, day)  # a leap year, so 02-29 is allowed
    except ValueError:
        raise CalendarError(f"rule: {text!r} is not a day of the year") from None
    return FixedDate(month, day)


def _parse_weekday(value: Any) -> int:
    text = str(value).strip().lower()
    for index, name in enumerate(WEEKDAYS):
        if len(text) >= 3 and name.startswith(text):
            return index
    raise CalendarError(f"rule: weekday must be a day name like sunday, not {value!r}")


def parse_rule(raw: Any) -> Rule:
    """Read a rule in pack form.

    Accepted forms: ``"03-08"`` or ``{date: "03-08"}``; ``{nth: 2|last, weekday: sunday,
    month: 5}``; ``"easter-47"`` or ``{easter: -47}``; ``{moment: thanksgiving, offset: 1}``;
    ``{dates: [2026-02-24, ...]}``; ``{rrule: "FREQ=YEARLY;...", start: 2020-05-10}``.

    Raises:
        CalendarError: the rule is malformed (the message says what is expected).
    """
    if isinstance(raw, str):
        easter_match = _EASTER_RE.match(raw.strip())
        if easter_match:
            sign, amount = easter_match.groups()
            days = int(amount or 0) * (-1 if sign == "-" else 1)
            return EasterOffset(days)
        return _parse_fixed(raw)
    if not isinstance(raw, Mapping):
        raise CalendarError(f"rule must be a date like 03-08 or a mapping, not {raw!r}")
    kinds = [k for k in _RULE_KEYS if k in raw]
    if len(kinds) != 1:
        raise CalendarError(
            "rule needs exactly one of: date, nth, easter, moment, dates, rrule "
            f"(got {', '.join(map(str, raw)) or 'nothing'})"
        )
    kind = kinds[0]
    extra = sorted(set(map(str, raw)) - _RULE_KEYS[kind])
    if extra:
        raise CalendarError(f"rule: unexpected key {extra[0]!r} in a {kind!r} rule")
    return _PARSERS[kind](raw)


def _rule_date(raw: Mapping[str, Any]) -> Rule:
    return _parse_fixed(str(raw["date"]))


def _rule_nth(raw: Mapping[str, Any]) -> Rule:
    if "weekday" not in raw or "month" not in raw:
        raise CalendarError("rule: an nth rule needs nth, weekday and month")
    nth_raw = raw["nth"]
    nth = -1 if str(nth_raw).strip().lower() == "last" else _as_int(nth_raw, "nth")
    if nth not in (-1, 1, 2, 3, 4, 5):
        raise CalendarError(f"rule: nth must be 1-5 or last, not {nth_raw!r}")
    month = _as_int(raw["month"], "month")
    if not 1 <= month <= 12:
        raise CalendarError(f"rule: month must be 1-12, not {month}")
    return NthWeekday(month, _parse_weekday(raw["weekday"]), nth)


def _rule_easter(raw: Mapping[str, Any]) -> Rule:
    days = _as_int(raw["easter"], "easter offset")
    if abs(days) > 366:
        raise CalendarError(f"rule: easter offset {days} is more than a year")
    return EasterOffset(days)


def _rule_moment(raw: Mapping[str, Any]) -> Rule:
    ref = raw["moment"]
    if not isinstance(ref, str) or not ref.strip():
        raise CalendarError("rule: moment must name another moment")
    days = _as_int(raw.get("offset", 0), "offset")
    if abs(days) > 366:
        raise CalendarError(f"rule: offset {days} is more than a year")
    return OffsetFrom(ref.strip(), days)


def _rule_dates(raw: Mapping[str, Any]) -> Rule:
    values = raw["dates"]
    if not isinstance(values, list) or not values:
        raise CalendarError("rule: dates must be a non-empty list of dates")
    return ExplicitDates(tuple(sorted({_as_date(v, "each of dates") for v in values})))


def _rule_rrule(raw: Mapping[str, Any]) -> Rule:
    text = raw["rrule"]
    if not isinstance(text, str) or "start" not in raw:
        raise CalendarError("rule: an rrule rule needs the rule text and a start date")
    exdates = raw.get("exdates") or []
    if not isinstance(exdates, list):
        raise CalendarError("rule: exdates must be a list of dates")
    rule = Recurrence(
        text.strip().removeprefix("RRULE:"),
        _as_date(raw["start"], "start"),
        tuple(sorted({_as_date(v, "each of exdates") for v in exdates})),
    )
    rule.validate()
    return rule


_PARSERS: dict[str, Callable[[Mapping[str, Any]], Rule]] = {
    "date": _rule_date,
    "nth": _rule_nth,
    "easter": _rule_easter,
    "moment": _rule_moment,
    "dates": _rule_dates,
    "rrule": _rule_rrule,
}


@dataclass(frozen=True)
class Moment:
    """A planned seasonal moment a team prepares for ahead of time."""

    id: str
    """Stable key, qualified by its pack or origin: ``it.festa-della-mamma``, ``user.launch``."""
    name: str
    """Display name in the pack's language (``Festa della mamma``)."""
    rule: Rule
    regions: tuple[str, ...] = ()
    """ISO 3166-1 alpha-2 codes; empty means global."""
    tags: tuple[str, ...] = ()
    lead_days: int = 7
    """How many days ahead work on it should start."""
    hashtags: tuple[str, ...] = ()
    note: str = ""
    origin: MomentOrigin = MomentOrigin.PACK
    tone: Tone = Tone.CELEBRATORY
    span: int = 1
    """How many days it lasts (a festival); 1 for a single day."""
    language: str = ""
    """The language of :attr:`name` (the pack's), e.g. ``it``."""
    source: str = field(default="", compare=False)
    """The file it was read from, for error messages."""
    line: int | None = field(default=None, compare=False)
    """The line in :attr:`source` where it is defined."""

    @property
    def is_global(self) -> bool:
        """True when the moment belongs to no particular country."""
        return not self.regions

    @property
    def region_label(self) -> str:
        """``IT``, ``GB,US`` or ``global``."""
        return ",".join(self.regions) if self.regions else GLOBAL

    def in_regions(self, regions: Collection[str] | None) -> bool:
        """Whether a region filter keeps this moment (global moments are always kept)."""
        return regions is None or self.is_global or any(r in regions for r in self.regions)

    def to_dict(self) -> dict[str, Any]:
        """Serialise (the store keeps imported moments this way; :meth:`from_dict` reads it)."""
        return {
            "id": self.id,
            "name": self.name,
            "rule": self.rule.to_dict(),
            "regions": list(self.regions),
            "tags": list(self.tags),
            "lead_days": self.lead_days,
            "hashtags": list(self.hashtags),
            "note": self.note,
            "origin": self.origin.value,
            "tone": self.tone.value,
            "span": self.span,
            "language": self.language,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str = "") -> Moment:
        """Rebuild from :meth:`to_dict` output (validated like a pack entry).

        Raises:
            CalendarError: the record is invalid.
        """
        full_id = str(data.get("id", ""))
        namespace, _, key = full_id.partition(".")
        if not key:
            raise CalendarError("stored moment id must be qualified, like ics.launch", path=path, moment=full_id)
        body = {k: v for k, v in data.items() if k not in {"origin", "language"}}
        body["id"] = key
        try:
            origin = MomentOrigin(str(data.get("origin", "user")))
        except ValueError:
            raise CalendarError(f"unknown origin {data.get('origin')!r}", path=path, moment=full_id) from None
        return parse_moment(
            body,
            namespace=namespace,
            origin=origin,
            language=str(data.get("language", "")),
            path=path,
        )


_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_HASHTAG_RE = re.compile(r"^#[^\s#]+$")
_MOMENT_KEYS = {
    "id",
    "name",
    "rule",
    "regions",
    "region",
    "tags",
    "lead_days",
    "hashtags",
    "note",
    "tone",
    "span",
}


def _str_list(raw: Any, what: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(v, str | int) for v in raw):
        raise CalendarError(f"{what} must be a list of text")
    return tuple(str(v).strip() for v in raw if str(v).strip())


def parse_moment(  # noqa: C901 - one validation step per field reads best in a row
    raw: Any,
    *,
    namespace: str,
    origin: MomentOrigin = MomentOrigin.PACK,
    default_regions: tuple[str, ...] = (),
    language: str = "",
    default_lead_days: int = 7,
    path: str = "",
    line: int | None = None,
) -> Moment:
    """Validate one moment entry (from a pack, the user's config or the store).

    Args:
        raw: the mapping as read from YAML.
        namespace: the pack name (``it``) or ``user``/``ics``; qualifies the id and bare refs.
        origin: where the moment comes from.
        default_regions: the pack's regions, used when the entry names none.
        language: the language of the entry's ``name``.
        default_lead_days: lead days when the entry gives none.
        path: the file, for error messages.
        line: the entry's line in ``path``, for error messages.

    Raises:
        CalendarError: naming the file, line and moment.
    """
    label = ""
    if isinstance(raw, Mapping):
        label = str(raw.get("id") or raw.get("name") or "")
    try:
        if not isinstance(raw, Mapping):
            raise CalendarError("each moment must be a mapping with at least id, name and rule")
        unknown = sorted(set(map(str, raw)) - _MOMENT_KEYS)
        if unknown:
            raise CalendarError(f"unknown key {unknown[0]!r} (known: {', '.join(sorted(_MOMENT_KEYS))})")
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            raise CalendarError("name is missing")
        key = raw.get("id")
        key = slugify(name) if key is None else str(key).strip()
        if not _KEY_RE.match(key):
            raise CalendarError(f"id {key!r} must be lower-case letters, digits and dashes")
        label = key
        if "rule" not in raw:
            raise CalendarError("rule is missing")
        rule = parse_rule(raw["rule"]).qualified(namespace)
        regions_raw = raw.get("regions", raw.get("region"))
        if regions_raw is None:
            regions = default_regions
        else:
            items = _str_list(regions_raw, "regions")
            regions = () if items in ((GLOBAL,), ()) else tuple(normalize_region(r) for r in items)
        lead_days = raw.get("lead_days", default_lead_days)
        if isinstance(lead_days, bool) or not isinstance(lead_days, int) or not 0 <= lead_days <= 365:
            raise CalendarError(f"lead_days must be a whole number 0-365, not {lead_days!r}")
        span = raw.get("span", 1)
        if isinstance(span, bool) or not isinstance(span, int) or not 1 <= span <= 366:
            raise CalendarError(f"span must be a whole number of days 1-366, not {span!r}")
        hashtags = _str_list(raw.get("hashtags"), "hashtags")
        for tag in hashtags:
            if not _HASHTAG_RE.match(tag):
                raise CalendarError(f"hashtag {tag!r} must start with # and have no spaces")
        tone_raw = raw.get("tone", Tone.CELEBRATORY.value)
        try:
            tone = Tone(str(tone_raw))
        except ValueError:
            choices = ", ".join(t.value for t in Tone)
            raise CalendarError(f"tone {tone_raw!r} is not one of: {choices}") from None
        note = raw.get("note", "")
        if not isinstance(note, str):
            raise CalendarError("note must be text")
        return Moment(
            id=f"{namespace}.{key}",
            name=name.strip(),
            rule=rule,
            regions=tuple(dict.fromkeys(regions)),
            tags=tuple(t.lower() for t in _str_list(raw.get("tags"), "tags")),
            lead_days=lead_days,
            hashtags=hashtags,
            note=note.strip(),
            origin=origin,
            tone=tone,
            span=span,
            language=language,
            source=path,
            line=line,
        )
    except CalendarError as exc:
        raise exc.located(path=path, line=line, moment=label) from None


@dataclass(frozen=True)
class Occurrence:
    """One moment on one date (the first day, when it spans several)."""

    moment: Moment
    date: date
    holiday: str = ""
    """The public holiday on this date in the moment's country, when there is one."""

    @property
    def end(self) -> date:
        """The last day (the same as :attr:`date` for a one-day moment)."""
        return self.date + timedelta(days=self.moment.span - 1)

    @property
    def key(self) -> tuple[str, str]:
        """``(moment id, ISO date)``: what a draft's origin records."""
        return (self.moment.id, self.date.isoformat())

    def days_until(self, today: date) -> int:
        """Days from ``today`` to the first day (negative once it has started)."""
        return (self.date - today).days

    def is_on(self, day: date) -> bool:
        """Whether ``day`` is one of its days."""
        return self.date <= day <= self.end

    def in_lead_window(self, today: date) -> bool:
        """Whether prep should be under way: from ``lead_days`` before until its last day."""
        if self.moment.lead_days <= 0:
            return False
        return self.days_until(today) <= self.moment.lead_days and today <= self.end

    def to_dict(self, today: date) -> dict[str, Any]:
        """The ``rtc moments --json`` record."""
        moment = self.moment
        return {
            "id": moment.id,
            "name": moment.name,
            "date": self.date.isoformat(),
            "end": self.end.isoformat(),
            "region": moment.region_label,
            "regions": list(moment.regions),
            "days_until": self.days_until(today),
            "tags": list(moment.tags),
            "tone": moment.tone.value,
            "lead_days": moment.lead_days,
            "in_lead_window": self.in_lead_window(today),
            "hashtags": list(moment.hashtags),
            "origin": moment.origin.value,
            "holiday": self.holiday,
            "language": moment.language,
            "note": moment.note,
        }


def sort_key(occurrence: Occurrence) -> tuple[date, int, str, str]:
    """Agenda order: by date, global first, then region and name."""
    moment = occurrence.moment
    return (occurrence.date, 0 if moment.is_global else 1, moment.region_label, moment.name.lower())


class MomentSet:
    """A validated collection of moments that resolves references and lists occurrences."""

    def __init__(self, moments: Iterable[Moment]) -> None:
        """Index ``moments`` and check their references.

        Raises:
            CalendarError: a duplicate id, a reference to an unknown moment, or a cycle,
                naming the file and moment at fault.
        """
        self._by_id: dict[str, Moment] = {}
        for moment in moments:
            if moment.id in self._by_id:
                other = self._by_id[moment.id]
                where = f" (also defined in {other.source})" if other.source else ""
                raise CalendarError(
                    f"duplicate id{where}", path=moment.source, line=moment.line, moment=moment.id
                )
            self._by_id[moment.id] = moment
        self._memo: dict[tuple[str, int], tuple[date, ...]] = {}
        self._check_refs()

    def _check_refs(self) -> None:
        state: dict[str, int] = {}  # 1 visiting, 2 done

        def visit(moment: Moment, trail: list[str]) -> None:
            if state.get(moment.id) == 2:
                return
            if state.get(moment.id) == 1:
                cycle = " -> ".join([*trail[trail.index(moment.id) :], moment.id])
                raise CalendarError(
                    f"rule refers back to itself: {cycle}",
                    path=moment.source,
                    line=moment.line,
                    moment=moment.id,
                )
            state[moment.id] = 1
            for ref in moment.rule.refs:
                target = self._by_id.get(ref)
                if target is None:
                    raise CalendarError(
                        f"rule refers to unknown moment {ref!r}",
                        path=moment.source,
                        line=moment.line,
                        moment=moment.id,
                    )
                visit(target, [*trail, moment.id])
            state[moment.id] = 2

        for moment in self._by_id.values():
            visit(moment, [])

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Moment]:
        return iter(self._by_id.values())

    def __contains__(self, moment_id: object) -> bool:
        return moment_id in self._by_id

    def get(self, moment_id: str) -> Moment | None:
        """The moment with this id, if any."""
        return self._by_id.get(moment_id)

    def find(self, text: str) -> Moment | None:
        """A moment by id, by id without its pack, or by display name (case-insensitive)."""
        if text in self._by_id:
            return self._by_id[text]
        wanted = text.strip().lower()
        for moment in self._by_id.values():
            if moment.id.lower() == wanted or moment.name.lower() == wanted:
                return moment
        for moment in self._by_id.values():
            if moment.id.partition(".")[2] == wanted:
                return moment
        return None

    def dates(self, moment_id: str, year: int) -> tuple[date, ...]:
        """The start dates of a moment for base ``year`` (memoised)."""
        key = (moment_id, year)
        cached = self._memo.get(key)
        if cached is None:
            cached = self._by_id[moment_id].rule.dates_in(year, self.dates)
            self._memo[key] = cached
        return cached

    def occurrences(
        self,
        start: date,
        stop: date,
        *,
        regions: Collection[str] | None = None,
        keep: Callable[[Moment], bool] | None = None,
    ) -> list[Occurrence]:
        """Occurrences touching ``[start, stop)``, in agenda order.

        A moment that started before ``start`` and is still running is included.

        Args:
            start: first day of the window.
            stop: the day after the last day of the window.
            regions: keep only moments of these countries (global ones always); ``None``: all.
            keep: a further filter on moments (e.g. the enabled packs).
        """
        found: list[Occurrence] = []
        for moment in self._by_id.values():
            if not moment.in_regions(regions) or (keep is not None and not keep(moment)):
                continue
            reach = timedelta(days=moment.span - 1)
            seen: set[date] = set()
            # The year before too: offsets and spans can carry a date into the next year.
            for year in range(start.year - 1, stop.year + 1):
                for day in self.dates(moment.id, year):
                    if day < stop and day + reach >= start and day not in seen:
                        seen.add(day)
                        found.append(Occurrence(moment, day))
        found.sort(key=sort_key)
        return found

    def next_occurrence(self, moment_id: str, today: date, *, years: int = 5) -> Occurrence | None:
        """The first occurrence of a moment that has not ended by ``today``."""
        moment = self._by_id.get(moment_id)
        if moment is None:
            return None
        stop = date(today.year + years, 12, 31)
        for occurrence in self.occurrences(today, stop, keep=lambda m: m.id == moment_id):
            return occurrence
        return None
