"""Public holidays of the configured countries, from the ``holidays`` package.

Each holiday becomes an occurrence of a civic moment (origin ``holidays``, tag
``public-holiday``, no lead time) named in the reader's language when the package has it, else
in the country's own. A holiday is one row with the pack moment that stands for it: the moment
that names it under ``holiday:`` (in the country's language) wherever that moment falls that
year (the 4 November of Forze Armate, which the package puts on the first Sunday of November),
else a moment of the same country on the same day (Pasqua, Thanksgiving, Boxing Day). The pack
moment is kept, with the holiday's name attached; only holidays no moment covers are rows of
their own.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date, timedelta
from functools import lru_cache
from types import ModuleType

from rtc_tui.core.calendar.moments import Moment, MomentOrigin, Tone, normalize_region, slugify
from rtc_tui.core.calendar.occurrences import Occurrence, sort_key
from rtc_tui.core.calendar.rules import CalendarError, ExplicitDates
from rtc_tui.i18n import _

HOLIDAY_TAG = "public-holiday"
"""The tag every public holiday carries."""


def _holidays() -> ModuleType:
    """The ``holidays`` package, imported on first use.

    It costs a tenth of a second (its version lookup goes through ``importlib.metadata``), and
    commands such as ``rtc check`` reach this module without ever asking for a holiday.
    """
    import holidays

    return holidays


class HolidayTable:
    """What the calendar asks the ``holidays`` package: countries, languages, each year's days.

    The three questions are methods so a caller outside the core can answer them from a cache
    (:mod:`rtc_tui.calendar_cache`) and spare a command the package's import; this class asks
    the package itself.
    """

    def country(self, spec: str) -> tuple[str, str | None]:
        """Split a country spec: ``IT`` -> ``("IT", None)``, ``GB-ENG`` -> ``("GB", "ENG")``.

        ``UK`` is accepted for ``GB``.

        Raises:
            CalendarError: not a country ``holidays`` knows, or an unknown subdivision.
        """
        country_part, _sep, subdiv = str(spec).strip().partition("-")
        country = normalize_region(country_part)
        try:
            calendar = _holidays().country_holidays(country)
        except NotImplementedError:
            raise CalendarError(
                _("no public holidays are known for country {spec}").format(spec=repr(spec))
            ) from None
        sub = subdiv.upper() or None
        if sub is not None and sub not in calendar.subdivisions:
            known = ", ".join(calendar.subdivisions) or "none"
            raise CalendarError(
                _("unknown subdivision {spec} (known for {country}: {known})").format(
                    spec=repr(spec), country=country, known=known
                )
            )
        return country, sub

    def language(self, country: str, language: str) -> str:
        """The ``holidays`` locale for ``language`` (``it`` -> ``it_IT``), else the country's."""
        probe = _holidays().country_holidays(country)
        default: str = probe.default_language or ""
        if language:
            for supported in probe.supported_languages:
                if supported == language or supported.startswith(f"{language}_"):
                    return str(supported)
        return default

    def days(
        self, country: str, subdiv: str | None, year: int, language: str
    ) -> tuple[tuple[date, str, str], ...]:
        """``(day, name in the country's language, name in language)`` for one year."""
        return _holidays_for(country, subdiv, year, language)


PACKAGE = HolidayTable()
"""The table that asks the ``holidays`` package directly."""


def parse_country(spec: str) -> tuple[str, str | None]:
    """Split a country spec (see :meth:`HolidayTable.country`).

    Raises:
        CalendarError: not a country ``holidays`` knows, or an unknown subdivision.
    """
    return PACKAGE.country(spec)


@lru_cache(maxsize=128)
def _holidays_for(
    country: str, subdiv: str | None, year: int, language: str
) -> tuple[tuple[date, str, str], ...]:
    holidays = _holidays()
    own = holidays.country_holidays(
        country, subdiv=subdiv, years=year, language=PACKAGE.language(country, "")
    )
    shown = holidays.country_holidays(country, language=PACKAGE.language(country, language))
    # The package's names are gettext messages in the country's language: translating each
    # one pairs the names of a day with two holidays (1 November 2026) reliably.
    return tuple(
        (day, name, str(shown.tr(name))) for day in sorted(own) for name in own.get_list(day)
    )


def holiday_occurrences(
    countries: Iterable[str],
    start: date,
    stop: date,
    *,
    language: str = "",
    table: HolidayTable = PACKAGE,
) -> list[Occurrence]:
    """Public holidays in ``[start, stop)`` for ``countries`` (``IT``, ``GB-ENG``...).

    Args:
        countries: country specs.
        start: the first day.
        stop: the day after the last.
        language: the reader's language for the names (else the country's own).
        table: where the holidays come from (the package, or a cache of its answers).

    Raises:
        CalendarError: an unknown country or subdivision.
    """
    found: list[Occurrence] = []
    for spec in dict.fromkeys(countries):
        country, subdiv = table.country(spec)
        shown_language = table.language(country, language).split("_")[0]
        for year in range(start.year, (stop - timedelta(days=1)).year + 1):
            for day, own_name, name in table.days(country, subdiv, year, language):
                if start <= day < stop:
                    moment = Moment(
                        id=f"holiday.{country.lower()}.{slugify(own_name)}",
                        name=name,
                        rule=ExplicitDates((day,)),
                        regions=(country,),
                        tags=(HOLIDAY_TAG,),
                        lead_days=0,
                        origin=MomentOrigin.HOLIDAYS,
                        tone=Tone.CIVIC,
                        language=shown_language,
                        holidays=(own_name,),
                    )
                    found.append(Occurrence(moment, day, holiday=name))
    return found


def merge_holidays(
    moments: Sequence[Occurrence],
    public: Sequence[Occurrence],
    named: Mapping[str, Collection[str]] | None = None,
) -> list[Occurrence]:
    """Pack/user occurrences plus the public holidays that no moment already covers.

    A holiday of country C is folded into the moment of C that names it (``holiday:``) in the
    same year, else into every non-global moment of C on its day: the moment keeps its name,
    tone and lead time, and records the holiday's name. Other holidays are kept as rows of their
    own. The result is in agenda order.

    The window may cut a named pair apart (the holiday inside, the moment outside): then the
    holiday is dropped rather than shown bare, since the moment's own row stands for it.
    """
    by_day: dict[tuple[str, date], list[int]] = {}
    by_name: dict[tuple[str, int, str], list[int]] = {}
    for index, occurrence in enumerate(moments):
        for region in occurrence.moment.regions:
            by_day.setdefault((region, occurrence.date), []).append(index)
            for name in occurrence.moment.holidays:
                by_name.setdefault((region, occurrence.date.year, name), []).append(index)
    named = named or {}
    merged = list(moments)
    extra: list[Occurrence] = []
    seen: set[tuple[str, date, str]] = set()
    for holiday in public:
        region = holiday.moment.regions[0]
        key = (region, holiday.date)
        own_name = holiday.moment.holidays[0]
        if (region, holiday.date, own_name) in seen:  # a country listed twice (IT and IT-xx)
            continue
        seen.add((region, holiday.date, own_name))
        hits = by_name.get((region, holiday.date.year, own_name)) or by_day.get(key)
        if not hits:
            if own_name not in named.get(region, ()):
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
