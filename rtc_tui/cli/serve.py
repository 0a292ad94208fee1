"""``rtc serve [--host 127.0.0.1] [--port 8000]``: the same app in a browser, through textual-serve.

For a teammate without an SSH client: each browser tab that opens the page starts its own
``rtc`` process on this machine (textual-serve runs the command per connection and streams its
terminal over a WebSocket), on the data dir, config and user given here. textual-serve has no
login, so it listens on the loopback address unless told otherwise (anything else gets a
warning), and every run makes a key the browser must show (:mod:`rtc_tui.cli.serve_key`): the
other users of a shared server reach its loopback port too. The README shows how to reach it
through an SSH tunnel.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys
from pathlib import Path
from typing import Any

from rtc_tui.cli.common import load_services_config, open_store
from rtc_tui.i18n import _

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def register(subparsers: argparse._SubParsersAction[Any], parent: argparse.ArgumentParser) -> None:
    """Add ``rtc serve``."""
    p = subparsers.add_parser(
        "serve", parents=[parent], help=_("the app in a browser (textual-serve)")
    )
    p.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=_("address to listen on (default 127.0.0.1: this machine only)"),
    )
    p.add_argument("--port", type=_port, default=DEFAULT_PORT, help=_("port (default 8000)"))
    p.add_argument(
        "--public-url",
        default=None,
        help=_("the address the browser uses, when it differs (a tunnel to another local port)"),
    )
    p.set_defaults(run=run)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("expected a port number (1-65535)")) from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(_("expected a port number (1-65535)"))
    return port


def app_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each browser session: this ``rtc``, same options.

    The same interpreter (``sys.executable -m rtc_tui``), so the venv the server runs in is the
    one the sessions run in, every value quoted for the shell textual-serve starts it with.
    """
    argv = [sys.executable, "-m", "rtc_tui"]
    data_dir: Path | None = getattr(args, "data_dir", None)
    config: Path | None = getattr(args, "config", None)
    user: str | None = getattr(args, "user", None)
    if data_dir is not None:
        argv += ["--data-dir", str(data_dir.resolve())]
    if config is not None:
        argv += ["--config", str(config.resolve())]
    if user:
        argv += ["--user", user]
    if getattr(args, "demo", False):
        argv.append("--demo")
    if getattr(args, "theme", None):
        argv += ["--theme", args.theme]
    return shlex.join(argv)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable only from this machine (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run(args: argparse.Namespace) -> int:
    """Check the config and the data dir, then serve until interrupted (ctrl+c)."""
    config = load_services_config(args)
    if not getattr(args, "demo", False):
        store = open_store(args, config)
        for warning in store.check():
            print(_("rtc: warning: {warning}").format(warning=warning), file=sys.stderr)
    if not is_loopback(args.host):
        warning = _(
            "listening on {host}: the connection is not encrypted, and whoever sees "
            "the printed address gets the app, as you"
        ).format(host=args.host)
        print(_("rtc: warning: {warning}").format(warning=warning), file=sys.stderr)
    from rtc_tui.cli.common import startup_done
    from rtc_tui.cli.serve_key import keyed_server, new_key

    startup_done()  # it serves until interrupted

    server = keyed_server(
        new_key(),
        command=app_command(args),
        host=args.host,
        port=args.port,
        title="rtc",
        public_url=args.public_url,
    )
    try:
        server.serve()
    except OSError as exc:
        # aiohttp's words repeat the address before the reason: keep the reason.
        reason = str(exc).rsplit(": ", 1)[-1] or type(exc).__name__
        print(
            "rtc: "
            + _("cannot listen on {host}:{port}: {reason}").format(
                host=args.host, port=args.port, reason=reason
            ),
            file=sys.stderr,
        )
        return 1
    return 0
