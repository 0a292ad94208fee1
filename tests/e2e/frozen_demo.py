"""The demo at a frozen instant, for text snapshots of the real terminal (``python -m``).

``python -m tests.e2e.frozen_demo DATA_DIR`` seeds the demo into ``DATA_DIR`` through the real
parsers, exactly as the SVG snapshots do (:data:`tests.conftest.FROZEN_NOW`, user ``giulia``),
and runs the app on it in the interface language of the environment (``LANG``). Everything
that would change from run to run is fixed: the clock, the data dir the status bar shows
(:data:`SHOWN_DATA_DIR`), and the first row's seen mark (the app writes it two seconds after
start; here it is written before, so no write lands while the screen is being read).
"""

from __future__ import annotations

import sys
from pathlib import Path

from rtc_tui import i18n

SHOWN_DATA_DIR = "/tmp/rtc-snapshot-demo"
"""The data dir the status bar shows, whichever folder the test really uses."""


def main(data_dir: Path) -> int:
    """Seed the frozen demo into ``data_dir`` and run the app on it; the app's exit code."""
    # The language is chosen before the UI is imported: bindings are translated at import.
    i18n.setup(i18n.detect_language())
    from rtc_tui.config import Config
    from rtc_tui.desk import Desk
    from rtc_tui.desk.demo import seed_drafts
    from rtc_tui.store import FileStore
    from rtc_tui.ui import app as app_module
    from rtc_tui.ui.app import RtcApp
    from rtc_tui.ui.screens.main import MainScreen
    from rtc_tui.ui.status_bar import StatusBar
    from tests.conftest import FROZEN_NOW

    desk = Desk(Config(), FileStore(data_dir), user="giulia", now=lambda: FROZEN_NOW, demo=True)
    desk.trending.seed_demo()
    seed_drafts(desk)
    desk.trending.mark_seen(desk.trending.stories()[0].event_ids)

    class FrozenDemoApp(RtcApp):
        """The app, showing :data:`SHOWN_DATA_DIR` as its data dir once its screen is up."""

        # A relative CSS path is read beside the class's module: point at the app's own.
        CSS_PATH = str(Path(app_module.__file__).parent / "app.tcss")

        def on_ready(self) -> None:
            screen = self.screen
            assert isinstance(screen, MainScreen)
            screen.query_one(StatusBar).data_dir = SHOWN_DATA_DIR

    app = FrozenDemoApp(desk)
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
