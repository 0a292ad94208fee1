"""The main screen: the four panes, the pane bar, the status bar, and the desk calls.

Panes report what the user wants as messages; the handlers here call the desk and push the
results back down. Disk work runs in thread workers so the UI never waits on a lock.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.events import DescendantFocus, Resize
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer

from rtc_tui.core.models import Draft, Event
from rtc_tui.desk import Desk, DeskError
from rtc_tui.ui.keys import KeyEntry, registry
from rtc_tui.ui.pane_bar import PANES, PaneBar
from rtc_tui.ui.panes.base import Pane
from rtc_tui.ui.panes.calendar import CalendarPane
from rtc_tui.ui.panes.checklist import ChecklistPane
from rtc_tui.ui.panes.draft import DraftPane
from rtc_tui.ui.panes.trending import TrendingPane
from rtc_tui.ui.screens.calendar_handlers import CalendarHandlers
from rtc_tui.ui.screens.checklist_handlers import ChecklistHandlers
from rtc_tui.ui.screens.draft_handlers import DraftHandlers
from rtc_tui.ui.screens.trending_handlers import TrendingHandlers
from rtc_tui.ui.status_bar import StatusBar

WIDE_MIN_COLUMNS = 100
"""At this width or more the four panes share the screen (2x2); below, one at a time."""

RELOAD_POLL_SECONDS = 2.0
"""How often the screen looks for changes written by other sessions (team mode)."""


class MainScreen(
    DraftHandlers, CalendarHandlers, ChecklistHandlers, TrendingHandlers, Screen[None]
):
    """The war room: Trending, Calendar, Draft and Checklist."""

    BINDINGS = [
        # show=False: the pane bar always shows 1-4; the footer keeps its width for pane keys.
        Binding("1", "show_pane('trending')", "Trending", id="pane.trending", show=False),
        Binding("2", "show_pane('calendar')", "Calendar", id="pane.calendar", show=False),
        Binding("3", "show_pane('draft')", "Draft", id="pane.draft", show=False),
        Binding("4", "show_pane('checklist')", "Checklist", id="pane.checklist", show=False),
        Binding("tab", "cycle_pane(1)", "Next pane", id="pane.next", show=False),
        Binding("shift+tab", "cycle_pane(-1)", "Previous pane", id="pane.previous", show=False),
        Binding("escape", "leave_field", "Leave field", id="main.leave-field", show=False),
        Binding("ctrl+e", "export", "Export", id="main.export", priority=True),
    ]

    active: reactive[str] = reactive("trending")
    """The id of the active pane (the only one shown below 100 columns)."""

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self._stamp = desk.changes_stamp()

    def compose(self) -> ComposeResult:
        """Pane bar, the four panes, status bar, footer."""
        yield PaneBar(id="pane-bar")
        with Container(id="panes"):
            yield TrendingPane(id="trending")
            yield CalendarPane(id="calendar")
            yield DraftPane(id="draft")
            yield ChecklistPane(id="checklist")
        status = StatusBar(self.desk.now, id="status-bar")
        status.user = self.desk.user
        status.data_dir = str(self.desk.data_dir)
        yield status
        yield Footer()

    def on_mount(self) -> None:
        """Lay out for the current size, load the data, watch for other sessions."""
        self._layout(self.app.size.width)
        # Focus the active pane's list, not whatever focusable widget comes first (the
        # Trending filter field would swallow the 1-4 keys).
        self.action_show_pane(self.active)
        self.reload()
        self.set_interval(RELOAD_POLL_SECONDS, self._poll_changes)
        self.watch(self.app, "theme", self._theme_changed, init=False)

    # -- layout and focus -------------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        """Switch between the 2x2 grid and one pane at a time."""
        self._layout(event.size.width)

    def _layout(self, width: int) -> None:
        panes = self.query_one("#panes", Container)
        panes.set_class(width >= WIDE_MIN_COLUMNS, "wide")
        panes.set_class(width < WIDE_MIN_COLUMNS, "narrow")

    def pane(self, pane_id: str) -> Pane:
        """The pane with ``pane_id``."""
        return self.query_one(f"#{pane_id}", Pane)

    def watch_active(self, active: str) -> None:
        """Mark the active pane (shown alone when narrow) and tell the pane bar."""
        for _key, pane_id, _title in PANES:
            self.pane(pane_id).set_class(pane_id == active, "active")
        self.query_one(PaneBar).active = active

    def action_show_pane(self, pane_id: str) -> None:
        """Make ``pane_id`` the active pane and focus it, outside any text field.

        A pane that takes focus itself (the Draft pane) gets it, so its single-letter keys
        and 1-4 keep working; ``i``/``enter`` there goes into the editor.
        """
        self.active = pane_id
        pane = self.pane(pane_id)
        if pane.can_focus:
            pane.focus()
        else:
            pane.focus_target().focus()

    def action_cycle_pane(self, step: int) -> None:
        """Move to the next (or previous) pane."""
        ids = [pane_id for _key, pane_id, _title in PANES]
        index = (ids.index(self.active) + step) % len(ids)
        self.action_show_pane(ids[index])

    def action_leave_field(self) -> None:
        """Leave a text field: focus goes back to the pane itself or its list."""
        self.action_show_pane(self.active)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        """Focus moving into a pane (mouse, tab) makes it the active pane."""
        for ancestor in event.widget.ancestors_with_self:
            if isinstance(ancestor, Pane):
                if self.active != ancestor.PANE_ID:
                    self.active = ancestor.PANE_ID
                return

    def key_entries(self) -> list[KeyEntry]:
        """Every key of the app, the screen and the panes, for help and the palette."""
        keymap = getattr(self.app, "user_keymap", {})
        panes = [(pane_id, title, self.pane(pane_id)) for _key, pane_id, title in PANES]
        return registry(self.app, self, panes, keymap)

    # -- data ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def reload(self) -> None:
        """Read everything the panes show from the desk, off the UI thread."""
        events = self.desk.trending.events()
        drafts = self.desk.drafts.all()
        self.app.call_from_thread(self._show, events, drafts)

    def _show(self, events: list[Event], drafts: list[Draft]) -> None:
        self.query_one(TrendingPane).show_events(events)
        draft_pane = self.query_one(DraftPane)
        current = draft_pane.draft
        if current is not None:
            fresh = next((d for d in drafts if d.id == current.id), None)
            draft_pane.show_draft(fresh)
        else:
            draft_pane.show_draft(drafts[0] if drafts else None)
        # Draft statuses drive the calendar's prep states: refresh them with the drafts.
        self.query_one(CalendarPane).reload()
        # The checklist follows the open draft: recompute it now rather than at its next poll.
        self._checklist_poll()

    def _theme_changed(self) -> None:
        """Rows styled from theme tokens (calendar, checklist) are redrawn in the new theme."""
        self.query_one(CalendarPane).reload()
        self._checklist_key = None
        self._checklist_poll()

    def _poll_changes(self) -> None:
        stamp = self.desk.changes_stamp()
        if stamp != self._stamp:
            self._stamp = stamp
            self.reload()

    # -- intents from the panes -----------------------------------------------------------

    @on(TrendingPane.DraftRequested)
    def _new_draft_from_event(self, message: TrendingPane.DraftRequested) -> None:
        try:
            draft = self.desk.drafts.new(event_id=message.event_id)
        except DeskError as exc:
            self.notify(str(exc), severity="error")
            return
        self.open_draft(draft)
        self.reload()
