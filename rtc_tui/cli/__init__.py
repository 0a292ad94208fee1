"""The ``rtc`` command line: the app, and headless commands for scripts and cron.

Exit codes are a contract: 0 done; 1 refused or failed; 2 bad usage or bad input, with one
clear line on stderr naming the file and line where there is one, and never a traceback.

Start-up time is part of the contract too (cron jobs and shell prompts call ``rtc``): a command
imports only what it uses. The parser registers only the subcommand module the command line
names (all of them only for ``--help`` or a command it does not know), ``--version`` is
answered before even ``argparse`` is imported, and each command module keeps its top level to
``argparse`` and the standard library, importing the desk, the store or Textual inside the
function that runs the command. ``tests/integration/test_cli_imports.py`` holds every command
to that.
"""

from __future__ import annotations

import gc
import sys

from rtc_tui import __version__

# ``typing`` alone costs ``rtc --version`` a quarter of its time (it imports ``re``); type
# checkers treat any constant named TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

COMMANDS: dict[str, str] = {
    "drafts": "rtc_tui.cli.drafts",
    "draft": "rtc_tui.cli.drafts",
    "themes": "rtc_tui.cli.themes",
    "moments": "rtc_tui.cli.calendar",
    "ics": "rtc_tui.cli.calendar",
    "check": "rtc_tui.cli.checks",
    "export": "rtc_tui.cli.checks",
    "fetch": "rtc_tui.cli.trending",
    "events": "rtc_tui.cli.trending",
    "doctor": "rtc_tui.cli.doctor",
    "publish": "rtc_tui.cli.publish",
    "results": "rtc_tui.cli.publish",
    "serve": "rtc_tui.cli.serve",
    "store": "rtc_tui.cli.store",
    "checklist": "rtc_tui.cli.team",
    "review": "rtc_tui.cli.team",
    "audit": "rtc_tui.cli.team",
}
"""Each subcommand and the module whose ``register(subparsers, parent)`` adds it."""

EXIT_CODES: tuple[tuple[str, str, int], ...] = (
    ("rtc_tui.schema", "SchemaError", 2),
    ("rtc_tui.desk.errors", "BadInputError", 2),
    ("rtc_tui.store.interface", "RevisionConflictError", 1),
    ("rtc_tui.store.db", "StoreError", 2),
    ("rtc_tui.desk.errors", "RefusedError", 1),
)
"""Errors that end a command with a message and an exit code, by module and class name."""


def build_parser(command: str | None = None, *, commands: bool = True) -> argparse.ArgumentParser:
    """The ``rtc`` parser: global options, the app's options and the subcommands.

    Args:
        command: register only the module that adds this subcommand (``None``: every one).
        commands: ``False`` registers no subcommand at all.
    """
    import argparse
    import importlib

    from rtc_tui.cli import app_command
    from rtc_tui.cli.common import add_global_options
    from rtc_tui.i18n import _

    parser = argparse.ArgumentParser(
        prog="rtc",
        description=_(
            "Real-time social communication desk: trending events, calendar, "
            "drafts, safety checklist, export."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"rtc {__version__}",
        help=_("show program's version number and exit"),
    )
    add_global_options(parser, suppress=False)
    app_command.add_app_options(parser)
    parent = argparse.ArgumentParser(add_help=False)
    add_global_options(parent, suppress=True)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    if commands:
        wanted = [COMMANDS[command]] if command in COMMANDS else list(COMMANDS.values())
        for module in dict.fromkeys(wanted):
            importlib.import_module(module).register(subparsers, parent)
    parser.set_defaults(run=app_command.run)
    return parser


def command_named(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` names, if any: its first word that is not an option's value."""
    takes_value = _options_taking_a_value()
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token == "--":
            return None
        elif token.startswith("-"):
            name = token.split("=", 1)[0]
            # argparse accepts any unambiguous prefix of a long option.
            matches = [o for o in takes_value if o.startswith(name)] if name[:2] == "--" else []
            skip = "=" not in token and (name in takes_value or len(matches) == 1)
        else:
            return token
    return None


def _options_taking_a_value() -> set[str]:
    import argparse

    from rtc_tui.cli import app_command
    from rtc_tui.cli.common import add_global_options

    probe = argparse.ArgumentParser(add_help=False)
    add_global_options(probe, suppress=False)
    app_command.add_app_options(probe)
    return {
        option for action in probe._actions if action.nargs != 0 for option in action.option_strings
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``rtc``; return the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and len(arguments[0]) > 2 and "--version".startswith(arguments[0]):
        # What argparse's version action would print (``--v`` is an unambiguous prefix), without
        # the cost of argparse and the option tables: shell prompts and scripts call this.
        print(f"rtc {__version__}")
        return 0
    from rtc_tui.cli.common import setup_language

    command = command_named(arguments)
    setup_language(arguments)
    # The app (no command) needs the command modules only to list them in --help: the editor
    # waiting for the first screen does not pay for importing them.
    wants_help = any(a == "-h" or (len(a) > 3 and "--help".startswith(a)) for a in arguments)
    parser = build_parser(command, commands=command is not None or wants_help)
    args = parser.parse_args(arguments)
    # A command's start-up (its imports, the config, the store, the desk) allocates mostly
    # what lives until it ends: the cycle collector walking it again and again was ~8% of the
    # imports. It is paused until the start-up is over (cli.common.startup_done: the desk is
    # built, or the app's first rows are painted), and back on whatever happens.
    gc.disable()
    try:
        code: int = args.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        status = exit_code_for(exc)
        if status is None:
            raise
        print(f"rtc: {exc}", file=sys.stderr)
        return status
    finally:
        gc.enable()
    return code


def exit_code_for(exc: BaseException) -> int | None:
    """The exit code for an error a command reports in words (``None``: a real bug).

    The error classes are looked up among the modules already imported: an exception can only
    be an instance of a class whose module was loaded, and importing the others here would
    cost every command the whole desk.
    """
    for module_name, class_name, code in EXIT_CODES:
        module = sys.modules.get(module_name)
        if module is not None and isinstance(exc, getattr(module, class_name)):
            return code
    return None
