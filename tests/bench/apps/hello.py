"""Reference: the smallest Textual app (one line of text), for start-up, quit and memory."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static


class HelloApp(App[None]):
    """Hello, and nothing else (ctrl+q quits, as in every Textual app)."""

    def compose(self) -> ComposeResult:
        """One static line."""
        yield Static("Hello from the bench")


if __name__ == "__main__":
    HelloApp().run()
