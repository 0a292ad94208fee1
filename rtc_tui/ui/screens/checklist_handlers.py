"""The main screen's handlers for the Checklist pane and the export dialog.

A mixin of :class:`~rtc_tui.ui.screens.main.MainScreen` (like the draft handlers): it keeps the
Checklist pane on the draft open in the Draft pane, turns the pane's intents into desk calls,
and runs the export dialog (``e`` in the pane, ``ctrl+e`` anywhere). Disk work runs in thread
workers and network work (link checks, the webhook) in async workers, so the UI never waits.
"""

from __future__ import annotations

from textual import work
from textual.screen import Screen

from rtc_tui.core.models import Draft, content_hash
from rtc_tui.core.safety.checklist import ChecklistState, ItemStatus
from rtc_tui.desk import Desk, DeskError
from rtc_tui.ui.panes.checklist import ChecklistPane
from rtc_tui.ui.panes.draft import DraftPane
from rtc_tui.ui.screens.export import ExportChoice, ExportScreen
from rtc_tui.ui.screens.override import override_screen, send_back_screen

CHECKLIST_POLL_SECONDS = 0.5
"""How often the screen looks whether the Checklist pane's draft (or the store) changed."""


class ChecklistHandlers(Screen[None]):
    """Keeps the Checklist pane current and turns its intents into desk calls."""

    desk: Desk
    _checklist_key: tuple[object, ...] | None = None
    _links_checked: frozenset[tuple[int, str]] = frozenset()
    _checklist_generation: int = 0

    def on_mount(self) -> None:
        """Show the checklist of the open draft, and follow it."""
        self.set_interval(CHECKLIST_POLL_SECONDS, self._checklist_poll)
        self.call_later(self._checklist_poll)

    # -- following the open draft ----------------------------------------------------------

    def _checklist_draft(self) -> Draft | None:
        return self.query_one(DraftPane).draft

    def _checklist_poll(self) -> None:
        draft = self._checklist_draft()
        key: tuple[object, ...] = (
            None if draft is None else (draft.id, content_hash(draft), draft.updated_at),
            self.desk.changes_stamp(),
        )
        if key != self._checklist_key:
            self._checklist_key = key
            self.refresh_checklist()

    def on_checklist_pane_refresh_requested(self) -> None:
        """The user came into the pane: recompute its checklist now."""
        self._checklist_key = None
        self._checklist_poll()

    def refresh_checklist(self) -> None:
        """Recompute the checklist of the open draft (off the UI thread)."""
        draft = self._checklist_draft()
        if draft is None:
            self.query_one(ChecklistPane).show_state(None, None)
            return
        self._checklist_generation += 1
        self._compute_checklist(draft.id, self._checklist_generation)

    # Not exclusive: a cancelled worker would still run its thread to the end; instead each
    # run carries a generation and only the newest one is shown.
    @work(thread=True, group="checklist", exit_on_error=False)
    def _compute_checklist(self, draft_id: int, generation: int) -> None:
        try:
            draft = self.desk.drafts.get(draft_id)
            state = self.desk.checklist.state(draft)
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._show_computed, generation, draft, state)

    def _show_computed(self, generation: int, draft: Draft, state: ChecklistState) -> None:
        if generation == self._checklist_generation:
            self._show_checklist(draft, state)

    def _show_checklist(self, draft: Draft, state: ChecklistState) -> None:
        self.query_one(ChecklistPane).show_state(draft, state)
        links = next((s for s in state.items if s.item.id == "links"), None)
        pending = (draft.id, state.content_hash)
        if (
            links is not None
            and links.status is ItemStatus.AUTO_PENDING
            and pending not in self._links_checked
        ):
            self._links_checked = self._links_checked | {pending}
            self._checklist_links(draft.id)

    @work(group="links", exit_on_error=False)
    async def _checklist_links(self, draft_id: int) -> None:
        try:
            await self.desk.checklist.check_links(draft_id)
        except DeskError as exc:
            self.notify(str(exc), severity="warning")
            return
        self.refresh_checklist()

    def _checklist_flush(self) -> None:
        # Ticks and exports apply to what is saved: keep the user's unsaved typing first.
        flush = getattr(self, "flush_draft", None)
        if callable(flush):
            flush()

    # -- intents from the pane ---------------------------------------------------------------

    def on_checklist_pane_tick_requested(self, message: ChecklistPane.TickRequested) -> None:
        """Tick or untick an item on the draft as it is saved."""
        self._checklist_flush()
        self._checklist_tick(message.draft_id, message.item_id)

    @work(thread=True, group="checklist-write", exit_on_error=False)
    def _checklist_tick(self, draft_id: int, item_id: str) -> None:
        try:
            state = self.desk.checklist.tick(draft_id, item_id)
            draft = self.desk.drafts.get(draft_id)
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="warning")
            return
        self.app.call_from_thread(self._show_checklist, draft, state)

    def on_checklist_pane_override_requested(
        self, message: ChecklistPane.OverrideRequested
    ) -> None:
        """Ask the reason, then record the override."""
        draft_id, key = message.draft_id, message.finding.key

        def answered(reason: str | None) -> None:
            if reason:
                self._checklist_override(draft_id, key, reason)

        self.app.push_screen(override_screen(message.finding), answered)

    @work(thread=True, group="checklist-write", exit_on_error=False)
    def _checklist_override(self, draft_id: int, key: str, reason: str) -> None:
        try:
            state = self.desk.checklist.override(draft_id, key, reason)
            draft = self.desk.drafts.get(draft_id)
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._show_checklist, draft, state)
        self.app.call_from_thread(self.notify, "Override recorded in the audit log", timeout=3)

    def on_checklist_pane_approve_requested(self, message: ChecklistPane.ApproveRequested) -> None:
        """Approve the draft if its checklist passes."""
        self._checklist_flush()
        self._checklist_approve(message.draft_id)

    @work(thread=True, group="checklist-write", exit_on_error=False)
    def _checklist_approve(self, draft_id: int) -> None:
        try:
            draft = self.desk.checklist.approve(draft_id)
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="warning", timeout=8)
            return
        self.app.call_from_thread(
            self._checklist_after_status, draft, f"Draft #{draft.id} approved"
        )

    def on_checklist_pane_send_back_requested(
        self, message: ChecklistPane.SendBackRequested
    ) -> None:
        """Ask the reviewer's note, then send the draft back to drafting."""
        pane = self.query_one(ChecklistPane)
        title = pane.draft.title if pane.draft is not None else ""
        draft_id = message.draft_id

        def answered(note: str | None) -> None:
            if note:
                self._checklist_send_back(draft_id, note)

        self.app.push_screen(send_back_screen(draft_id, title), answered)

    @work(thread=True, group="checklist-write", exit_on_error=False)
    def _checklist_send_back(self, draft_id: int, note: str) -> None:
        try:
            draft = self.desk.checklist.send_back(draft_id, note)
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="warning")
            return
        self.app.call_from_thread(
            self._checklist_after_status, draft, f"Draft #{draft.id} sent back"
        )

    def _checklist_after_status(self, draft: Draft, note: str) -> None:
        self.query_one(DraftPane).show_draft(draft)
        self.refresh_checklist()
        self.notify(note, timeout=3)

    # -- export ----------------------------------------------------------------------------

    def on_checklist_pane_export_requested(self, message: ChecklistPane.ExportRequested) -> None:
        """Open the export dialog for the pane's draft."""
        self._checklist_flush()
        self._export_open(message.draft_id)

    def action_export(self) -> None:
        """Open the export dialog for the draft open in the Draft pane (``ctrl+e``)."""
        draft = self._checklist_draft()
        if draft is None:
            self.notify("No draft to export: open one in the Draft pane (3).", timeout=3)
            return
        self._checklist_flush()
        self._export_open(draft.id)

    @work(thread=True, group="export", exit_on_error=False)
    def _export_open(self, draft_id: int) -> None:
        try:
            draft = self.desk.drafts.get(draft_id)
            state = self.desk.checklist.state(draft)
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._export_push, draft, state)

    def _export_push(self, draft: Draft, state: ChecklistState) -> None:
        self.query_one(ChecklistPane).show_state(draft, state)

        def chosen(choice: ExportChoice | None) -> None:
            if choice is None:
                return
            if choice.format == "webhook":
                self._export_webhook_run(draft.id, choice.platform)
            else:
                self._export_run(draft.id, choice)

        self.app.push_screen(ExportScreen(draft, state), chosen)

    @work(thread=True, group="export", exit_on_error=False)
    def _export_run(self, draft_id: int, choice: ExportChoice) -> None:
        try:
            result = self.desk.exports.export(draft_id, choice.format, platform=choice.platform)
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=8)
            return
        if choice.format == "clipboard":
            self.app.call_from_thread(self.app.copy_to_clipboard, result.rendered.content)
            note = "Copied to the clipboard"
        else:
            note = f"Exported {choice.format}: {result.target}"
        self.app.call_from_thread(self._checklist_after_status, result.draft, note)

    @work(group="export", exit_on_error=False)
    async def _export_webhook_run(self, draft_id: int, platform: str) -> None:
        try:
            result = await self.desk.exports.webhook(draft_id, platform=platform)
        except DeskError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        self._checklist_after_status(result.draft, "Sent to the webhook")
