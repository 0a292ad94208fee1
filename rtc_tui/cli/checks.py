"""``rtc check`` (lint a text before posting) and ``rtc export`` (the gated export)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rtc_tui.cli.common import print_json, read_text_arg, services
from rtc_tui.core.export.formats import FILE_FORMATS
from rtc_tui.core.models import PLATFORMS, Level
from rtc_tui.i18n import N_, _

if TYPE_CHECKING:
    from rtc_tui.core.safety.findings import SafetyReport

EXPORT_FORMATS = (*FILE_FORMATS, "webhook")
"""What ``rtc export --format`` accepts (the clipboard is the app's)."""

VERDICT_LABELS = {"ok": N_("ok"), "warn": N_("warn"), "block": N_("block")}
"""The verdict as printed (translated; ``--json`` keeps the values)."""


def register(subparsers: argparse._SubParsersAction[Any], parent: argparse.ArgumentParser) -> None:
    """Add ``check`` and ``export``."""
    p_check = subparsers.add_parser(
        "check",
        parents=[parent],
        help=_("lint a text before posting (exit 1 on a blocking finding)"),
        description=_(
            "Run the safety checks on a text (and the event it reacts to): "
            "sensitive topics, commercial wording on a sensitive event, readability, "
            "platform limits. Exit 1 when the verdict is block."
        ),
    )
    p_check.add_argument(
        "file", nargs="?", default="-", metavar="FILE|-", help=_("the text (default: stdin)")
    )
    p_check.add_argument(
        "--platform",
        action="append",
        default=[],
        choices=PLATFORMS,
        metavar="P",
        help=_(
            "platform to measure for, repeatable ({platforms}; default: the config's platforms)"
        ).format(platforms=", ".join(PLATFORMS)),
    )
    p_check.add_argument("--event", default="", metavar="TEXT", help=_("the event headline"))
    p_check.add_argument(
        "--date",
        default=None,
        type=_day,
        metavar="YYYY-MM-DD",
        help=_("the day it goes out: solemn days and recently deceased lists apply"),
    )
    p_check.add_argument(
        "--moment",
        default="",
        metavar="NAME",
        help=_("the calendar moment it is for (its tone counts: solemn, festive, Women's Day)"),
    )
    p_check.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p_check.set_defaults(run=run_check)

    p_export = subparsers.add_parser(
        "export",
        parents=[parent],
        help=_("export a draft whose checklist passes"),
        description=_(
            "Export a draft. Refused (exit 1, listing what is missing) until every "
            "required checklist item is ticked on the current text and no blocking finding "
            "stands. Files go to the data dir's exports/ unless --out says otherwise; an "
            "existing file is never overwritten."
        ),
    )
    p_export.add_argument("draft_id", type=int, metavar="DRAFT_ID", help=_("the draft's number"))
    p_export.add_argument(
        "--format", required=True, choices=EXPORT_FORMATS, dest="fmt", help=_("the export format")
    )
    p_export.add_argument(
        "--out", type=Path, default=None, metavar="PATH", help=_("file, folder, or - for stdout")
    )
    p_export.add_argument(
        "--platform",
        default="",
        choices=PLATFORMS,
        metavar="P",
        help=_("the platform whose text txt (and webhook) export (default: the first chosen)"),
    )
    p_export.set_defaults(run=run_export)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a date (YYYY-MM-DD): {value}").format(value=repr(value))
        ) from None


def _marker(level: Level) -> str:
    return level.marker if level is not Level.NONE else " "


def print_report(report: SafetyReport) -> None:
    """The human form of a check: verdict, findings, platform counters."""
    from rtc_tui.core.safety.findings import category_label, where_label

    verdict = report.verdict.value
    print(_("verdict: {verdict}").format(verdict=_(VERDICT_LABELS.get(verdict, verdict))))
    for finding in report.findings:
        mark = _marker(finding.severity)
        where = f" [{', '.join(finding.platforms)}]" if finding.platforms else ""
        severity = _(VERDICT_LABELS.get(finding.severity.value, finding.severity.value))
        print(f"  {mark} {severity:<6} {finding.message or finding.label}{where}")
        print(f"          {category_label(finding.category)} · {where_label(finding.where)}")
    if report.platforms:
        counters = "  ".join(c.counter() for c in report.platforms.values())
        print(_("platforms: {counters}").format(counters=counters))
    for platform, score in report.readability.items():
        if score.score is not None:
            line = _("readability ({platform}): {label}") if platform else _("readability: {label}")
            print(line.format(platform=platform, label=score.label))
            break


def run_check(args: argparse.Namespace) -> int:
    """Check a text; exit 1 when the verdict is block."""
    from rtc_tui.core.safety.findings import Verdict

    text = read_text_arg(args.file).rstrip("\n")
    with services(args) as svc:
        report = svc.desk.checklist.check_text(
            text, platforms=args.platform, event=args.event, on=args.date, moment=args.moment
        )
    if args.json:
        print_json(report.to_dict())
    else:
        print_report(report)
    return 1 if report.verdict is Verdict.BLOCK else 0


def run_export(args: argparse.Namespace) -> int:
    """Export a draft (exit 1, listing what is missing, when the gate is shut)."""
    with services(args) as svc:
        if args.fmt == "webhook":
            import asyncio

            result = asyncio.run(svc.desk.exports.webhook(args.draft_id, platform=args.platform))
            print(_("draft {id} exported to the webhook").format(id=args.draft_id))
            return 0
        result = svc.desk.exports.export(
            args.draft_id, args.fmt, out=args.out, platform=args.platform
        )
    if result.target == "stdout":
        sys.stdout.write(result.rendered.content)
    else:
        for target in result.targets or (result.target,):
            print(
                _("draft {id} exported as {format}: {target}").format(
                    id=args.draft_id, format=args.fmt, target=target
                )
            )
    return 0
