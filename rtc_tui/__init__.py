"""rtc-tui: a keyboard-first terminal war room for real-time social communication."""

__version__ = "0.1.0"
