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
from rtc_tui.i18n import LANGUAGES


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2026-05-10, not {text!r}") from None


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of days, not {text!r}") from None
    if not 0 <= value <= 3660:
        raise argparse.ArgumentTypeError(f"days must be 0-3660, not {value}")
    return value


def register(subparsers: argparse._SubParsersAction[Any], parent: argparse.ArgumentParser) -> None:
    """Add ``moments`` and ``ics``."""
    p_moments = subparsers.add_parser(
        "moments", parents=[parent], help="planned moments coming up (agenda)"
    )
    p_moments.add_argument(
        "--from", dest="start", type=_iso_date, default=None, metavar="YYYY-MM-DD"
    )
    p_moments.add_argument(
        "--days", type=_days, default=None, metavar="N", help="window length (config: 60)"
    )
    p_moments.add_argument(
        "--region",
        action="append",
        default=[],
        metavar="CC",
        help="only this country (IT, US, GB; UK = GB), repeatable; global moments stay",
    )
    p_moments.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="names in this language (default: the interface language)",
    )
    p_moments.add_argument("--json", action="store_true", help="machine-readable output")
    p_moments.set_defaults(run=run_moments)

    p_ics = subparsers.add_parser("ics", parents=[parent], help="calendar files in and out")
    ics_sub = p_ics.add_subparsers(dest="ics_command", metavar="ACTION", required=True)
    p_import = ics_sub.add_parser(
        "import", parents=[parent], help="add a calendar file's events as moments"
    )
    p_import.add_argument("file", type=Path, metavar="FILE")
    p_import.set_defaults(run=run_import)
    p_export = ics_sub.add_parser(
        "export", parents=[parent], help="the next 12 months as an iCalendar file"
    )
    p_export.add_argument(
        "--out", type=Path, default=None, metavar="FILE", help="write here (default: stdout)"
    )
    p_export.set_defaults(run=run_export)


def _regions(values: list[str]) -> list[str]:
    from rtc_tui.core.calendar.moments import normalize_region
    from rtc_tui.core.calendar.rules import CalendarError
    from rtc_tui.desk.errors import BadInputError

    try:
        return [normalize_region(v) for v in values]
    except CalendarError as exc:
        raise BadInputError(f"--region: {exc}") from None


def run_moments(args: argparse.Namespace) -> int:
    """Print the agenda (or its JSON)."""
    from rtc_tui.core.calendar.agenda import countdown, marker, prep_label
    from rtc_tui.core.calendar.moments import MomentOrigin

    regions = _regions(args.region)
    with services(args) as svc:
        if args.lang:
            i18n.setup(args.lang)
        entries = svc.desk.agenda(args.start, args.days, regions)
        today = svc.desk.today()
    if args.json:
        print_json([e.to_dict(today) for e in entries])
        return 0
    if not entries:
        print("No moments in this window.")
    for entry in entries:
        occ = entry.occurrence
        name = occ.moment.name
        if occ.holiday and occ.holiday != name and occ.moment.origin is not MomentOrigin.HOLIDAYS:
            name += f" (holiday: {occ.holiday})"
        if occ.to_confirm:
            name += " (date to confirm)"
        print(
            f"{marker(entry)} {occ.date:%a %Y-%m-%d}  {countdown(occ, today):<9} "
            f"{occ.moment.region_label:<7} {prep_label(entry):<10} {name}"
        )
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Import a calendar file; all or nothing."""
    with services(args) as svc:
        report = svc.desk.import_ics(args.file)
    total = len(report.added) + len(report.updated)
    print(
        f"imported {total} moment{'s' if total != 1 else ''} from {report.path} "
        f"({len(report.added)} new, {len(report.updated)} updated)"
    )
    if report.known:
        print(f"{len(report.known)} already in the calendar (packs or holidays), not duplicated")
    if report.skipped:
        print(f"skipped {len(report.skipped)}:")
        for line in report.skipped:
            print(f"  {line}")
    return 0


def _write_atomic(path: Path, data: bytes) -> None:
    from rtc_tui.desk.errors import BadInputError

    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as exc:
        raise BadInputError(f"{path}: cannot write: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise BadInputError(f"{path}: cannot write: {exc.strerror}") from None


def run_export(args: argparse.Namespace) -> int:
    """Export the next 12 months to a file or standard output."""
    with services(args) as svc:
        data = svc.desk.export_ics()
    count = data.count(b"BEGIN:VEVENT")
    if args.out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    _write_atomic(args.out, data)
    print(f"exported {count} moments to {args.out}")
    return 0
