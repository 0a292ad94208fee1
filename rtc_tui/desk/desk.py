"""The desk: the services the TUI and the CLI talk to, built and wired in one place.

Each service is built, and its module imported, the first time something asks for it: a
command uses one or two of them (``rtc check`` the checklist, ``rtc moments`` the calendar),
and importing every service module would cost each command the whole application (the
calendar's rules and holidays, the publishing queue, the export renderers).
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from rtc_tui.config import Config
from rtc_tui.desk.base import Clock, Preferences, utc_now
from rtc_tui.store import ChangeFeed, Store

if TYPE_CHECKING:
    from rtc_tui.desk.audit import AuditService
    from rtc_tui.desk.calendar import CalendarService
    from rtc_tui.desk.checklist import ChecklistService
    from rtc_tui.desk.drafts import DraftsService
    from rtc_tui.desk.export import ExportService
    from rtc_tui.desk.presence import PresenceService
    from rtc_tui.desk.publishing import PublishService
    from rtc_tui.desk.reviews import ReviewService
    from rtc_tui.desk.trending import TrendingService
    from rtc_tui.notify import Notifier


class Desk:
    """The façade: one service per domain, each given exactly what it depends on.

    ``desk.trending``, ``desk.calendar``, ``desk.drafts``, ``desk.reviews``,
    ``desk.checklist``, ``desk.exports``, ``desk.publishing``, ``desk.presence``,
    ``desk.audit`` and ``desk.prefs`` hold one method per user action; ``desk.notifier`` tells
    the team's webhooks about what happens (``desk.notifier.tell(kind, text, draft_id=...)``,
    see :mod:`rtc_tui.notify`). The services never reach into each other's state: a service
    that needs another gets it in its constructor, and the graph (drafts ← calendar,
    reviews ← checklist ← exports, publishing; trending ← drafts, checklist) has no cycle.
    Each one is built on first use (and then kept), with the services it depends on.
    """

    def __init__(
        self,
        config: Config,
        store: Store,
        *,
        user: str,
        now: Clock = utc_now,
        demo: bool = False,
    ) -> None:
        """Keep what the services are built from.

        Args:
            config: The validated config.
            store: Where everything persists.
            user: Who is working (``--user``, ``team.user``, the login name).
            now: The clock (tests freeze it).
            demo: A demo desk (bundled feeds instead of the network, nobody notified).
        """
        self.config = config
        self.store = store
        self.user = user
        self.now = now
        self.demo = demo
        self.prefs = Preferences(store, user=user)

    @cached_property
    def notifier(self) -> Notifier:
        """The team's webhooks; the demo is a sandbox and never tells them anything."""
        from rtc_tui.notify import Notifier

        if self.demo:
            return Notifier([])
        return Notifier.from_config(
            self.config.notify, data_dir=self.store.data_dir, modes=self.store.modes, user=self.user
        )

    @cached_property
    def trending(self) -> TrendingService:
        """Refresh, rank, triage and explain the trending events."""
        from rtc_tui.desk.trending import TrendingService

        return TrendingService(
            self.config, self.store, now=self.now, demo=self.demo, notifier=self.notifier
        )

    @cached_property
    def drafts(self) -> DraftsService:
        """Drafts: create, edit, save with revisions, the workflow."""
        from rtc_tui.desk.drafts import DraftsService

        return DraftsService(
            self.config,
            self.store,
            user=self.user,
            now=self.now,
            # Through a function: building the trending service (its ingest, the lexicon) is
            # left to the first draft that asks for its story, not to every draft command.
            story_events=lambda event_id: self.trending.story_events(event_id),
        )

    @cached_property
    def calendar(self) -> CalendarService:
        """The agenda of planned moments, drafts for them, ICS in and out."""
        from rtc_tui.desk.calendar import CalendarService

        return CalendarService(self.config, self.store, now=self.now, drafts=self.drafts)

    @cached_property
    def reviews(self) -> ReviewService:
        """Review requests and the second pair of eyes."""
        from rtc_tui.desk.reviews import ReviewService

        return ReviewService(
            self.config,
            self.store,
            user=self.user,
            now=self.now,
            drafts=self.drafts,
            notifier=self.notifier,
        )

    @cached_property
    def checklist(self) -> ChecklistService:
        """Safety checks, ticks, overrides and the gate."""
        from rtc_tui.desk.checklist import ChecklistService

        return ChecklistService(
            self.config,
            self.store,
            user=self.user,
            now=self.now,
            drafts=self.drafts,
            calendar_of=lambda: self.calendar,
            trending_of=lambda: self.trending,
            reviews_of=lambda: self.reviews,
        )

    @cached_property
    def exports(self) -> ExportService:
        """The gated exports (files, clipboard, webhook)."""
        from rtc_tui.desk.export import ExportService

        return ExportService(
            self.config,
            self.store,
            user=self.user,
            now=self.now,
            drafts=self.drafts,
            checklist=self.checklist,
            notifier=self.notifier,
        )

    @cached_property
    def publishing(self) -> PublishService:
        """The publishing queue and the accounts it posts to."""
        from rtc_tui.desk.publishing import PublishService

        return PublishService(
            self.config,
            self.store,
            user=self.user,
            now=self.now,
            drafts=self.drafts,
            checklist=self.checklist,
            trending=self.trending,
            calendar=self.calendar,
            notifier=self.notifier,
        )

    @cached_property
    def presence(self) -> PresenceService:
        """Who else is working on the same data."""
        from rtc_tui.desk.presence import PresenceService

        return PresenceService(self.store, user=self.user, now=self.now)

    @cached_property
    def audit(self) -> AuditService:
        """The append-only audit log."""
        from rtc_tui.desk.audit import AuditService

        return AuditService(self.store)

    @property
    def data_dir(self) -> Path:
        """Where this desk's data lives (shown in the status bar)."""
        return self.store.data_dir

    @property
    def changes(self) -> ChangeFeed:
        """Subscribe here to hear about every write to the data, by any session.

        Today a file watcher on the data dir; a database store would notify instead.
        """
        return self.store.changes

    def notify_status(self) -> str:
        """The notifications' health for the status bar (``""``: fine, nothing pending)."""
        return self.notifier.status_line()

    @property
    def has_config_file(self) -> bool:
        """Whether a config file was read (the first-run welcome is for those without)."""
        return self.config.path is not None

    @property
    def configured_theme(self) -> str:
        """The config's ``theme:`` (``""`` when it names none)."""
        return self.config.theme
