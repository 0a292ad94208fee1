"""``rtc themes``: every theme the app can use, with where it comes from."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from rtc_tui.cli.common import print_json
from rtc_tui.i18n import _, pgettext


def register(subparsers: argparse._SubParsersAction[Any], parent: argparse.ArgumentParser) -> None:
    """Add ``rtc themes``."""
    p = subparsers.add_parser("themes", parents=[parent], help=_("list themes"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """List shipped and user themes; broken theme files are warnings on stderr."""
    from rtc_tui.config import config_dir
    from rtc_tui.ui.themes import DEFAULT_THEME, load_themes

    user_dir = config_dir() / "themes"
    loaded, warnings = load_themes(user_dir)
    for warning in warnings:
        print(_("rtc: warning: {warning}").format(warning=warning), file=sys.stderr)
    if args.json:
        print_json(
            [
                {
                    "name": t.theme.name,
                    "origin": t.origin,
                    "dark": t.theme.dark,
                    "path": str(t.path),
                }
                for t in loaded
            ]
        )
        return 0
    for item in loaded:
        default = " " + _("(default)") if item.theme.name == DEFAULT_THEME else ""
        where = "" if item.origin == "built-in" else f"  {item.path}"
        shade = _("dark") if item.theme.dark else _("light")
        origin = (
            pgettext("theme origin", "built-in")
            if item.origin == "built-in"
            else pgettext("theme origin", "file")
        )
        print(f"{item.theme.name:<16} {origin:<9} {shade}{default}{where}")
    return 0
