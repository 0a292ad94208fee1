"""``rtc drafts``, ``rtc draft new``, ``rtc draft show``, ``rtc draft edit``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from rtc_tui.cli.checks import VERDICT_LABELS as LEVEL_LABELS
from rtc_tui.cli.common import print_json, read_text_arg, services
from rtc_tui.core.models import PLATFORMS
from rtc_tui.i18n import _
from rtc_tui.words import DRAFT_STATUSES, DRAFT_WORDS

if TYPE_CHECKING:
    from rtc_tui.core.models import Draft
    from rtc_tui.desk import Desk


def register(subparsers: argparse._SubParsersAction[Any], parent: argparse.ArgumentParser) -> None:
    """Add the draft commands."""
    p_list = subparsers.add_parser("drafts", parents=[parent], help=_("list drafts"))
    p_list.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p_list.set_defaults(run=run_list)

    p_draft = subparsers.add_parser("draft", parents=[parent], help=_("create or show a draft"))
    draft_sub = p_draft.add_subparsers(dest="draft_command", metavar="ACTION", required=True)

    p_new = draft_sub.add_parser("new", parents=[parent], help=_("create a draft; prints its id"))
    p_new.add_argument("--title", default="", help=_("the draft's title"))
    p_new.add_argument("--event", default=None, metavar="ID", help=_("react to this event"))
    p_new.add_argument("--moment", default=None, metavar="NAME", help=_("prepare for this moment"))
    p_new.add_argument(
        "--platform",
        action="append",
        default=[],
        choices=PLATFORMS,
        metavar="P",
        help=_("target platform, repeatable ({platforms})").format(platforms=", ".join(PLATFORMS)),
    )
    p_new.add_argument("file", nargs="?", default=None, metavar="FILE|-", help=_("the text"))
    p_new.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p_new.set_defaults(run=run_new)

    p_show = draft_sub.add_parser("show", parents=[parent], help=_("show one draft"))
    p_show.add_argument("draft_id", type=int, metavar="DRAFT_ID", help=_("the draft's number"))
    p_show.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p_show.set_defaults(run=run_show)

    p_edit = draft_sub.add_parser(
        "edit", parents=[parent], help=_("replace a draft's text; prints the new revision")
    )
    p_edit.add_argument("draft_id", type=int, metavar="DRAFT_ID", help=_("the draft's number"))
    p_edit.add_argument(
        "file", nargs="?", default=None, metavar="FILE|-", help=_("the new text (- for stdin)")
    )
    p_edit.add_argument(
        "--expect-revision",
        type=int,
        default=None,
        metavar="N",
        help=_("the revision the text is based on; another one refuses the edit (exit 1)"),
    )
    p_edit.add_argument("--title", default=None, help=_("the draft's new title"))
    p_edit.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p_edit.set_defaults(run=run_edit)


def summary(draft: Draft) -> dict[str, Any]:
    """The ``rtc drafts --json`` shape of one draft."""
    data = draft.to_dict()
    return {
        "id": draft.id,
        "title": draft.title,
        "status": draft.status.value,
        "origin": data["origin"],
        "platforms": list(draft.platforms),
        "updated_at": data["updated_at"],
        "text": draft.text,
    }


def run_list(args: argparse.Namespace) -> int:
    """List drafts, most recently changed first."""
    with services(args) as svc:
        drafts = svc.desk.drafts.all()
    if args.json:
        print_json([summary(d) for d in drafts])
        return 0
    if not drafts:
        print(_("No drafts yet: `rtc draft new` or `n` in the app."))
    width = max(len(DRAFT_WORDS(s)) for s in DRAFT_STATUSES)
    for d in drafts:
        origin = f"{DRAFT_WORDS(d.origin.kind)}: {d.origin.title}" if d.origin else "-"
        status = DRAFT_WORDS(d.status.value)
        print(f"#{d.id:<4} {status:<{width}} {d.updated_at:%Y-%m-%d %H:%M}  {d.title}  [{origin}]")
    return 0


def record(desk: Desk, draft: Draft) -> dict[str, Any]:
    """The ``rtc draft show --json`` shape: the whole record, counts and time to post.

    ``counts`` maps each chosen platform to its length check; ``time_to_post_seconds`` is the
    time since the origin event was first seen (``null`` without one).
    """
    data = draft.to_dict()
    data["counts"] = {p: c.to_dict() for p, c in desk.drafts.measure(draft).items()}
    elapsed = desk.drafts.time_to_post(draft)
    data["time_to_post_seconds"] = None if elapsed is None else round(elapsed.total_seconds())
    return data


def _answer(data: dict[str, Any] | None, number: int) -> int:
    """Print the draft's record (``--json``) or the one number the command answers; exit 0."""
    if data is not None:
        print_json(data)
    else:
        print(number)
    return 0


def run_new(args: argparse.Namespace) -> int:
    """Create a draft and print its id (or the whole record with ``--json``)."""
    # A file or a heredoc ends with a newline that nobody means to post.
    text = read_text_arg(args.file).rstrip("\n")
    with services(args) as svc:
        origin = svc.desk.calendar.moment_origin(args.moment) if args.moment else None
        draft = svc.desk.drafts.new(
            title=args.title,
            text=text,
            platforms=args.platform,
            event_id=args.event,
            origin=origin,
        )
        data = record(svc.desk, draft) if args.json else None
    return _answer(data, draft.id)


def run_show(args: argparse.Namespace) -> int:
    """Print one draft."""
    from rtc_tui.core.drafting.workflow import format_elapsed

    with services(args) as svc:
        draft = svc.desk.drafts.get(args.draft_id)
        if args.json:
            print_json(record(svc.desk, draft))
            return 0
        counts = svc.desk.drafts.measure(draft)
        elapsed = svc.desk.drafts.time_to_post(draft)
    last = draft.revisions[-1].number if draft.revisions else 0
    heading = _("#{id} {title}  ({status}, by {author}, r{revision})").format(
        id=draft.id,
        title=draft.title,
        status=DRAFT_WORDS(draft.status.value),
        author=draft.author,
        revision=last,
    )
    print(heading)
    if draft.origin:
        marker = draft.origin.sensitivity.level
        flag = (
            "" if marker.value == "none" else f" [{marker.marker} {_(LEVEL_LABELS[marker.value])}]"
        )
        origin = f"{DRAFT_WORDS(draft.origin.kind)}: {draft.origin.title}{flag}"
        print(_("origin: {origin}").format(origin=origin))
    if elapsed is not None:
        since = _("time to post: {elapsed} since first seen")
        print(since.format(elapsed=format_elapsed(elapsed)))
    counters = "  ".join(c.counter() for c in counts.values())
    print(_("counts: {counters}").format(counters=counters))
    print()
    print(draft.text)
    for platform, variant in sorted(draft.variants.items()):
        print(f"\n--- {platform} ---\n{variant}")
    return 0


def run_edit(args: argparse.Namespace) -> int:
    """Save a new text (and/or title) into a draft; print its revision (or the record).

    With ``--expect-revision N`` the edit is based on revision N: if the draft moved on, it
    exits 1 with one line naming the current revision and its author, and writes nothing.
    Without it the edit goes on top of the latest revision.
    """
    from rtc_tui.desk.errors import BadInputError

    if args.file is None and args.title is None:
        raise BadInputError(_("rtc draft edit: nothing to change (give FILE, - or --title)"))
    text = None if args.file is None else read_text_arg(args.file).rstrip("\n")
    with services(args) as svc:
        draft = svc.desk.drafts.save(
            args.draft_id, text=text, title=args.title, expect_revision=args.expect_revision
        )
        data = record(svc.desk, draft) if args.json else None
    return _answer(data, draft.revision)
