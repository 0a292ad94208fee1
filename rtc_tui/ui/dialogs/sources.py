"""The sources screen: each configured source's health, at a glance."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from rtc_tui.desk.trending_views import SourceStatus, ago
from rtc_tui.i18n import _


def status_cells(status: SourceStatus, now: datetime) -> tuple[Text, ...]:
    """One row: state, name, type, last success, latency, items, next, last error."""
    health = status.health
    if health.last_attempt is None:
        state = Text("never", style="dim")
    elif health.ok:
        state = Text("ok", style="bold")
    else:
        state = Text(f"FAIL x{health.failures}", style="bold reverse")
    if not status.source.enabled:
        state = Text("off", style="dim")
    success = ago(now - health.last_success) if health.last_success else "never"
    latency = f"{health.latency_ms} ms" if health.latency_ms is not None else "-"
    if status.next_due is None:
        due = "now"
    elif status.next_due <= now:
        due = "due"
    else:
        due = "in " + ago(status.next_due - now).removesuffix(" ago")
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
            yield Static(Text(f"Sources · {self._summary}"), id="sources-title")
            table: DataTable[Text] = DataTable(id="sources-table", cursor_type="row")
            table.add_columns(
                "State", "Name", "Type", "Last success", "Latency", "Items", "Next", "Last error"
            )
            for status in self.statuses:
                table.add_row(*status_cells(status, self._now), key=status.source.name)
            yield table
            yield Static("r refresh now · escape close", id="sources-keys", markup=False)

    def on_mount(self) -> None:
        """The table gets focus."""
        self.query_one(DataTable).focus()

    def action_close(self) -> None:
        """Close the screen."""
        self.dismiss(None)

    def action_refresh(self) -> None:
        """Close, asking for a refresh."""
        self.dismiss("refresh")
