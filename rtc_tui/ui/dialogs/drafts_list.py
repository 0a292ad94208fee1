"""The list of drafts, most recently changed first: enter opens one.

A team's database holds thousands of drafts, and the list stays open while editors on other
desks work. So it never reads or rebuilds them all: it opens on the latest
:data:`FIRST_ROWS`, reads more as the cursor nears the end of what it holds, and on each change
the store announces it reads only the drafts changed since it last looked
(:meth:`~rtc_tui.desk.drafts.DraftsService.changed_since`), one read at a time (one more
after it when changes come faster), and puts them in their place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from rtc_tui.desk import Desk, DeskError, DraftMark, Subscription
from rtc_tui.desk.views import Draft
from rtc_tui.i18n import _
from rtc_tui.ui.dialogs.choice import NumberScreen
from rtc_tui.ui.store_events import StoreChanged, subscribe_node, told_unreachable
from rtc_tui.ui.worker_errors import report_worker_failure
from rtc_tui.words import DRAFT_STATUSES, DRAFT_WORDS

FIRST_ROWS = 100
"""Drafts the list opens with (the most recently changed): a few screens' worth."""

MORE_ROWS = 5
"""When the cursor nears the end of what was read, this many times more is read."""

NEAR_END = 10
"""How close to the last row read the cursor gets before more is read."""


def draft_label(draft: Draft, editors: Sequence[str] = ()) -> Text:
    """One row: id, status, last change, sensitivity marker, title, origin, who edits it."""
    marker = draft.origin.sensitivity.level.marker if draft.origin else " "
    origin = f"  [{DRAFT_WORDS(draft.origin.kind)}]" if draft.origin else ""
    editing = _("  (being edited by {names})").format(names=", ".join(editors)) if editors else ""
    status = DRAFT_WORDS(draft.status.value)
    width = max(len(DRAFT_WORDS(s)) for s in DRAFT_STATUSES)
    return Text(
        f"#{draft.id:<4} {status:<{width}} {draft.updated_at:%m-%d %H:%M} "
        f"{marker} {draft.title}{origin}{editing}"
    )


def in_list_order(drafts: Iterable[Draft]) -> list[Draft]:
    """Most recently changed first, then by id (the stores' order for equal times)."""
    by_id = sorted(drafts, key=lambda d: d.id)
    return sorted(by_id, key=lambda d: d.updated_at, reverse=True)


class DraftsListScreen(NumberScreen):
    """Every draft, most recently changed first. Answers the chosen id, or ``None``."""

    BINDINGS = [
        Binding("escape,q", "close", _("Close"), id="drafts-list.close"),
    ]

    def __init__(
        self,
        desk: Desk,
        drafts: Sequence[Draft],
        mark: DraftMark,
        *,
        complete: bool,
        current: int | None = None,
        editors: Mapping[int, Sequence[str]] | None = None,
    ) -> None:
        """List ``drafts``, read after ``mark``; ``complete``: they are every draft.

        ``editors`` says who else has each open (presence, a warning).
        """
        super().__init__()
        self.desk = desk
        self.drafts = in_list_order(drafts)
        self.current = current
        self.editors = dict(editors or {})
        self.complete = complete
        """Whether :attr:`drafts` holds every draft (else more are read near the end)."""
        self._mark = mark
        self._changes: Subscription | None = None
        self._reading = False
        self._read_again = False
        self._reading_more = False
        self._options: dict[int, tuple[Draft, Option]] = {}
        """Each shown draft's row, kept while the draft is unchanged (not labelled again)."""

    def compose(self) -> ComposeResult:
        """Title and list."""
        with Vertical(id="drafts-list-box", classes="rtc-dialog"):
            yield Static(
                _("Drafts, last changed first  (enter opens, escape closes)"),
                classes="rtc-dialog-title",
                markup=False,
            )
            yield OptionList(*self._rows(), id="drafts-list", markup=False)

    def on_mount(self) -> None:
        """Focus the list, on the draft being edited if it is there; follow the changes."""
        option_list = self.query_one(OptionList)
        option_list.focus()
        ids = [d.id for d in self.drafts]
        if self.current in ids:
            option_list.highlighted = ids.index(self.current)
        self._changes = subscribe_node(self.desk.changes, self)

    def on_unmount(self) -> None:
        """Stop following the changes."""
        if self._changes is not None:
            self._changes.close()
            self._changes = None

    def _rows(self) -> list[Option]:
        rows = []
        for draft in self.drafts:
            shown = self._options.get(draft.id)
            if shown is None or shown[0] is not draft:
                shown = (
                    draft,
                    Option(draft_label(draft, self.editors.get(draft.id, ())), id=str(draft.id)),
                )
                self._options[draft.id] = shown
            rows.append(shown[1])
        return rows or [Option(_("No drafts yet: n creates one."), disabled=True)]

    def _show(self, drafts: list[Draft]) -> None:
        """Show ``drafts`` (in list order), the cursor staying on its draft."""
        option_list = self.query_one(OptionList)
        index = option_list.highlighted
        kept = self.drafts[index].id if index is not None and index < len(self.drafts) else None
        self.drafts = drafts
        shown = {d.id for d in drafts}
        self._options = {k: v for k, v in self._options.items() if k in shown}
        option_list.set_options(self._rows())
        ids = [d.id for d in drafts]
        if kept in ids:
            option_list.highlighted = ids.index(kept)
        elif ids:
            option_list.highlighted = 0

    # -- changes made anywhere ----------------------------------------------------------

    @on(StoreChanged)
    def _store_changed(self, message: StoreChanged) -> None:
        """Drafts written anywhere: read the ones changed since the last look."""
        message.stop()  # the main screen follows the changes on its own
        if "drafts" in message.change.tables:
            self._read_changes()

    def _read_changes(self) -> None:
        if self._reading:
            self._read_again = True
            return
        self._reading = True
        self._changed_since(self._mark)

    @work(thread=True, group="drafts-list", exit_on_error=False)
    def _changed_since(self, mark: DraftMark) -> None:
        try:
            changes = self.desk.drafts.changed_since(mark)
        except DeskError as exc:
            if not told_unreachable(self, exc):
                self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            self.app.call_from_thread(self._read_done)
            return
        self.app.call_from_thread(self._changed, changes.drafts, changes.mark)

    def _changed(self, drafts: list[Draft], mark: DraftMark) -> None:
        self._mark = mark
        held = {d.id: d for d in self.drafts}
        # A backend may answer more than what changed (a data dir answers every draft).
        changed = [d for d in drafts if held.get(d.id) != d]
        if changed:
            held.update((d.id, d) for d in changed)
            self._show(in_list_order(held.values()))
        self._read_done()

    def _read_done(self) -> None:
        self._reading = False
        if self._read_again:
            self._read_again = False
            self._read_changes()

    # -- more as the cursor goes down ------------------------------------------------------

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, message: OptionList.OptionHighlighted) -> None:
        """Near the end of what was read: read more (older drafts) behind the scenes."""
        if self.complete or self._reading_more:
            return
        if message.option_index >= len(self.drafts) - NEAR_END:
            self._reading_more = True
            self._read_more(max(FIRST_ROWS, len(self.drafts) * MORE_ROWS))

    @work(thread=True, group="drafts-list-more", exit_on_error=False)
    def _read_more(self, rows: int) -> None:
        try:
            drafts = self.desk.drafts.recent(rows)
        except DeskError as exc:
            if not told_unreachable(self, exc):
                self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            self.app.call_from_thread(setattr, self, "_reading_more", False)
            return
        self.app.call_from_thread(self._more, drafts, len(drafts) < rows)

    def _more(self, drafts: list[Draft], complete: bool) -> None:
        """Add the drafts not held yet (a held one may be newer than this read)."""
        self._reading_more = False
        self.complete = complete
        held = {d.id: d for d in self.drafts}
        added = [d for d in drafts if d.id not in held]
        if added:
            self._show(in_list_order([*self.drafts, *added]))

    @on(Worker.StateChanged)
    def _report_worker_failure(self, event: Worker.StateChanged) -> None:
        """A read that broke (a bug, not the store) is told, and the list reads again later."""
        report_worker_failure(self, event)
        if event.state is WorkerState.ERROR:
            if event.worker.group == "drafts-list":
                self._read_done()
            else:
                self._reading_more = False
