"""The status bar: who is working, what waits for their review, the sources, the time, the data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from rtc_tui.desk.trending_views import HealthView
from rtc_tui.i18n import _


class StatusBar(Static):
    """One line: user · store link · reviews · health · notifications · clock · data."""

    user: reactive[str] = reactive("")
    """The editor's identity (with ``(solo desk)`` on a one-person desk)."""
    reviews: reactive[int] = reactive(0)
    """How many drafts wait for this user's review (shown only when some do)."""
    data_dir: reactive[str] = reactive("")
    """Where the data lives."""
    health: reactive[str] = reactive("")
    """Source health summary, e.g. ``6/7 sources ok · 12 s ago``."""
    clock: reactive[str] = reactive("")
    """The current time, HH:MM (frozen in tests)."""
    link: reactive[str] = reactive("")
    """The store's server out of reach (``Database unreachable — reconnecting…``) or just
    back; empty while all is well. Shown first: it says why nothing is being saved."""
    notices: reactive[str] = reactive("")
    """The notifications' health (``notify: 2 pending · team: HTTP 503, retrying in 8 s``);
    empty while all is well."""

    def __init__(
        self,
        now: Callable[[], datetime],
        *,
        notices: Callable[[], str] = lambda: "",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, markup=False)
        self._now = now
        self._notices = notices
        self._health: HealthView | None = None
        self.health = _("no sources fetched yet")

    def on_mount(self) -> None:
        """Tick the clock (and the age of the sources' health) every second."""
        self._tick()
        self.set_interval(1.0, self._tick)

    def show_health(self, health: HealthView) -> None:
        """Show the sources' health; its age ("12 s ago") then follows the clock."""
        self._health = health
        self._tick()

    def _tick(self) -> None:
        now = self._now()
        self.clock = now.astimezone().strftime("%H:%M")
        self.notices = self._notices()
        if self._health is not None:
            self.health = self._health.summary(now)

    def render(self) -> Text:
        """The line, the data dir shortened first when space is short."""
        text = Text()
        text.append(f" {self.user} ", style="bold")
        if self.link:
            text.append(f"{self.link} ", style="bold reverse")
        if self.reviews:
            text.append(_("· {count} to review ").format(count=self.reviews), style="bold reverse")
        text.append(f"· {self.health} · ")
        if self.notices:
            # Before the clock and the data dir, which give way first when space is short.
            text.append(f"{self.notices} · ", style="bold")
        text.append(self.clock, style="bold")
        text.append(f" · {self.data_dir}")
        text.truncate(max(self.size.width, 1), overflow="ellipsis")
        return text
