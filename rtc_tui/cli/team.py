"""``rtc checklist``, ``rtc review request|list`` and ``rtc audit``: the team's decisions, headless.

``rtc checklist`` ticks under the same rules as the app (the second pair of eyes by someone the
team's policy allows), so a scripted flow passes the export gate honestly; ``rtc review`` asks
for a review and lists the queue waiting for you; ``rtc audit`` prints the hash-chained audit
log and ``--verify`` checks the chain (exit 1 naming the first broken record).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from rtc_tui.cli.common import print_json, services
from rtc_tui.i18n import _, ngettext


def register(subparsers: argparse._SubParsersAction[Any], parent: argparse.ArgumentParser) -> None:
    """Add ``checklist``, ``review`` and ``audit``."""
    p_check = subparsers.add_parser(
        "checklist",
        parents=[parent],
        help=_("show a draft's checklist; tick or untick items"),
        description=_(
            "Show the safety checklist of a draft, ticking and unticking items first under "
            "the same rules as the app: the second pair of eyes needs someone other than "
            "the author (an approver where team.members give roles). All or nothing."
        ),
    )
    p_check.add_argument("draft_id", type=int, metavar="DRAFT_ID", help=_("the draft's number"))
    p_check.add_argument(
        "--tick", action="append", default=[], metavar="ITEM", help=_("tick ITEM, repeatable")
    )
    p_check.add_argument(
        "--untick", action="append", default=[], metavar="ITEM", help=_("untick ITEM, repeatable")
    )
    p_check.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p_check.set_defaults(run=run_checklist)

    p_review = subparsers.add_parser(
        "review", parents=[parent], help=_("ask for a review; list the drafts waiting for you")
    )
    review_sub = p_review.add_subparsers(dest="review_command", metavar="ACTION", required=True)
    p_request = review_sub.add_parser(
        "request", parents=[parent], help=_("ask for the second pair of eyes on a draft")
    )
    p_request.add_argument("draft_id", type=int, metavar="DRAFT_ID", help=_("the draft's number"))
    p_request.add_argument(
        "--to", default="", metavar="NAME", help=_("ask this member (default: anyone allowed)")
    )
    p_request.set_defaults(run=run_request)
    p_queue = review_sub.add_parser(
        "list", parents=[parent], help=_("the drafts waiting for your review")
    )
    p_queue.add_argument("--all", action="store_true", help=_("every open request, not yours"))
    p_queue.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p_queue.set_defaults(run=run_queue)

    p_audit = subparsers.add_parser(
        "audit",
        parents=[parent],
        help=_("the audit log: who decided what, when"),
        description=_(
            "Print the append-only audit log. Each record is chained to the one before by a "
            "hash: --verify exits 1 naming the first record edited, inserted or removed."
        ),
    )
    p_audit.add_argument("--draft", type=int, default=None, metavar="ID", help=_("one draft only"))
    p_audit.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p_audit.add_argument("--verify", action="store_true", help=_("check the hash chain"))
    p_audit.set_defaults(run=run_audit)


def run_checklist(args: argparse.Namespace) -> int:
    """Apply ``--tick``/``--untick`` (one write, all or nothing), then show the checklist."""
    with services(args) as svc:
        desk = svc.desk
        if args.tick or args.untick:
            state = desk.checklist.set_ticks(args.draft_id, tick=args.tick, untick=args.untick)
        else:
            state = desk.checklist.check(args.draft_id)
        draft = desk.drafts.get(args.draft_id)
    if args.json:
        print_json({"draft": draft.id, "author": draft.author, **state.to_dict()})
        return 0
    print(f"#{draft.id} {draft.title} · {state.summary()}")
    for item in state.items:
        detail = f" — {item.detail}" if item.detail else ""
        print(f"  {item.marker} {item.item.id}: {item.item.label}{detail}")
    for line in state.gate.lines():
        print(_("  missing: {line}").format(line=line))
    return 0


def run_request(args: argparse.Namespace) -> int:
    """Ask for review of a draft; print who is asked."""
    with services(args) as svc:
        request = svc.desk.reviews.request(args.draft_id, args.to)
    whom = request.to or _("anyone allowed to review it")
    print(_("Review of #{id} asked of {whom}").format(id=request.draft_id, whom=whom))
    return 0


def run_queue(args: argparse.Namespace) -> int:
    """List the drafts waiting for this user's review (``--all``: every open request)."""
    with services(args) as svc:
        reviews = svc.desk.reviews
        requests = reviews.open_requests() if args.all else reviews.queue()
    if args.json:
        print_json([r.to_dict() for r in requests])
        return 0
    if not requests:
        print(_("Nothing waits for your review."))
    for r in requests:
        to = r.to or _("anyone")
        print(f"#{r.draft_id:<4} {r.at:%Y-%m-%d %H:%M}  {r.author} -> {to}  {r.title}")
    return 0


def run_audit(args: argparse.Namespace) -> int:
    """Print the audit log, or verify its hash chain (exit 1 at the first broken record)."""
    from rtc_tui.desk.audit import describe

    with services(args) as svc:
        audit = svc.desk.audit
        if args.verify:
            broken = audit.verify()
            records = audit.records()
            if broken is not None:
                print(f"rtc: {broken.describe()}", file=sys.stderr)
                return 1
            count = len(records)
            intact = ngettext(
                "audit log intact: {count} record", "audit log intact: {count} records", count
            )
            print(intact.format(count=count))
            if records:
                # Kept elsewhere, the last hash also catches a rewrite of the whole tail.
                print(_("last hash: {hash}").format(hash=records[-1].get("hash", "")))
            return 0
        records = audit.records(args.draft)
    if args.json:
        print_json(records)
        return 0
    for record in records:
        print(describe(record))
    return 0
