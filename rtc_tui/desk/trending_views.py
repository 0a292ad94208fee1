"""What the trending service hands out: refresh reports, source status, event details, health.

Small frozen records the Trending pane, its dialogs and ``rtc fetch``/``rtc events`` show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from rtc_tui.config import SourceConfig
from rtc_tui.core.models import Event, Sensitivity
from rtc_tui.core.trending.ranking import Ranked
from rtc_tui.i18n import _

if TYPE_CHECKING:
    # Only named here: the sources (and httpx) load on first network use.
    from rtc_tui.sources.fetch import SourceHealth


@dataclass(frozen=True)
class SourceReport:
    """One source's part of a refresh (the ``rtc fetch --json`` shape)."""

    name: str
    ok: bool
    new: int
    total: int
    error: str
    ms: int
    not_modified: bool = False

    def to_dict(self) -> dict[str, Any]:
        """``{"name", "ok", "new", "total", "error", "ms"}``."""
        return {
            "name": self.name,
            "ok": self.ok,
            "new": self.new,
            "total": self.total,
            "error": self.error,
            "ms": self.ms,
        }


@dataclass(frozen=True)
class RefreshReport:
    """What a refresh did, source by source, and what it brought in."""

    sources: tuple[SourceReport, ...]
    new_ids: tuple[str, ...] = ()
    top: Ranked | None = None
    """The best-ranked event this refresh brought in, if any (for a notification)."""
    archived: int = 0
    """Events this refresh moved to the archive (past the retention window or ``max_events``)."""

    @property
    def all_failed(self) -> bool:
        """Every source tried failed (``rtc fetch`` exits 1)."""
        return bool(self.sources) and not any(s.ok for s in self.sources)


@dataclass(frozen=True)
class SourceStatus:
    """A configured source and how it has been doing (the sources screen's row)."""

    source: SourceConfig
    health: SourceHealth
    next_due: datetime | None


@dataclass(frozen=True)
class EventDetail:
    """Everything the detail view shows about one event."""

    ranked: Ranked
    members: tuple[Event, ...]
    """The other events of its cluster (same story, other sources), best first."""
    muted_by: str = ""
    story_sensitivity: Sensitivity = field(default_factory=Sensitivity)
    """The worst sensitivity of any copy of the story (what a draft from it is checked as)."""


@dataclass(frozen=True)
class HealthView:
    """The sources' health in numbers; :meth:`summary` words it for a moment in time."""

    configured: int
    """Enabled sources."""
    tried: int
    """Enabled sources fetched at least once."""
    ok: int
    """Of those, how many succeeded last time."""
    last_attempt: datetime | None

    def summary(self, now: datetime) -> str:
        """``6/7 sources ok · 12 s ago`` (the age as of ``now``)."""
        if not self.configured:
            return _("no sources configured")
        if not self.tried or self.last_attempt is None:
            return _("no sources fetched yet")
        return _("{ok}/{configured} sources ok · {ago}").format(
            ok=self.ok, configured=self.configured, ago=ago(now - self.last_attempt)
        )


def ago(delta: timedelta) -> str:
    """``12 s ago``, ``3 min ago``, ``2 h ago``, ``4 d ago``."""
    seconds = max(0, int(delta.total_seconds()))
    if seconds < 60:
        return _("{count} s ago").format(count=seconds)
    if seconds < 3600:
        return _("{count} min ago").format(count=seconds // 60)
    if seconds < 86400:
        return _("{count} h ago").format(count=seconds // 3600)
    return _("{count} d ago").format(count=seconds // 86400)
