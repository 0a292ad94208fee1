"""The Calendar pane: planned seasonal moments, prepared ahead.

Two views of the same rows: the agenda (the next N days) and a month grid (``m``), moved with
``[`` and ``]``, ``t`` back to today. Each row shows its date, countdown, region, name and prep
state; the first column marks, without colour too, what needs attention: ``>`` a moment inside
its lead window with no draft yet, ``~`` a solemn day, ``*`` a public holiday. The view asks
for data (:class:`CalendarPaneView.DataRequested`) and for drafts
(:class:`CalendarPaneView.DraftRequested`); :class:`~rtc_tui.ui.panes.calendar.CalendarPane`
answers them with the desk. Today is always the desk's (it comes with the data).
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import DataTable, Static

from rtc_tui.desk.views import (
    AgendaEntry,
    CalendarView,
    MomentOrigin,
    Occurrence,
    Tone,
    countdown,
    marker,
    prep_label,
    to_confirm_label,
    tone_label,
)
from rtc_tui.i18n import N_, _, format_date, weekday_short
from rtc_tui.ui.panes.base import Pane, measure_rows_now

LEGEND = N_("> prep due  ~ solemn  * holiday")
"""What the markers mean (shown in the heading, translated)."""

COLUMNS = (" ", N_("Date"), N_("In"), N_("Region"), N_("Prep"), N_("Moment"))
"""The agenda's column headings (translated when the table is built)."""


def detail(entry: AgendaEntry) -> Text:
    """One line about the selected moment: rule, lead time, tone, hashtags, note."""
    occurrence = entry.occurrence
    moment = occurrence.moment
    if moment.origin is MomentOrigin.HOLIDAYS:
        parts = [_("public holiday")]
    else:
        parts = [moment.rule.describe()]
        if moment.span > 1:
            end = format_date(occurrence.end, "dd MMM")
            parts.append(_("{days} days, to {end}").format(days=moment.span, end=end))
        if moment.lead_days:
            parts.append(_("lead {days} d").format(days=moment.lead_days))
    parts.append(tone_label(moment.tone))
    if occurrence.to_confirm:
        parts.append(to_confirm_label())
    if occurrence.holiday and occurrence.holiday != moment.name:
        parts.append(_("holiday: {name}").format(name=occurrence.holiday))
    if moment.hashtags:
        parts.append(" ".join(moment.hashtags))
    if moment.note:
        parts.append(moment.note)
    return Text(" · ".join(parts), no_wrap=True, overflow="ellipsis")


def _row_name(occurrence: Occurrence) -> str:
    """The moment's name, saying so when its date is an estimate."""
    name = occurrence.moment.name
    return f"{name} ({to_confirm_label()})" if occurrence.to_confirm else name


def month_start(day: date) -> date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def shift_month(first: date, step: int) -> date:
    """The first day of the month ``step`` months from ``first``."""
    index = first.year * 12 + first.month - 1 + step
    return date(index // 12, index % 12 + 1, 1)


def grid_window(first: date) -> tuple[date, int]:
    """The days the month grid covers: from the Monday on or before the 1st, to month end."""
    start = first - timedelta(days=first.weekday())
    last = first.replace(day=monthrange(first.year, first.month)[1])
    return start, (last - start).days + 1


def month_grid(
    first: date, entries: list[AgendaEntry], today: date, selected: date | None, accent: str
) -> Text:
    """The month as text: a weekday header, one line per week, five columns per day.

    A day reads ``[dd]`` when it is today, then the strongest marker of its moments (``>``,
    ``~``, ``*``, or ``·`` for any other moment). The selected day is shown reversed.
    """
    rank = {">": 4, "~": 3, "*": 2, "·": 1}
    marks: dict[date, str] = {}
    for entry in entries:
        mark = marker(entry).strip() or "·"
        occ = entry.occurrence
        day = occ.date
        while day <= occ.end:
            if rank[mark] > rank.get(marks.get(day, ""), 0):
                marks[day] = mark
            day += timedelta(days=1)
    text = Text(f" {format_date(first, 'LLLL y')}\n", style="bold")
    names = (weekday_short(weekday)[:2] for weekday in range(7))  # two letters fit a cell
    text.append("".join(f" {name}  " for name in names).rstrip() + "\n", style="dim")
    day = first - timedelta(days=first.weekday())
    last = first.replace(day=monthrange(first.year, first.month)[1])
    while day <= last:
        for _weekday in range(7):
            if day.month != first.month:
                text.append(" " * 5)
            else:
                lb, rb = ("[", "]") if day == today else (" ", " ")
                mark = marks.get(day, " ")
                style = Style(reverse=True) if day == selected else Style()
                if mark == ">":
                    style += Style(color=accent, bold=True)
                text.append(f"{lb}{day.day:>2}{rb}", style=style)
                text.append(mark, style=Style(color=accent, bold=True) if mark == ">" else "")
            day += timedelta(days=1)
        text.rstrip()
        text.append("\n")
    text.rstrip()
    return text


class CalendarPaneView(Pane):
    """Agenda and month grid of planned moments; the cursor row is the moment acted on."""

    PANE_ID = "calendar"
    PANE_TITLE = N_("Calendar")
    PANE_KEY = "2"

    DEFAULT_CSS = """
    CalendarPaneView #calendar-heading {
        height: 1;
        color: $text-muted;
    }
    CalendarPaneView #calendar-grid {
        height: auto;
        max-height: 8;
    }
    CalendarPaneView #calendar-detail {
        height: 2;
        color: $text-muted;
    }
    """

    BINDINGS = [
        Binding("n", "new_draft", _("New draft"), id="calendar.new-draft"),
        Binding("m", "toggle_view", _("Agenda/month"), id="calendar.toggle-view"),
        Binding("t", "today", _("Today"), id="calendar.today"),
        Binding("left_square_bracket", "month(-1)", _("Prev month"), id="calendar.previous-month"),
        Binding("right_square_bracket", "month(1)", _("Next month"), id="calendar.next-month"),
    ]

    class DataRequested(Message):
        """The pane needs the moments of a window (``None``: the agenda's default window)."""

        def __init__(self, start: date | None, days: int | None, seq: int) -> None:
            self.start = start
            """First day wanted, or ``None`` for today."""
            self.days = days
            """How many days, or ``None`` for the configured agenda length."""
            self.seq = seq
            """The request's number: only the answer to the latest one is shown."""
            super().__init__()

    class DraftRequested(Message):
        """The user wants a draft for one occurrence of a moment."""

        def __init__(self, moment_id: str, day: date) -> None:
            self.moment_id = moment_id
            """The moment's id."""
            self.day = day
            """The occurrence's first day."""
            super().__init__()

    mode: reactive[str] = reactive("agenda")
    """``agenda`` or ``month``."""

    def __init__(self, *, id: str | None = None, load_on_mount: bool = True) -> None:
        super().__init__(id=id)
        self.load_on_mount = load_on_mount
        self._reload_when_shown = False
        """A reload was asked for while the pane was hidden (see :meth:`reload`)."""
        """Ask for the agenda when mounted; the main screen asks itself, after first paint."""
        self.view: CalendarView | None = None
        """The data last shown."""
        self.month: date | None = None
        """The first day of the month the grid shows (``None`` until there is a today)."""
        self.entries: list[AgendaEntry] = []
        """The rows in the table, in order."""
        self._select_today = False
        self._seq = 0

    def compose(self) -> ComposeResult:
        """Heading, month grid (month view only), the rows, and a detail line."""
        yield Static(id="calendar-heading")
        grid = Static(id="calendar-grid")
        grid.display = False  # shown in the month view (set here: see ``on_mount``)
        yield grid
        table: DataTable[str | Text] = DataTable(id="calendar-table", cursor_type="row")
        # Prep before the name: long names then only clip at the right edge.
        table.add_columns(*(_(column) if column.strip() else column for column in COLUMNS))
        yield table
        yield Static(id="calendar-detail")

    def on_mount(self) -> None:
        """Ask for the agenda (unless whoever mounted the pane asks for it later).

        Nothing here looks for the pane's children: a quit pressed while the pane was being
        mounted removes them before this runs (it raised, and the app exited with a traceback).
        """
        if self.load_on_mount:
            self.reload()

    def catch_up(self) -> None:
        """Ask for the agenda left unasked while the pane was hidden."""
        if self._reload_when_shown:
            self.reload()

    def focus_target(self) -> Widget:
        """The rows."""
        return self.query_one(DataTable)

    # -- data ---------------------------------------------------------------------------

    def wanted_window(self) -> tuple[date | None, int | None]:
        """The window the current view needs."""
        if self.mode == "month" and self.month is not None:
            return grid_window(self.month)
        return (None, None)

    def reload(self) -> None:
        """Ask for the current view's data again (e.g. after a draft changed).

        Hidden (another pane is the one shown at this width), the agenda is asked for when
        the pane comes on screen: computing it (the public holidays and all) for nobody would
        only compete with the pane the editor is using.
        """
        if not self.shown:
            self._reload_when_shown = True
            return
        self._reload_when_shown = False
        start, days = self.wanted_window()
        self._seq += 1
        self.post_message(self.DataRequested(start, days, self._seq))

    def show_view(self, view: CalendarView, seq: int | None = None) -> None:
        """Show a window of moments, if it answers the latest request (``seq``)."""
        if seq is not None and seq != self._seq:
            return  # an answer to a request since superseded (another month, a reload)
        self.view = view
        if self.month is None:
            self.month = month_start(view.today)
        selected = self.current_key()
        entries = list(view.entries)
        if self.mode == "month" and self.month is not None:
            first = self.month
            last = first.replace(day=monthrange(first.year, first.month)[1])
            entries = [
                e for e in entries if e.occurrence.end >= first and e.occurrence.date <= last
            ]
        self.entries = entries
        self._fill_table(view.today, selected)
        self._refresh_heading()
        self._refresh_side()

    def _fill_table(self, today: date, selected: tuple[str, date] | None) -> None:
        # ``today`` comes with the data (the desk's clock): the pane never reads a clock.
        table: DataTable[str | Text] = self.query_one(DataTable)
        accent = self.app.get_css_variables().get("rtc-lead-window", "yellow")
        table.clear()
        for entry in self.entries:
            occ = entry.occurrence
            strong = Style(bold=True, color=accent) if entry.needs_prep else Style()
            if occ.moment.tone is Tone.SOLEMN:
                strong = Style(italic=True)
            table.add_row(
                Text(marker(entry), style=strong),
                Text(format_date(occ.date, "EEE dd MMM")),
                Text(countdown(occ, today)),
                Text(occ.moment.region_shown),
                Text(prep_label(entry)),
                Text(_row_name(occ), style=strong, no_wrap=True, overflow="ellipsis"),
                key=f"{occ.moment.id}|{occ.date.isoformat()}",
            )
        row = 0
        if self._select_today:
            self._select_today = False
            selected = None
            row = next((i for i, e in enumerate(self.entries) if e.occurrence.end >= today), 0)
        if selected is not None:
            for index, entry in enumerate(self.entries):
                if (entry.occurrence.moment.id, entry.occurrence.date) == selected:
                    row = index
                    break
        if self.entries:
            table.move_cursor(row=row)
        measure_rows_now(table)

    def _refresh_heading(self) -> None:
        heading = self.query_one("#calendar-heading", Static)
        view = self.view
        if view is not None and view.error:
            heading.update(Text(view.error))
            return
        if self.mode == "month":
            title = _("Month · [ ] move · t today · m agenda")
        else:
            days = view.days if view else 0
            title = _("Agenda · next {days} days · m month").format(days=days)
        heading.update(Text(f"{title} · {_(LEGEND)}", no_wrap=True, overflow="ellipsis"))

    def _refresh_side(self) -> None:
        grid = self.query_one("#calendar-grid", Static)
        entry = self.current_entry()
        grid.display = self.mode == "month"
        if self.mode == "month" and self.month is not None and self.view is not None:
            accent = self.app.get_css_variables().get("rtc-lead-window", "yellow")
            selected = entry.occurrence.date if entry else None
            grid.update(month_grid(self.month, self.entries, self.view.today, selected, accent))
        detail_line = self.query_one("#calendar-detail", Static)
        if entry is not None:
            detail_line.update(detail(entry))
        elif self.view is not None and not self.view.error:
            detail_line.update(
                Text(_("No moments here.") if self.mode == "month" else _("No moments ahead."))
            )
        else:
            detail_line.update("")

    # -- selection ----------------------------------------------------------------------

    def current_entry(self) -> AgendaEntry | None:
        """The row under the cursor, if any."""
        table: DataTable[str | Text] = self.query_one(DataTable)
        if not self.entries or not 0 <= table.cursor_row < len(self.entries):
            return None
        return self.entries[table.cursor_row]

    def current_occurrence(self) -> Occurrence | None:
        """The occurrence under the cursor, if any."""
        entry = self.current_entry()
        return entry.occurrence if entry else None

    def current_key(self) -> tuple[str, date] | None:
        """``(moment id, date)`` of the row under the cursor."""
        occurrence = self.current_occurrence()
        return (occurrence.moment.id, occurrence.date) if occurrence else None

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Follow the cursor in the detail line and the grid."""
        event.stop()
        self._refresh_side()

    # -- actions ------------------------------------------------------------------------

    def action_new_draft(self) -> None:
        """Ask for a draft for the moment under the cursor."""
        occurrence = self.current_occurrence()
        if occurrence is None:
            self.notify(_("No moment selected"), severity="warning", timeout=2)
            return
        self.post_message(self.DraftRequested(occurrence.moment.id, occurrence.date))

    def action_toggle_view(self) -> None:
        """Switch between the agenda and the month grid."""
        self.mode = "month" if self.mode == "agenda" else "agenda"

    def watch_mode(self, mode: str) -> None:
        """Show the grid in month view and fetch that view's data."""
        if not self.is_mounted:
            return
        self.query_one("#calendar-grid").display = mode == "month"
        self._refresh_heading()
        self.reload()

    def action_month(self, step: int) -> None:
        """Move the grid by ``step`` months (switching to the month view from the agenda)."""
        if self.month is None:
            return
        self.month = shift_month(self.month, step)
        if self.mode != "month":
            self.mode = "month"
        else:
            self._refresh_heading()
            self.reload()

    def action_today(self) -> None:
        """Back to today: this month in the grid; the agenda's first row."""
        today = self.view.today if self.view else None
        if today is None:
            return
        if self.mode == "month" and self.month != month_start(today):
            self.month = month_start(today)
            self._select_today = True
            self._refresh_heading()
            self.reload()
            return
        table: DataTable[str | Text] = self.query_one(DataTable)
        for index, entry in enumerate(self.entries):
            if entry.occurrence.end >= today:
                table.move_cursor(row=index)
                return
