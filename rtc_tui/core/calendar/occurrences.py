"""Occurrences of moments in a date window, with rules that refer to other moments resolved.

:class:`MomentSet` holds every known moment (checking ids are unique and references resolve
without cycles) and lists the :class:`Occurrence` objects touching a window, fast enough for a
year across every pack (dates are memoised per moment and year).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from rtc_tui.core.calendar.moments import Moment
from rtc_tui.core.calendar.rules import CalendarError
from rtc_tui.i18n import _

_Day = date


@dataclass(frozen=True)
class Occurrence:
    """One moment on one date (the first day, when it spans several)."""

    moment: Moment
    date: _Day
    holiday: str = ""
    """The public holiday on this date in the moment's country, when there is one."""

    @property
    def to_confirm(self) -> bool:
        """An estimated date: the event's next edition is not announced yet."""
        return self.moment.rule.is_estimate(self.date)

    def localized(self, language: str) -> Occurrence:
        """The same occurrence with the moment in ``language`` (see :meth:`Moment.localized`)."""
        moment = self.moment.localized(language)
        return self if moment is self.moment else replace(self, moment=moment)

    @property
    def end(self) -> _Day:
        """The last day (the same as :attr:`date` for a one-day moment)."""
        return self.date + timedelta(days=self.moment.span - 1)

    @property
    def key(self) -> tuple[str, str]:
        """``(moment id, ISO date)``: what a draft's origin records."""
        return (self.moment.id, self.date.isoformat())

    def days_until(self, today: _Day) -> int:
        """Days from ``today`` to the first day (negative once it has started)."""
        return (self.date - today).days

    def is_on(self, day: _Day) -> bool:
        """Whether ``day`` is one of its days."""
        return self.date <= day <= self.end

    def in_lead_window(self, today: _Day) -> bool:
        """Whether prep should be under way: from ``lead_days`` before until its last day."""
        if self.moment.lead_days <= 0:
            return False
        return self.days_until(today) <= self.moment.lead_days and today <= self.end

    def to_dict(self, today: _Day) -> dict[str, Any]:
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
            "to_confirm": self.to_confirm,
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
                where = (
                    _(" (also defined in {source})").format(source=other.source)
                    if other.source
                    else ""
                )
                raise CalendarError(
                    _("duplicate id{where}").format(where=where),
                    path=moment.source,
                    line=moment.line,
                    moment=moment.id,
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
                    _("rule refers back to itself: {cycle}").format(cycle=cycle),
                    path=moment.source,
                    line=moment.line,
                    moment=moment.id,
                )
            state[moment.id] = 1
            for ref in moment.rule.refs:
                target = self._by_id.get(ref)
                if target is None:
                    raise CalendarError(
                        _("rule refers to unknown moment {ref}").format(ref=repr(ref)),
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
        """A moment by id, by id without its pack, or by a name in any language (any case)."""
        if text in self._by_id:
            return self._by_id[text]
        wanted = text.strip().lower()
        for moment in self._by_id.values():
            if moment.id.lower() == wanted or wanted in (n.lower() for n in moment.names):
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
