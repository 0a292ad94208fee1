"""The Trending pane: the view (:mod:`.trending_view`) plus what its keys do with the desk.

Refreshes run in an async worker, one at a time and never cancelled half-way (``r`` during one
queues another); desk reads and writes run in thread workers. Auto-refresh re-arms its timer
when a run ends, for when the next source falls due, so runs never overlap. The pane tells the
screen what concerns others as messages: the data changed (:class:`Pane.DataChanged`), a
draft to open (:class:`Pane.DraftOpened`), the sources' health (:class:`HealthChanged`).
"""

from __future__ import annotations

from datetime import datetime

from textual import on, work
from textual.events import Unmount
from textual.message import Message
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from rtc_tui.desk import Desk, DeskError
from rtc_tui.desk.trending_views import EventDetail, HealthView, RefreshReport
from rtc_tui.desk.views import Event, explain
from rtc_tui.i18n import _, ngettext
from rtc_tui.ui.panes.trending_view import TrendingPaneView
from rtc_tui.ui.store_events import told_unreachable

MIN_REFRESH_DELAY = 1.0
"""Shortest wait before an automatic refresh (a source already due waits this long)."""

MAX_REFRESH_DELAY = 3600.0
"""Longest wait between automatic checks, whatever the sources' intervals."""

REFRESH_GROUP = "trending-refresh"
"""The worker group of refreshes (one at a time; ``r`` during one queues another)."""


class TrendingPane(TrendingPaneView):
    """Ranked events; triage, details, mutes, filters and refreshes through the desk."""

    REPORTS_OWN_FAILURES = frozenset({REFRESH_GROUP})

    class HealthChanged(Message):
        """The sources' health changed (a refresh ran here or in another session)."""

        def __init__(self, health: HealthView) -> None:
            self.health = health
            """The health in numbers (the status bar words it)."""
            super().__init__()

    class SeenStored(Message):
        """Rows were marked seen in the store: the stamps before and after that write."""

        def __init__(self, before: object, after: object) -> None:
            self.before = before
            self.after = after
            super().__init__()

    def __init__(self, desk: Desk, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.desk = desk
        self._refresh_timer: Timer | None = None
        self._refresh_queued = False
        self.seen_writes_pending = 0
        """Seen marks being stored, whose :class:`SeenStored` the screen has not handled."""

    def start(self) -> None:
        """Load the sources' health, then start the automatic refreshes.

        The screen calls this once it is up (not the pane's own mount): the first automatic
        refresh is timed from the moment the whole screen is there.
        """
        self._health_then_schedule()

    # -- refresh and health --------------------------------------------------------------

    @work(thread=True, group="trending-health", exit_on_error=False)
    def _health_then_schedule(self) -> None:
        # The refresh's imports here, in a thread: on the event loop they would hold a key.
        self.desk.trending.prepare_refresh()
        health = self.desk.trending.health()
        due = self.desk.trending.next_refresh_due()
        self.app.call_from_thread(self.post_message, self.HealthChanged(health))
        self.app.call_from_thread(self._arm_refresh, due)

    @work(thread=True, group="trending-health", exit_on_error=False)
    def update_health(self) -> None:
        """Re-read the sources' health (after a refresh, here or elsewhere) and report it."""
        health = self.desk.trending.health()
        self.app.call_from_thread(self.post_message, self.HealthChanged(health))

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

    @on(TrendingPaneView.RefreshRequested)
    def _refresh_requested(self) -> None:
        self.notify(_("Refreshing every source…"), timeout=2)
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
            self.post_message(self.DataChanged())
        self.update_health()
        failed = [s for s in report.sources if not s.ok]
        if manual and failed:
            names = ", ".join(s.name for s in failed[:3])
            more = _(" and {count} more").format(count=len(failed) - 3) if len(failed) > 3 else ""
            self.notify(
                ngettext(
                    "{failed} of {total} sources failed: {names}{more} (s: details)",
                    "{failed} of {total} sources failed: {names}{more} (s: details)",
                    len(failed),
                ).format(failed=len(failed), total=len(report.sources), names=names, more=more),
                severity="warning",
                markup=False,
            )
        elif manual:
            count = len(report.new_ids)
            self.notify(
                ngettext("{count} new event", "{count} new events", count).format(count=count),
                timeout=3,
                markup=False,
            )
        top = report.top
        if top is not None and top.score >= self.desk.trending.notify_threshold:
            self.notify(
                f"{top.event.title}\n{top.event.source} · {explain(f.label for f in top.factors)}",
                title=_("Rising now"),
                timeout=10,
                markup=False,
            )

    @on(Worker.StateChanged)
    def _refresh_ended(self, event: Worker.StateChanged) -> None:
        """When a refresh ends: run the queued one, or re-arm the timer; errors are shown."""
        if event.worker.group != REFRESH_GROUP or not event.worker.is_finished:
            return
        error = event.worker.error
        # The store's server out of reach is said by the status bar; the next round retries.
        unreachable = error is not None and told_unreachable(self, error)
        if event.state is WorkerState.ERROR and not unreachable:
            self.notify(
                _("Refresh failed: {error}").format(error=event.worker.error),
                severity="error",
                markup=False,
            )
        if self._refresh_queued:
            self._refresh_queued = False
            self.run_refresh(only_due=False)
        else:
            self._arm_refresh(self.desk.trending.next_refresh_due())

    # -- triage ------------------------------------------------------------------------

    @on(TrendingPaneView.TriageRequested)
    def _triage_requested(self, message: TrendingPaneView.TriageRequested) -> None:
        if message.action in {"dismiss", "snooze"}:
            self.drop_events(message.event_ids)
        if message.action == "dismiss":
            self.notify(_("Dismissed until it changes · m mutes its source or a word"), timeout=4)
        elif message.action == "snooze":
            hours = self.desk.trending.snooze_seconds / 3600
            self.notify(_("Snoozed for {hours} h").format(hours=f"{hours:g}"), timeout=3)
        self._store_triage(message.event_ids, message.action)

    @work(thread=True, group="trending-write", exit_on_error=False)
    def _store_triage(self, event_ids: tuple[str, ...], action: str) -> None:
        try:
            self.desk.trending.triage_story(event_ids, action)
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self.post_message, self.DataChanged())

    @on(TrendingPaneView.SeenRequested)
    def _seen(self, message: TrendingPaneView.SeenRequested) -> None:
        self.mark_shown_seen(message.event_ids)
        # Counted at once, on this thread: the store's change may be announced before the
        # write's own message arrives (the screen takes it back off when it handles that).
        self.seen_writes_pending += 1
        self._store_seen(message.event_ids)

    @work(thread=True, group="trending-write", exit_on_error=False)
    def _store_seen(self, event_ids: tuple[str, ...]) -> None:
        """Store the seen marks (their triage records only); the rows already show them."""
        before = self.desk.changes.stamp()
        try:
            self.desk.trending.mark_seen(event_ids)
        finally:
            after = self.desk.changes.stamp()
            self.app.call_from_thread(self.post_message, self.SeenStored(before, after))

    @on(TrendingPaneView.DraftRequested)
    def _new_draft_from_event(self, message: TrendingPaneView.DraftRequested) -> None:
        self._create_draft(message.event_id)

    @work(thread=True, group="trending-write", exit_on_error=False)
    def _create_draft(self, event_id: str) -> None:
        """Create the draft off the UI thread (it reads the event's story), then open it."""
        try:
            draft = self.desk.drafts.new(event_id=event_id)
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.post_message, self.DraftOpened(draft))

    # -- details, mute, sources, filters ------------------------------------------------

    @on(TrendingPaneView.DetailsRequested)
    def _details(self, message: TrendingPaneView.DetailsRequested) -> None:
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
                self.post_message(self.DraftRequested(event.id))
            elif answer == "mute":
                self._offer_mute(event)

        # Dialogs are imported when first opened: the first screen does not wait for them.
        from rtc_tui.ui.dialogs.event_detail import EventDetailScreen

        self.app.push_screen(EventDetailScreen(detail, self.desk.now()), answered)

    @on(TrendingPaneView.MuteRequested)
    def _mute_requested(self, message: TrendingPaneView.MuteRequested) -> None:
        self._offer_mute(message.event)

    def _offer_mute(self, event: Event) -> None:
        def chosen(entry: str | None) -> None:
            if entry:
                self._store_mute(entry)

        from rtc_tui.ui.dialogs.trending_dialogs import MuteScreen

        self.app.push_screen(MuteScreen(event), chosen)

    @work(thread=True, group="trending-write", exit_on_error=False)
    def _store_mute(self, entry: str) -> None:
        try:
            self.desk.trending.mute(entry)
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(
            self.notify,
            _("Muted {entry}; rtc events --all still lists it").format(entry=entry),
            markup=False,
        )
        self.app.call_from_thread(self.post_message, self.DataChanged())

    @on(TrendingPaneView.UnmuteRequested)
    @work(thread=True, group="trending-detail", exit_on_error=False)
    def _unmute_requested(self) -> None:
        entries = self.desk.trending.added_mutes()
        self.app.call_from_thread(self._offer_unmute, entries)

    def _offer_unmute(self, entries: list[str]) -> None:
        def chosen(entry: str | None) -> None:
            if entry:
                self._lift_mute(entry)

        from rtc_tui.ui.dialogs.trending_dialogs import UnmuteScreen

        self.app.push_screen(UnmuteScreen(entries), chosen)

    @work(thread=True, group="trending-write", exit_on_error=False)
    def _lift_mute(self, entry: str) -> None:
        self.desk.trending.unmute(entry)
        self.app.call_from_thread(
            self.notify, _("Unmuted {entry}").format(entry=entry), markup=False
        )
        self.app.call_from_thread(self.post_message, self.DataChanged())

    @on(TrendingPaneView.SourcesRequested)
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

        from rtc_tui.ui.dialogs.sources import SourcesScreen

        screen = SourcesScreen(statuses, now, summary)
        self.app.call_from_thread(self.app.push_screen, screen, answered)

    @on(TrendingPaneView.SavedFiltersRequested)
    def _saved_filters(self, message: TrendingPaneView.SavedFiltersRequested) -> None:
        self._load_filters(message.query)

    @work(thread=True, group="trending-detail", exit_on_error=False)
    def _load_filters(self, current: str) -> None:
        filters = self.desk.trending.saved_filters()

        def answered(answer: tuple[str, str] | None) -> None:
            if answer is None:
                return
            kind, value = answer
            if kind == "apply":
                self.set_query(value)
            else:
                self._store_filter(value, current)

        from rtc_tui.ui.dialogs.trending_dialogs import SavedFiltersScreen

        screen = SavedFiltersScreen(filters, current)
        self.app.call_from_thread(self.app.push_screen, screen, answered)

    @work(thread=True, group="trending-write", exit_on_error=False)
    def _store_filter(self, name: str, query: str) -> None:
        try:
            self.desk.trending.save_filter(name, query)
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(
            self.notify, _("Filter saved as {name}").format(name=name), markup=False
        )

    @on(Unmount)
    async def _close_http_client(self) -> None:
        """Close the shared HTTP client when the pane goes."""
        await self.desk.trending.aclose()
