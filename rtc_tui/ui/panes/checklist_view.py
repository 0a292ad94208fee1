"""The Checklist pane: the safety items a draft must pass before export, and the findings.

One row per checklist item (``[x]`` ticked, ``[~]`` stale, ``[ ]`` missing, ``[!]`` a computed
check failed, ``[.]`` not checked yet), then one row per finding of the automated checks
(``X`` blocking, ``o`` overridden, ``!`` warning). Markers read without colour. The summary
line says how far the draft is from exportable ("7/10 · 2 stale · 1 blocking finding").

The pane only shows; every key is an intent posted to the screen, which calls the desk.
"""

from __future__ import annotations

import contextlib

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import DescendantFocus
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable, Static
from textual.widgets.data_table import RowDoesNotExist

from rtc_tui.desk.views import ChecklistState, Draft, Finding, ItemStatus, Level
from rtc_tui.i18n import N_, _
from rtc_tui.ui.panes.base import Pane, measure_rows_now

ITEM_PREFIX = "item:"
FINDING_PREFIX = "finding:"

_ITEM_STYLES = {
    ItemStatus.STALE: "rtc-stale",
    ItemStatus.AUTO_FAILED: "rtc-sensitive-block",
    ItemStatus.INVALID: "rtc-sensitive-warn",
}
"""The theme variable colouring each item state (the marker says it without colour too)."""


def finding_marker(finding: Finding) -> str:
    """``X`` blocking, ``o`` overridden, ``!`` warning."""
    if finding.override is not None:
        return "o"
    return "X" if finding.severity is Level.BLOCK else "!"


class ChecklistPaneView(Pane):
    """The checklist of the draft open in the Draft pane."""

    PANE_ID = "checklist"
    PANE_TITLE = N_("Checklist")
    PANE_KEY = "4"

    BINDINGS = [
        Binding("space", "tick", _("Tick, next"), id="checklist.tick"),
        Binding("o", "override", _("Override"), id="checklist.override"),
        Binding("e", "export", _("Export"), id="checklist.export"),
        Binding("a", "approve", _("Approve"), id="checklist.approve"),
        Binding("b", "send_back", _("Send back"), id="checklist.send-back"),
        Binding("P", "publish", _("Publish"), id="checklist.publish"),
        Binding("U", "publishing_queue", _("Published & queued"), id="checklist.queue", show=False),
        Binding("r", "request_review", _("Ask review"), id="checklist.request-review"),
    ]

    class RefreshRequested(Message):
        """The pane is being looked at: its checklist should be recomputed now."""

    class TickRequested(Message):
        """The user wants the item under the cursor ticked (or unticked)."""

        def __init__(self, draft_id: int, item_id: str) -> None:
            self.draft_id = draft_id
            """The draft."""
            self.item_id = item_id
            """The checklist item."""
            super().__init__()

    class OverrideRequested(Message):
        """The user wants to override a blocking finding (the screen asks the reason)."""

        def __init__(self, draft_id: int, finding: Finding) -> None:
            self.draft_id = draft_id
            """The draft."""
            self.finding = finding
            """The blocking finding."""
            super().__init__()

    class ExportRequested(Message):
        """The user wants to export the draft (the screen opens the export dialog)."""

        def __init__(self, draft_id: int) -> None:
            self.draft_id = draft_id
            """The draft."""
            super().__init__()

    class ApproveRequested(Message):
        """The user wants the draft approved (gated by the checklist)."""

        def __init__(self, draft_id: int) -> None:
            self.draft_id = draft_id
            """The draft."""
            super().__init__()

    class SendBackRequested(Message):
        """A reviewer wants the draft sent back to its author with a note."""

        def __init__(self, draft_id: int) -> None:
            self.draft_id = draft_id
            """The draft."""
            super().__init__()

    class ReviewRequested(Message):
        """The author asks for the second pair of eyes on the draft."""

        def __init__(self, draft_id: int) -> None:
            self.draft_id = draft_id
            """The draft."""
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.draft: Draft | None = None
        """The draft whose checklist is shown."""
        self.state: ChecklistState | None = None
        """Its checklist state, as last computed."""
        self._requested: set[str] = set()
        """Items ticked with ``space`` whose tick the shown state does not have yet: the
        cursor skips them, so a burst of spaces ticks one item each."""

    def compose(self) -> ComposeResult:
        """The summary line and the table of items and findings."""
        yield Static(
            _("No draft yet: open one in the Draft pane (3)."), id="checklist-summary", markup=False
        )
        table: DataTable[str | Text] = DataTable(id="checklist-table", cursor_type="row")
        table.add_columns("", _("Item"), _("Detail"))
        yield table

    def focus_target(self) -> Widget:
        """The checklist table."""
        return self.query_one(DataTable)

    def on_descendant_focus(self, _event: DescendantFocus) -> None:
        """Coming into the pane: the cursor on the first open item; recompute the checklist."""
        self._to_first_open()
        self.post_message(self.RefreshRequested())

    def open_items(self) -> list[str]:
        """Row keys of the items still to tick (missing or stale), in order."""
        if self.state is None:
            return []
        return [
            ITEM_PREFIX + s.item.id
            for s in self.state.items
            if s.status in (ItemStatus.MISSING, ItemStatus.STALE)
            and ITEM_PREFIX + s.item.id not in self._requested
        ]

    def _to_first_open(self) -> None:
        """Put the cursor on the first open item, unless it is on one already."""
        wanted = self.open_items()
        if wanted and self.selected_key() not in wanted:
            with contextlib.suppress(RowDoesNotExist):
                self.select(wanted[0])

    @property
    def table(self) -> DataTable[str | Text]:
        """The table of items and findings."""
        table: DataTable[str | Text] = self.query_one("#checklist-table", DataTable)
        return table

    def show_state(self, draft: Draft | None, state: ChecklistState | None) -> None:
        """Show ``draft``'s checklist; the cursor stays on the same row when it still exists."""
        same_draft = draft is not None and self.draft is not None and draft.id == self.draft.id
        self.draft, self.state = draft, state
        summary = self.query_one("#checklist-summary", Static)
        table = self.table
        selected = self.selected_key() if same_draft else None
        if not same_draft:
            self._requested.clear()
        elif state is not None:
            # A tick stays "requested" until a computed state shows it done.
            still_open = {
                ITEM_PREFIX + s.item.id
                for s in state.items
                if s.status in (ItemStatus.MISSING, ItemStatus.STALE)
            }
            self._requested &= still_open
        table.clear()
        if draft is None or state is None:
            summary.update(Text(_("No draft yet: open one in the Draft pane (3).")))
            measure_rows_now(table)
            return
        verdict = _(VERDICT_WORDS[state.report.verdict.value])
        line = _("#{id} {title} · {summary} · checks: {verdict}").format(
            id=draft.id, title=draft.title, summary=state.summary(), verdict=verdict
        )
        summary.update(Text(line))
        for item_state in state.items:
            style = self._colour(_ITEM_STYLES.get(item_state.status, ""))
            label = item_state.item.label
            if not item_state.item.required:
                label += _(" (optional)")
            table.add_row(
                Text(item_state.marker, style=style),
                Text(label, style=style),
                Text(item_state.detail or _status_words(item_state.status)),
                key=ITEM_PREFIX + item_state.item.id,
            )
        for finding in state.report.findings:
            marker = finding_marker(finding)
            variable = "rtc-sensitive-block" if marker == "X" else "rtc-sensitive-warn"
            style = f"bold {self._colour(variable)}" if marker == "X" else self._colour(variable)
            detail = finding.message
            if finding.override is not None:
                detail = _("overridden by {who}: {reason}").format(
                    who=finding.override.by, reason=finding.override.reason
                )
            shown = Text(detail)
            # The matched words are quoted «like this» in the message: make them stand out.
            shown.highlight_regex(r"«[^»]*»", "bold")
            table.add_row(
                Text(f" {marker} ", style=style if marker != "o" else ""),
                Text(finding.label),
                shown,
                key=FINDING_PREFIX + finding.key,
            )
        if selected is not None:
            with contextlib.suppress(RowDoesNotExist):
                table.move_cursor(row=table.get_row_index(selected))
        else:
            self._to_first_open()
        measure_rows_now(table)

    def _colour(self, variable: str) -> str:
        """The theme's colour for ``variable`` (``""`` when unknown or not given)."""
        if not variable:
            return ""
        return self.app.theme_variables.get(variable, "")

    def selected_key(self) -> str | None:
        """The key of the row under the cursor (``item:<id>`` or ``finding:<key>``)."""
        table = self.table
        if table.row_count == 0:
            return None
        try:
            row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        except (RowDoesNotExist, LookupError):
            return None
        return row_key.value

    def select(self, key: str) -> None:
        """Move the cursor to the row ``key`` (``item:timing``, ``finding:<key>``)."""
        self.table.move_cursor(row=self.table.get_row_index(key))

    def _finding(self, key: str) -> Finding | None:
        if self.state is None:
            return None
        return self.state.report.find(key)

    def action_tick(self) -> None:
        """Tick the item under the cursor and move to the next open one (or untick it).

        The cursor moves at once, not when the tick is stored: spaces typed in a burst each
        tick the next item.
        """
        key = self.selected_key()
        if self.draft is None or key is None:
            return
        if not key.startswith(ITEM_PREFIX):
            self.notify(_("Space ticks checklist items; use o on a blocking finding."), timeout=3)
            return
        opened = self.open_items()
        self.post_message(self.TickRequested(self.draft.id, key.removeprefix(ITEM_PREFIX)))
        if key not in opened:
            return  # an untick: stay on it
        self._requested.add(key)
        after = opened[opened.index(key) + 1 :] + opened[: opened.index(key)]
        if after:
            self.select(after[0])

    def action_override(self) -> None:
        """Override the blocking finding under the cursor (or the only one there is)."""
        if self.draft is None or self.state is None:
            return
        key = self.selected_key() or ""
        finding = self._finding(key.removeprefix(FINDING_PREFIX)) if key else None
        if finding is None:
            candidates = [f for f in self.state.report.findings if f.blocking and f.overridable]
            if len(candidates) != 1:
                self.notify(
                    _("Move the cursor to a blocking finding (X) to override it."), timeout=3
                )
                return
            finding = candidates[0]
        if not finding.blocking:
            self.notify(_("Only a blocking finding (X) needs an override."), timeout=3)
            return
        if not finding.overridable:
            self.notify(
                _("{finding} cannot be overridden: fix the text.").format(finding=finding.label),
                timeout=4,
            )
            return
        self.post_message(self.OverrideRequested(self.draft.id, finding))

    def action_export(self) -> None:
        """Open the export dialog for this draft."""
        if self.draft is not None:
            self.post_message(self.ExportRequested(self.draft.id))

    def action_publish(self) -> None:
        """Open the publish dialog for this draft."""
        if self.draft is not None:
            self.post_message(self.PublishRequested(self.draft.id))

    def action_publishing_queue(self) -> None:
        """Open the publishing queue and results."""
        self.post_message(self.QueueRequested())

    def action_approve(self) -> None:
        """Approve the draft (refused unless the checklist passes)."""
        if self.draft is not None:
            self.post_message(self.ApproveRequested(self.draft.id))

    def action_send_back(self) -> None:
        """Send the draft back to its author with a note."""
        if self.draft is not None:
            self.post_message(self.SendBackRequested(self.draft.id))

    def action_request_review(self) -> None:
        """Ask the team for the second pair of eyes on this draft."""
        if self.draft is not None:
            self.post_message(self.ReviewRequested(self.draft.id))


def _status_words(status: ItemStatus) -> str:
    return {
        ItemStatus.MISSING: _("not ticked"),
        ItemStatus.STALE: _("stale: tick again"),
        ItemStatus.AUTO_PENDING: _("not checked yet"),
    }.get(status, "")


VERDICT_WORDS = {"ok": N_("ok"), "warn": N_("warn"), "block": N_("block")}
"""The checks' verdicts as the summary line says them (translated where shown)."""
