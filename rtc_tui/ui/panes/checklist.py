"""The Checklist pane: the view (:mod:`.checklist_view`) plus the checks, ticks and exports.

The pane follows the draft open in the Draft pane: the screen hands it over with
:meth:`ChecklistPane.follow` each time the Draft pane reports a draft shown or changed, and the
checklist is recomputed then (never by polling). Ticks, approvals and exports apply to what is
saved, so the pane first asks the editor to save unsaved typing through the ``save_pending``
callable the screen gives it, and its worker waits for that save before it writes. Disk work
runs in thread workers and network work (link checks, the webhook) in async workers, so the UI
never waits.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on, work

from rtc_tui.desk import Desk, DeskError
from rtc_tui.desk.views import ChecklistState, Draft, ItemStatus
from rtc_tui.i18n import _
from rtc_tui.ui.clipboard import clipboard_route
from rtc_tui.ui.dialogs.export import ExportChoice, ExportScreen
from rtc_tui.ui.dialogs.override import override_screen, send_back_screen
from rtc_tui.ui.panes.checklist_view import ChecklistPaneView
from rtc_tui.ui.panes.save_ticket import SaveTicket
from rtc_tui.ui.store_events import told_unreachable

LAST_EXPORT_PREFERENCE = "export.last"
"""Preference: the user's last export (``{"format", "platform"}``), offered first next time."""


def _draft_key(draft: Draft | None) -> tuple[object, ...] | None:
    """What identifies a draft's content: a change means the checklist must be recomputed."""
    if draft is None:
        return None
    return (draft.id, draft.updated_at, draft.text, tuple(sorted(draft.variants.items())))


class ChecklistPane(ChecklistPaneView):
    """The checklist of the open draft; ticks, overrides, review and export through the desk."""

    def __init__(
        self,
        desk: Desk,
        *,
        save_pending: Callable[[], SaveTicket],
        id: str | None = None,
    ) -> None:
        """Give the pane the desk, and the Draft pane's way to save unsaved typing.

        Args:
            desk: The desk every action goes through.
            save_pending: Starts saving the editor's unsaved typing; the ticket it returns
                lets a worker wait for that save to end.
            id: The widget id.
        """
        super().__init__(id=id)
        self.desk = desk
        self._save_pending = save_pending
        self.followed: Draft | None = None
        """The draft open in the Draft pane (the one whose checklist is shown)."""
        self._followed_key: tuple[object, ...] | None = None
        self._links_checked: frozenset[tuple[int, str]] = frozenset()
        self._generation = 0
        self._recompute_when_shown = False
        """A recompute was asked for while the pane was hidden (see :meth:`recompute`)."""

    def on_mount(self) -> None:
        """Show the checklist of the followed draft (or that there is none yet)."""
        self.call_later(self.recompute)

    def catch_up(self) -> None:
        """Recompute what was left while the pane was hidden."""
        if self._recompute_when_shown:
            self.recompute()

    # -- following the open draft ----------------------------------------------------------

    def follow(self, draft: Draft | None) -> None:
        """The Draft pane shows ``draft``: recompute its checklist if it is new or changed."""
        self.followed = draft
        key = _draft_key(draft)
        if key != self._followed_key:
            self._followed_key = key
            self.recompute()

    @on(ChecklistPaneView.RefreshRequested)
    def recompute(self) -> None:
        """Recompute the checklist of the followed draft (off the UI thread).

        Hidden, it is recomputed when the pane comes on screen: the checks (the safety
        lexicon and all) would run for nobody, against the pane the editor is using.
        Ticks, approvals and exports read the stored checklist themselves.
        """
        if not self.shown:
            self._recompute_when_shown = True
            return
        self._recompute_when_shown = False
        draft = self.followed
        if draft is None:
            self.show_state(None, None)
            return
        self._generation += 1
        self._compute(draft.id, self._generation)

    # Not exclusive: a cancelled worker would still run its thread to the end; instead each
    # run carries a generation and only the newest one is shown.
    @work(thread=True, group="checklist", exit_on_error=False)
    def _compute(self, draft_id: int, generation: int) -> None:
        read = self._read_state(draft_id)
        if read is not None:
            self.app.call_from_thread(self._show_computed, generation, *read)

    def _read_state(self, draft_id: int) -> tuple[Draft, ChecklistState] | None:
        """The stored draft and its checklist (in a thread worker); an error is shown."""
        try:
            draft = self.desk.drafts.get(draft_id)
            return draft, self.desk.checklist.state(draft)
        except DeskError as exc:
            if not told_unreachable(self, exc):  # the status bar says that one
                self.app.call_from_thread(self.notify, str(exc), severity="error")
            return None

    def _show_computed(self, generation: int, draft: Draft, state: ChecklistState) -> None:
        if generation == self._generation:
            self._show(draft, state)

    def _show(self, draft: Draft, state: ChecklistState) -> None:
        self.show_state(draft, state)
        links = next((s for s in state.items if s.item.id == "links"), None)
        pending = (draft.id, state.content_hash)
        if (
            links is not None
            and links.status is ItemStatus.AUTO_PENDING
            and pending not in self._links_checked
        ):
            self._links_checked = self._links_checked | {pending}
            self._check_links(draft.id)

    @work(group="links", exit_on_error=False)
    async def _check_links(self, draft_id: int) -> None:
        try:
            await self.desk.checklist.check_links(draft_id)
        except DeskError as exc:
            if not told_unreachable(self, exc):
                self.notify(str(exc), severity="warning")
            return
        self.recompute()

    # -- ticks, overrides, review -------------------------------------------------------------

    @on(ChecklistPaneView.TickRequested)
    def _tick_requested(self, message: ChecklistPaneView.TickRequested) -> None:
        self._tick(message.draft_id, message.item_id, self._save_pending())

    @work(thread=True, group="checklist-write", exit_on_error=False)
    def _tick(self, draft_id: int, item_id: str, saved: SaveTicket) -> None:
        saved.wait()
        try:
            state = self.desk.checklist.tick(draft_id, item_id)
            draft = self.desk.drafts.get(draft_id)
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="warning")
            return
        self.app.call_from_thread(self._show, draft, state)

    @on(ChecklistPaneView.OverrideRequested)
    def _override_requested(self, message: ChecklistPaneView.OverrideRequested) -> None:
        draft_id, key = message.draft_id, message.finding.key

        def answered(reason: str | None) -> None:
            if reason:
                self._override(draft_id, key, reason)

        self.app.push_screen(override_screen(message.finding), answered)

    @work(thread=True, group="checklist-write", exit_on_error=False)
    def _override(self, draft_id: int, key: str, reason: str) -> None:
        try:
            state = self.desk.checklist.override(draft_id, key, reason)
            draft = self.desk.drafts.get(draft_id)
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._show, draft, state)
        self.app.call_from_thread(self.notify, _("Override recorded in the audit log"), timeout=3)

    @on(ChecklistPaneView.ApproveRequested)
    def _approve_requested(self, message: ChecklistPaneView.ApproveRequested) -> None:
        self._approve(message.draft_id, self._save_pending())

    @work(thread=True, group="checklist-write", exit_on_error=False)
    def _approve(self, draft_id: int, saved: SaveTicket) -> None:
        saved.wait()
        try:
            draft = self.desk.checklist.approve(draft_id)
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="warning", timeout=8)
            return
        self.app.call_from_thread(
            self._after_status, draft, _("Draft #{id} approved").format(id=draft.id)
        )

    @on(ChecklistPaneView.SendBackRequested)
    def _send_back_requested(self, message: ChecklistPaneView.SendBackRequested) -> None:
        title = self.draft.title if self.draft is not None else ""
        draft_id = message.draft_id

        def answered(note: str | None) -> None:
            if note:
                self._send_back(draft_id, note)

        self.app.push_screen(send_back_screen(draft_id, title), answered)

    @work(thread=True, group="checklist-write", exit_on_error=False)
    def _send_back(self, draft_id: int, note: str) -> None:
        try:
            draft = self.desk.checklist.send_back(draft_id, note)
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="warning")
            return
        self.app.call_from_thread(
            self._after_status, draft, _("Draft #{id} sent back").format(id=draft.id)
        )

    @on(ChecklistPaneView.ReviewRequested)
    def _review_requested(self, message: ChecklistPaneView.ReviewRequested) -> None:
        self._request_review(message.draft_id, self._save_pending())

    @work(thread=True, group="checklist-write", exit_on_error=False)
    def _request_review(self, draft_id: int, saved: SaveTicket) -> None:
        saved.wait()
        try:
            request = self.desk.reviews.request(draft_id)
            draft = self.desk.drafts.get(draft_id)
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="warning")
            return
        whom = request.to or _("the team")
        note = _("Review of #{id} asked of {whom}").format(id=draft_id, whom=whom)
        self.app.call_from_thread(self._after_status, draft, note)

    def _after_status(self, draft: Draft, note: str) -> None:
        self.post_message(self.DraftUpdated(draft))
        self.recompute()
        # A path or a tmux hint takes longer to read than "approved".
        self.notify(note, timeout=8 if len(note) > 40 else 3, markup=False)

    # -- export ----------------------------------------------------------------------------

    @on(ChecklistPaneView.ExportRequested)
    def _export_requested(self, message: ChecklistPaneView.ExportRequested) -> None:
        self.open_export(message.draft_id)

    def open_export(self, draft_id: int) -> None:
        """Save unsaved typing, then open the export dialog for ``draft_id``."""
        self._export_open(draft_id, self._save_pending())

    @work(thread=True, group="export", exit_on_error=False)
    def _export_open(self, draft_id: int, saved: SaveTicket) -> None:
        saved.wait()
        read = self._read_state(draft_id)
        if read is not None:
            self.app.call_from_thread(self._export_push, *read, self._last_export())

    def _last_export(self) -> ExportChoice | None:
        """The export this user made last (in a thread worker: it reads the store)."""
        stored = self.desk.prefs.get(LAST_EXPORT_PREFERENCE)
        if not isinstance(stored, dict) or not isinstance(stored.get("format"), str):
            return None
        return ExportChoice(stored["format"], str(stored.get("platform") or ""))

    def _remember_export(self, choice: ExportChoice) -> None:
        self.desk.prefs.set(
            LAST_EXPORT_PREFERENCE, {"format": choice.format, "platform": choice.platform}
        )

    def _export_push(
        self, draft: Draft, state: ChecklistState, last: ExportChoice | None = None
    ) -> None:
        self.show_state(draft, state)

        def chosen(choice: ExportChoice | None) -> None:
            if choice is None:
                return
            if choice.format == "webhook":
                self._export_webhook(draft.id, choice.platform)
            else:
                self._export(draft.id, choice)

        self.app.push_screen(ExportScreen(draft, state, last), chosen)

    @work(thread=True, group="export", exit_on_error=False)
    def _export(self, draft_id: int, choice: ExportChoice) -> None:
        try:
            result = self.desk.exports.export(draft_id, choice.format, platform=choice.platform)
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=8)
            return
        self._remember_export(choice)
        draft = result.draft
        if choice.format == "clipboard":
            self.app.call_from_thread(self.app.copy_to_clipboard, result.rendered.content)
            route = clipboard_route()
            note = route.note[:1].upper() + route.note[1:]
            if route.dropped:
                # The copy cannot arrive: the text goes to a file as well, and the notice
                # says where.
                try:
                    saved = self.desk.exports.export(draft_id, "txt", platform=choice.platform)
                except DeskError as exc:
                    note += f"; saving it to a file failed: {exc}"
                else:
                    draft = saved.draft
                    note += f". The text is also in {saved.target}{self._kept_note()}"
        else:
            written = ", ".join(result.targets or (result.target,))
            note = f"Exported {choice.format}: {written}{self._kept_note()}"
        self.app.call_from_thread(self._after_status, draft, note)

    def _kept_note(self) -> str:
        """In the demo, say that exported files outlive it (the demo's data dir does not)."""
        return " (kept after the demo)" if self.desk.demo else ""

    @work(group="export", exit_on_error=False)
    async def _export_webhook(self, draft_id: int, platform: str) -> None:
        try:
            result = await self.desk.exports.webhook(draft_id, platform=platform)
        except DeskError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        self._remember_webhook(platform)
        self._after_status(result.draft, _("Sent to the webhook"))

    @work(thread=True, group="export-pref", exit_on_error=False)
    def _remember_webhook(self, platform: str) -> None:
        self._remember_export(ExportChoice("webhook", platform))
