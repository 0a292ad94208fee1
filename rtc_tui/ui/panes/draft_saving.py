"""Saving the Draft pane's text: one save at a time, in a worker, and nothing ever lost.

Each save states the revision its text is based on. What can happen to it:

- it is stored: the pane bases its next save on the new revision (text typed meanwhile stays);
- someone saved in between (:class:`~rtc_tui.desk.DraftConflictError`): the conflict screen
  shows both texts, and whatever the editor chooses, both end up in the history;
- it fails (a full disk, a corrupt file, a lock held too long, a bug): the text stays in the
  editor, the reason is shown, and a dialog offers to write the text to a file;
- the store's server is out of reach: no failure either, the save waits (the status bar says
  the database is unreachable) and goes again, once, when the server is back
  (:mod:`.draft_waiting`).

Saves asked for while one runs wait in a queue (the latest text of a draft wins), so two saves
of this pane never race each other into a conflict with itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from rtc_tui.desk import Desk, DeskError, DraftConflictError, UnreachableError
from rtc_tui.desk.views import Draft
from rtc_tui.i18n import _
from rtc_tui.ui.dialogs.conflict import Choice, ConflictScreen, ConflictTexts, merge_text
from rtc_tui.ui.dialogs.save_failed import SaveFailedScreen
from rtc_tui.ui.panes.draft_view import DraftPaneView
from rtc_tui.ui.panes.draft_waiting import SaveQueue, WaitingSaves
from rtc_tui.ui.panes.save_ticket import SaveTicket
from rtc_tui.ui.store_events import StoreUnreachable

SaveRequested = DraftPaneView.SaveRequested


def describe(exc: BaseException) -> str:
    """One line for the user: a desk error's own words, else the error's type and message."""
    if isinstance(exc, DeskError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


class DraftSaver:
    """Runs the pane's saves and what follows them (see the module's docstring).

    Args:
        pane: The Draft pane (its working copy, its workers, its dialogs).
        desk: The desk the saves go through.
        announce: Tells the screen which draft the pane shows, after a save changed it.
    """

    def __init__(self, pane: DraftPaneView, desk: Desk, announce: Callable[[], None]) -> None:
        self.pane = pane
        self.desk = desk
        self.announce = announce
        self.busy = False
        """A save (or a conflict waiting for the user) is under way."""
        self._queue = SaveQueue()
        self._tickets: list[SaveTicket] = []
        self._after: list[Callable[[], None]] = []
        self._rebased: dict[tuple[int, int], int] = {}
        self._offering = False
        self._offered_for_autosave = False
        self.waiting = WaitingSaves(pane)
        """Saves kept while the store's server is out of reach."""

    # -- asking -------------------------------------------------------------------------------

    def request(self, message: SaveRequested) -> SaveTicket:
        """Save ``message``'s texts now, or after the running save; wait on the ticket.

        A message about the draft shown may have waited in the pane's queue while the pane
        moved on to another base (a conflict resolved meanwhile): then what starts is the
        working copy as it is now, on the revision it is now based on (see :meth:`_next`),
        never the stale text and base the message carried.
        """
        ticket = SaveTicket()
        self._tickets.append(ticket)
        if self.busy:
            self._queue.put(message)
        elif self._stale(message):
            self._queue.put(message)
            self._next()
        else:
            self._start(message)
        return ticket

    def _stale(self, message: SaveRequested) -> bool:
        """Whether ``message`` is about the draft shown but based on a revision it left."""
        shown = self.pane.draft
        if shown is None or shown.id != message.draft_id:
            return False
        return self._base(message) != self.pane.base_revision

    def after_success(self, then: Callable[[], None]) -> None:
        """Run ``then`` once every save asked for has been stored (dropped if one is not)."""
        self._after.append(then)

    def save_now_or_never(self) -> None:
        """Save unsaved work synchronously (the pane is going away); never raises.

        A conflict keeps both texts (yours on top); a failure writes the text to a file in the
        home folder, the last place left to keep it.
        """
        pending = self.pane.pending_save(reason="quit")
        # Saves still waiting for the server (drafts left meanwhile), then the one shown.
        shown = self.pane.draft.id if self.pane.draft is not None else None
        left = [m for m in self.waiting.take() if m.draft_id != shown]
        for message in [*left, *([pending] if pending is not None else [])]:
            self._keep_somewhere(message)

    def _keep_somewhere(self, pending: SaveRequested) -> None:
        # With the server out of reach, no waiting for it now: straight to a file.
        if not self.waiting.offline:
            try:
                try:
                    self._store(pending)
                except DraftConflictError as exc:
                    self._store(pending, base=exc.current.revision)
                return
            except Exception:  # the app is ending: keep the text, whatever failed
                pass
        path = Path.home() / f"rtc-draft-{pending.draft_id}-unsaved.txt"
        try:
            self.desk.drafts.write_copy(path, pending.text, pending.variants)
        except DeskError:
            return

    # -- running ------------------------------------------------------------------------------

    def _start(self, message: SaveRequested) -> None:
        if self.waiting.offline:
            self._wait(message)
            return
        self.busy = True
        self.pane.run_worker(
            partial(self._run, message),
            thread=True,
            group="draft-save",
            exit_on_error=False,
        )

    def _store(self, message: SaveRequested, *, base: int | None = None) -> Draft:
        return self.desk.drafts.save(
            message.draft_id,
            text=message.text,
            variants=message.variants,
            expect_revision=self._base(message) if base is None else base,
        )

    def _base(self, message: SaveRequested) -> int:
        """The message's base, moved on past the saves this pane made from it."""
        base = message.base_revision
        while (message.draft_id, base) in self._rebased:
            base = self._rebased[(message.draft_id, base)]
        return base

    def _run(self, message: SaveRequested) -> None:
        """In a thread worker: store the texts; report back on the UI thread."""
        call = self.pane.app.call_from_thread

        def waiting(note: str) -> None:
            call(self.pane.notify, note, title=_("Saving…"), timeout=4, markup=False)

        try:
            with self.desk.drafts.lock_waits(waiting):
                draft = self._store(message)
        except DraftConflictError as exc:
            call(self._conflicted, message, exc.current)
        except UnreachableError as exc:
            call(self._unreachable, message, str(exc))
        except Exception as exc:  # any failure keeps the text and says why
            call(self._failed, message, describe(exc))
        else:
            call(self._stored, message, draft)

    def _stored(self, message: SaveRequested, draft: Draft) -> None:
        base = self._base(message)
        if draft.revision != base:
            self._rebased[(draft.id, base)] = draft.revision
        self._offered_for_autosave = False
        self.pane.saved(draft)
        self.announce()
        # No toast for a save: the status line says "rN · saved", and a toast at 80 columns
        # would cover that very line.
        self._next()

    def _next(self) -> None:
        """Start the next queued save, or, with none left, tell whoever waits."""
        while (message := self._queue.pop()) is not None:
            shown = self.pane.draft
            if shown is not None and shown.id == message.draft_id:
                # The working copy is the freshest text of the draft shown.
                fresh = self.pane.pending_save(message.reason)
                if fresh is None and message.reason == "save":
                    fresh = self.pane.save_request("save")
                if fresh is None:
                    continue
                message = fresh
            self._start(message)
            return
        self.busy = False
        tickets, self._tickets = self._tickets, []
        for ticket in tickets:
            ticket.finish()
        after, self._after = self._after, []
        for then in after:
            then()

    def _stop(self) -> None:
        """A save did not go through: waiting workers go on, a quit waiting for it does not."""
        self._after.clear()
        self._next()

    # -- the server out of reach ------------------------------------------------------------

    def went_offline(self) -> None:
        """The store's server is out of reach: saves asked for from now on wait."""
        self.waiting.offline = True

    def back_online(self) -> None:
        """The server is back: each waiting save goes once (see :class:`WaitingSaves`)."""
        self.waiting.send_again(self.request)

    def _unreachable(self, message: SaveRequested, reason: str) -> None:
        """A save met the server out of reach: tell the screen, keep the save waiting."""
        self.waiting.offline = True
        self.pane.post_message(StoreUnreachable(reason))
        self._wait(message)

    def _wait(self, message: SaveRequested) -> None:
        self.waiting.keep(message)
        if self._after:
            # A quit waits for no server: once the text is in a file the quit goes on; escape
            # stays in the app, where the save waits. (A ``quit`` reason alone is no quit:
            # a flush before a tick or an export asks the same way.)
            quit_after, self._after = self._after, []
            if not self._offering:
                reason = _("The database cannot be reached: write a copy to quit now")
                self._offer_copy(
                    message.draft_id, reason, message.text, message.variants, then=quit_after
                )
        self._next()

    # -- failures -----------------------------------------------------------------------------

    def _failed(self, message: SaveRequested, reason: str) -> None:
        pane = self.pane
        shown = pane.draft is not None and pane.draft.id == message.draft_id
        pane.notify(
            _("Draft #{id} not saved: {reason}").format(id=message.draft_id, reason=reason),
            severity="error",
            timeout=10,
            markup=False,
        )
        pane.refresh_status()
        # One dialog at a time. It comes back on an explicit ctrl+s (the user asked to save),
        # for a draft left for another one (its text lives only in ``message``), and once
        # for autosave: autosaves failing every second must not pile dialogs up.
        offer = message.reason == "save" or not shown or not self._offered_for_autosave
        if offer and not self._offering:
            self._offered_for_autosave = self._offered_for_autosave or shown
            self._offer_copy(message.draft_id, reason, message.text, message.variants)
        self._stop()

    def _offer_copy(
        self,
        draft_id: int,
        reason: str,
        text: str,
        variants: dict[str, str],
        *,
        then: Sequence[Callable[[], None]] = (),
    ) -> None:
        """Offer to write the text to a file; ``then`` runs once the copy is written."""
        stamp = self.desk.now().strftime("%Y%m%d-%H%M%S")
        suggested = str(Path.home() / f"rtc-draft-{draft_id}-{stamp}.txt")

        self._offering = True

        def chosen(path: str | None) -> None:
            self._offering = False
            self.pane.focus_editor()
            if path:
                self.pane.run_worker(
                    partial(self._write_copy, Path(path).expanduser(), text, variants, then),
                    thread=True,
                    group="draft-copy",
                    exit_on_error=False,
                )

        self.pane.app.push_screen(SaveFailedScreen(draft_id, reason, suggested), chosen)

    def _write_copy(
        self,
        path: Path,
        text: str,
        variants: dict[str, str],
        then: Sequence[Callable[[], None]] = (),
    ) -> None:
        call = self.pane.app.call_from_thread
        try:
            self.desk.drafts.write_copy(path, text, variants)
        except DeskError as exc:
            note = _("No copy written: {reason}").format(reason=exc)
            call(self.pane.notify, note, severity="error", markup=False)
            return
        call(
            self.pane.notify, _("Copy written to {path}").format(path=path), timeout=6, markup=False
        )
        for after in then:
            call(after)

    # -- conflicts ----------------------------------------------------------------------------

    def _conflicted(self, message: SaveRequested, current: Draft) -> None:
        pane = self.pane
        shown = pane.draft is not None and pane.draft.id == message.draft_id
        text, variants = (pane.text, pane.variants) if shown else (message.text, message.variants)
        last = current.revisions[-1] if current.revisions else None
        texts = ConflictTexts(
            draft_id=current.id,
            title=current.title,
            mine=text,
            mine_based_on=self._base(message),
            mine_by=self.desk.user,
            theirs=current.text,
            theirs_revision=current.revision,
            theirs_by=last.author if last else current.author,
            theirs_at=last.at if last else current.updated_at,
        )

        def chosen(choice: Choice | None) -> None:
            pane.focus_editor()
            if choice is None:
                if pane.draft is not None and pane.draft.id == current.id:
                    pane.autosave_paused = True
                    pane.refresh_status()
                self._stop()
                return
            pane.run_worker(
                partial(self._resolve, texts, variants, current, choice),
                thread=True,
                group="draft-save",
                exit_on_error=False,
            )

        pane.app.push_screen(ConflictScreen(texts), chosen)

    def _resolve(
        self, texts: ConflictTexts, variants: dict[str, str], theirs: Draft, choice: Choice
    ) -> None:
        """In a thread worker: yours on top of theirs, then theirs again if so chosen."""
        call = self.pane.app.call_from_thread
        message = SaveRequested(
            theirs.id, texts.mine, variants, base_revision=theirs.revision, reason="conflict"
        )
        try:
            mine = self._store(message, base=theirs.revision)
            result = mine
            if choice == "theirs" and mine.revision != theirs.revision:
                result = self.desk.drafts.restore_revision(
                    theirs.id, theirs.revision, expect_revision=mine.revision
                )
        except DraftConflictError as exc:
            call(self._conflicted, message, exc.current)
            return
        except Exception as exc:  # any failure keeps the text and says why
            call(self._failed, message, describe(exc))
            return
        call(self._resolved, texts, choice, mine, result)

    def _resolved(self, texts: ConflictTexts, choice: Choice, mine: Draft, result: Draft) -> None:
        pane = self.pane
        shown = pane.draft is not None and pane.draft.id == result.id
        theirs = _("r{revision} by {who}").format(
            revision=texts.theirs_revision, who=texts.theirs_by
        )
        if choice == "theirs":
            note = _("Took {theirs} (as r{taken}); yours is r{mine}").format(
                theirs=theirs, taken=result.revision, mine=mine.revision
            )
            if shown:
                pane.show_draft(result, force=True)
        else:
            note = _("Yours is r{mine}, on top of {theirs}").format(
                mine=mine.revision, theirs=theirs
            )
            if shown:
                pane.saved(mine)
                if choice in ("merge", "editor"):
                    pane.load_working_text(merge_text(texts))
                    note = _("Merge, then save: {theirs} and yours (r{mine}) are kept").format(
                        theirs=theirs, mine=mine.revision
                    )
        self.announce()
        pane.notify(note, timeout=6, markup=False)
        if shown and choice == "editor":
            pane.action_external_editor()
        self._next()
