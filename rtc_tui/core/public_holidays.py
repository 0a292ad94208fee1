"""Public holidays of the configured countries, from the ``holidays`` package.

Each holiday becomes an occurrence of a civic moment (origin ``holidays``, tag
``public-holiday``, no lead time) named in the country's own language. When a pack moment of the
same country already falls on that day (Pasqua, Thanksgiving, Boxing Day) the two are one row:
the pack moment is kept, with the holiday's name attached.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import lru_cache

import holidays

from rtc_tui.core.moments import Moment, MomentOrigin, Tone, normalize_region, slugify
from rtc_tui.core.occurrences import Occurrence, sort_key
from rtc_tui.core.rules import CalendarError, ExplicitDates

HOLIDAY_TAG = "public-holiday"
"""The tag every public holiday carries."""


def parse_country(spec: str) -> tuple[str, str | None]:
    """Split a country spec: ``IT`` -> ``("IT", None)``, ``GB-ENG`` -> ``("GB", "ENG")``.

    ``UK`` is accepted for ``GB``.

    Raises:
        CalendarError: not a country ``holidays`` knows, or an unknown subdivision.
    """
    country_part, _, subdiv = str(spec).strip().partition("-")
    country = normalize_region(country_part)
    try:
        calendar = holidays.country_holidays(country)
    except NotImplementedError:
        raise CalendarError(f"no public holidays are known for country {spec!r}") from None
    sub = subdiv.upper() or None
    if sub is not None and sub not in calendar.subdivisions:
        known = ", ".join(calendar.subdivisions) or "none"
        raise CalendarError(f"unknown subdivision {spec!r} (known for {country}: {known})")
    return country, sub


@lru_cache(maxsize=64)
def _holidays_for(country: str, subdiv: str | None, year: int) -> tuple[tuple[date, str], ...]:
    probe = holidays.country_holidays(country, subdiv=subdiv)
    table = holidays.country_holidays(
        country, subdiv=subdiv, years=year, language=probe.default_language
    )
    return tuple(sorted(table.items()))


def _language(country: str) -> str:
    default = holidays.country_holidays(country).default_language or ""
    return default.split("_")[0]


def holiday_occurrences(countries: Iterable[str], start: date, stop: date) -> list[Occurrence]:
    """Public holidays in ``[start, stop)`` for ``countries`` (``IT``, ``GB-ENG``...).

    Raises:
        CalendarError: an unknown country or subdivision.
    """
    found: list[Occurrence] = []
    for spec in dict.fromkeys(countries):
        country, subdiv = parse_country(spec)
        language = _language(country)
        for year in range(start.year, (stop - timedelta(days=1)).year + 1):
            for day, name in _holidays_for(country, subdiv, year):
                if start <= day < stop:
                    moment = Moment(
                        id=f"holiday.{country.lower()}.{slugify(name)}",
                        name=name,
                        rule=ExplicitDates((day,)),
                        regions=(country,),
                        tags=(HOLIDAY_TAG,),
                        lead_days=0,
                        origin=MomentOrigin.HOLIDAYS,
                        tone=Tone.CIVIC,
                        language=language,
                    )
                    found.append(Occurrence(moment, day, holiday=name))
    return found


def merge_holidays(moments: Sequence[Occurrence], public: Sequence[Occurrence]) -> list[Occurrence]:
    """Pack/user occurrences plus the public holidays that no moment already covers.

    A holiday of country C on day D is folded into every non-global moment of C on D: the
    moment keeps its name, tone and lead time, and records the holiday's name. Other holidays
    are kept as rows of their own. The result is in agenda order.
    """
    by_day: dict[tuple[str, date], list[int]] = {}
    for index, occurrence in enumerate(moments):
        for region in occurrence.moment.regions:
            by_day.setdefault((region, occurrence.date), []).append(index)
    merged = list(moments)
    extra: list[Occurrence] = []
    seen: set[tuple[str, date]] = set()
    for holiday in public:
        region = holiday.moment.regions[0]
        key = (region, holiday.date)
        if key in seen:  # the same country listed twice (IT and IT-xx)
            continue
        seen.add(key)
        hits = by_day.get(key)
        if not hits:
            extra.append(holiday)
            continue
        for index in hits:
            current = merged[index]
            names = [n for n in (current.holiday, holiday.holiday) if n]
            merged[index] = Occurrence(
                current.moment, current.date, holiday="; ".join(dict.fromkeys(names))
            )
    merged.extend(extra)
    merged.sort(key=sort_key)
    return merged
