"""``rtc fetch`` (one headless refresh, for cron) and ``rtc events`` (the ranked list)."""

from __future__ import annotations

import argparse
from typing import Any

from rtc_tui.cli.common import print_json, services
from rtc_tui.core.phrases import explain
from rtc_tui.i18n import _, format_fixed, ngettext
from rtc_tui.words import EVENT_WORDS


def register(subparsers: argparse._SubParsersAction[Any], parent: argparse.ArgumentParser) -> None:
    """Add ``fetch`` and ``events``."""
    p_fetch = subparsers.add_parser(
        "fetch", parents=[parent], help=_("refresh every source once (exit 1 if all fail)")
    )
    p_fetch.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p_fetch.set_defaults(run=run_fetch)

    p_events = subparsers.add_parser("events", parents=[parent], help=_("ranked trending events"))
    p_events.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p_events.add_argument("--limit", type=_positive, default=None, metavar="N", help=_("at most N"))
    p_events.add_argument(
        "--all", action="store_true", help=_("include dismissed, snoozed and muted events")
    )
    p_events.add_argument(
        "--archived",
        action="store_true",
        help=_("the events moved out of the live list (past the retention window or max_events)"),
    )
    p_events.set_defaults(run=run_events)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        message = _("not a whole number: {text}").format(text=repr(text))
        raise argparse.ArgumentTypeError(message) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("must be 1 or more"))
    return value


def run_fetch(args: argparse.Namespace) -> int:
    """Refresh every enabled source once; 1 only if every source failed."""
    from rtc_tui.desk.errors import BadInputError

    # The cycle collector stays paused to the end (``main`` turns it back on): what a refresh
    # allocates is freed by reference counting or lives until this process ends, soon, and
    # the collector walking a first fetch's 2,000 events, standings and index again and
    # again cost 80-190 ms of the 20-source run (docs/storage.md, "Twenty sources at once").
    with services(args, started=False) as svc:
        desk = svc.desk
        if not any(s.enabled for s in desk.trending.sources()):
            raise BadInputError(_("no sources configured (add some under sources: in the config)"))
        report = desk.trending.refresh_now()
    if args.json:
        print_json({"sources": [s.to_dict() for s in report.sources], "archived": report.archived})
    else:
        width = max((len(s.name) for s in report.sources), default=0)
        for s in report.sources:
            if s.ok:
                if s.not_modified:
                    state = _("unchanged (304)")
                else:
                    state = _("{new} new / {total}").format(new=s.new, total=s.total)
                label, detail = _("ok"), state
            else:
                label, detail = _("FAIL"), s.error
            print(f"{label:<5} {s.name:<{width}}  {detail}  {s.ms} ms")
        if report.archived:
            moved = ngettext(
                "{n} event moved to the archive (rtc events --archived lists it)",
                "{n} events moved to the archive (rtc events --archived lists them)",
                report.archived,
            )
            print(moved.format(n=report.archived))
    return 1 if report.all_failed else 0


def run_events(args: argparse.Namespace) -> int:
    """Print the ranked events (``--all`` includes hidden ones, ``--archived`` the archive)."""
    if args.archived:
        return _print_archived(args)
    with services(args) as svc:
        if args.json:
            print_json(svc.desk.trending.event_rows(include_hidden=args.all, limit=args.limit))
            return 0
        ranked = svc.desk.trending.ranked(include_hidden=args.all)[: args.limit]
        hidden = 0 if ranked or args.all else len(svc.desk.trending.ranked(include_hidden=True))
    if not ranked:
        # Say so: an empty answer reads like a broken command.
        if hidden:
            shown = ngettext(
                "No events to show: {n} hidden (rtc events --all lists it).",
                "No events to show: {n} hidden (rtc events --all lists them).",
                hidden,
            )
            print(shown.format(n=hidden))
        else:
            print(_("No events yet: rtc fetch (or r in the app) fetches the sources."))
        return 0
    for item in ranked:
        event = item.event
        marker = event.sensitivity.level.marker
        state = (
            "" if event.state.value in {"new", "seen"} else f" [{EVENT_WORDS(event.state.value)}]"
        )
        print(
            f"{marker} {format_fixed(item.score * 100, 1, 5)}  {event.source}: {event.title}{state}"
        )
        print(f"          {explain(f.label for f in item.factors)}  ({event.id})")
    return 0


def _print_archived(args: argparse.Namespace) -> int:
    """``rtc events --archived``: the archive, most recently archived first."""
    with services(args) as svc:
        rows = svc.desk.trending.archived_rows(limit=args.limit)
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print(_("The archive is empty."))
        return 0
    for row in rows:
        print(f"{row['source']}: {row['title']}  ({row['id']})")
    return 0
