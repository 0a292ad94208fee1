"""Date rules for moments, and the error every calendar problem raises.

Fixed dates, nth weekdays, Easter offsets, Chinese lunar dates, offsets from another moment,
explicit dates (with an optional cadence, so a festival whose next edition is not announced yet
still shows, as an estimate to confirm) and imported yearly recurrences.

A rule answers one question, "on which day(s) does it fall in base year Y?"; rules that depend
on another moment get a resolver from
:class:`rtc_tui.core.calendar.occurrences.MomentSet`. Every rule round-trips through its
pack form (:meth:`Rule.to_dict` / :func:`parse_rule`).
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any

from dateutil.easter import EASTER_WESTERN, easter
from dateutil.rrule import rrule, rrulestr
from lunardate import LunarDate

from rtc_tui.i18n import (
    N_,
    NC_,
    _,
    format_date,
    month_name,
    ngettext,
    pgettext,
    weekday_name,
)


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
        what = _("moment '{id}': ").format(id=self.moment) if self.moment else ""
        return f"{where}{what}{self.message}"

    def located(
        self, *, path: str = "", line: int | None = None, moment: str = ""
    ) -> CalendarError:
        """A copy with the location filled in where this one has none."""
        return type(self)(
            self.message,
            path=self.path or path,
            line=self.line or line,
            moment=self.moment or moment,
        )


Resolver = Callable[[str, int], tuple[date, ...]]
"""Gives the dates of another moment (by id) in a base year; used by :class:`OffsetFrom`."""

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""Weekday names, Monday first (``date.weekday()`` order)."""

_ORDINALS = {1: N_("1st"), 2: N_("2nd"), 3: N_("3rd"), 4: N_("4th"), 5: N_("5th"), -1: N_("last")}
_SUNDAY = "before Sunday"
_ORDINALS_SUNDAY = {
    1: NC_("before Sunday", "1st"),
    2: NC_("before Sunday", "2nd"),
    3: NC_("before Sunday", "3rd"),
    4: NC_("before Sunday", "4th"),
    5: NC_("before Sunday", "5th"),
    -1: NC_("before Sunday", "last"),
}


def _ordinal(nth: int, weekday: int) -> str:
    # Italian ordinals agree with the weekday: "seconda domenica", "primo lunedì".
    if weekday == 6:
        return pgettext(_SUNDAY, _ORDINALS_SUNDAY[nth])
    return _(_ORDINALS[nth])


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
        """A short description for the detail view, in the interface language."""

    @property
    def refs(self) -> tuple[str, ...]:
        """Ids of the moments this rule depends on."""
        return ()

    def is_estimate(self, day: date) -> bool:
        """Whether ``day`` is a guess (a date to confirm) rather than a known date."""
        return False

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
        return format_date(date(2000, self.month, self.day), "d MMMM")


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
        return _("{nth} {weekday} of {month}").format(
            nth=_ordinal(self.nth, self.weekday),
            weekday=weekday_name(self.weekday),
            month=month_name(self.month),
        )


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
        """``Easter -47 d``."""
        if not self.days:
            return _("Easter")
        return _("Easter {days} d").format(days=f"{self.days:+d}")


@dataclass(frozen=True)
class OffsetFrom(Rule):
    """Days from another moment (Black Friday = Thanksgiving + 1)."""

    moment: str
    """The other moment's id: ``thanksgiving`` in its own pack, ``us.thanksgiving`` elsewhere."""
    days: int

    def dates_in(self, year: int, resolve: Resolver) -> tuple[date, ...]:
        """The other moment's dates in ``year`` moved by the offset."""
        return tuple(d + timedelta(days=self.days) for d in resolve(self.moment, year))

    def to_dict(self) -> dict[str, Any]:
        """``{"moment": "us.thanksgiving", "offset": 1}``."""
        return {"moment": self.moment, "offset": self.days}

    def describe(self) -> str:
        """``us.thanksgiving +1 d``."""
        return _("{moment} {days} d").format(moment=self.moment, days=f"{self.days:+d}")

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
    """Irregular events listed date by date (a song festival, a final).

    With a cadence (``every`` years) the event goes on after its last known date: each later
    edition is estimated on the same weekday nearest the last known day and reported by
    :meth:`is_estimate`, so the agenda shows "date to confirm" instead of dropping it.
    """

    dates: tuple[date, ...]
    every: int = 0
    """Years between editions (1 yearly, 4 the Olympics); 0: a true one-off."""

    def dates_in(self, year: int, resolve: Resolver) -> tuple[date, ...]:
        """The listed dates in ``year``, or the estimated next edition after the last one."""
        listed = tuple(d for d in self.dates if d.year == year)
        if listed or not self.every or not self.dates:
            return listed
        last = self.dates[-1]
        if year <= last.year or (year - last.year) % self.every:
            return ()
        return (_same_weekday_near(last, year),)

    def is_estimate(self, day: date) -> bool:
        """True for a date after the last listed one (no edition there is announced yet)."""
        return bool(self.every and self.dates) and day > self.dates[-1]

    def to_dict(self) -> dict[str, Any]:
        """``{"dates": ["2026-02-24", ...], "every": 1}`` (no ``every`` for a one-off)."""
        out: dict[str, Any] = {"dates": [d.isoformat() for d in self.dates]}
        if self.every:
            out["every"] = self.every
        return out

    def describe(self) -> str:
        """``on 24 Feb 2026`` or ``on 3 listed dates``."""
        if len(self.dates) == 1:
            return _("on {date}").format(date=format_date(self.dates[0], "d MMM y"))
        count = len(self.dates)
        text = ngettext("on {count} listed date", "on {count} listed dates", count)
        return text.format(count=count)


def _same_weekday_near(known: date, year: int) -> date:
    """The day in ``year`` on ``known``'s weekday nearest its month and day.

    Editions keep their weekday (a Saturday final stays a Saturday), so this is the best guess
    until the organisers announce the date.
    """
    leap_day = known.month == 2 and known.day == 29
    guess = date(year, known.month, 28 if leap_day else known.day)
    shift = (known.weekday() - guess.weekday()) % 7
    return guess + timedelta(days=shift - 7 if shift > 3 else shift)


@dataclass(frozen=True)
class LunarDay(Rule):
    """A day of the Chinese lunisolar calendar (Lunar New Year is month 1, day 1).

    Converted with the ``lunardate`` library (years 1900-2099), not a hand-made table.
    """

    month: int
    day: int

    def dates_in(self, year: int, resolve: Resolver) -> tuple[date, ...]:
        """The Gregorian date of lunar ``month``/``day`` in the lunar year starting in ``year``."""
        try:
            solar: date = LunarDate(year, self.month, self.day).to_solar_date()
        except ValueError:
            return ()
        return (solar,)

    def to_dict(self) -> dict[str, Any]:
        """``{"lunar": "01-01"}``."""
        return {"lunar": f"{self.month:02d}-{self.day:02d}"}

    def describe(self) -> str:
        """``lunar 1/1``."""
        return _("lunar {month}/{day}").format(month=self.month, day=self.day)


_UNTIL_TIME = re.compile(r"UNTIL=(\d{8})T\d{6}Z?", re.IGNORECASE)


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
        # Moments are whole days: a timed UNTIL (Google writes 20280516T215959Z) becomes its
        # date, which dateutil accepts next to a naive DTSTART.
        text = _UNTIL_TIME.sub(r"UNTIL=\1", self.rule)
        parsed = rrulestr(text, dtstart=datetime(self.start.year, self.start.month, self.start.day))
        if not isinstance(parsed, rrule):  # pragma: no cover - rrulestr without sets never does
            raise CalendarError(_("unsupported recurrence {rule}").format(rule=repr(self.rule)))
        return parsed

    def validate(self) -> None:
        """Check the rule parses and repeats yearly.

        Raises:
            CalendarError: the rule is malformed or not yearly.
        """
        try:
            parsed = self._rrule
        except (ValueError, TypeError) as exc:
            raise CalendarError(
                _("invalid recurrence rule {rule}: {exc}").format(rule=repr(self.rule), exc=exc)
            ) from exc
        parts = dict(p.partition("=")[::2] for p in self.rule.upper().split(";") if p)
        if parts.get("FREQ") != "YEARLY" or parsed is None:
            raise CalendarError(
                _("only yearly recurrence is supported, not {rule}").format(rule=repr(self.rule))
            )

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
        return _("yearly ({rule})").format(rule=self.rule)


_FIXED_RE = re.compile(r"^(\d{1,2})-(\d{1,2})$")
_EASTER_RE = re.compile(r"^easter\s*(?:([+-])\s*(\d+))?$", re.IGNORECASE)
_RULE_KEYS = {
    "date": {"date"},
    "nth": {"nth", "weekday", "month"},
    "easter": {"easter"},
    "moment": {"moment", "offset"},
    "dates": {"dates", "every"},
    "lunar": {"lunar"},
    "rrule": {"rrule", "start", "exdates"},
}


def _as_int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise CalendarError(
            _("rule: {what} must be a whole number, not {value}").format(
                what=what, value=repr(value)
            )
        )
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
    raise CalendarError(
        _("rule: {what} must be a date like 2026-02-24, not {value}").format(
            what=what, value=repr(value)
        )
    )


def _parse_fixed(text: str) -> FixedDate:
    match = _FIXED_RE.match(text.strip())
    if not match:
        raise CalendarError(
            _("rule: date must be MM-DD (like 03-08), not {text}").format(text=repr(text))
        )
    month, day = int(match.group(1)), int(match.group(2))
    try:
        date(2000, month, day)  # a leap year, so 02-29 is allowed
    except ValueError:
        raise CalendarError(
            _("rule: {text} is not a day of the year").format(text=repr(text))
        ) from None
    return FixedDate(month, day)


def _parse_weekday(value: Any) -> int:
    text = str(value).strip().lower()
    for index, name in enumerate(WEEKDAYS):
        if len(text) >= 3 and name.startswith(text):
            return index
    raise CalendarError(
        _("rule: weekday must be a day name like sunday, not {value}").format(value=repr(value))
    )


def parse_rule(raw: Any) -> Rule:
    """Read a rule in pack form.

    Accepted forms: ``"03-08"`` or ``{date: "03-08"}``; ``{nth: 2|last, weekday: sunday,
    month: 5}``; ``"easter-47"`` or ``{easter: -47}``; ``{moment: thanksgiving, offset: 1}``;
    ``{dates: [2026-02-24, ...], every: 1}``; ``{lunar: "01-01"}``;
    ``{rrule: "FREQ=YEARLY;...", start: 2020-05-10}``.

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
        raise CalendarError(
            _("rule must be a date like 03-08 or a mapping, not {raw}").format(raw=repr(raw))
        )
    kinds = [k for k in _RULE_KEYS if k in raw]
    if len(kinds) != 1:
        raise CalendarError(
            _(
                "rule needs exactly one of: date, nth, easter, moment, dates, lunar, rrule "
                "(got {value})"
            ).format(value=", ".join(map(str, raw)) or _("nothing"))
        )
    kind = kinds[0]
    extra = sorted(set(map(str, raw)) - _RULE_KEYS[kind])
    if extra:
        raise CalendarError(
            _("rule: unexpected key {value} in a {kind} rule").format(
                value=repr(extra[0]), kind=repr(kind)
            )
        )
    return _PARSERS[kind](raw)


def _rule_date(raw: Mapping[str, Any]) -> Rule:
    return _parse_fixed(str(raw["date"]))


def _rule_nth(raw: Mapping[str, Any]) -> Rule:
    if "weekday" not in raw or "month" not in raw:
        raise CalendarError(_("rule: an nth rule needs nth, weekday and month"))
    nth_raw = raw["nth"]
    nth = -1 if str(nth_raw).strip().lower() == "last" else _as_int(nth_raw, "nth")
    if nth not in (-1, 1, 2, 3, 4, 5):
        raise CalendarError(
            _("rule: nth must be 1-5 or last, not {nth_raw}").format(nth_raw=repr(nth_raw))
        )
    month = _as_int(raw["month"], "month")
    if not 1 <= month <= 12:
        raise CalendarError(_("rule: month must be 1-12, not {month}").format(month=month))
    return NthWeekday(month, _parse_weekday(raw["weekday"]), nth)


def _rule_easter(raw: Mapping[str, Any]) -> Rule:
    days = _as_int(raw["easter"], "easter offset")
    if abs(days) > 366:
        raise CalendarError(_("rule: easter offset {days} is more than a year").format(days=days))
    return EasterOffset(days)


def _rule_moment(raw: Mapping[str, Any]) -> Rule:
    ref = raw["moment"]
    if not isinstance(ref, str) or not ref.strip():
        raise CalendarError(_("rule: moment must name another moment"))
    days = _as_int(raw.get("offset", 0), "offset")
    if abs(days) > 366:
        raise CalendarError(_("rule: offset {days} is more than a year").format(days=days))
    return OffsetFrom(ref.strip(), days)


def _rule_dates(raw: Mapping[str, Any]) -> Rule:
    values = raw["dates"]
    if not isinstance(values, list) or not values:
        raise CalendarError(_("rule: dates must be a non-empty list of dates"))
    every = _as_int(raw.get("every", 0), "every")
    if not 0 <= every <= 10:
        raise CalendarError(_("rule: every must be 0-10 years, not {every}").format(every=every))
    return ExplicitDates(tuple(sorted({_as_date(v, _("each of dates")) for v in values})), every)


def _rule_lunar(raw: Mapping[str, Any]) -> Rule:
    match = _FIXED_RE.match(str(raw["lunar"]).strip())
    month, day = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
    if not (1 <= month <= 12 and 1 <= day <= 30):
        raise CalendarError(
            _("rule: lunar must be a lunar MM-DD like 01-01, not {value}").format(
                value=repr(raw["lunar"])
            )
        )
    return LunarDay(month, day)


def _rule_rrule(raw: Mapping[str, Any]) -> Rule:
    text = raw["rrule"]
    if not isinstance(text, str) or "start" not in raw:
        raise CalendarError(_("rule: an rrule rule needs the rule text and a start date"))
    exdates = raw.get("exdates") or []
    if not isinstance(exdates, list):
        raise CalendarError(_("rule: exdates must be a list of dates"))
    rule = Recurrence(
        text.strip().removeprefix("RRULE:"),
        _as_date(raw["start"], "start"),
        tuple(sorted({_as_date(v, _("each of exdates")) for v in exdates})),
    )
    rule.validate()
    return rule


_PARSERS: dict[str, Callable[[Mapping[str, Any]], Rule]] = {
    "date": _rule_date,
    "nth": _rule_nth,
    "easter": _rule_easter,
    "moment": _rule_moment,
    "dates": _rule_dates,
    "lunar": _rule_lunar,
    "rrule": _rule_rrule,
}
