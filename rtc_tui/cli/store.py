"""``rtc store migrate`` and ``rtc store copy``: a database's schema, and moving a desk's data.

``migrate`` brings the store named by ``--store``/``RTC_STORE``/``store:`` to this rtc's
schema (a data dir needs none: its files migrate on their next write). ``copy --from A --to B``
moves everything (drafts with their history, events, named records, the audit log and the id
counter) from one store to another, empty one, data dir or ``postgresql://`` URL either way,
then reads both back and compares them: exit 0 only when they are equal.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rtc_tui.cli.common import load_services_config, open_store
from rtc_tui.i18n import _, ngettext


def register(subparsers: argparse._SubParsersAction[Any], parent: argparse.ArgumentParser) -> None:
    """Add ``rtc store migrate`` and ``rtc store copy``."""
    p = subparsers.add_parser(
        "store", parents=[parent], help=_("database schema and moving data between stores")
    )
    actions = p.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    migrate = actions.add_parser(
        "migrate", parents=[parent], help=_("bring the store's schema up to date")
    )
    migrate.add_argument(
        "--editor-role",
        default="",
        metavar="ROLE",
        help=_("grant this database role what a desk needs and no more"),
    )
    migrate.set_defaults(run=run_migrate)
    copy = actions.add_parser(
        "copy", parents=[parent], help=_("copy everything into an empty store, and verify it")
    )
    copy.add_argument(
        "--from", dest="source", required=True, metavar="DIR|URL", help=_("the store to read")
    )
    copy.add_argument(
        "--to", dest="target", required=True, metavar="DIR|URL", help=_("the empty store to fill")
    )
    copy.set_defaults(run=run_copy)


def run_migrate(args: argparse.Namespace) -> int:
    """Apply the missing migrations; say which, or that there was nothing to do."""
    store = open_store(args, load_services_config(args))
    try:
        applied = store.migrate(editor_role=args.editor_role)
    finally:
        store.close()
    if applied:
        versions = ", ".join(str(v) for v in applied)
        print(
            ngettext(
                "{where}: applied migration {versions}",
                "{where}: applied migrations {versions}",
                len(applied),
            ).format(where=store.location, versions=versions)
        )
    else:
        print(_("{where}: schema up to date").format(where=store.location))
    return 0


def run_copy(args: argparse.Namespace) -> int:
    """Copy ``--from`` into ``--to`` (migrated first), then compare the two: 1 if they differ."""
    from rtc_tui.cli.common import file_modes, startup_done
    from rtc_tui.config import default_data_dir
    from rtc_tui.store import open_store as open_backend

    config = load_services_config(args)
    local: Path = getattr(args, "data_dir", None) or default_data_dir()
    modes = file_modes(config)
    source = open_backend(args.source, data_dir=local, modes=modes)
    startup_done()  # a copy reads and writes every row: the collector runs
    try:
        source.check()
        target = open_backend(args.target, data_dir=local, modes=modes)
        try:
            target.migrate()
            target.check()
            snapshot = source.snapshot()
            target.restore(snapshot)
            same = target.snapshot() == snapshot
        finally:
            target.close()
    finally:
        source.close()
    counts = (
        ngettext("{n} draft", "{n} drafts", len(snapshot.drafts)),
        ngettext("{n} event", "{n} events", len(snapshot.events)),
        ngettext("{n} record", "{n} records", len(snapshot.state)),
        ngettext("{n} audit entry", "{n} audit entries", len(snapshot.audit)),
        ngettext("{n} post", "{n} posts", len(snapshot.posts)),
    )
    sizes = (snapshot.drafts, snapshot.events, snapshot.state, snapshot.audit, snapshot.posts)
    summary = ", ".join(c.format(n=len(x)) for c, x in zip(counts, sizes, strict=True))
    if not same:
        print(
            _("copied {summary} to {to}, but it reads back different").format(
                summary=summary, to=target.location
            )
        )
        return 1
    print(
        _("copied {summary} from {source} to {to}; read back equal").format(
            summary=summary, source=source.location, to=target.location
        )
    )
    return 0
