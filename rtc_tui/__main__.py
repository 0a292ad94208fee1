"""``python -m rtc_tui`` runs the same entry point as ``rtc``."""

from rtc_tui.cli import main

raise SystemExit(main())
