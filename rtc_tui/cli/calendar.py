"""``rtc moments``, ``rtc ics import FILE`` and ``rtc ics export [--out FILE]``."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from rtc_tui import i18n
from rtc_tui.cli.common import print_json, services
from rtc_tui.i18n import LANGUAGES, _, format_date, ngettext


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        message = _("expected a date like 2026-05-10, not {text}").format(text=repr(text))
        raise argparse.ArgumentTypeError(message) from None


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        message = _("expected a number of days, not {text}").format(text=repr(text))
        raise argparse.ArgumentTypeError(message) from None
    if not 0 <= value <= 3660:
        raise argparse.ArgumentTypeError(_("days must be 0-3660, not {value}").format(value=value))
    return value


def register(subparsers: argparse._SubParsersAction[Any], parent: argparse.ArgumentParser) -> None:
    """Add ``moments`` and ``ics``."""
    p_moments = subparsers.add_parser(
        "moments", parents=[parent], help=_("planned moments coming up (agenda)")
    )
    p_moments.add_argument(
        "--from",
        dest="start",
        type=_iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help=_("first day (default: today)"),
    )
    p_moments.add_argument(
        "--days", type=_days, default=None, metavar="N", help=_("window length (config: 60)")
    )
    p_moments.add_argument(
        "--region",
        action="append",
        default=[],
        metavar="CC",
        help=_("only this country (IT, US, GB; UK = GB), repeatable; global moments stay"),
    )
    p_moments.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help=_("names in this language (default: the interface language)"),
    )
    p_moments.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p_moments.set_defaults(run=run_moments)

    p_ics = subparsers.add_parser("ics", parents=[parent], help=_("calendar files in and out"))
    ics_sub = p_ics.add_subparsers(dest="ics_command", metavar="ACTION", required=True)
    p_import = ics_sub.add_parser(
        "import", parents=[parent], help=_("add a calendar file's events as moments")
    )
    p_import.add_argument("file", type=Path, metavar="FILE", help=_("the calendar file (.ics)"))
    p_import.set_defaults(run=run_import)
    p_export = ics_sub.add_parser(
        "export", parents=[parent], help=_("the next 12 months as an iCalendar file")
    )
    p_export.add_argument(
        "--out", type=Path, default=None, metavar="FILE", help=_("write here (default: stdout)")
    )
    p_export.set_defaults(run=run_export)


def _regions(values: list[str]) -> list[str]:
    from rtc_tui.core.calendar.moments import normalize_region
    from rtc_tui.core.calendar.rules import CalendarError
    from rtc_tui.desk.errors import BadInputError

    try:
        return [normalize_region(v) for v in values]
    except CalendarError as exc:
        raise BadInputError(_("--region: {problem}").format(problem=exc)) from None


def run_moments(args: argparse.Namespace) -> int:
    """Print the agenda (or its JSON)."""
    from rtc_tui.core.calendar.agenda import countdown, marker, prep_label, to_confirm_label
    from rtc_tui.core.calendar.moments import MomentOrigin

    regions = _regions(args.region)
    with services(args) as svc:
        if args.lang:
            i18n.setup(args.lang)
        entries = svc.desk.calendar.agenda(args.start, args.days, regions)
        today = svc.desk.calendar.today()
    if args.json:
        print_json([e.to_dict(today) for e in entries])
        return 0
    if not entries:
        print(_("No moments in this window."))
    for entry in entries:
        occ = entry.occurrence
        name = occ.moment.name
        if occ.holiday and occ.holiday != name and occ.moment.origin is not MomentOrigin.HOLIDAYS:
            name += " " + _("(holiday: {name})").format(name=occ.holiday)
        if occ.to_confirm:
            name += f" ({to_confirm_label()})"
        day = f"{format_date(occ.date, 'EEE')} {occ.date:%Y-%m-%d}"
        print(
            f"{marker(entry)} {day}  {countdown(occ, today):<9} "
            f"{occ.moment.region_shown:<7} {prep_label(entry):<10} {name}"
        )
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Import a calendar file; all or nothing."""
    with services(args) as svc:
        report = svc.desk.calendar.import_ics(args.file)
    total = len(report.added) + len(report.updated)
    imported = ngettext(
        "imported {total} moment from {path} ({added} new, {updated} updated)",
        "imported {total} moments from {path} ({added} new, {updated} updated)",
        total,
    )
    print(
        imported.format(
            total=total, path=report.path, added=len(report.added), updated=len(report.updated)
        )
    )
    if report.known:
        known = ngettext(
            "{count} already in the calendar (packs or holidays), not duplicated",
            "{count} already in the calendar (packs or holidays), not duplicated",
            len(report.known),
        )
        print(known.format(count=len(report.known)))
    if report.skipped:
        skipped = ngettext("skipped {count}:", "skipped {count}:", len(report.skipped))
        print(skipped.format(count=len(report.skipped)))
        for line in report.skipped:
            print(f"  {line}")
    return 0


def _cannot_write(path: Path, exc: OSError) -> str:
    return _("{path}: cannot write: {reason}").format(path=path, reason=exc.strerror)


def _write_atomic(path: Path, data: bytes) -> None:
    from rtc_tui.desk.errors import BadInputError

    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as exc:
        raise BadInputError(_cannot_write(path, exc)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise BadInputError(_cannot_write(path, exc)) from None


def run_export(args: argparse.Namespace) -> int:
    """Export the next 12 months to a file or standard output."""
    with services(args) as svc:
        data = svc.desk.calendar.export_ics()
    count = data.count(b"BEGIN:VEVENT")
    if args.out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    _write_atomic(args.out, data)
    print(
        ngettext(
            "exported {count} moment to {path}", "exported {count} moments to {path}", count
        ).format(count=count, path=args.out)
    )
    return 0
