"""Reference: a bare soft-wrapped TextArea holding the benchmark draft, for typing."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import TextArea

from tests.bench.drafts import draft_text


class EditorApp(App[None]):
    """One focused TextArea with the draft, nothing else."""

    def compose(self) -> ComposeResult:
        """The editor."""
        yield TextArea(draft_text(), soft_wrap=True)

    def on_mount(self) -> None:
        """Focus the editor (the benchmark moves to the end with ctrl+end, as in rtc)."""
        self.query_one(TextArea).focus()


if __name__ == "__main__":
    EditorApp().run()
