"""The main screen: it arranges the four panes and routes the messages between them.

Each pane does its own work with the desk; what concerns another pane comes up here as a
message and goes down as a call: a draft opened anywhere goes to the Draft pane, the draft the
Draft pane shows goes to the Checklist pane, the sources' health to the status bar, and any
write (here or by another session, through the desk's change feed) reloads what the panes show.
Disk work runs in thread workers so the UI never waits on a lock.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import threading
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.events import DescendantFocus, Resize
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from rtc_tui.desk import Desk, DeskError, Subscription
from rtc_tui.desk.trending import FIRST_SCREEN_ROWS
from rtc_tui.desk.views import Draft, Level
from rtc_tui.i18n import _
from rtc_tui.ui import collector
from rtc_tui.ui.keys import KeyEntry, registry
from rtc_tui.ui.pane_bar import PANES, PaneBar
from rtc_tui.ui.panes.base import Pane
from rtc_tui.ui.panes.save_ticket import SaveTicket
from rtc_tui.ui.panes.trending import TrendingPane
from rtc_tui.ui.panes.trending_rows import StoryRows, prepare_rows
from rtc_tui.ui.publisher import Publisher
from rtc_tui.ui.status_bar import StatusBar
from rtc_tui.ui.store_events import StoreChanged, StoreUnreachable, subscribe_node
from rtc_tui.ui.store_link import StoreLink
from rtc_tui.ui.team import TeamDesk
from rtc_tui.ui.widgets.key_footer import KeyFooter
from rtc_tui.ui.widgets.story_table import StoryTable
from rtc_tui.ui.worker_errors import report_worker_failure

if TYPE_CHECKING:
    from rtc_tui.ui.panes.calendar import CalendarPane
    from rtc_tui.ui.panes.checklist import ChecklistPane
    from rtc_tui.ui.panes.draft import DraftPane

RELOADING_TABLES = frozenset({"drafts", "events"})
"""Changes to these tables change what the panes show (the state table holds health, prefs)."""

MORE_ROWS = 5
"""Each time the cursor nears the end of what was read, this many times more is read."""

FIRST_PAINT_WAIT = 2.0
"""Seconds a load waits for the list's first paint before reading the drafts anyway."""

COLLECT_AFTER_FIRST_FRAME = 0.05
"""Seconds between the first rows' frame (narrow: the later panes' mount) and the collector's
one full collection: the collection holds the interpreter, and the frame's bytes still have to
reach the terminal. Narrow, it waits for the three panes mounted after the first frame: their
modules and widgets left young made the collections during the first keys walk them (a move
in Trending at 20k: 1.50-1.96x the bare table, against 1.20-1.42x with it)."""

RECONNECTED_SECONDS = 5.0
"""How long the status bar says the database is back."""

FINISHED = frozenset({WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED})
"""A load in one of these states is over: the next one may start."""

FIRST_PANE = "trending"
"""The pane active when the screen opens (reading ``active`` in compose would run its watcher
before the panes exist)."""

WIDE_MIN_COLUMNS = 100
"""At this width or more the four panes share the screen (2x2); below, one at a time."""

LATER_PANES = ("calendar", "draft", "checklist")
"""The panes a narrow screen mounts only once the first rows are painted (see ``_mount_later``)."""


def pane_classes() -> dict[str, type[Pane]]:
    """Each pane's class, by id, in key order.

    Imported here, when first needed: the Calendar, Draft and Checklist panes bring the
    calendar rules, the drafting counters and the safety checks, which a narrow first screen
    (Trending alone) does not show.
    """
    from rtc_tui.ui.panes.calendar import CalendarPane
    from rtc_tui.ui.panes.checklist import ChecklistPane
    from rtc_tui.ui.panes.draft import DraftPane

    return {
        "trending": TrendingPane,
        "calendar": CalendarPane,
        "draft": DraftPane,
        "checklist": ChecklistPane,
    }


def resume_collector() -> None:
    """Turn the cycle collector back on, paused by ``rtc`` for the start-up (rtc_tui.cli.main).

    One full collection runs at once, while the editor reads the first screen: it ages what
    the start-up made (modules, classes, widgets) into the oldest generation, as the
    collections during an unpaused start-up did. Turned on without it, the collections that
    followed kept walking all of it, during the first keys (a cursor move in Trending at
    20k: 1.42-1.70x the bare table against 1.08-1.42x with it, three runs each). What lives
    then is frozen, and later full collections wait for the editor's pauses
    (:mod:`rtc_tui.ui.collector`).
    """
    if not gc.isenabled():
        gc.enable()
        collector.settle()


class MainScreen(Screen[None]):
    """The war room: Trending, Calendar, Draft and Checklist."""

    BINDINGS = [
        # show=False: the pane bar always shows 1-4; the footer keeps its width for pane keys.
        Binding("1", "show_pane('trending')", _("Trending"), id="pane.trending", show=False),
        Binding("2", "show_pane('calendar')", _("Calendar"), id="pane.calendar", show=False),
        Binding("3", "show_pane('draft')", _("Draft"), id="pane.draft", show=False),
        Binding("4", "show_pane('checklist')", _("Checklist"), id="pane.checklist", show=False),
        Binding("tab", "cycle_pane(1)", _("Next pane"), id="pane.next", show=False),
        Binding("shift+tab", "cycle_pane(-1)", _("Previous pane"), id="pane.previous", show=False),
        Binding("escape", "leave_field", _("Leave field"), id="main.leave-field", show=False),
        # Not priority: inside a text field ctrl+e is the field's end-of-line, as in a shell;
        # from the text, export is the palette's, or tab (to the checklist) then e.
        Binding("ctrl+e", "export", _("Export"), id="main.export"),
        Binding("R", "review_queue", _("Review queue"), id="main.review-queue", show=False),
        Binding("A", "audit_log", _("Audit log"), id="main.audit-log", show=False),
    ]

    active: reactive[str] = reactive(FIRST_PANE)
    """The id of the active pane (the only one shown below 100 columns)."""

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self._changes: Subscription | None = None
        self._loaded_stamp: object = None
        self._rows_shown: StoryRows | None = None
        """The Trending rows shown last (the next reload reuses their filter keys)."""
        self._reload_seq = 0
        self._loading: Worker[None] | None = None
        """The load running now, if any (see :meth:`reload`)."""
        self._reload_pending = False
        """A reload was asked for while one ran: it starts when that one ends."""
        self._started = False
        """Whether the Trending pane's health and refreshes were started (after first rows)."""
        self._deferred_stamp: object = None
        """A change announced while this session's seen marks were being stored."""
        self._rows_painted = threading.Event()
        """Set once the list has been painted: the drafts are read after it (see ``_load``)."""
        self._story_rows = FIRST_SCREEN_ROWS
        """Rows of the stored ranking read for the list (``MORE_ROWS`` times more each time the
        editor goes down past them or a filter searches on; past the end, all of them)."""
        self._later_mounted = asyncio.Event()
        """Set once the Calendar, Draft and Checklist panes are mounted."""
        self._later_started = False
        """Whether their mount has started (see :meth:`_mount_later`)."""
        self._when_mounted: list[Callable[[], None]] = []
        """What waits for them (a draft to show, a change to apply), in arrival order."""
        self._first_screen_done = False
        """Whether :meth:`_after_first_screen` ran (once the first rows' frame is out)."""

    def compose(self) -> ComposeResult:
        """Pane bar, the panes (Trending alone when narrow, see ``_mount_later``), bars."""
        yield PaneBar(id="pane-bar")
        width = self.app.size.width
        wide = width >= WIDE_MIN_COLUMNS
        # Laid out for the terminal's width from the start: a class changed at mount would
        # restyle every widget of the four panes before the first screen.
        with Container(id="panes", classes=self._layout_classes(width)):
            yield self._marked_active(TrendingPane(self.desk, id="trending"), FIRST_PANE)
            if wide:
                yield from self._later_panes(shown=True, active=FIRST_PANE)
        if wide:
            self._later_started = True
            self._later_mounted.set()
        yield Publisher(self.desk, save_pending=self._flush_draft)
        status = StatusBar(self.desk.now, notices=self.desk.notify_status, id="status-bar")
        solo = _(" (solo desk)") if self.desk.config.team.solo else ""
        status.user = self.desk.user + solo
        status.data_dir = str(self.desk.data_dir)
        yield status
        yield TeamDesk(self.desk, id="team-desk")
        yield StoreLink(self.desk, id="store-link")
        yield KeyFooter()

    def _later_panes(self, *, shown: bool, active: str) -> list[Pane]:
        """New Calendar, Draft and Checklist panes (``shown``: on screen from the start)."""
        classes = pane_classes()
        draft = cast("type[DraftPane]", classes["draft"])(self.desk, id="draft")
        # Its agenda (holidays and all) is computed once the drafts are read (``_show``), not
        # at mount, where it would compete with the first screen for the interpreter.
        calendar = cast("type[CalendarPane]", classes["calendar"])(
            self.desk, id="calendar", load_on_mount=False
        )
        # Ticks and exports apply to what is saved: the checklist saves unsaved typing first.
        checklist = cast("type[ChecklistPane]", classes["checklist"])(
            self.desk, save_pending=draft.flush, id="checklist"
        )
        panes: list[Pane] = [calendar, draft, checklist]
        for pane in panes:
            # A pane off screen leaves its work until it is shown (see ``Pane.shown``).
            pane.shown = shown
            self._marked_active(pane, active)
        return panes

    @staticmethod
    def _marked_active(pane: Pane, active: str) -> Pane:
        """``pane``, classed ``active`` if it is the ``active`` one, before it is mounted.

        The class given after the mount (by :meth:`watch_active`) restyles the pane and
        everything in it once more: a tenth of the first screen's time, for Trending.
        """
        pane.set_class(pane.id == active, "active", update=False)
        return pane

    def _mount_later(self) -> None:
        """Mount the Calendar, Draft and Checklist panes, once (narrow: after the first rows).

        Below 100 columns they are off screen until ``2``/``3``/``4``; composing them with
        Trending (their imports, widgets and styles) delayed the first screen by a third.
        What needs them meanwhile waits in ``_when_mounted``; a key that shows one waits for
        the mount inside the app's key handling, so the keys typed after it wait too, and
        reach the pane it shows (see :meth:`action_show_pane`).
        """
        if self._later_started:
            return
        self._later_started = True
        self._mount_later_panes()

    @work(group="later-panes", exit_on_error=True)
    async def _mount_later_panes(self) -> None:
        await self._mount_later_widgets()
        if not self.query("#panes > #draft"):
            # A quit took the screen down while they were mounted: nothing is left to show
            # (the callbacks below asked for the Draft pane, and the app exited with 1).
            return
        self._later_mounted.set()
        # Their modules and widgets are start-up too: aged with the rest by the one collection.
        self.set_timer(COLLECT_AFTER_FIRST_FRAME, resume_collector)
        self.watch_active(self.active)
        waiting, self._when_mounted = self._when_mounted, []
        for callback in waiting:
            callback()

    async def _mount_later_widgets(self) -> None:
        await self.query_one("#panes", Container).mount_all(
            self._later_panes(shown=False, active=self.active)
        )

    @property
    def all_panes_mounted(self) -> bool:
        """Whether the Calendar, Draft and Checklist panes are mounted yet."""
        return self._later_mounted.is_set()

    def _when_panes(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` now if every pane is mounted, else right after they are.

        It does not start their mount: what arrives before the first rows (the team's
        presence, the store's link) must not delay them.
        """
        if self.all_panes_mounted:
            callback()
        else:
            self._when_mounted.append(callback)

    async def _panes_mounted(self) -> None:
        """Wait until every pane is mounted (starting their mount if it has not started)."""
        self._mount_later()
        await self._later_mounted.wait()

    def draft_pane(self) -> DraftPane:
        """The Draft pane (mounted: see :attr:`all_panes_mounted`)."""
        return cast("DraftPane", self.pane("draft"))

    def _flush_draft(self) -> SaveTicket:
        """Start saving the Draft pane's unsaved text; nothing to save before it is mounted."""
        if not self.all_panes_mounted:
            return SaveTicket.done()
        return self.draft_pane().flush()

    def on_mount(self) -> None:
        """Lay out for the current size, load the data, subscribe to the desk's changes."""
        self._layout(self.app.size.width)
        # Focus the active pane's list, not whatever focusable widget comes first (the
        # Trending filter field would swallow the 1-4 keys).
        self._show_pane(self.active)
        self._rows_painted = self.query_one(TrendingPane).rows_painted
        # Starts the Trending pane's refreshes and the change feed once the first rows are
        # shown (see ``_after_first_screen``).
        self.reload()
        self.watch(self.app, "theme", self._theme_changed, init=False)

    def on_unmount(self) -> None:
        """Stop listening to the desk's changes."""
        if self._changes is not None:
            self._changes.close()
            self._changes = None

    # -- layout and focus -------------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        """Switch between the 2x2 grid and one pane at a time."""
        self._layout(event.size.width)

    def _layout(self, width: int) -> None:
        panes = self.query_one("#panes", Container)
        panes.set_class(width >= WIDE_MIN_COLUMNS, "wide")
        panes.set_class(width < WIDE_MIN_COLUMNS, "narrow")
        if width >= WIDE_MIN_COLUMNS:
            self._mount_later()  # made wide before the first rows: all four are on screen
        self._tell_panes_shown()

    def _mounted_panes(self) -> list[Pane]:
        """The panes mounted so far, in key order."""
        return list(self.query_one("#panes", Container).query_children(Pane))

    def _tell_panes_shown(self) -> None:
        """Tell each pane whether it is on screen: all four when wide, else the active one."""
        wide = self.query_one("#panes", Container).has_class("wide")
        for pane in self._mounted_panes():
            pane.set_shown(wide or pane.id == self.active)

    @staticmethod
    def _layout_classes(width: int) -> str:
        """The classes :meth:`_layout` gives the panes' container at ``width``."""
        return "wide" if width >= WIDE_MIN_COLUMNS else "narrow"

    def pane(self, pane_id: str) -> Pane:
        """The pane with ``pane_id``."""
        return self.query_one(f"#{pane_id}", Pane)

    def watch_active(self, active: str) -> None:
        """Mark the active pane (shown alone when narrow) and tell the pane bar."""
        for pane in self._mounted_panes():
            pane.set_class(pane.id == active, "active")
        self.query_one(PaneBar).active = active
        self._tell_panes_shown()

    async def action_show_pane(self, pane_id: str) -> None:
        """Make ``pane_id`` the active pane and focus it, outside any text field.

        A pane that takes focus itself (the Draft pane) gets it, so its single-letter keys
        and 1-4 keep working; ``i``/``enter`` there goes into the editor. A pane not mounted
        yet is waited for here, in the app's key handling: the keys typed meanwhile wait in
        the app's queue, then go to the pane shown, in the order they were typed.
        """
        if pane_id != FIRST_PANE:
            await self._panes_mounted()
        self._show_pane(pane_id)

    def _show_pane(self, pane_id: str) -> None:
        """Show and focus ``pane_id`` (mounted)."""
        self.active = pane_id
        pane = self.pane(pane_id)
        # At once, not after the queued messages: the keys typed next belong to the new place.
        self.set_focus(pane if pane.can_focus else pane.focus_target())

    async def action_cycle_pane(self, step: int) -> None:
        """Move to the next (or previous) pane."""
        ids = [pane_id for _key, pane_id, _title in PANES]
        index = (ids.index(self.active) + step) % len(ids)
        await self.action_show_pane(ids[index])

    def action_leave_field(self) -> None:
        """Clear the active pane's filter if it has one, else leave a text field.

        Focus goes back to the pane itself or its list.
        """
        if self.pane(self.active).escape():
            return
        self._show_pane(self.active)

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
        classes = pane_classes()
        panes = [(pane_id, title, classes[pane_id]) for _key, pane_id, title in PANES]
        return registry(self.app, self, panes, keymap)

    # -- data ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Re-read everything the panes show from the desk, off the UI thread."""
        if self._loading is not None:
            # One load at a time, and one more after it: changes arriving faster than a load
            # takes (another desk typing, with thousands of drafts) must not discard every load
            # before it is shown.
            self._reload_pending = True
            return
        self._reload_seq += 1
        current = self.draft_pane().draft if self.all_panes_mounted else None
        self._loading = self._load(
            self._reload_seq, current.id if current is not None else None, self._level_styles()
        )

    # Not exclusive: cancelling a thread worker cannot stop it (and makes waiting on workers
    # fail); each run carries a number and only the newest one is shown.
    @work(thread=True, group="reload", exit_on_error=False)
    def _load(self, seq: int, current: int | None, styles: dict[Level, str]) -> None:
        # The first screen from the stored ranking's first rows, then the whole list.
        # As many rows of the ranking as the editor has needed so far (the first screen's).
        stamp = self.desk.changes.stamp()
        stories, complete = self.desk.trending.first_stories(self._story_rows)
        # The rows are worked out here too: the UI thread only swaps in what changed.
        rows = prepare_rows(stories, self._rows_shown, styles)
        # The list is shown (and painted) before the drafts are even read: reading them and
        # showing one (its counters, its URLs) would hold the interpreter the paint needs.
        self.app.call_from_thread(self._show_stories, seq, stamp, rows, complete)
        if stories:
            self._rows_painted.wait(FIRST_PAINT_WAIT)
        drafts = self._drafts(current)
        self.app.call_from_thread(self._show, seq, drafts, current)

    def _drafts(self, current: int | None) -> list[Draft]:
        """The open draft and the latest only (the drafts list reads its own changes).

        Thousands of drafts on a team's database: a reload after each change anywhere must
        not read them all to show one.
        """
        drafts = self.desk.drafts.recent(1)
        if current is not None and all(d.id != current for d in drafts):
            with contextlib.suppress(DeskError):  # deleted meanwhile: the pane closes it
                drafts.append(self.desk.drafts.get(current))
        return drafts

    @on(TrendingPane.RestRequested)
    def _rest_requested(self, _message: TrendingPane.RestRequested) -> None:
        """The editor goes past the rows read so far (or filters on): read the next part."""
        self._story_rows *= MORE_ROWS
        self._load_rest(self._reload_seq, self._story_rows, self._level_styles())

    @work(thread=True, group="reload", exit_on_error=False)
    def _load_rest(self, seq: int, rows: int, styles: dict[Level, str]) -> None:
        stories, complete = self.desk.trending.first_stories(rows)
        prepared = prepare_rows(stories, self._rows_shown, styles)
        self.app.call_from_thread(self._show_rest, seq, prepared, complete)

    def _level_styles(self) -> dict[Level, str]:
        """The Trending pane's level styles, read on the UI thread for a load's rows' cells."""
        return self.query_one(TrendingPane).level_styles()

    def _show_rest(self, seq: int, stories: StoryRows, complete: bool) -> None:
        if seq == self._reload_seq:
            self._rows_shown = stories
            self.query_one(TrendingPane).show_stories(stories, complete=complete)

    def _show_stories(self, seq: int, stamp: object, stories: StoryRows, complete: bool) -> None:
        if seq != self._reload_seq:
            return
        self._loaded_stamp = stamp
        self._rows_shown = stories
        trending = self.query_one(TrendingPane)
        trending.show_stories(stories, complete=complete)
        if not self._started:
            # The other panes, the sources' health, the refresh timer and the change feed
            # wait for the first rows' frame (``StoryTable.Painted``): they must not hold the
            # interpreter before it is out. No rows, nothing to wait for; and never longer
            # than FIRST_PAINT_WAIT.
            self._started = True
            if stories.stories:
                self.set_timer(FIRST_PAINT_WAIT, self._after_first_screen)
            else:
                self.call_after_refresh(self._after_first_screen)

    @on(StoryTable.Painted)
    def _first_rows_painted(self) -> None:
        self._after_first_screen()

    def _after_first_screen(self) -> None:
        """The first rows are out: mount the other panes, start refreshes and changes."""
        if self._first_screen_done:
            return
        self._first_screen_done = True
        self._mount_later()
        self.query_one(TrendingPane).start()
        self.query_one(TeamDesk).refresh_team()
        self._listen()
        if self.all_panes_mounted:  # wide: else once the others are (``_mount_later_panes``)
            self.set_timer(COLLECT_AFTER_FIRST_FRAME, resume_collector)

    def _listen(self) -> None:
        """Subscribe to the desk's changes (every write, here or by another session).

        The subscription starts after the first load: a change written in between is not
        announced by it, so the stamp is read once more and compared with the one loaded.
        """
        if self._changes is not None:
            return
        self._changes = subscribe_node(self.desk.changes, self, link=self.query_one(StoreLink))
        self._compare_stamp()

    @work(thread=True, group="changes", exit_on_error=False)
    def _compare_stamp(self) -> None:
        stamp = self.desk.changes.stamp()
        self.app.call_from_thread(self._missed_change, stamp)

    def _missed_change(self, stamp: object) -> None:
        if stamp != self._loaded_stamp:
            self.reload()

    def _show(self, seq: int, drafts: list[Draft], loaded: int | None) -> None:
        if seq != self._reload_seq:
            return
        if not self.all_panes_mounted:
            self._when_panes(partial(self._show, seq, drafts, loaded))
            return
        draft_pane = self.draft_pane()
        current = draft_pane.draft
        if current is not None:
            if current.id == loaded:  # else another draft was opened since: it is fresh
                fresh = next((d for d in drafts if d.id == current.id), None)
                draft_pane.show_draft(fresh)
        else:
            draft_pane.show_draft(drafts[0] if drafts else None)
        # Draft statuses drive the calendar's prep states: refresh them with the drafts.
        self._calendar_pane().reload()
        # Events (sensitive trending tags) and drafts feed the checklist: recompute it.
        self._checklist_pane().recompute()

    def _calendar_pane(self) -> CalendarPane:
        return cast("CalendarPane", self.pane("calendar"))

    def _checklist_pane(self) -> ChecklistPane:
        return cast("ChecklistPane", self.pane("checklist"))

    @on(Worker.StateChanged)
    def _report_worker_failure(self, event: Worker.StateChanged) -> None:
        """A reload that failed says so (the panes keep what they showed)."""
        report_worker_failure(self, event)
        if event.worker is self._loading and event.state in FINISHED:
            self._loading = None
            if self._reload_pending:
                self._reload_pending = False
                self.reload()
        if event.state is WorkerState.ERROR and not self._started:
            self._started = True  # no first rows to wait for: refreshes may still bring some
            self._first_screen_done = True
            resume_collector()
            self._mount_later()
            self.query_one(TrendingPane).start()
            self.query_one(TeamDesk).refresh_team()
            self._listen()
            # It waits for the first load otherwise.
            self._when_panes(lambda: self._calendar_pane().reload())

    def save_then(self, then: Callable[[], None]) -> None:
        """Run ``then`` (quitting) once the Draft pane's unsaved text is saved.

        Before the Draft pane is mounted nothing can have been typed into it.
        """
        if self.all_panes_mounted:
            self.draft_pane().save_then(then)
        else:
            then()

    def _theme_changed(self) -> None:
        """Rows styled from theme tokens (calendar, checklist) are redrawn in the new theme.

        Panes mounted later are drawn in the theme of the moment.
        """
        if self.all_panes_mounted:
            self._calendar_pane().reload()
            self._checklist_pane().recompute()

    # -- routing ------------------------------------------------------------------------------

    @on(StoreChanged)
    def _store_changed(self, message: StoreChanged) -> None:
        """A write by any session: reload what the panes show, update the sources' health."""
        change = message.change
        if self.query_one(TrendingPane).seen_writes_pending and change.tables <= {"events"}:
            # Most likely our own seen marks, shown already: decided when they are stored.
            self._deferred_stamp = change.stamp
        elif change.tables & RELOADING_TABLES and change.stamp != self._loaded_stamp:
            self.reload()
        if "state" in change.tables:
            self.query_one(TrendingPane).update_health()
            self.query_one(TeamDesk).refresh_team()

    @on(StoreUnreachable)
    def _store_unreachable(self, message: StoreUnreachable) -> None:
        message.stop()
        self.store_lost(message.reason)

    def store_lost(self, reason: str) -> None:
        """Something met the store's server out of reach (a save, a worker, the feed)."""
        self.query_one(StoreLink).lost(reason)

    @on(StoreLink.Changed)
    def _link_changed(self, message: StoreLink.Changed) -> None:
        """The server went away (saves wait, typed text stays) or is back (they go, once)."""
        status = self.query_one(StatusBar)
        down = message.down
        self._when_panes(lambda: self._tell_saver(down=down))
        if down:
            status.link = _("Database unreachable — reconnecting… (your text is kept)")
            return
        status.link = _("Database reconnected")
        self.set_timer(RECONNECTED_SECONDS, self._reconnected_shown)
        self.reload()
        self.query_one(TeamDesk).refresh_team()

    def _tell_saver(self, *, down: bool) -> None:
        """Saves wait while the server is away (typed text stays) and go once it is back."""
        saver = self.draft_pane().saver
        if down:
            saver.went_offline()
        else:
            saver.back_online()

    def _reconnected_shown(self) -> None:
        if not self.query_one(StoreLink).down:
            self.query_one(StatusBar).link = ""

    @on(Pane.DataChanged)
    def _data_changed(self) -> None:
        self.reload()

    @on(TrendingPane.SeenStored)
    def _seen_stored(self, message: TrendingPane.SeenStored) -> None:
        """Rows marked seen here are already shown so: no reload for that write alone.

        A change announced meanwhile that was not only ours still reloads.
        """
        trending = self.query_one(TrendingPane)
        trending.seen_writes_pending = max(0, trending.seen_writes_pending - 1)
        if message.before == self._loaded_stamp:
            self._loaded_stamp = message.after
        if trending.seen_writes_pending:
            return
        deferred, self._deferred_stamp = self._deferred_stamp, None
        if deferred is not None and deferred != self._loaded_stamp:
            self.reload()

    @on(Pane.DraftOpened)
    def _draft_opened(self, message: Pane.DraftOpened) -> None:
        """Show the draft in the Draft pane and go into its editor."""
        draft = message.draft
        self._when_panes(lambda: self._open_in_editor(draft))

    def _open_in_editor(self, draft: Draft) -> None:
        self.draft_pane().show_draft(draft)
        self.call_later(self._enter_editor)
        self.reload()

    async def _enter_editor(self) -> None:
        self._show_pane("draft")
        self.set_focus(self.draft_pane().editor)

    @on(Pane.DraftUpdated)
    def _draft_updated(self, message: Pane.DraftUpdated) -> None:
        draft = message.draft
        self._when_panes(lambda: self.draft_pane().show_draft(draft))

    @on(Pane.DraftShown)
    def _draft_shown(self, message: Pane.DraftShown) -> None:
        self._checklist_pane().follow(message.draft)
        self.query_one(TeamDesk).editing(message.draft.id)

    @on(TeamDesk.Changed)
    def _team_changed(self, message: TeamDesk.Changed) -> None:
        """Show the review count, and who else edits the draft open here (a warning)."""
        self.query_one(StatusBar).reviews = message.waiting
        editors = message.editors
        self._when_panes(lambda: self._show_editors(editors))

    def _show_editors(self, editors: dict[int, list[str]]) -> None:
        """Warn in the Draft pane's title when others edit the draft open here."""
        draft_pane = self.draft_pane()
        current = draft_pane.draft
        others = editors.get(current.id, []) if current is not None else []
        title = f"{draft_pane.PANE_KEY} {_(draft_pane.PANE_TITLE)}"
        if others:
            title += _(" · being edited by {names}").format(names=", ".join(others))
        draft_pane.border_title = title

    @on(TeamDesk.DraftChosen)
    def _review_chosen(self, message: TeamDesk.DraftChosen) -> None:
        """A draft picked in the review queue: show it, with its checklist."""
        draft = message.draft
        self._when_panes(lambda: self._review(draft))

    def _review(self, draft: Draft) -> None:
        self.draft_pane().show_draft(draft)
        self._show_pane("checklist")

    def action_review_queue(self) -> None:
        """The drafts waiting for this user's review (``R``)."""
        self.query_one(TeamDesk).open_queue()

    def action_audit_log(self) -> None:
        """The audit log and whether its hash chain holds (``A``)."""
        self.query_one(TeamDesk).open_audit()

    @on(TrendingPane.HealthChanged)
    def _health_changed(self, message: TrendingPane.HealthChanged) -> None:
        self.query_one(StatusBar).show_health(message.health)

    @on(Pane.PublishRequested)
    def _publish_requested(self, message: Pane.PublishRequested) -> None:
        self.query_one(Publisher).open(message.draft_id)

    @on(Pane.QueueRequested)
    def _queue_requested(self) -> None:
        self.query_one(Publisher).open_queue()

    async def action_export(self) -> None:
        """Open the export dialog for the draft open in the Draft pane (``ctrl+e`` outside text)."""
        await self._panes_mounted()
        draft = self.draft_pane().draft
        if draft is None:
            self.notify(_("No draft to export: open one in the Draft pane (3)."), timeout=3)
            return
        self._checklist_pane().open_export(draft.id)
