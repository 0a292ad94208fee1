"""The main screen's handlers for the Trending pane: refresh, triage, details, health.

A mixin of :class:`~rtc_tui.ui.screens.main.MainScreen` (Textual runs ``on_mount`` of every
class in the screen's MRO). Refreshes run in an async worker, one at a time and never
cancelled half-way (``r`` during one queues another); desk reads and writes run in thread
workers. Auto-refresh re-arms its timer when a run ends, for when the next source falls due,
so runs never overlap.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual import on, work
from textual.events import Unmount
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from rtc_tui.core.models import Event
from rtc_tui.desk import Desk, DeskError
from rtc_tui.desk.trending_views import EventDetail, RefreshReport
from rtc_tui.ui.panes.trending import TrendingPane
from rtc_tui.ui.screens.event_detail import EventDetailScreen
from rtc_tui.ui.screens.sources import SourcesScreen
from rtc_tui.ui.screens.trending_dialogs import MuteScreen, SavedFiltersScreen, UnmuteScreen
from rtc_tui.ui.status_bar import StatusBar

HEALTH_TICK_SECONDS = 5.0
"""How often the status bar's "12 s ago" is brought up to date."""

MIN_REFRESH_DELAY = 1.0
"""Shortest wait before an automatic refresh (a source already due waits this long)."""

MAX_REFRESH_DELAY = 3600.0
"""Longest wait between automatic checks, whatever the sources' intervals."""

REFRESH_GROUP = "trending-refresh"
"""The worker group of refreshes (one at a time; ``r`` during one queues another)."""


class TrendingHandlers(Screen[None]):
    """Turns :class:`TrendingPane` messages into desk calls and keeps the sources fresh."""

    desk: Desk
    _stamp: tuple[tuple[int, int], ...]
    _refresh_timer: Timer | None = None
    _refresh_queued = False

    if TYPE_CHECKING:

        def reload(self) -> object:
            """Provided by the main screen: re-read what the panes show (a thread worker)."""

    def on_mount(self) -> None:
        """Load the sources' health, then start the automatic refreshes."""
        self._health_then_schedule()
        self.set_interval(HEALTH_TICK_SECONDS, self._update_health)

    @property
    def trending_pane(self) -> TrendingPane:
        """The Trending pane."""
        return self.query_one(TrendingPane)

    # -- refresh -----------------------------------------------------------------------

    @work(thread=True, group="trending-health", exit_on_error=False)
    def _health_then_schedule(self) -> None:
        summary = self.desk.trending.health_summary()
        due = self.desk.trending.next_refresh_due()
        self.app.call_from_thread(self._show_health, summary)
        self.app.call_from_thread(self._arm_refresh, due)

    @work(thread=True, group="trending-health", exit_on_error=False)
    def _update_health(self) -> None:
        summary = self.desk.trending.health_summary()
        self.app.call_from_thread(self._show_health, summary)

    def _show_health(self, summary: str) -> None:
        self.query_one(StatusBar).health = summary

    def _arm_refresh(self, due: datetime | None) -> None:
        """Wake up when the next source falls due (re-armed after every refresh)."""
        if self._refresh_timer is not None:
            self._refresh_timer.stop()
        delay = MIN_REFRESH_DELAY
        if due is not None:
            delay = (due - self.desk.now()).total_seconds()
        delay = min(max(delay, MIN_REFRESH_DELAY), MAX_REFRESH_DELAY)
        self._refresh_timer = self.set_timer(delay, self._refresh_due_sources)

    def _refresh_due_sources(self) -> None:
        self._refresh_timer = None
        self.request_refresh(only_due=True)

    @on(TrendingPane.RefreshRequested)
    def _refresh_requested(self) -> None:
        self.notify("Refreshing every source…", timeout=2)
        self.request_refresh(only_due=False)

    def request_refresh(self, *, only_due: bool) -> None:
        """Start a refresh, or, while one runs, queue a full one to follow it.

        Runs never overlap and none is cancelled half-way (its results would be lost).
        """
        running = any(w.group == REFRESH_GROUP and not w.is_finished for w in self.workers)
        if running:
            self._refresh_queued = self._refresh_queued or not only_due
            return
        self.run_refresh(only_due=only_due)

    @work(group=REFRESH_GROUP, exit_on_error=False)
    async def run_refresh(self, *, only_due: bool) -> RefreshReport:
        """Fetch (all, or the due) sources in the background, then show what came in."""
        report = await self.desk.trending.refresh(only_due=only_due)
        self._after_refresh(report, manual=not only_due)
        return report

    def _after_refresh(self, report: RefreshReport, *, manual: bool) -> None:
        if report.sources:
            self._stamp = self.desk.changes_stamp()
            self.reload()
        self._update_health()
        failed = [s for s in report.sources if not s.ok]
        if manual and failed:
            names = ", ".join(s.name for s in failed[:3])
            more = f" and {len(failed) - 3} more" if len(failed) > 3 else ""
            self.notify(
                f"{len(failed)} of {len(report.sources)} sources failed: {names}{more}"
                " (s: details)",
                severity="warning",
                markup=False,
            )
        elif manual:
            self.notify(f"{len(report.new_ids)} new events", timeout=3, markup=False)
        top = report.top
        if top is not None and top.score >= self.desk.config.trending.notify_threshold:
            self.notify(
                f"{top.event.title}\n{top.event.source} · {top.explanation}",
                title="Rising now",
                timeout=10,
                markup=False,
            )

    @on(Worker.StateChanged)
    def _refresh_ended(self, event: Worker.StateChanged) -> None:
        """When a refresh ends: run the queued one, or re-arm the timer; errors are shown."""
        if event.worker.group != REFRESH_GROUP or not event.worker.is_finished:
            return
        if event.state is WorkerState.ERROR:
            self.notify(f"Refresh failed: {event.worker.error}", severity="error", markup=False)
        if self._refresh_queued:
            self._refresh_queued = False
            self.run_refresh(only_due=False)
        else:
            self._arm_refresh(self.desk.trending.next_refresh_due())

    # -- triage ------------------------------------------------------------------------

    @on(TrendingPane.TriageRequested)
    def _triage(self, message: TrendingPane.TriageRequested) -> None:
        if message.action in {"dismiss", "snooze"}:
            self.trending_pane.drop_event(message.event_id)
        if message.action == "dismiss":
            self.notify("Dismissed until it changes · m mutes its source or a word", timeout=4)
        elif message.action == "snooze":
            hours = self.desk.config.trending.snooze / 3600
            self.notify(f"Snoozed for {hours:g} h", timeout=3)
        self._store_triage(message.event_id, message.action)

    @work(thread=True, group="trending-write", exit_on_error=False)
    def _store_triage(self, event_id: str, action: str) -> None:
        try:
            self.desk.trending.triage(event_id, action)
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self._stamp = self.desk.changes_stamp()
        self.app.call_from_thread(self.reload)

    @on(TrendingPane.SeenRequested)
    def _seen(self, message: TrendingPane.SeenRequested) -> None:
        self._store_seen(message.event_ids)

    @work(thread=True, group="trending-write", exit_on_error=False)
    def _store_seen(self, event_ids: tuple[str, ...]) -> None:
        self.desk.trending.mark_seen(event_ids)
        self._stamp = self.desk.changes_stamp()
        self.app.call_from_thread(self.reload)

    # -- details, mute, sources, filters ------------------------------------------------

    @on(TrendingPane.DetailsRequested)
    def _details(self, message: TrendingPane.DetailsRequested) -> None:
        self._load_detail(message.event_id)

    @work(thread=True, group="trending-detail", exit_on_error=False)
    def _load_detail(self, event_id: str) -> None:
        try:
            detail = self.desk.trending.event_detail(event_id)
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self._show_detail, detail)

    def _show_detail(self, detail: EventDetail) -> None:
        event = detail.ranked.event

        def answered(answer: str | None) -> None:
            if answer == "draft":
                self.trending_pane.post_message(TrendingPane.DraftRequested(event.id))
            elif answer == "mute":
                self._offer_mute(event)

        self.app.push_screen(EventDetailScreen(detail, self.desk.now()), answered)

    @on(TrendingPane.MuteRequested)
    def _mute_requested(self, message: TrendingPane.MuteRequested) -> None:
        self._offer_mute(message.event)

    def _offer_mute(self, event: Event) -> None:
        def chosen(entry: str | None) -> None:
            if entry:
                self._store_mute(entry)

        self.app.push_screen(MuteScreen(event), chosen)

    @work(thread=True, group="trending-write", exit_on_error=False)
    def _store_mute(self, entry: str) -> None:
        try:
            self.desk.trending.mute(entry)
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(
            self.notify, f"Muted {entry}; rtc events --all still lists it", markup=False
        )
        self.app.call_from_thread(self.reload)

    @on(TrendingPane.UnmuteRequested)
    @work(thread=True, group="trending-detail", exit_on_error=False)
    def _unmute_requested(self) -> None:
        entries = self.desk.trending.added_mutes()
        self.app.call_from_thread(self._offer_unmute, entries)

    def _offer_unmute(self, entries: list[str]) -> None:
        def chosen(entry: str | None) -> None:
            if entry:
                self._lift_mute(entry)

        self.app.push_screen(UnmuteScreen(entries), chosen)

    @work(thread=True, group="trending-write", exit_on_error=False)
    def _lift_mute(self, entry: str) -> None:
        self.desk.trending.unmute(entry)
        self.app.call_from_thread(self.notify, f"Unmuted {entry}", markup=False)
        self.app.call_from_thread(self.reload)

    @on(TrendingPane.SourcesRequested)
    def _sources(self) -> None:
        self._load_sources()

    @work(thread=True, group="trending-detail", exit_on_error=False)
    def _load_sources(self) -> None:
        statuses = self.desk.trending.source_status()
        summary = self.desk.trending.health_summary()
        now = self.desk.now()

        def answered(answer: str | None) -> None:
            if answer == "refresh":
                self.request_refresh(only_due=False)

        screen = SourcesScreen(statuses, now, summary)
        self.app.call_from_thread(self.app.push_screen, screen, answered)

    @on(TrendingPane.SavedFiltersRequested)
    def _saved_filters(self, message: TrendingPane.SavedFiltersRequested) -> None:
        self._load_filters(message.query)

    @work(thread=True, group="trending-detail", exit_on_error=False)
    def _load_filters(self, current: str) -> None:
        filters = self.desk.trending.saved_filters()

        def answered(answer: tuple[str, str] | None) -> None:
            if answer is None:
                return
            kind, value = answer
            if kind == "apply":
                self.trending_pane.set_query(value)
            else:
                self._store_filter(value, current)

        screen = SavedFiltersScreen(filters, current)
        self.app.call_from_thread(self.app.push_screen, screen, answered)

    @work(thread=True, group="trending-write", exit_on_error=False)
    def _store_filter(self, name: str, query: str) -> None:
        try:
            self.desk.trending.save_filter(name, query)
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self.notify, f"Filter saved as {name}", markup=False)

    @on(Unmount)
    async def _close_http_client(self) -> None:
        """Close the shared HTTP client when the screen goes."""
        await self.desk.trending.aclose()
