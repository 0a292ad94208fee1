"""Calendar actions: the agenda of planned moments, drafts for them, ICS in and out.

The calendar itself (packs, public holidays, the config's moments, imported ones) is built by
:mod:`rtc_tui.core.calendar` and cached until the imported moments change. Imported moments
live in the store's state under :data:`IMPORTED_KEY`, written in one locked transaction, so an
import is all or nothing and two sessions never lose each other's imports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta

from rtc_tui import i18n
from rtc_tui.calendar_files import load_calendar
from rtc_tui.config import Config
from rtc_tui.core.calendar.agenda import (
    AgendaEntry,
    Calendar,
    CalendarSettings,
    CalendarView,
    DraftLink,
    build_agenda,
)
from rtc_tui.core.calendar.moments import Moment, Tone
from rtc_tui.core.calendar.occurrences import Occurrence
from rtc_tui.core.calendar.rules import CalendarError
from rtc_tui.core.models import Draft, Origin
from rtc_tui.desk.base import Clock
from rtc_tui.desk.drafts import DraftsService
from rtc_tui.desk.errors import BadInputError
from rtc_tui.i18n import _
from rtc_tui.store import Store

IMPORTED_KEY = "calendar.imported"
"""The state key holding imported (ICS) moments, as a list of ``Moment.to_dict()`` records."""


@dataclass
class IcsReport:
    """What ``rtc ics import`` did."""

    path: str
    added: list[str] = field(default_factory=list)
    """Names of moments new to the calendar."""
    updated: list[str] = field(default_factory=list)
    """Names of moments imported before and replaced by this file's version."""
    known: list[str] = field(default_factory=list)
    """Names of events that are moments the calendar already has (our own export)."""
    skipped: list[str] = field(default_factory=list)
    """One line per event left out on purpose (weekly meetings, cancelled events...)."""


@dataclass(eq=False)
class CalendarService:
    """Everything the Calendar pane and ``rtc moments``/``rtc ics`` do.

    It reads the drafts (for prep states) and creates drafts for moments through the drafts
    service it is given.
    """

    config: Config
    store: Store
    now: Clock
    drafts: DraftsService
    _calendar_cache: tuple[tuple[int, int], list[dict[str, Any]], Calendar] | None = field(
        default=None, init=False, repr=False
    )

    # -- the calendar -------------------------------------------------------------------

    def today(self) -> date:
        """Today's date on this machine's clock (moments are local days)."""
        return self.now().astimezone().date()

    def settings(self) -> CalendarSettings:
        """The config's ``calendar:`` section as core settings."""
        section = self.config.calendar
        return CalendarSettings(
            packs=tuple(section.packs),
            regions=tuple(section.regions),
            holidays=tuple(section.holidays),
            moments=tuple(section.moments),
            source=str(self.config.path) if self.config.path else "config",
            language=i18n.language(),
        )

    def imported_moments(self) -> list[Moment]:
        """Moments imported from calendar files.

        Raises:
            BadInputError: the stored records are invalid (hand-edited state file).
        """
        return self._parse_imported(self._imported_records())

    def current(self) -> Calendar:
        """The whole calendar, rebuilt only when the imported moments changed.

        Raises:
            BadInputError: an invalid pack, user moment, region or country (one line naming
                the file and the moment).
        """
        stamp = self.store.state.stamp()
        cached = self._calendar_cache
        if cached is not None and cached[0] == stamp:
            return cached[2]
        records = self._imported_records()
        if cached is not None and cached[1] == records:
            self._calendar_cache = (stamp, records, cached[2])
            return cached[2]
        calendar = self._build(self._parse_imported(records))
        self._calendar_cache = (stamp, records, calendar)
        return calendar

    def moments(
        self,
        start: date | None = None,
        days: int | None = None,
        regions: Sequence[str] = (),
    ) -> list[Occurrence]:
        """Moments and public holidays from ``start`` (today) for ``days`` (the config's).

        Raises:
            BadInputError: invalid calendar config, region or days.
        """
        first = start or self.today()
        span = self.config.calendar.days if days is None else days
        if span < 0:
            raise BadInputError(_("--days must be 0 or more, not {span}").format(span=span))
        calendar = self.current()
        try:
            return calendar.occurrences(first, span, regions=list(regions) or None)
        except CalendarError as exc:
            raise BadInputError(str(exc)) from None

    def agenda(
        self,
        start: date | None = None,
        days: int | None = None,
        regions: Sequence[str] = (),
    ) -> list[AgendaEntry]:
        """:meth:`moments` with each one's prep state from the drafts linked to it."""
        occurrences = self.moments(start, days, regions)
        return build_agenda(occurrences, self.draft_links(), self.today())

    def view(self, start: date | None = None, days: int | None = None) -> CalendarView:
        """What the Calendar pane shows; never raises (a problem becomes :attr:`error`)."""
        today = self.today()
        first = start or today
        span = self.config.calendar.days if days is None else days
        try:
            entries = self.agenda(first, span)
        except BadInputError as exc:
            return CalendarView(today, first, span, error=str(exc))
        return CalendarView(today, first, span, tuple(entries))

    def draft_links(self) -> list[DraftLink]:
        """Which drafts are for which moment (for the prep state)."""
        return [
            DraftLink(d.id, d.status, d.origin.ref, d.origin.date)
            for d in self.drafts.for_moments()
            if d.origin is not None
        ]

    # -- drafts for moments ---------------------------------------------------------------

    def find_occurrence(self, name: str, on: date | None = None) -> Occurrence:
        """The current or next occurrence of a moment named by id, short id or display name.

        Public holidays are found by name too (within the coming year).

        Raises:
            BadInputError: no such moment, or it does not occur again.
        """
        today = on or self.today()
        calendar = self.current()
        moment = calendar.find(name)
        if moment is not None:
            occurrence = calendar.next_occurrence(moment, today)
            if occurrence is None:
                raise BadInputError(
                    _("moment '{name}' does not occur again after {day}").format(
                        name=moment.name, day=today
                    )
                )
            return occurrence
        wanted = name.strip().lower()
        for occurrence in calendar.occurrences(today, 366):
            if wanted in {occurrence.moment.id.lower(), occurrence.moment.name.lower()}:
                return occurrence
        raise BadInputError(_("no moment named '{name}' (see `rtc moments`)").format(name=name))

    def moment_origin(self, name: str, on: date | None = None) -> Origin:
        """The draft origin for a moment's current or next occurrence.

        Raises:
            BadInputError: no such moment.
        """
        return origin_for(self.find_occurrence(name, on))

    def occurrence(self, moment_id: str, day: date) -> Occurrence:
        """The occurrence of ``moment_id`` starting on ``day``.

        Raises:
            BadInputError: the moment does not fall on that day.
        """
        for occurrence in self.moments(day, 1):
            if occurrence.moment.id == moment_id and occurrence.date == day:
                return occurrence
        raise BadInputError(
            _("no moment '{id}' on {day}").format(id=moment_id, day=day.isoformat())
        )

    def new_draft(self, moment_id: str, day: date) -> Draft:
        """Create a draft for one occurrence: linked, titled, with the suggested hashtags.

        Raises:
            BadInputError: the moment does not fall on that day.
        """
        occurrence = self.occurrence(moment_id, day)
        moment = occurrence.moment
        # The hashtags on their own line and the cursor (at the end) on the next one: what is
        # typed first is not glued to the last hashtag ("#BuonNataleAuguri!").
        text = " ".join(moment.hashtags) + "\n" if moment.hashtags else ""
        return self.drafts.new(
            title=f"{moment.name} {occurrence.date.year}",
            text=text,
            origin=origin_for(occurrence),
        )

    def solemn_days_on(self, day: date) -> list[Occurrence]:
        """The solemn days falling on ``day`` in the user's calendar (packs, regions, imports).

        For ``rtc check --date``: a post going out on a remembrance day gets a warning.

        Raises:
            BadInputError: the calendar config is invalid.
        """
        return [o for o in self.moments(day, 1) if o.moment.tone is Tone.SOLEMN]

    def solemn_day(self, draft: Draft | None = None, on: date | None = None) -> str:
        """The solemn day a draft is linked to, or that falls on ``on`` (today), else ``""``.

        For the safety checks: a post linked to, or published on, a remembrance day gets a
        warning. Never raises: a broken calendar config must not break the checklist.
        """
        names: list[str] = []
        ids: set[str] = set()
        origin = draft.origin if draft is not None else None
        if origin is not None and origin.kind == "moment" and origin.tone == Tone.SOLEMN.value:
            names.append(self._moment_name(origin.ref) or origin.title)
            ids.add(origin.ref)
        try:
            for occurrence in self.solemn_days_on(on or self.today()):
                moment = occurrence.moment
                # The same day is matched by its id, not its name: a draft made in another
                # language keeps the title it had then.
                if moment.id not in ids and moment.name not in names:
                    names.append(moment.name)
                    ids.add(moment.id)
        except BadInputError:
            pass
        return "; ".join(names)

    def _moment_name(self, moment_id: str) -> str:
        """The moment's name in the interface language (``""``: unknown, or a broken config)."""
        try:
            moment = self.current().find(moment_id)
        except BadInputError:
            return ""
        return "" if moment is None else moment.name

    # -- ICS ------------------------------------------------------------------------------

    def export_ics(self, start: date | None = None, days: int | None = None) -> bytes:
        """The next 12 months (or ``days`` from ``start``) as an iCalendar file.

        Raises:
            BadInputError: invalid calendar config.
        """
        from rtc_tui.core.calendar.ics import (
            export_ics,  # icalendar costs ~25 ms to import: only here
        )

        first = start or self.today()
        span = (first + relativedelta(years=1) - first).days if days is None else days
        return export_ics(self.moments(first, span), now=self.now())

    def import_ics(self, path: Path) -> IcsReport:
        """Import a calendar file's events as moments, all or nothing.

        Raises:
            BadInputError: unreadable or invalid file, or moments that would break the calendar
                (one line naming the file, and the event when there is one).
        """
        from rtc_tui.core.calendar.ics import import_ics, summarise_skipped
        from rtc_tui.core.units import size_words

        max_bytes = self.config.calendar.ics_max_bytes
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise BadInputError(
                    _("{path}: larger than {size} (config calendar.ics_max_bytes)").format(
                        path=path, size=size_words(max_bytes)
                    )
                )
            data = path.read_bytes()
        except FileNotFoundError:
            raise BadInputError(_("{path}: no such file").format(path=path)) from None
        except IsADirectoryError:
            raise BadInputError(
                _("{path}: is a folder, not a calendar file").format(path=path)
            ) from None
        except OSError as exc:
            raise BadInputError(
                _("{path}: cannot read: {reason}").format(path=path, reason=exc.strerror)
            ) from None
        try:
            parsed = import_ics(
                data,
                path=str(path),
                max_bytes=max_bytes,
                max_events=self.config.calendar.ics_max_events,
            )
        except CalendarError as exc:
            raise BadInputError(str(exc)) from None
        report = IcsReport(str(path), skipped=summarise_skipped(parsed.skipped))
        calendar = self.current()
        known_ids = {m.id for m in calendar.moments}
        countries = {spec.partition("-")[0].lower() for spec in calendar.holidays}
        countries |= {"gb"} if "uk" in countries else set()
        new: list[Moment] = []
        for moment in parsed.moments:
            original = parsed.rtc_ids.get(moment.id, "")
            kind, _sep, rest = original.partition(".")
            holiday_known = kind == "holiday" and rest.partition(".")[0] in countries
            if original and (original in known_ids or holiday_known):
                report.known.append(moment.name)
            else:
                new.append(moment)
        existing = {m.id: m for m in self.imported_moments()}
        candidate = {**existing, **{m.id: m for m in new}}
        try:
            self._build(list(candidate.values()))
        except BadInputError as exc:
            raise BadInputError(
                _("{path}: not imported: {reason}").format(path=path, reason=exc)
            ) from None
        for moment in new:
            (report.updated if moment.id in existing else report.added).append(moment.name)
        if new:
            records = {m.id: m.to_dict() for m in new}

            def merge(old: Any) -> list[dict[str, Any]]:
                kept = [r for r in (old or []) if r.get("id") not in records]
                return [*kept, *records.values()]

            self.store.state.update(IMPORTED_KEY, merge, default=[])
        return report

    # -- internals ------------------------------------------------------------------------

    def _imported_records(self) -> list[dict[str, Any]]:
        value = self.store.state.get(IMPORTED_KEY, [])
        return list(value) if isinstance(value, list) else []

    def _parse_imported(self, records: list[dict[str, Any]]) -> list[Moment]:
        where = self.store.state.location
        try:
            return [Moment.from_dict(r, path=where) for r in records]
        except CalendarError as exc:
            raise BadInputError(str(exc)) from None

    def _build(self, imported: list[Moment]) -> Calendar:
        try:
            return load_calendar(self.settings(), imported)
        except CalendarError as exc:
            raise BadInputError(str(exc)) from None


def origin_for(occurrence: Occurrence) -> Origin:
    """A draft's origin for one occurrence of a moment (a snapshot of its name and tone)."""
    moment = occurrence.moment
    return Origin(
        kind="moment",
        ref=moment.id,
        title=moment.name,
        date=occurrence.date.isoformat(),
        tone=moment.tone.value,
    )
