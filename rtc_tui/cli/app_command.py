"""``rtc`` with no command: the full-screen app."""

from __future__ import annotations

import argparse

from rtc_tui.cli.common import services
from rtc_tui.cli.leave import leave_now
from rtc_tui.i18n import _


def add_app_options(parser: argparse.ArgumentParser) -> None:
    """Options only the app takes."""
    parser.add_argument("--theme", default=None, help=_("theme name (see `rtc themes`)"))


def run(args: argparse.Namespace) -> int:
    """Run the app on the configured (or demo) data, then end the process (0: user quit)."""
    from rtc_tui.config import config_dir
    from rtc_tui.ui.app import RtcApp

    # The cycle collector stays paused (see rtc_tui.cli.main) until the first rows are painted.
    with services(args, started=False) as svc:
        app = RtcApp(
            svc.desk,
            keymap=svc.config.keys,
            theme=args.theme,
            user_themes_dir=config_dir() / "themes",
            welcome=True,
            emoji=svc.config.emoji,
        )
        # The app runs for a while: it sends what an earlier session kept in the outbox. What
        # is pending at quit is waited for (notify.drain), then kept (see rtc_tui.notify).
        svc.desk.notifier.start()
        try:
            app.run()
        finally:
            svc.desk.notifier.close()
        return_code = app.return_code or 0
    # The screen is back to the shell and everything is saved and closed: end the process
    # without the interpreter's teardown of the session's objects (see rtc_tui.cli.leave).
    leave_now(return_code)
