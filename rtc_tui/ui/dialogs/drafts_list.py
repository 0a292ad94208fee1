"""The list of drafts, most recently changed first: enter opens one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from rtc_tui.desk.views import Draft
from rtc_tui.i18n import _
from rtc_tui.ui.dialogs.choice import NumberScreen
from rtc_tui.words import DRAFT_STATUSES, DRAFT_WORDS


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


class DraftsListScreen(NumberScreen):
    """Every draft, most recently changed first. Answers the chosen id, or ``None``."""

    BINDINGS = [
        Binding("escape,q", "close", _("Close"), id="drafts-list.close"),
    ]

    def __init__(
        self,
        drafts: Sequence[Draft],
        current: int | None = None,
        editors: Mapping[int, Sequence[str]] | None = None,
    ) -> None:
        """List ``drafts``; ``editors`` says who else has each open (presence, a warning)."""
        super().__init__()
        self.drafts = sorted(drafts, key=lambda d: d.updated_at, reverse=True)
        self.current = current
        self.editors = dict(editors or {})

    def compose(self) -> ComposeResult:
        """Title and list."""
        with Vertical(id="drafts-list-box", classes="rtc-dialog"):
            yield Static(
                _("Drafts, last changed first  (enter opens, escape closes)"),
                classes="rtc-dialog-title",
                markup=False,
            )
            yield OptionList(*self._options(), id="drafts-list", markup=False)

    def _options(self) -> list[Option]:
        options = [
            Option(draft_label(d, self.editors.get(d.id, ())), id=str(d.id)) for d in self.drafts
        ]
        return options or [Option(_("No drafts yet: n creates one."), disabled=True)]

    def show_drafts(self, drafts: Sequence[Draft]) -> None:
        """Show ``drafts`` instead (a draft made or changed elsewhere), keeping the cursor's.

        The list stays open while editors on other desks work: what they make shows in it as
        soon as the store says so.
        """
        option_list = self.query_one(OptionList)
        index = option_list.highlighted
        kept = self.drafts[index].id if index is not None and index < len(self.drafts) else None
        self.drafts = sorted(drafts, key=lambda d: d.updated_at, reverse=True)
        option_list.clear_options()
        option_list.add_options(self._options())
        ids = [d.id for d in self.drafts]
        if kept in ids:
            option_list.highlighted = ids.index(kept)
        elif ids:
            option_list.highlighted = 0

    def on_mount(self) -> None:
        """Focus the list, on the draft being edited if it is there."""
        option_list = self.query_one(OptionList)
        option_list.focus()
        ids = [d.id for d in self.drafts]
        if self.current in ids:
            option_list.highlighted = ids.index(self.current)
