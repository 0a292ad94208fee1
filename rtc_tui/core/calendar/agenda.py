"""The calendar of planned moments: packs + public holidays + the user's own, and prep state.

This is the entry point for the desk: :class:`Calendar` is built from settings (which packs,
regions and holiday countries are on, the user's moments, the imported ones, the reader's
language) and the packs already read (:mod:`rtc_tui.calendar_files` reads them), and answers
"what is coming in this window", each moment once, in the reader's language;
:func:`prep_state` says how far the team's preparation is from the drafts linked to a moment.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from rtc_tui.core.calendar.moments import GLOBAL, Moment, MomentOrigin, Tone, normalize_region
from rtc_tui.core.calendar.occurrences import MomentSet, Occurrence, sort_key
from rtc_tui.core.calendar.packs import SHIPPED_PACKS, Pack, parse_user_moments
from rtc_tui.core.calendar.public_holidays import (
    PACKAGE,
    HolidayTable,
    holiday_occurrences,
    merge_holidays,
)
from rtc_tui.core.calendar.rules import CalendarError
from rtc_tui.core.models import DraftStatus
from rtc_tui.i18n import N_, _, ngettext

__all__ = [
    "GLOBAL",
    "AgendaEntry",
    "Calendar",
    "CalendarError",
    "CalendarSettings",
    "CalendarView",
    "DraftLink",
    "Moment",
    "Occurrence",
    "PrepState",
    "Tone",
    "build_agenda",
    "countdown",
    "marker",
    "needs_prep",
    "prep_label",
    "prep_state",
]


@dataclass(frozen=True)
class CalendarSettings:
    """What the user switched on (the config's ``calendar:`` section, as plain values)."""

    packs: tuple[str, ...] = SHIPPED_PACKS
    """Shipped pack names or paths of YAML packs."""
    regions: tuple[str, ...] = ()
    """Countries shown (global moments always are); empty: every region."""
    holidays: tuple[str, ...] = ()
    """Countries (``IT``, ``GB-ENG``) whose public holidays are shown."""
    moments: tuple[Any, ...] = ()
    """The user's own moments, in pack form."""
    source: str = ""
    """The config file, for error messages."""
    language: str = ""
    """The reader's language (``it``, ``en``): moments and holidays are named in it."""


class Calendar:
    """Every known moment, which of them are on, and the holidays to merge in."""

    def __init__(
        self,
        moments: MomentSet,
        *,
        enabled: Collection[str] | None = None,
        regions: Collection[str] = (),
        holidays: Sequence[str] = (),
        language: str = "",
        table: HolidayTable = PACKAGE,
    ) -> None:
        """Use ``moments`` (all of them, so cross-pack rules resolve).

        Args:
            moments: every moment, including those of packs that are switched off.
            enabled: the namespaces shown (pack names, ``user``, ``ics``); ``None``: all.
            regions: the countries shown; empty: all.
            holidays: the countries whose public holidays are shown.
            language: the reader's language; empty: each moment in its pack's language.
            table: where public holidays come from (the ``holidays`` package, or a cache).
        """
        self.moments = moments
        """Every moment known, on or off."""
        self.enabled = None if enabled is None else frozenset(enabled)
        self.regions = tuple(normalize_region(r) for r in regions)
        self.holidays = tuple(holidays)
        self.language = language
        self.table = table
        for spec in self.holidays:
            table.country(spec)
        named: dict[str, set[str]] = {}
        for moment in moments:
            for region in moment.regions if moment.holidays else ():
                named.setdefault(region, set()).update(moment.holidays)
        self._named_holidays = named

    @classmethod
    def build(
        cls,
        settings: CalendarSettings,
        packs: Sequence[Pack],
        extra: Iterable[Moment] = (),
        *,
        shown: Collection[str] | None = None,
        table: HolidayTable = PACKAGE,
    ) -> Calendar:
        """A calendar of ``packs``, the user's moments and ``extra`` (imported ones).

        Every shipped pack should be among ``packs`` so rules may refer across packs (Giving
        Tuesday = ``us.thanksgiving`` + 5); only those named in ``shown`` are shown.

        Args:
            settings: what the user switched on.
            packs: the packs read (by :mod:`rtc_tui.calendar_files`).
            extra: imported moments.
            shown: the names of the packs switched on; ``None``: every pack.
            table: where public holidays come from (the ``holidays`` package, or a cache).

        Raises:
            CalendarError: an invalid moment, region or country, naming file and moment.
        """
        names: dict[str, Pack] = {}
        for pack in packs:
            if pack.name in names:
                raise CalendarError(
                    _("two packs are named {name}").format(name=repr(pack.name)), path=pack.path
                )
            names[pack.name] = pack
        user = parse_user_moments(settings.moments, path=settings.source)
        everything = [m for p in packs for m in p.moments]
        moment_set = MomentSet([*everything, *user, *extra])
        try:
            regions = tuple(normalize_region(r) for r in settings.regions)
            for spec in settings.holidays:
                table.country(spec)
        except CalendarError as exc:
            raise exc.located(path=settings.source) from None
        wanted = set(names) if shown is None else set(shown)
        return cls(
            moment_set,
            enabled={*wanted, "user", "ics"},
            regions=regions,
            holidays=settings.holidays,
            language=settings.language,
            table=table,
        )

    def is_shown(self, moment: Moment) -> bool:
        """Whether the moment's pack (or origin) is switched on."""
        return self.enabled is None or moment.id.partition(".")[0] in self.enabled

    def occurrences(
        self,
        start: date,
        days: int,
        *,
        regions: Collection[str] | None = None,
    ) -> list[Occurrence]:
        """Moments and public holidays in the ``days`` days from ``start``, in agenda order.

        Args:
            start: the first day.
            days: how many days.
            regions: narrow to these countries (global moments stay); ``None``: the configured
                regions (all when none are configured).
        """
        stop = start + timedelta(days=max(days, 0))
        if regions is None:
            wanted: tuple[str, ...] | None = self.regions or None
        else:
            wanted = tuple(normalize_region(r) for r in regions) or self.regions or None
        found = self.moments.occurrences(start, stop, regions=wanted, keep=self.is_shown)
        countries = [
            spec
            for spec in self.holidays
            if wanted is None or normalize_region(spec.partition("-")[0]) in wanted
        ]
        public = (
            holiday_occurrences(countries, start, stop, language=self.language, table=self.table)
            if countries
            else []
        )
        merged = merge_holidays(found, public, self._named_holidays)
        return sorted((o.localized(self.language) for o in merged), key=sort_key)

    def find(self, text: str) -> Moment | None:
        """A moment by id, short id or name in any of its languages (in the reader's)."""
        moment = self.moments.find(text)
        return None if moment is None else moment.localized(self.language)

    def next_occurrence(self, moment: Moment, today: date) -> Occurrence | None:
        """The moment's current or next occurrence."""
        found = self.moments.next_occurrence(moment.id, today)
        return None if found is None else found.localized(self.language)


class PrepState(StrEnum):
    """How far the team's preparation for one occurrence is."""

    NO_DRAFT = "no draft"
    DRAFTING = "drafting"
    IN_REVIEW = "in review"
    APPROVED = "approved"
    EXPORTED = "exported"
    OBSERVE = "observe"
    """A solemn day with no draft: nothing to celebrate, nothing to nag about."""


_RANK = {
    DraftStatus.DRAFT: (1, PrepState.DRAFTING),
    DraftStatus.IN_REVIEW: (2, PrepState.IN_REVIEW),
    DraftStatus.APPROVED: (3, PrepState.APPROVED),
    DraftStatus.EXPORTED: (4, PrepState.EXPORTED),
}


@dataclass(frozen=True)
class DraftLink:
    """What prep state needs to know of a draft: its status and the moment it is for."""

    draft_id: int
    status: DraftStatus
    ref: str
    """The moment id in the draft's origin."""
    date: str = ""
    """The ISO date of the occurrence the draft is for (empty: any occurrence)."""


def links_for(occurrence: Occurrence, links: Iterable[DraftLink]) -> list[DraftLink]:
    """The drafts linked to this occurrence (same moment, same date or no date)."""
    day = occurrence.date.isoformat()
    return [
        link
        for link in links
        if link.ref == occurrence.moment.id and (not link.date or link.date == day)
    ]


def prep_state(occurrence: Occurrence, links: Iterable[DraftLink]) -> PrepState:
    """The most advanced status among the drafts linked to ``occurrence``.

    A solemn day without drafts is :attr:`PrepState.OBSERVE` rather than "no draft": there is
    nothing to prepare a celebration for.
    """
    best: tuple[int, PrepState] | None = None
    for link in links_for(occurrence, links):
        ranked = _RANK[link.status]
        if best is None or ranked[0] > best[0]:
            best = ranked
    if best is not None:
        return best[1]
    return PrepState.OBSERVE if occurrence.moment.tone is Tone.SOLEMN else PrepState.NO_DRAFT


def needs_prep(occurrence: Occurrence, state: PrepState, today: date) -> bool:
    """In its lead window with no draft yet (the agenda marks these with ``>``)."""
    return state is PrepState.NO_DRAFT and occurrence.in_lead_window(today)


@dataclass(frozen=True)
class AgendaEntry:
    """One agenda row: an occurrence and where its preparation stands."""

    occurrence: Occurrence
    prep: PrepState
    needs_prep: bool
    """Inside its lead window with no draft: the row to act on (marked ``>``)."""
    draft_ids: tuple[int, ...] = ()

    def to_dict(self, today: date) -> dict[str, Any]:
        """The ``rtc moments --json`` record, with the prep state."""
        record = self.occurrence.to_dict(today)
        record["prep"] = self.prep.value
        record["needs_prep"] = self.needs_prep
        record["drafts"] = list(self.draft_ids)
        return record


def build_agenda(
    occurrences: Iterable[Occurrence], links: Sequence[DraftLink], today: date
) -> list[AgendaEntry]:
    """Agenda rows for ``occurrences`` given the drafts' links to moments."""
    entries = []
    for occurrence in occurrences:
        state = prep_state(occurrence, links)
        entries.append(
            AgendaEntry(
                occurrence,
                state,
                needs_prep(occurrence, state, today),
                tuple(link.draft_id for link in links_for(occurrence, links)),
            )
        )
    return entries


@dataclass(frozen=True)
class CalendarView:
    """What the Calendar pane shows for one window: rows, or the error that prevented them."""

    today: date
    start: date
    days: int
    entries: tuple[AgendaEntry, ...] = ()
    error: str = ""
    """A one-line problem (an invalid pack or user moment), shown instead of the rows."""


def marker(entry: AgendaEntry) -> str:
    """One character that reads without colour: ``>`` prep due, ``~`` solemn, ``*`` holiday."""
    if entry.needs_prep:
        return ">"
    if entry.occurrence.moment.tone is Tone.SOLEMN:
        return "~"
    if entry.occurrence.holiday:
        return "*"
    if entry.occurrence.to_confirm:
        return "?"
    return " "


PREP_LABELS = {
    PrepState.NO_DRAFT: N_("no draft"),
    PrepState.DRAFTING: N_("drafting"),
    PrepState.IN_REVIEW: N_("in review"),
    PrepState.APPROVED: N_("approved"),
    PrepState.EXPORTED: N_("exported"),
    PrepState.OBSERVE: N_("solemn"),
}
"""What the prep column says for each state (translated where shown; JSON keeps the values)."""


def prep_label(entry: AgendaEntry) -> str:
    """The prep column: the draft state, ``solemn`` or ``holiday`` where there is nothing to do."""
    if entry.prep is PrepState.NO_DRAFT and entry.occurrence.moment.origin is MomentOrigin.HOLIDAYS:
        return _("holiday")
    return _(PREP_LABELS[entry.prep])


def to_confirm_label() -> str:
    """What follows the name of an estimated occurrence (no edition announced yet)."""
    return _("date to confirm")


def countdown(occurrence: Occurrence, today: date) -> str:
    """``today``, ``tomorrow``, ``in 12 d``, ``on now`` (running) or ``3 d ago``."""
    days = occurrence.days_until(today)
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    if days > 1:
        return ngettext("in {days} d", "in {days} d", days).format(days=days)
    if occurrence.is_on(today):
        return _("on now")
    return ngettext("{days} d ago", "{days} d ago", -days).format(days=-days)
