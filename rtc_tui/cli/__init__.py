"""The ``rtc`` command line: the app, and headless commands for scripts and cron.

Exit codes are a contract: 0 done; 1 refused or failed; 2 bad usage or bad input, with one
clear line on stderr naming the file and line where there is one, and never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType

from rtc_tui import __version__
from rtc_tui.cli import app_command, calendar, checks, drafts, themes, trending
from rtc_tui.cli.common import add_global_options
from rtc_tui.config_schema import ConfigError
from rtc_tui.desk.errors import BadInputError, RefusedError
from rtc_tui.store import StoreError

COMMAND_MODULES: tuple[ModuleType, ...] = (drafts, themes, calendar, checks, trending)
"""Modules that add subcommands; each has ``register(subparsers, parent)``."""


def build_parser() -> argparse.ArgumentParser:
    """The whole ``rtc`` parser: global options, the app's options, every subcommand."""
    parser = argparse.ArgumentParser(
        prog="rtc",
        description="Real-time social communication desk: trending events, calendar, "
        "drafts, safety checklist, export.",
    )
    parser.add_argument("--version", action="version", version=f"rtc {__version__}")
    add_global_options(parser, suppress=False)
    app_command.add_app_options(parser)
    parent = argparse.ArgumentParser(add_help=False)
    add_global_options(parent, suppress=True)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(subparsers, parent)
    parser.set_defaults(run=app_command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``rtc``; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
    except (ConfigError, BadInputError, StoreError) as exc:
        print(f"rtc: {exc}", file=sys.stderr)
        return 2
    except RefusedError as exc:
        print(f"rtc: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    return code
