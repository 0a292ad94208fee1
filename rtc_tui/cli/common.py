"""What every command shares: global options, building the services, errors, output.

Only the standard library at the top: every command imports this module, and the config, the
store and the desk are imported when :func:`services` builds them (see :mod:`rtc_tui.cli`).
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rtc_tui import i18n
from rtc_tui.cli.argparse_i18n import translate_argparse
from rtc_tui.i18n import _

if TYPE_CHECKING:
    from rtc_tui.config import Config
    from rtc_tui.desk import Desk
    from rtc_tui.store import FileModes, Store


def add_global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Options every command accepts, before or after the command name.

    Subcommand parsers use ``SUPPRESS`` defaults so an option given before the command name
    is not reset by the subcommand's own default.
    """
    default: Any = argparse.SUPPRESS if suppress else None
    parser.add_argument("--data-dir", type=Path, default=default, help=_("data folder"))
    parser.add_argument("--config", type=Path, default=default, help=_("config file (YAML)"))
    parser.add_argument(
        "--store",
        metavar="URL",
        default=default,
        help=_("the store: a postgresql:// URL or a data folder (default: the data folder)"),
    )
    parser.add_argument(
        "--user", default=default, help=_("who you are (default: team.user, else your login name)")
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help=_("run on a fresh temporary copy of the bundled demo data"),
    )


@dataclass
class Services:
    """The services one command run needs, built from the global options."""

    config: Config
    store: Store
    desk: Desk


_early_config: tuple[Path | None, Config] | None = None
"""The config :func:`setup_language` read for this command line (``--config``, the config),
so the command does not parse and validate the same file a second time."""


def load_services_config(args: argparse.Namespace) -> Config:
    """The validated config named by ``--config`` (or the default location).

    Also switches the interface to the config's ``language:`` (else the locale's).
    """
    from rtc_tui.config import load_config

    path: Path | None = getattr(args, "config", None)
    early = _early_config
    if early is not None and early[0] == path:
        config = early[1]
    else:
        config = load_config(path, explicit=path is not None)
    i18n.setup(i18n.detect_language(config.language))
    return config


def setup_language(argv: Sequence[str]) -> None:
    """Choose the interface language before the parser is built, so ``--help`` is in it.

    Reads ``--config`` from ``argv`` ahead of parsing; a config that cannot be read is left for
    the command to report (the locale decides meanwhile).
    """
    from rtc_tui.config import ConfigError, load_config

    global _early_config
    _early_config = None
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--config", type=Path, default=None)
    known, _rest = early.parse_known_args(list(argv))
    try:
        config = load_config(known.config, explicit=known.config is not None)
    except (ConfigError, OSError):
        configured = ""
    else:
        _early_config = (known.config, config)
        configured = config.language
    i18n.setup(i18n.detect_language(configured))
    translate_argparse()


def startup_done() -> None:
    """The command's start-up is over: the cycle collector, paused by ``main``, runs again."""
    gc.enable()


@contextmanager
def services(args: argparse.Namespace, *, started: bool = True) -> Iterator[Services]:
    """Build config, store and desk for a command; ``--demo`` uses a temporary data dir.

    ``started``: the command's start-up ends with the desk built (:func:`startup_done`); the
    app says ``False`` and ends it once its first rows are painted.
    """
    from rtc_tui.config import resolve_user
    from rtc_tui.core.drafting.urls import use_compiler
    from rtc_tui.desk import Desk
    from rtc_tui.pattern_cache import compile_cached

    # A command starts, answers and quits: the URL pattern's compiled code comes from the
    # user's cache rather than being compiled again at each start.
    use_compiler(compile_cached)

    config = load_services_config(args)
    for warning in config.warnings():
        print(_("rtc: warning: {warning}").format(warning=warning), file=sys.stderr)
    if getattr(args, "demo", False):
        from rtc_tui.desk.demo import demo_session
        from rtc_tui.desk.errors import BadInputError

        if getattr(args, "data_dir", None):
            # Never silently ignored: the demo runs on a temporary copy and would not touch it.
            raise BadInputError(
                _(
                    "--demo runs on a temporary copy of the demo data, not --data-dir {path}:"
                    " drop one of the two"
                ).format(path=args.data_dir)
            )

        with demo_session(config, user=resolve_user(getattr(args, "user", None), config)) as desk:
            if started:
                startup_done()
            yield Services(desk.config, desk.store, desk)
        return
    store = open_store(args, config)
    try:
        for warning in store.check():
            print(_("rtc: warning: {warning}").format(warning=warning), file=sys.stderr)
        desk = Desk(config, store, user=resolve_user(getattr(args, "user", None), config))
        if started:
            startup_done()
        yield Services(config, store, desk)
    finally:
        store.close()


def file_modes(config: Config) -> FileModes:
    """Owner-only modes, or the team group's (``team.group``) when one is configured.

    Raises:
        ConfigError: the group does not exist on this machine.
    """
    from rtc_tui.store import FileModes

    name = config.team.group
    if not name:
        return FileModes()
    import grp

    from rtc_tui.config import ConfigError

    try:
        gid = grp.getgrnam(name).gr_gid
    except KeyError:
        raise ConfigError(
            _("{path}: team.group: no group named {name}").format(path=config.path, name=repr(name))
        ) from None
    return FileModes.for_group(gid)


def open_store(args: argparse.Namespace, config: Config) -> Store:
    """The store named by ``--store``, ``RTC_STORE`` or the config's ``store:``.

    A ``postgresql://`` URL opens the database (the data dir then holds local files only);
    anything else, or nothing, the data dir of ``--data-dir`` (else ``RTC_DATA_DIR``, else
    the XDG data dir).
    """
    from rtc_tui.config import default_data_dir, store_spec
    from rtc_tui.store import open_store as open_backend

    if config.store and has_password(config.store):
        warning = _(
            "{path}: store: holds a password in clear; keep it in ~/.pgpass or PGPASSWORD instead"
        ).format(path=config.path)
        print(_("rtc: warning: {warning}").format(warning=warning), file=sys.stderr)
    data_dir: Path = getattr(args, "data_dir", None) or default_data_dir()
    spec = store_spec(getattr(args, "store", None), config)
    return open_backend(spec, data_dir=data_dir, modes=file_modes(config))


def has_password(url: str) -> bool:
    """Whether a store URL carries a password (``user:secret@host``)."""
    from urllib.parse import urlsplit

    try:
        return urlsplit(url).password is not None
    except ValueError:
        return False


def print_json(value: Any) -> None:
    """Print ``value`` as indented JSON (UTF-8, not ASCII-escaped).

    Encoded by msgspec, ten times faster than the standard library on ``rtc events --json
    --all`` (100,000 rows), the same text but for the shortest float exponents (``1e-7``).
    """
    import msgspec

    sys.stdout.write(msgspec.json.format(msgspec.json.encode(value), indent=2).decode() + "\n")


def read_text_arg(value: str | None) -> str:
    """Read a ``FILE|-`` argument: a file's text, standard input for ``-``, empty for none.

    Raises:
        BadInputError: the file cannot be read or is not UTF-8.
    """
    from rtc_tui.desk.errors import BadInputError

    if value is None:
        return ""
    if value == "-":
        return sys.stdin.read()
    path = Path(value)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise BadInputError(_("{path}: no such file").format(path=path)) from exc
    except UnicodeDecodeError as exc:
        message = _("{path}: not UTF-8 text (byte {byte})").format(path=path, byte=exc.start)
        raise BadInputError(message) from exc
    except OSError as exc:
        message = _("{path}: cannot read: {reason}").format(path=path, reason=exc.strerror)
        raise BadInputError(message) from exc
