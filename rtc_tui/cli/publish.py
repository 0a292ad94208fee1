"""``rtc publish`` (queue, send, cancel, release, take down) and ``rtc results``.

``rtc publish DRAFT_ID --account NAME`` sends at once; with ``--at`` it queues, and ``rtc
publish --due`` (for cron) or a running app sends what is due. Exit codes: 0 done; 1 refused
(the gate, a crisis hold, the network) — the line says why; 2 bad input.
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rtc_tui.cli.common import print_json, services
from rtc_tui.i18n import _
from rtc_tui.words import POST_WORDS

if TYPE_CHECKING:
    from rtc_tui.core.publish.queue import QueuedPost
    from rtc_tui.desk.publishing import PostReport, SendOutcome

FAILED_ACTIONS = frozenset({"failed", "skipped", "held", "retry"})
"""Outcomes that make ``rtc publish`` exit 1: someone has to look."""


def register(subparsers: argparse._SubParsersAction[Any], parent: argparse.ArgumentParser) -> None:
    """Add ``publish`` and ``results``."""
    p_publish = subparsers.add_parser(
        "publish",
        parents=[parent],
        help=_("publish a draft that passed the checklist to a Mastodon or Bluesky account"),
        description=_(
            "Publish a draft variant to a configured account (accounts: in the config), now or "
            "at a time. The checklist gate is checked when the post is queued and again, on the "
            "exact text, when it is sent. While a blocking story ranks high or on a solemn day, "
            "queued posts are held until a person releases them."
        ),
    )
    p_publish.add_argument(
        "draft_id", nargs="?", type=int, metavar="DRAFT_ID", help=_("the draft's number")
    )
    p_publish.add_argument("--account", metavar="NAME", help=_("the configured account's name"))
    p_publish.add_argument(
        "--at",
        type=_when,
        metavar="TIME",
        help=_("when to send: 18:30, +30m, or an ISO time (2026-12-01T18:30, local unless zoned)"),
    )
    actions = p_publish.add_mutually_exclusive_group()
    actions.add_argument(
        "--due", action="store_true", help=_("send every queued post whose time has come (cron)")
    )
    actions.add_argument("--list", action="store_true", help=_("list the queue"))
    actions.add_argument("--cancel", metavar="POST_ID", help=_("cancel a queued or held post"))
    actions.add_argument(
        "--release", metavar="POST_ID", help=_("send a held post on again (re-checked first)")
    )
    actions.add_argument(
        "--delete", metavar="POST_ID", help=_("take a published post down from its network")
    )
    p_publish.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p_publish.set_defaults(run=run_publish)

    p_results = subparsers.add_parser(
        "results",
        parents=[parent],
        help=_("how published posts landed: counts and the replies' sentiment"),
        description=_(
            "Show every published post with its likes, reposts, replies and quotes, and its "
            "replies classified as positive, neutral or negative. --refresh reads them from "
            "the networks first."
        ),
    )
    p_results.add_argument(
        "--refresh", action="store_true", help=_("read the latest numbers from the networks")
    )
    p_results.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p_results.set_defaults(run=run_results)


def _when(value: str) -> datetime:
    """``+30m``, ``18:30`` (the next one) or an ISO time, for ``--at``."""
    from rtc_tui.core.publish.schedule import parse_when

    try:
        return parse_when(value, datetime.now().astimezone())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def run_publish(args: argparse.Namespace) -> int:
    """Queue, send, list, cancel, release or delete; see the module docstring for exit codes."""
    from rtc_tui.desk.errors import BadInputError

    with services(args) as svc:
        publishing = svc.desk.publishing
        if args.list:
            return _print_posts(publishing.posts(), args.json)
        if args.due:
            return _print_outcomes(asyncio.run(publishing.send_due()), args.json)
        if args.cancel:
            return _print_posts([publishing.cancel(args.cancel)], args.json)
        if args.release:
            return _print_posts([publishing.release(args.release, at=args.at)], args.json)
        if args.delete:
            return _print_posts([asyncio.run(publishing.delete(args.delete))], args.json)
        if args.draft_id is None or not args.account:
            raise BadInputError(
                _("give DRAFT_ID and --account NAME (or one of --due, --list, --cancel, ...)")
            )
        if args.at is not None:
            post = publishing.queue(args.draft_id, args.account, at=args.at)
            return _print_posts([post], args.json)
        outcome = asyncio.run(publishing.publish_now(args.draft_id, args.account))
    return _print_outcomes([outcome], args.json)


def _print_posts(posts: list[QueuedPost], as_json: bool) -> int:
    from rtc_tui.core.publish.queue import to_record

    if as_json:
        print_json([to_record(p) for p in posts])
        return 0
    if not posts:
        print(_("the queue is empty"))
    for post in posts:
        print(post_line(post))
    return 0


def post_line(post: QueuedPost) -> str:
    """One line per post: id, state, account, draft, and when, where or why."""
    from rtc_tui.core.publish.crisis import shown_hold_reason

    when = post.due_at.astimezone().strftime("%Y-%m-%d %H:%M")
    detail = {
        "queued": _("due {when}").format(when=when),
        "held": shown_hold_reason(post.hold_reason),
        "sent": post.remote_url or post.remote_uri,
        "deleted": _("deleted by {name}").format(name=post.deleted_by),
        "cancelled": _("cancelled by {name}").format(name=post.cancelled_by),
        "failed": post.last_error,
    }.get(post.state, "")
    if post.state == "queued" and post.last_error:
        detail += " · " + _("last attempt: {error}").format(error=post.last_error)
    return (
        f"{post.id}  {POST_WORDS(post.state):<9} {post.account} · "
        + _("draft {id}").format(id=post.draft_id)
        + f" · {detail}"
    )


def _print_outcomes(outcomes: list[SendOutcome], as_json: bool) -> int:
    from rtc_tui.core.publish.queue import to_record

    if as_json:
        print_json(
            [
                {"action": o.action, "message": o.message, "post": to_record(o.post)}
                for o in outcomes
            ]
        )
    else:
        if not outcomes:
            print(_("nothing due"))
        for outcome in outcomes:
            print(f"{outcome.post.id}  {POST_WORDS(outcome.action):<10} {outcome.message}")
    return 1 if any(o.action in FAILED_ACTIONS for o in outcomes) else 0


def run_results(args: argparse.Namespace) -> int:
    """Print how each published post landed."""
    with services(args) as svc:
        publishing = svc.desk.publishing
        if args.refresh:
            asyncio.run(publishing.refresh_results())
        reports = publishing.reports()
    if args.json:
        print_json([report_record(r) for r in reports])
        return 0
    if not reports:
        print(_("nothing published yet"))
    for report in reports:
        for line in report_lines(report):
            print(line)
    return 0


def report_record(report: PostReport) -> dict[str, Any]:
    """The JSON form of one post's results."""
    import msgspec

    from rtc_tui.core.publish.queue import to_record

    return {
        "post": to_record(report.post),
        "counts": msgspec.to_builtins(report.results.counts),
        "replies": msgspec.to_builtins(report.results.replies),
        "sentiment": msgspec.to_builtins(report.tally),
        "seconds_from_event": report.seconds_from_event,
        "error": report.results.error,
    }


def report_lines(report: PostReport) -> list[str]:
    """The human form of one post's results: counts, sentiment, then each reply."""
    post = report.post
    lines = [post_line(post)]
    latest = report.results.counts[-1] if report.results.counts else None
    if latest is not None:
        lines.append(
            "  "
            + _("{likes} likes · {reposts} reposts · {replies} replies · {quotes} quotes").format(
                likes=latest.likes,
                reposts=latest.reposts,
                replies=latest.replies,
                quotes=latest.quotes,
            )
        )
    tally = report.tally
    lines.append(
        "  "
        + _("replies: {positive} positive · {neutral} neutral · {negative} negative").format(
            positive=tally.positive, neutral=tally.neutral, negative=tally.negative
        )
    )
    if report.seconds_from_event is not None:
        minutes = round(report.seconds_from_event / 60)
        lines.append(
            "  " + _("{minutes} min from the event to publication").format(minutes=minutes)
        )
    if report.results.error:
        lines.append("  " + _("last reading failed: {error}").format(error=report.results.error))
    for scored in report.results.replies:
        text = " ".join(scored.reply.text.split())
        lines.append(f"    {scored.label:<8} @{scored.reply.author}: {text}")
    return lines
