"""``rtc fetch`` (one headless refresh, for cron) and ``rtc events`` (the ranked list)."""

from __future__ import annotations

import argparse
from typing import Any

from rtc_tui.cli.common import print_json, services


def register(subparsers: argparse._SubParsersAction[Any], parent: argparse.ArgumentParser) -> None:
    """Add ``fetch`` and ``events``."""
    p_fetch = subparsers.add_parser(
        "fetch", parents=[parent], help="refresh every source once (exit 1 if all fail)"
    )
    p_fetch.add_argument("--json", action="store_true", help="machine-readable output")
    p_fetch.set_defaults(run=run_fetch)

    p_events = subparsers.add_parser("events", parents=[parent], help="ranked trending events")
    p_events.add_argument("--json", action="store_true", help="machine-readable output")
    p_events.add_argument("--limit", type=_positive, default=None, metavar="N", help="at most N")
    p_events.add_argument(
        "--all", action="store_true", help="include dismissed, snoozed and muted events"
    )
    p_events.set_defaults(run=run_events)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def run_fetch(args: argparse.Namespace) -> int:
    """Refresh every enabled source once; 1 only if every source failed."""
    from rtc_tui.desk.errors import BadInputError

    with services(args) as svc:
        desk = svc.desk
        if not any(s.enabled for s in desk.trending_sources()):
            raise BadInputError("no sources configured (add some under sources: in the config)")
        report = desk.refresh_now()
    if args.json:
        print_json({"sources": [s.to_dict() for s in report.sources]})
    else:
        width = max((len(s.name) for s in report.sources), default=0)
        for s in report.sources:
            if s.ok:
                state = "unchanged (304)" if s.not_modified else f"{s.new} new / {s.total}"
                print(f"ok    {s.name:<{width}}  {state}  {s.ms} ms")
            else:
                print(f"FAIL  {s.name:<{width}}  {s.error}  {s.ms} ms")
    return 1 if report.all_failed else 0


def run_events(args: argparse.Namespace) -> int:
    """Print the ranked events (``--all`` includes hidden ones)."""
    with services(args) as svc:
        if args.json:
            print_json(svc.desk.event_rows(include_hidden=args.all, limit=args.limit))
            return 0
        ranked = svc.desk.ranked(include_hidden=args.all)[: args.limit]
    for item in ranked:
        event = item.event
        marker = event.sensitivity.level.marker
        state = "" if event.state.value in {"new", "seen"} else f" [{event.state.value}]"
        print(f"{marker} {item.score * 100:5.1f}  {event.source}: {event.title}{state}")
        print(f"          {item.explanation}  ({event.id})")
    return 0
