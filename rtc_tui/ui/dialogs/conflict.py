"""The conflict screen: someone saved the draft while you were editing it; you choose.

Both texts side by side, each with who and when: yours (based on an older revision, not saved)
and theirs (the revision stored now). Whatever is chosen, both texts end up in the history:
the Draft pane first saves yours on top of theirs, then

- ``mine``: yours stays the current text;
- ``theirs``: theirs is restored on top (yours stays in the history);
- ``merge`` / ``editor``: the editor (or ``$EDITOR``) gets both, marked like a merge conflict,
  to be merged by hand and saved.

Escape decides later: nothing is written, your text stays in the editor, and the next save
brings this screen back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from rtc_tui.i18n import _

Choice = Literal["mine", "theirs", "merge", "editor"]
"""What the editor chose: keep mine on top, take theirs, merge in the editor or in $EDITOR."""


@dataclass(frozen=True)
class ConflictTexts:
    """The two sides of a conflict, as the screen shows them.

    Attributes:
        draft_id: The draft.
        title: Its title.
        mine: The editor's base text (not saved).
        mine_based_on: The revision the editor's text was based on.
        mine_by: The editor's user.
        theirs: The stored text.
        theirs_revision: The stored revision's number.
        theirs_by: Who saved it.
        theirs_at: When (UTC).
    """

    draft_id: int
    title: str
    mine: str
    mine_based_on: int
    mine_by: str
    theirs: str
    theirs_revision: int
    theirs_by: str
    theirs_at: datetime


def merge_text(texts: ConflictTexts) -> str:
    """Both texts in one, marked the way ``git`` marks a conflict, for a merge by hand."""
    theirs = _("r{revision} by {who}").format(revision=texts.theirs_revision, who=texts.theirs_by)
    mine = _("yours ({who})").format(who=texts.mine_by)
    return f"<<<<<<< {theirs}\n{texts.theirs}\n=======\n{texts.mine}\n>>>>>>> {mine}\n"


def _side(name: str, head: str, text: str) -> ComposeResult:
    """One side: who and when, then the text (literally, scrollable)."""
    with Vertical(classes="conflict-side"):
        yield Static(Text(head), id=f"conflict-{name}-head", classes="conflict-head")
        with VerticalScroll(classes="conflict-text"):
            yield Static(Text(text or _("(empty)")), id=f"conflict-{name}")


class ConflictScreen(ModalScreen[Choice | None]):
    """Yours and theirs side by side; one key chooses, escape decides later."""

    BINDINGS = [
        Binding("m", "choose('mine')", _("Keep mine on top"), id="conflict.mine"),
        Binding("t", "choose('theirs')", _("Take theirs"), id="conflict.theirs"),
        Binding("e", "choose('merge')", _("Merge here"), id="conflict.merge"),
        Binding("o", "choose('editor')", _("Merge in $EDITOR"), id="conflict.editor"),
        Binding("escape", "later", _("Decide later"), id="conflict.later"),
    ]

    def __init__(self, texts: ConflictTexts) -> None:
        super().__init__()
        self.texts = texts
        """What the screen shows."""

    def compose(self) -> ComposeResult:
        """Title, the two texts side by side, the choices."""
        t = self.texts
        with Vertical(id="conflict-box", classes="rtc-dialog"):
            yield Static(
                Text(
                    _("#{id} {title} changed while you were editing it").format(
                        id=t.draft_id, title=t.title
                    )
                ),
                classes="rtc-dialog-title",
            )
            with Horizontal(id="conflict-sides"):
                mine_head = _("Yours ({who}), based on r{revision}, not saved").format(
                    who=t.mine_by, revision=t.mine_based_on
                )
                yield from _side("mine", mine_head, t.mine)
                theirs_head = _("r{revision} by {who}, {time} UTC").format(
                    revision=t.theirs_revision, who=t.theirs_by, time=f"{t.theirs_at:%H:%M:%S}"
                )
                yield from _side("theirs", theirs_head, t.theirs)
            yield Static(
                Text(
                    _("m keep mine on top · t take theirs · e merge here · o merge in $EDITOR")
                    + "\n"
                    + _("Both texts stay in the history · escape: decide later (nothing saved)")
                ),
                id="conflict-hint",
            )

    def action_choose(self, choice: Choice) -> None:
        """Answer the choice."""
        self.dismiss(choice)

    def action_later(self) -> None:
        """Close without choosing: the text stays in the editor, unsaved."""
        self.dismiss(None)
