"""The Draft pane's status line: workflow state, author, revision, saved or not, what is edited."""

from __future__ import annotations

from rich.text import Text

from rtc_tui.desk.views import PLATFORM_LABELS, Draft
from rtc_tui.i18n import _
from rtc_tui.ui.widgets.quiet_line import QuietLine
from rtc_tui.words import DRAFT_WORDS


class DraftStatusLine(QuietLine):
    """``drafting · by ana · r3 · unsaved · X variant · i/enter: edit``."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)

    def show_status(
        self,
        draft: Draft | None,
        *,
        dirty: bool,
        variant: str,
        editing: bool,
        conflict: bool = False,
        waiting: bool = False,
    ) -> None:
        """Show the line for ``draft`` (``None``: an empty line).

        Args:
            draft: The draft being edited.
            dirty: Whether the pane holds unsaved text.
            variant: The platform whose variant is edited (``""`` for the base text).
            editing: Whether the cursor is in the text (else the line offers the edit key).
            conflict: Whether a conflict waits to be resolved (``ctrl+s`` shows it again).
            waiting: Whether a save waits for the store's server to be reachable again.
        """
        if draft is None:
            self.show("")
            return
        state = _("unsaved") if dirty else _("saved")
        if dirty and waiting:
            state = _("waits for the database")
        if conflict:
            state = _("conflict: ctrl+s to resolve")
        revisions = draft.revisions[-1].number if draft.revisions else 0
        if variant:
            edited = _("{platform} variant").format(platform=PLATFORM_LABELS[variant])
        else:
            edited = _("base text")
        # A hint in both states, so a script (or a person) sees the cursor is in the text.
        hint = _("esc: leave text") if editing else _("i/enter: edit")
        line = _("{status} · by {author} · r{revision} · {state} · {edited} · {hint}").format(
            status=DRAFT_WORDS(draft.status.value),
            author=draft.author,
            revision=revisions,
            state=state,
            edited=edited,
            hint=hint,
        )
        self.show(Text(line))
