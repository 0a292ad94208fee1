"""``rtc doctor [--fix]``: list what is wrong in the data dir, and move bad rows aside.

Exit codes follow the contract: 0 when nothing is wrong (or everything found was fixed), 1 when
problems remain, 2 when the data dir itself cannot be used.
"""

from __future__ import annotations

import argparse
from typing import Any

from rtc_tui.cli.common import load_services_config, open_store
from rtc_tui.i18n import _, ngettext
from rtc_tui.store.doctor import run_doctor


def register(subparsers: argparse._SubParsersAction[Any], parent: argparse.ArgumentParser) -> None:
    """Add ``rtc doctor``."""
    p = subparsers.add_parser(
        "doctor", parents=[parent], help=_("check the data files (and quarantine bad rows)")
    )
    p.add_argument(
        "--fix",
        action="store_true",
        help=_(
            "after a backup, move bad rows to <file>.quarantine.json and remove crash leftovers"
        ),
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print one line per problem (and per fix); 1 when a problem remains."""
    config = load_services_config(args)
    store = open_store(args, config)
    reports = run_doctor(store, fix=args.fix)
    from rtc_tui.notify.notifier import doctor_lines

    for line in doctor_lines(config.notify, store.data_dir):
        print(line)
    remaining = 0
    for report in reports:
        for line in report.problems:
            print(line)
        for line in report.fixed:
            print(_("fixed: {line}").format(line=line))
        if report.problems and (not args.fix or report.unfixable):
            remaining += len(report.problems)
    if remaining:
        hint = "" if args.fix else _("; `rtc doctor --fix` moves bad rows aside after a backup")
        found = ngettext(
            "{count} problem in {location}{hint}", "{count} problems in {location}{hint}", remaining
        )
        print(found.format(count=remaining, location=store.location, hint=hint))
        return 1
    if not any(report.problems for report in reports):
        print(_("{location}: no problems found").format(location=store.location))
    return 0
