"""The sources screen: each configured source's health, at a glance."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from rtc_tui.desk.trending_views import SourceStatus, ago
from rtc_tui.i18n import _, ngettext, pgettext


def due_in(delta: timedelta) -> str:
    """``in 12 s``, ``in 3 min``, ``in 2 h``, ``in 4 d``: when a source is read next."""
    seconds = max(0, int(delta.total_seconds()))
    if seconds < 60:
        return _("in {seconds} s").format(seconds=seconds)
    if seconds < 3600:
        return _("in {minutes} min").format(minutes=seconds // 60)
    if seconds < 86400:
        return _("in {hours} h").format(hours=seconds // 3600)
    days = seconds // 86400
    return ngettext("in {days} d", "in {days} d", days).format(days=days)


def status_cells(status: SourceStatus, now: datetime) -> tuple[Text, ...]:
    """One row: state, name, type, last success, latency, items, next, last error."""
    health = status.health
    if health.last_attempt is None:
        state = Text(_("never"), style="dim")
    elif health.ok:
        state = Text(_("ok"), style="bold")
    else:
        failed = _("FAIL x{count}").format(count=health.failures)
        state = Text(failed, style="bold reverse")
    if not status.source.enabled:
        state = Text(_("off"), style="dim")
    success = ago(now - health.last_success) if health.last_success else _("never")
    latency = f"{health.latency_ms} ms" if health.latency_ms is not None else "-"
    if status.next_due is None:
        due = _("now")
    elif status.next_due <= now:
        due = pgettext("source", "due")
    else:
        due = due_in(status.next_due - now)
    return (
        state,
        Text(status.source.name),
        Text(status.source.type),
        Text(success),
        Text(latency, justify="right"),
        Text(str(health.item_count), justify="right"),
        Text(due),
        Text(health.last_error or "", style="italic"),
    )


class SourcesScreen(ModalScreen[str | None]):
    """A table of sources and their health; ``r`` asks for a refresh, escape closes."""

    DEFAULT_CSS = """
    SourcesScreen { align: center middle; }
    #sources-box {
        width: 96%; max-width: 130; height: 80%;
        border: round $accent; background: $surface;
    }
    #sources-title { height: 1; text-style: bold; padding: 0 1; }
    #sources-keys { height: 1; color: $text-muted; padding: 0 1; }
    """

    BINDINGS = [
        Binding("escape,q,s", "close", _("Close"), id="sources.close"),
        Binding("r", "refresh", _("Refresh now"), id="sources.refresh"),
    ]

    def __init__(self, statuses: Sequence[SourceStatus], now: datetime, summary: str) -> None:
        super().__init__()
        self.statuses = list(statuses)
        """The rows shown."""
        self._now = now
        self._summary = summary

    def compose(self) -> ComposeResult:
        """Title with the summary, the table, the keys."""
        with Vertical(id="sources-box"):
            title = _("Sources · {summary}").format(summary=self._summary)
            yield Static(Text(title), id="sources-title")
            table: DataTable[Text] = DataTable(id="sources-table", cursor_type="row")
            table.add_columns(
                _("State"),
                _("Name"),
                _("Type"),
                _("Last success"),
                _("Latency"),
                _("Items"),
                _("Next"),
                _("Last error"),
            )
            for status in self.statuses:
                table.add_row(*status_cells(status, self._now), key=status.source.name)
            yield table
            yield Static(_("r refresh now · escape close"), id="sources-keys", markup=False)

    def on_mount(self) -> None:
        """The table gets focus."""
        self.query_one(DataTable).focus()

    def action_close(self) -> None:
        """Close the screen."""
        self.dismiss(None)

    def action_refresh(self) -> None:
        """Close, asking for a refresh."""
        self.dismiss("refresh")
