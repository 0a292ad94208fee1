"""The Trending pane: ranked events, one key per triage action."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable

from rtc_tui.core.models import Event
from rtc_tui.ui.panes.base import Pane


class TrendingPane(Pane):
    """Events ranked by what is rising now; the cursor row is the event acted on."""

    PANE_ID = "trending"
    PANE_TITLE = "Trending"
    PANE_KEY = "1"

    BINDINGS = [
        Binding("n", "new_draft", "New draft", id="trending.new-draft"),
    ]

    class DraftRequested(Message):
        """The user wants a new draft reacting to an event."""

        def __init__(self, event_id: str) -> None:
            self.event_id = event_id
            """The id of the event to react to."""
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._events: list[Event] = []

    def compose(self) -> ComposeResult:
        """A table of events."""
        table: DataTable[str | Text] = DataTable(id="trending-table", cursor_type="row")
        table.add_columns("!", "Score", "Source", "Title")
        yield table

    def focus_target(self) -> Widget:
        """The events table."""
        return self.query_one(DataTable)

    def show_events(self, events: Sequence[Event]) -> None:
        """Replace the rows, keeping the cursor on the same event."""
        table: DataTable[str | Text] = self.query_one(DataTable)
        current = self.current_event()
        self._events = list(events)
        table.clear()
        for event in self._events:
            table.add_row(
                event.sensitivity.level.marker,
                f"{event.score:.2f}",
                Text(event.source),
                Text(event.title, no_wrap=True, overflow="ellipsis"),
                key=event.id,
            )
        if current is not None:
            for index, event in enumerate(self._events):
                if event.id == current.id:
                    table.move_cursor(row=index)
                    break

    def current_event(self) -> Event | None:
        """The event under the cursor, if any."""
        table: DataTable[str | Text] = self.query_one(DataTable)
        if not self._events or table.cursor_row < 0 or table.cursor_row >= len(self._events):
            return None
        return self._events[table.cursor_row]

    def action_new_draft(self) -> None:
        """Ask for a draft reacting to the event under the cursor."""
        event = self.current_event()
        if event is None:
            self.notify("No event selected", severity="warning")
            return
        self.post_message(self.DraftRequested(event.id))
