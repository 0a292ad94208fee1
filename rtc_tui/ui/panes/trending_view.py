"""The Trending pane: ranked stories in a table, one key per triage action, filter as you type.

One row per story (the same event seen by several sources), expandable to its copies with
``space``; the rows themselves are in :mod:`.trending_rows`. Markers read without colour: ``+``
new, ``^`` pinned, ``!`` sensitive (warn), ``X`` sensitive (block); colour only reinforces
them. A refresh keeps the cursor on the same story, wherever it moved to. The view never calls
the desk: every intent goes up as a message the pane handles.
"""

from __future__ import annotations

import threading
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

from rtc_tui.desk.views import Event, Level, Story, TriageState, query_matcher
from rtc_tui.i18n import N_, _
from rtc_tui.ui.key_order import OrderedInput
from rtc_tui.ui.panes.base import Pane
from rtc_tui.ui.panes.trending_rows import COLUMNS as FIXED_COLUMNS
from rtc_tui.ui.panes.trending_rows import Row, StoryRows, prepare_rows, unfold
from rtc_tui.ui.widgets.story_table import Signature, StoryTable

MUTE_OFFER_SECONDS = 15.0
"""How long after ``x`` the ``m`` key offers to mute the dismissed event (not the next)."""

REST_MARGIN = 50
"""Rows from the end of a partial list at which the rest of the stories is asked for."""

FIRST_FILL_SCREENS = 2
"""Rows put in the table before the first frame, in screen heights (see ``_apply_filter``)."""

FILTER_ROWS = 200
"""Matching stories a filter puts in the table at first; more as the cursor nears their end.

At 20,000 events a one-letter filter matched 17,000 stories: filling the table with them (and
taking hundreds out at the next letter, each removal a pass over the table) held the UI
thread for seconds per typed character."""

FILTER_GROWTH = 5
"""How many times more matching stories the table takes when the cursor nears their end."""

SEEN_DELAY = 2.0
"""Seconds after which rows the cursor passed over are reported as seen (one write)."""


class FilterField(OrderedInput):
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
        Binding("n", "new_draft", _("New draft"), id="trending.new-draft"),
        Binding("p", "pin", _("Pin"), id="trending.pin"),
        Binding("x", "dismiss", _("Dismiss"), id="trending.dismiss"),
        Binding("z", "snooze", _("Snooze"), id="trending.snooze"),
        # A priority binding runs as the key arrives, before the keys typed after it are
        # handed to the widget in focus: "/san" in one burst over SSH filters for "san".
        Binding("slash", "filter", _("Filter"), id="trending.filter", priority=True),
        # Priority, so it is what enter does over the table's own row selection.
        Binding("enter", "details", _("Details"), id="trending.details", show=False, priority=True),
        Binding("r", "refresh", _("Refresh"), id="trending.refresh"),
        Binding("m", "mute", _("Mute…"), id="trending.mute", show=False),
        Binding("M", "unmute", _("Unmute…"), id="trending.unmute", show=False),
        Binding("f", "saved_filters", _("Saved filters"), id="trending.saved-filters", show=False),
        Binding("s", "sources", _("Sources"), id="trending.sources", show=False),
        Binding("space", "toggle_story", _("Expand story"), id="trending.expand", show=False),
        Binding("j", "cursor_down", _("Down"), id="trending.down", show=False),
        Binding("k", "cursor_up", _("Up"), id="trending.up", show=False),
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
        """The user pinned, dismissed or snoozed a story (every copy) or one copy of it."""

        def __init__(self, event_ids: tuple[str, ...], action: str) -> None:
            self.event_ids = event_ids
            """The events it applies to: every copy of a story, or the one copy."""
            self.event_id = event_ids[0]
            """The row's own event (the story's lead, or the copy)."""
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

    class RestRequested(Message):
        """The list shows the first part of the stories only, and the next part is needed.

        Sent once the cursor nears the end of that part, or while a filter has found fewer
        matches than it shows: it searches on, one part after the other (see
        :meth:`_maybe_ask_rest`).
        """

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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows = StoryRows()
        """The stories shown and what their rows show (the filter picks among them)."""
        self._complete = True
        self._rest_asked = False
        self._filter_limit = FILTER_ROWS
        """How many matching stories the filter shows (grows as the cursor nears their end)."""
        self._more_matches = False
        """Whether more stories match the filter than it shows."""
        self._matches_short = False
        """Whether the filter found fewer matches than it shows in the stories read so far."""
        self._expanded: set[str] = set()
        self._shown: list[Row] = []
        self._signatures: list[Signature] = []
        self._styles: dict[Level, str] = {}
        self._pending_seen: set[str] = set()
        self._seen_timer_armed = False
        self._title_width = 40
        self._just_dismissed: tuple[Event, float] | None = None
        self.rows_painted = threading.Event()
        """Set once rows of the list have been drawn into a frame (the first screen is up)."""
        self._whole_list = False
        """Whether the table may hold the whole list: only the first frame's rows until that
        frame is out (``_add_the_rest``). The rest of the ranking is not asked for before: the
        cursor's first highlight, handled once the frame is drawn, found it near the end of
        those rows and had every story read."""
        # Empty until the first load says otherwise: classed before the mount, as a class set
        # at mount restyles the pane and all it holds once more before the first screen. (The
        # table it hides still takes the focus: the pane's keys work on an empty list.)
        self.set_class(True, "empty", update=False)

    def compose(self) -> ComposeResult:
        """The filter field (hidden until ``/``), the events table and an empty-state line."""
        yield FilterField(
            placeholder=_("/ to filter: title, source, keyword…"), id="trending-filter"
        )
        yield StoryTable(self.rows_painted, id="trending-table")
        yield Static(
            _("No events yet: press r to fetch the sources."), id="trending-empty", markup=False
        )

    def on_mount(self) -> None:
        """Title the border.

        The columns are laid out at the first resize, once the pane's width is known: laid
        out at mount for a guessed width, they were laid out twice before the first screen.
        """
        super().on_mount()

    def focus_target(self) -> Widget:
        """The events table."""
        return self.query_one(DataTable)

    @property
    def table(self) -> StoryTable:
        """The events table."""
        return self.query_one("#trending-table", StoryTable)

    # -- rows --------------------------------------------------------------------------

    def _build_columns(self) -> None:
        table = self.table
        self._title_width = self._wanted_title_width(self.size.width or self.app.size.width)
        table.clear(columns=True)
        for key, label, width in FIXED_COLUMNS:
            table.add_column(_(label), width=width, key=key)
        table.add_column(_("Title"), width=self._title_width, key="title")

    @staticmethod
    def _wanted_title_width(content_width: int) -> int:
        # Each column has one cell of padding on both sides; one more cell for the scrollbar.
        fixed = sum(width + 2 for _key, _label, width in FIXED_COLUMNS)
        return max(20, content_width - fixed - 2 - 1)

    def on_resize(self, event: Resize) -> None:
        """Fit the title column to the new width (the rows are laid out again)."""
        width = self._wanted_title_width(self.size.width)
        if width != self._title_width or not self.table.columns:
            current = self.current_row()
            self._build_columns()
            if self._shown:  # (before the first load, there is nothing to lay out again)
                self._fill(self._shown, current.key if current else None, force=True)

    def level_styles(self) -> dict[Level, str]:
        """Bold, in the theme's warn/block colour (the marker itself reads without colour)."""
        styles: dict[Level, str] = {}
        for level, variable in (
            (Level.WARN, "rtc-sensitive-warn"),
            (Level.BLOCK, "rtc-sensitive-block"),
        ):
            colour = self.app.theme_variables.get(variable, "")
            styles[level] = f"bold {colour}".strip()
        return styles

    @property
    def _all(self) -> list[Story]:
        """Every story of the list, ranked (the filter shows some of them)."""
        return self._rows.stories

    @property
    def shown_rows(self) -> StoryRows:
        """The stories shown now and their rows (read only: the next reload's ``previous``)."""
        return self._rows

    def show_stories(self, stories: StoryRows | Sequence[Story], *, complete: bool = True) -> None:
        """Show ``stories`` (ranked), keeping the cursor on the same story and the filter.

        ``stories`` comes prepared off the UI thread (:func:`prepare_rows`) from a reload; a
        plain list is prepared here. Only the rows that changed are touched. ``complete`` is
        false when they are the first screen's only: the rest is asked for
        (:class:`RestRequested`) when the cursor nears their end or a filter is typed.
        """
        prepared = stories if isinstance(stories, StoryRows) else prepare_rows(stories, self._rows)
        current = self.current_row()
        if len(prepared.stories) != len(self._all) or complete:
            self._rest_asked = False  # a new part: the next one may be asked for
        self._complete = complete
        self._rows = prepared
        self._apply_filter(current)
        self._maybe_ask_rest()
        self._title_filter()

    def _maybe_ask_rest(self) -> None:
        """Ask once for the rest of a partial list when the editor is about to need it.

        A filter showing only its first matches shows more when the cursor nears their end.
        """
        if self._more_matches and self.table.cursor_row >= len(self._shown) - REST_MARGIN:
            self._filter_limit *= FILTER_GROWTH
            self._apply_filter(self.current_row())
        if self._complete or self._rest_asked or not self._whole_list:
            return  # (before the first screen is out, only its rows are in the table)
        near_end = self.table.cursor_row >= len(self._shown) - REST_MARGIN
        # A filter searches the next part of the ranking only while it has not found what
        # it shows: a query matching the first stories is answered from them, not after a
        # read of every stored story (3 s at 20,000 events).
        searching = bool(self.filter_text.strip()) and self._matches_short
        if near_end or searching:
            self._rest_asked = True
            self.post_message(self.RestRequested())

    def _apply_filter(self, keep: Row | None) -> None:
        query = self.filter_text.strip()
        folded = self._rows.rows
        self._more_matches = False
        self._matches_short = False
        if query:
            folded = self._matching(folded, query)
            self._matches_short = len(folded) < self._filter_limit
        elif not self._whole_list:
            # The first screen: the rows it shows and a screen more; the rest is added once
            # they are painted (``_add_the_rest``). Adding 200 rows to the table before the
            # first frame was a fifth of its time.
            folded = folded[: FIRST_FILL_SCREENS * max(self.app.size.height, 1)]
        self._fill(unfold(folded, self._expanded), keep.key if keep else None, keep=keep)

    def _matching(self, rows: Sequence[Row], query: str) -> list[Row]:
        """The first rows (stories) matching ``query``, as many as the filter shows now.

        The search stops at the first story past them (``_more_matches``): a filter that
        matches most of a big store costs what one matching a screenful does.
        """
        matches = query_matcher(query)
        keys = self._rows.filter_keys
        found: list[Row] = []
        for row in rows:
            if any(matches(keys[i]) for i in row.story.event_ids):
                if len(found) == self._filter_limit:
                    self._more_matches = True
                    break
                found.append(row)
        return found

    @on(StoryTable.Painted)
    def _add_the_rest(self) -> None:
        """The first rows are out: the rest of the list joins them (the cursor stays)."""
        self._whole_list = True
        self._apply_filter(self.current_row())
        self._maybe_ask_rest()

    def _fill(
        self,
        shown: list[Row],
        keep_key: str | None,
        *,
        force: bool = False,
        keep: Row | None = None,
        signatures: list[Signature] | None = None,
    ) -> None:
        """Show ``shown``, touching only the rows that changed; the cursor follows its story.

        ``signatures`` (what each row shows) when the caller knows them already; ``force``
        adds every row again (the columns were laid out again).
        """
        table = self.table
        if not table.columns:
            self._build_columns()  # rows before the first resize
        styles = self.level_styles()
        restyle = styles != self._styles  # a theme change: every row's colours
        self._styles = styles
        if signatures is None:
            signatures = [self._rows.signature(row) for row in shown]
        self._shown = shown
        self._signatures = signatures
        rows = self._rows
        table.sync(
            [(row.key, signature) for row, signature in zip(shown, signatures, strict=True)],
            lambda index: rows.take_cells(shown[index].key, signatures[index], styles),
            rebuild=force or restyle,
        )
        self.set_class(not self._all, "empty")
        if not shown:
            return
        found = next((i for i, r in enumerate(shown) if r.key == keep_key), None)
        if found is None and keep is not None:
            # The story's lead changed (a better headline came in): follow the story.
            wanted = set(keep.event_ids)
            found = next(
                (i for i, r in enumerate(shown) if r.member is None and wanted & set(r.event_ids)),
                None,
            )
        target = found if found is not None else min(max(table.cursor_row, 0), len(shown) - 1)
        if target != table.cursor_row:
            table.move_cursor(row=target, animate=False)

    def current_row(self) -> Row | None:
        """The row under the cursor, if any."""
        table = self.table
        if not self._shown or not 0 <= table.cursor_row < len(self._shown):
            return None
        return self._shown[table.cursor_row]

    def current_event(self) -> Event | None:
        """The event under the cursor: a copy, or a story's lead."""
        row = self.current_row()
        return row.event if row is not None else None

    @property
    def shown_events(self) -> list[Event]:
        """The events of the rows in the table now (after the filter), top to bottom."""
        return [row.event for row in self._shown]

    @property
    def shown_stories(self) -> list[Story]:
        """The stories in the table now (after the filter), top to bottom."""
        return [row.story for row in self._shown if row.member is None]

    def action_toggle_story(self) -> None:
        """Show a story's copies under it (one row per source), or fold them away again."""
        row = self.current_row()
        if row is None:
            return
        cluster = row.story.cluster_id
        if len(row.story.members) < 2:
            self.notify(_("One source only: nothing to expand"), timeout=2)
            return
        if cluster in self._expanded:
            self._expanded.discard(cluster)
            keep = Row(row.story)  # back on the story's own row
        else:
            self._expanded.add(cluster)
            keep = row
        self._apply_filter(keep)

    # -- new items ---------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#trending-table")
    def _highlighted(self, message: DataTable.RowHighlighted) -> None:
        self._maybe_ask_rest()
        row = self.current_row()
        if row is None:
            return
        events = [row.member.event] if row.member is not None else row.story.events
        fresh = {e.id for e in events if e.state is TriageState.NEW}
        if not fresh:
            return
        self._pending_seen.update(fresh)
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
        self._filter_limit = FILTER_ROWS
        self._apply_filter(self.current_row())
        self._maybe_ask_rest()
        self._title_filter()

    def _title_filter(self) -> None:
        """The pane's subtitle: the filter, and whether it still searches the ranking's rest."""
        query = self.filter_text
        if not query.strip():
            self.border_subtitle = ""
        elif self._rest_asked and self._matches_short and not self._complete:
            self.border_subtitle = Text(_("filter: {query} (searching…)").format(query=query))
        else:
            self.border_subtitle = Text(_("filter: {query}").format(query=query))

    def escape(self) -> bool:
        """``escape`` clears an active filter (typed or applied) and goes back to the table."""
        field = self.query_one("#trending-filter", FilterField)
        if not (self.filter_text or field.value or self.screen.focused is field):
            return False
        self.set_query("")
        self.table.focus()
        return True

    def set_query(self, query: str) -> None:
        """Apply a filter (a saved one, say) as if typed."""
        self.query_one("#trending-filter", FilterField).value = query
        self.filter_text = query

    # -- actions -----------------------------------------------------------------------

    def _with_event(self) -> Event | None:
        event = self.current_event()
        if event is None:
            self.notify(_("No event selected"), severity="warning")
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
        row = self.current_row()
        if row is None:
            self.notify(_("No event selected"), severity="warning")
            return
        self.post_message(self.TriageRequested(row.event_ids, action))

    def action_pin(self) -> None:
        """Pin the story on top (or unpin it); on an expanded copy, that copy only."""
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

    def mark_shown_seen(self, event_ids: tuple[str, ...]) -> None:
        """Show new rows as seen at once (their cells only), before the write is stored."""
        wanted = set(event_ids)
        rows = self._rows
        touched: set[str] = set()
        for event_id in wanted:
            at = rows.owners.get(event_id)
            if at is None:
                continue
            folded = rows.rows[at]
            for event in folded.story.events:
                if event.id in wanted and event.state is TriageState.NEW:
                    event.state = TriageState.SEEN
            touched.add(folded.key)
        for at in {rows.owners[i] for i in wanted if i in rows.owners}:
            rows.signatures[rows.rows[at].key] = rows.rows[at].signature()
        # Only the rows of those stories can show something else now.
        signatures = [
            rows.signature(row) if row.story.id in touched else signature
            for row, signature in zip(self._shown, self._signatures, strict=True)
        ]
        current = self.current_row()
        keep_key = current.key if current else None
        self._fill(self._shown, keep_key, keep=current, signatures=signatures)

    def drop_events(self, event_ids: tuple[str, ...]) -> None:
        """Take a story or a copy out of the list at once (dismissed, snoozed), cursor staying.

        A story goes when all its copies go; a single copy leaves its story row until the
        reload that follows the write redraws the story without it.
        """
        gone = set(event_ids)
        dropped = {id(s) for s in self._all if set(s.event_ids) <= gone}
        remaining = [
            r
            for r in self._shown
            if not set(r.event_ids) <= gone and (r.member is None or id(r.story) not in dropped)
        ]
        if len(remaining) == len(self._shown):
            return
        index = next((i for i, r in enumerate(self._shown) if set(r.event_ids) <= gone), 0)
        self._rows = self._rows.without(dropped)
        keep = remaining[min(index, len(remaining) - 1)].key if remaining else None
        self._fill(remaining, keep)
