"""The Trending pane: ranked events in a table, one key per triage action, filter as you type.

Rows are plain data rendered as ``rich.text.Text`` (never markup), so a feed title like
``[bold red]x[/]`` shows exactly as written. Markers read without colour: ``+`` new, ``^``
pinned, ``!`` sensitive (warn), ``X`` sensitive (block); colour only reinforces them. A
refresh keeps the cursor on the same event, wherever it moved to. The pane never calls the
desk: every intent goes up as a message the main screen handles.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import DescendantBlur, Resize
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from rtc_tui.desk.views import Event, Level, TriageState, filter_key, matches_query
from rtc_tui.i18n import N_
from rtc_tui.ui.panes.base import Pane

FIXED_COLUMNS = (
    ("state", " ", 1),
    ("level", "!", 1),
    ("score", "Score", 5),
    ("source", "Source", 14),
)
"""Key, label and width of every column but the title."""

MUTE_OFFER_SECONDS = 15.0
"""How long after ``x`` the ``m`` key offers to mute the dismissed event (not the next)."""

SEEN_DELAY = 2.0
"""Seconds after which rows the cursor passed over are reported as seen (one write)."""


def state_marker(event: Event) -> str:
    """``+`` new, ``^`` pinned, ``z`` snoozed, ``x`` dismissed, ``>`` reacted, else blank."""
    return {
        TriageState.NEW: "+",
        TriageState.PINNED: "^",
        TriageState.SNOOZED: "z",
        TriageState.DISMISSED: "x",
        TriageState.REACTED: ">",
    }.get(event.state, " ")


def _row_signature(event: Event) -> tuple[str, str, str, float, str, str]:
    return (
        event.id,
        state_marker(event),
        event.sensitivity.level.value,
        round(event.score, 3),
        event.source,
        event.title,
    )


class FilterField(Input):
    """The filter line: out of the focus chain until ``/`` (so it never takes first focus)."""

    can_focus = False


class TrendingPaneView(Pane):
    """Events ranked by what is rising now; the cursor row is the event acted on."""

    PANE_ID = "trending"
    PANE_TITLE = N_("Trending")
    PANE_KEY = "1"

    DEFAULT_CSS = """
    TrendingPaneView #trending-filter {
        height: 1; border: none; padding: 0 1; background: $panel; color: $text-muted;
    }
    TrendingPaneView #trending-filter:focus { color: $foreground; }
    TrendingPaneView #trending-empty { display: none; padding: 1 2; color: $text-muted; }
    TrendingPaneView.empty #trending-empty { display: block; }
    TrendingPaneView.empty DataTable { display: none; }
    """

    BINDINGS = [
        Binding("n", "new_draft", "New draft", id="trending.new-draft"),
        Binding("p", "pin", "Pin", id="trending.pin"),
        Binding("x", "dismiss", "Dismiss", id="trending.dismiss"),
        Binding("z", "snooze", "Snooze", id="trending.snooze"),
        # A priority binding runs as the key arrives, before the keys typed after it are
        # handed to the widget in focus: "/san" in one burst over SSH filters for "san".
        Binding("slash", "filter", "Filter", id="trending.filter", priority=True),
        # Priority, so it is what enter does over the table's own row selection.
        Binding("enter", "details", "Details", id="trending.details", show=False, priority=True),
        Binding("r", "refresh", "Refresh", id="trending.refresh"),
        Binding("m", "mute", "Mute…", id="trending.mute", show=False),
        Binding("M", "unmute", "Unmute…", id="trending.unmute", show=False),
        Binding("f", "saved_filters", "Saved filters", id="trending.saved-filters", show=False),
        Binding("s", "sources", "Sources", id="trending.sources", show=False),
        Binding("j", "cursor_down", "Down", id="trending.down", show=False),
        Binding("k", "cursor_up", "Up", id="trending.up", show=False),
    ]

    filter_text: reactive[str] = reactive("", init=False)
    """The filter-as-you-type text (empty: every event)."""

    class EventMessage(Message):
        """Base of the messages about one event."""

        def __init__(self, event_id: str) -> None:
            self.event_id = event_id
            """The id of the event the user acted on."""
            super().__init__()

    class DraftRequested(EventMessage):
        """The user wants a new draft reacting to an event."""

    class DetailsRequested(EventMessage):
        """The user wants the detail view of an event."""

    class MuteRequested(Message):
        """The user wants to mute an event's source or one of its words."""

        def __init__(self, event: Event) -> None:
            self.event = event
            """The event whose source or words to offer (the one just dismissed, or the
            one under the cursor)."""
            super().__init__()

    class TriageRequested(Message):
        """The user pinned, dismissed or snoozed an event."""

        def __init__(self, event_id: str, action: str) -> None:
            self.event_id = event_id
            """The id of the event."""
            self.action = action
            """``pin``, ``dismiss`` or ``snooze`` (a :class:`TriageAction` value)."""
            super().__init__()

    class SeenRequested(Message):
        """Rows the cursor passed over: new events now seen."""

        def __init__(self, event_ids: tuple[str, ...]) -> None:
            self.event_ids = event_ids
            """The events to mark seen."""
            super().__init__()

    class RefreshRequested(Message):
        """The user wants every source fetched now."""

    class SourcesRequested(Message):
        """The user wants the sources' health screen."""

    class UnmuteRequested(Message):
        """The user wants to see the mutes added in the app and lift one."""

    class SavedFiltersRequested(Message):
        """The user wants the saved filters (to apply one or save the current filter)."""

        def __init__(self, query: str) -> None:
            self.query = query
            """The filter in force now (offered for saving)."""
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._all: list[Event] = []
        self._keys: dict[str, str] = {}
        self._shown: list[Event] = []
        self._signatures: list[tuple[str, str, str, float, str, str]] = []
        self._pending_seen: set[str] = set()
        self._seen_timer_armed = False
        self._title_width = 40
        self._just_dismissed: tuple[Event, float] | None = None

    def compose(self) -> ComposeResult:
        """The filter field (hidden until ``/``), the events table and an empty-state line."""
        yield FilterField(placeholder="/ to filter: title, source, keyword…", id="trending-filter")
        table: DataTable[Text] = DataTable(
            id="trending-table", cursor_type="row", zebra_stripes=False
        )
        yield table
        yield Static(
            "No events yet: press r to fetch the sources.", id="trending-empty", markup=False
        )

    def on_mount(self) -> None:
        """Title the border and lay out the columns."""
        super().on_mount()
        self._build_columns()
        self.set_class(True, "empty")

    def focus_target(self) -> Widget:
        """The events table."""
        return self.query_one(DataTable)

    @property
    def table(self) -> DataTable[Text]:
        """The events table."""
        return self.query_one("#trending-table", DataTable)

    # -- rows --------------------------------------------------------------------------

    def _build_columns(self) -> None:
        table = self.table
        self._title_width = self._wanted_title_width(self.size.width or 80)
        table.clear(columns=True)
        for key, label, width in FIXED_COLUMNS:
            table.add_column(label, width=width, key=key)
        table.add_column("Title", width=self._title_width, key="title")

    @staticmethod
    def _wanted_title_width(content_width: int) -> int:
        # Each column has one cell of padding on both sides; one more cell for the scrollbar.
        fixed = sum(width + 2 for _key, _label, width in FIXED_COLUMNS)
        return max(20, content_width - fixed - 2 - 1)

    def on_resize(self, event: Resize) -> None:
        """Fit the title column to the new width (the rows are laid out again)."""
        width = self._wanted_title_width(self.size.width)
        if width != self._title_width:
            current = self.current_event()
            self._build_columns()
            self._fill(self._shown, current.id if current else None, force=True)

    def _cells(self, event: Event) -> tuple[Text, Text, Text, Text, Text]:
        level = event.sensitivity.level
        state = state_marker(event)
        return (
            Text(state, style="bold" if state == "+" else ""),
            Text(level.marker, style=self._level_style(level)),
            Text(f"{event.score * 100:5.1f}", justify="right"),
            Text(event.source, no_wrap=True, overflow="ellipsis"),
            Text(event.title, no_wrap=True, overflow="ellipsis"),
        )

    def _level_style(self, level: Level) -> str:
        """Bold, in the theme's warn/block colour (the marker itself reads without colour)."""
        variable = {Level.WARN: "rtc-sensitive-warn", Level.BLOCK: "rtc-sensitive-block"}.get(level)
        if variable is None:
            return ""
        colour = self.app.theme_variables.get(variable, "")
        return f"bold {colour}".strip()

    def show_events(self, events: Sequence[Event]) -> None:
        """Show ``events`` (ranked), keeping the cursor on the same event and the filter."""
        current = self.current_event()
        self._all = list(events)
        self._keys = {e.id: self._keys.get(e.id) or filter_key(e) for e in self._all}
        self._apply_filter(current.id if current else None)

    def _apply_filter(self, keep_id: str | None) -> None:
        query = self.filter_text.strip()
        shown = (
            [e for e in self._all if matches_query(self._keys[e.id], query)]
            if query
            else list(self._all)
        )
        self._fill(shown, keep_id)

    def _fill(self, shown: list[Event], keep_id: str | None, *, force: bool = False) -> None:
        table = self.table
        old_row = table.cursor_row
        signatures = [_row_signature(e) for e in shown]
        same_rows = not force and [s[0] for s in signatures] == [s[0] for s in self._signatures]
        if same_rows:
            # Same events in the same order: touch only the cells that changed.
            for index, (old, new) in enumerate(zip(self._signatures, signatures, strict=True)):
                if old != new:
                    cells = self._cells(shown[index])
                    for (key, _label, _width), cell in zip(FIXED_COLUMNS, cells, strict=False):
                        table.update_cell(new[0], key, cell)
                    table.update_cell(new[0], "title", cells[-1])
            self._shown = shown
            self._signatures = signatures
            return
        self._shown = shown
        self._signatures = signatures
        table.clear()
        for event in shown:
            table.add_row(*self._cells(event), key=event.id)
        self.set_class(not self._all, "empty")
        if not shown:
            return
        found = next((i for i, e in enumerate(shown) if e.id == keep_id), None)
        row = found if found is not None else min(max(old_row, 0), len(shown) - 1)
        table.move_cursor(row=row, animate=False)

    def current_event(self) -> Event | None:
        """The event under the cursor, if any."""
        table = self.table
        if not self._shown or not 0 <= table.cursor_row < len(self._shown):
            return None
        return self._shown[table.cursor_row]

    @property
    def shown_events(self) -> list[Event]:
        """The events in the table now (after the filter), top to bottom."""
        return list(self._shown)

    # -- new items ---------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#trending-table")
    def _highlighted(self, message: DataTable.RowHighlighted) -> None:
        event = self.current_event()
        if event is None or event.state is not TriageState.NEW:
            return
        self._pending_seen.add(event.id)
        if not self._seen_timer_armed:
            self._seen_timer_armed = True
            self.set_timer(SEEN_DELAY, self._flush_seen)

    def _flush_seen(self) -> None:
        self._seen_timer_armed = False
        if self._pending_seen:
            ids = tuple(sorted(self._pending_seen))
            self._pending_seen.clear()
            self.post_message(self.SeenRequested(ids))

    # -- filter ------------------------------------------------------------------------

    def action_filter(self) -> None:
        """Show the filter field and put the cursor in it."""
        field = self.query_one("#trending-filter", FilterField)
        if self.screen.focused is field:
            field.insert_text_at_cursor("/")  # the binding is priority: type it for the user
            return
        field.can_focus = True
        # Focus at once, not after a refresh: keys typed right after ``/`` must land here.
        self.screen.set_focus(field)

    @on(Input.Changed, "#trending-filter")
    def _filter_changed(self, message: Input.Changed) -> None:
        self.filter_text = message.value

    @on(Input.Submitted, "#trending-filter")
    def _filter_done(self, message: Input.Submitted) -> None:
        self.table.focus()

    def on_descendant_blur(self, event: DescendantBlur) -> None:
        """Leaving the filter field takes it out of the focus chain again."""
        if isinstance(event.widget, FilterField):
            event.widget.can_focus = False

    def watch_filter_text(self, query: str) -> None:
        """Filter the rows as the text changes; the pane's subtitle shows the filter."""
        current = self.current_event()
        self._apply_filter(current.id if current else None)
        self.border_subtitle = Text(f"filter: {query}") if query.strip() else ""

    def set_query(self, query: str) -> None:
        """Apply a filter (a saved one, say) as if typed."""
        self.query_one("#trending-filter", FilterField).value = query
        self.filter_text = query

    # -- actions -----------------------------------------------------------------------

    def _with_event(self) -> Event | None:
        event = self.current_event()
        if event is None:
            self.notify("No event selected", severity="warning")
        return event

    def action_new_draft(self) -> None:
        """Ask for a draft reacting to the event under the cursor."""
        event = self._with_event()
        if event is not None:
            self.post_message(self.DraftRequested(event.id))

    def action_details(self) -> None:
        """Ask for the detail view of the event under the cursor (in the filter: back to it)."""
        if isinstance(self.screen.focused, FilterField):
            self.table.focus()
            return
        event = self._with_event()
        if event is not None:
            self.post_message(self.DetailsRequested(event.id))

    @on(DataTable.RowSelected, "#trending-table")
    def _selected(self, message: DataTable.RowSelected) -> None:
        self.action_details()

    def _triage(self, action: str) -> None:
        event = self._with_event()
        if event is not None:
            self.post_message(self.TriageRequested(event.id, action))

    def action_pin(self) -> None:
        """Pin the event on top (or unpin it)."""
        self._triage("pin")

    def action_dismiss(self) -> None:
        """Dismiss the event until it changes (``m`` right after offers to mute)."""
        event = self.current_event()
        if event is not None:
            self._just_dismissed = (event, time.monotonic())
        self._triage("dismiss")

    def action_snooze(self) -> None:
        """Hide the event for the snooze time (an hour by default)."""
        self._triage("snooze")

    def action_mute(self) -> None:
        """Offer to mute the source or a word of the event just dismissed, else the current."""
        event: Event | None = None
        if self._just_dismissed is not None:
            dismissed, at = self._just_dismissed
            if time.monotonic() - at <= MUTE_OFFER_SECONDS:
                event = dismissed
            self._just_dismissed = None
        event = event or self._with_event()
        if event is not None:
            self.post_message(self.MuteRequested(event))

    def action_refresh(self) -> None:
        """Fetch every source now."""
        self.post_message(self.RefreshRequested())

    def action_sources(self) -> None:
        """Show the sources' health."""
        self.post_message(self.SourcesRequested())

    def action_unmute(self) -> None:
        """List the mutes added in the app, to lift one.

        A muted source hides every event that could offer it, so this is not per event.
        """
        self.post_message(self.UnmuteRequested())

    def action_saved_filters(self) -> None:
        """Show the saved filters."""
        self.post_message(self.SavedFiltersRequested(self.filter_text))

    def action_cursor_down(self) -> None:
        """Move the cursor down one row."""
        self.table.action_cursor_down()

    def action_cursor_up(self) -> None:
        """Move the cursor up one row."""
        self.table.action_cursor_up()

    def drop_event(self, event_id: str) -> None:
        """Take an event out of the list at once (dismissed, snoozed), cursor staying put."""
        if not any(e.id == event_id for e in self._all):
            return
        index = next((i for i, e in enumerate(self._shown) if e.id == event_id), 0)
        self._all = [e for e in self._all if e.id != event_id]
        remaining = [e for e in self._shown if e.id != event_id]
        keep = remaining[min(index, len(remaining) - 1)].id if remaining else None
        self._fill(remaining, keep)
