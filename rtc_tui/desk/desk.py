"""The desk: the services the TUI and the CLI talk to, built and wired in one place."""

from __future__ import annotations

from pathlib import Path

from rtc_tui.config import Config
from rtc_tui.desk.audit import AuditService
from rtc_tui.desk.base import Clock, Preferences, utc_now
from rtc_tui.desk.calendar import CalendarService
from rtc_tui.desk.checklist import ChecklistService
from rtc_tui.desk.drafts import DraftsService
from rtc_tui.desk.export import ExportService
from rtc_tui.desk.presence import PresenceService
from rtc_tui.desk.publishing import PublishService
from rtc_tui.desk.reviews import ReviewService
from rtc_tui.desk.trending import TrendingService
from rtc_tui.notify import Notifier
from rtc_tui.store import ChangeFeed, Store


class Desk:
    """The façade: one service per domain, each given exactly what it depends on.

    ``desk.trending``, ``desk.calendar``, ``desk.drafts``, ``desk.reviews``,
    ``desk.checklist``, ``desk.exports``, ``desk.publishing``, ``desk.presence``,
    ``desk.audit`` and ``desk.prefs`` hold one method per user action; ``desk.notifier`` tells
    the team's webhooks about what happens (``desk.notifier.tell(kind, text, draft_id=...)``,
    see :mod:`rtc_tui.notify`). The services never reach into each other's state: a service
    that needs another gets it in its constructor, and the graph (drafts ← calendar,
    reviews ← checklist ← exports, publishing; trending ← drafts, checklist) has no cycle.
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
        """Build every service.

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
        # The demo is a sandbox: it never tells the team's channel about invented events.
        self.notifier = (
            Notifier([])
            if demo
            else Notifier.from_config(
                config.notify, data_dir=store.data_dir, modes=store.modes, user=user
            )
        )
        self.trending = TrendingService(config, store, now=now, demo=demo, notifier=self.notifier)
        self.drafts = DraftsService(
            config, store, user=user, now=now, story_events=self.trending.story_events
        )
        self.calendar = CalendarService(config, store, now=now, drafts=self.drafts)
        self.reviews = ReviewService(
            config, store, user=user, now=now, drafts=self.drafts, notifier=self.notifier
        )
        self.checklist = ChecklistService(
            config,
            store,
            user=user,
            now=now,
            drafts=self.drafts,
            calendar=self.calendar,
            trending=self.trending,
            reviews=self.reviews,
        )
        self.exports = ExportService(
            config,
            store,
            user=user,
            now=now,
            drafts=self.drafts,
            checklist=self.checklist,
            notifier=self.notifier,
        )
        self.publishing = PublishService(
            config,
            store,
            user=user,
            now=now,
            drafts=self.drafts,
            checklist=self.checklist,
            trending=self.trending,
            calendar=self.calendar,
            notifier=self.notifier,
        )
        self.presence = PresenceService(store, user=user, now=now)
        self.audit = AuditService(store)

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
