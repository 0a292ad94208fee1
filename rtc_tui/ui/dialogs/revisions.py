"""The revision history of a draft: pick one to restore it (restoring adds a new revision)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from rtc_tui.desk.views import PLATFORM_SHORT_LABELS, Draft, Revision
from rtc_tui.i18n import _
from rtc_tui.ui.dialogs.choice import NumberScreen


def _first_line(text: str, width: int = 36) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def revision_label(revision: Revision) -> Text:
    """One row of the list: number, author, time, how many variants, the text's start."""
    variants = f" +{len(revision.variants)}v" if revision.variants else ""
    return Text(
        f"r{revision.number:<3} {revision.at:%m-%d %H:%M} {revision.author:<8.8}"
        f"{variants:5} {_first_line(revision.text)}"
    )


def revision_preview(revision: Revision) -> Text:
    """The whole revision: base text, then each variant."""
    text = Text(revision.text or _("(empty)"))
    for platform, variant in sorted(revision.variants.items()):
        text.append(f"\n\n— {PLATFORM_SHORT_LABELS.get(platform, platform)} —\n", style="bold")
        text.append(variant)
    return text


class RevisionsScreen(NumberScreen):
    """Revisions newest first, with a preview; enter restores, escape closes.

    Answers the chosen revision's number, or ``None``.
    """

    BINDINGS = [
        Binding("escape,q", "close", _("Close"), id="revisions.close"),
    ]

    def __init__(self, draft: Draft) -> None:
        super().__init__()
        self.draft = draft
        self.revisions = list(reversed(draft.revisions))

    def compose(self) -> ComposeResult:
        """Title, list, preview."""
        with Vertical(id="revisions-box", classes="rtc-dialog"):
            yield Static(
                _("Revisions of #{id} {title}  (enter restores, escape closes)").format(
                    id=self.draft.id, title=self.draft.title
                ),
                id="revisions-title",
                classes="rtc-dialog-title",
                markup=False,
            )
            options = [Option(revision_label(r), id=str(r.number)) for r in self.revisions]
            if not options:
                options = [
                    Option(
                        _("No revisions yet: a save that changes the text adds one."),
                        disabled=True,
                    )
                ]
            yield OptionList(*options, id="revisions-list", markup=False)
            yield Static(id="revisions-preview", markup=False)

    def on_mount(self) -> None:
        """Focus the list and preview the newest revision."""
        self.query_one(OptionList).focus()
        if self.revisions:
            self._preview(self.revisions[0])

    def _preview(self, revision: Revision) -> None:
        self.query_one("#revisions-preview", Static).update(revision_preview(revision))

    @on(OptionList.OptionHighlighted, "#revisions-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            number = int(event.option.id)
            self._preview(next(r for r in self.revisions if r.number == number))
