"""The export dialog: what the gate says, then a choice of format.

When the gate is shut, the dialog lists every missing or stale item and every blocking
finding, by id and label, and offers nothing to export. When it passes, it offers each format
(per platform for text and clipboard) and answers the choice. The format used last is the
one under the cursor, so ``e`` then ``enter`` repeats it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from rtc_tui.desk.views import PLATFORM_LABELS, ChecklistState, Draft
from rtc_tui.i18n import _


@dataclass(frozen=True)
class ExportChoice:
    """A format, and the platform whose text it carries (text, clipboard, webhook)."""

    format: str
    platform: str = ""


def preferred_index(choices: list[tuple[ExportChoice, str]], last: ExportChoice | None) -> int:
    """Where the cursor starts: on the last-used export, so ``enter`` repeats it.

    The same format and platform, else the same format (for this draft's first platform),
    else the first choice.
    """
    if last is None:
        return 0
    exact = [i for i, (c, _label) in enumerate(choices) if c == last]
    same_format = [i for i, (c, _label) in enumerate(choices) if c.format == last.format]
    return (exact or same_format or [0])[0]


def export_choices(draft: Draft) -> list[tuple[ExportChoice, str]]:
    """Every export the dialog offers for ``draft``, with its label."""
    platforms = draft.platforms or [""]
    choices: list[tuple[ExportChoice, str]] = []
    for platform in platforms:
        name = PLATFORM_LABELS.get(platform, "text")
        choices.append((ExportChoice("clipboard", platform), f"Copy {name} text to the clipboard"))
    choices += [
        (ExportChoice("md"), "Markdown brief (.md)"),
        (ExportChoice("json"), "JSON record (.json)"),
    ]
    for platform in platforms:
        name = PLATFORM_LABELS.get(platform, "text")
        choices.append((ExportChoice("txt", platform), f"Plain text, {name} (.txt)"))
    # One bulk CSV per platform variant: Buffer and Hootsuite upload a file into one channel.
    for fmt, tool in (("csv-buffer", "Buffer"), ("csv-hootsuite", "Hootsuite")):
        for platform in platforms:
            name = PLATFORM_LABELS.get(platform, "text")
            choices.append((ExportChoice(fmt, platform), f"{tool} bulk CSV, {name} (.csv)"))
    choices.append((ExportChoice("webhook"), "Webhook (Slack-compatible)"))
    return choices


class ExportScreen(ModalScreen[ExportChoice | None]):
    """The gate's verdict and, when it passes, the formats; enter exports, escape closes."""

    BINDINGS = [
        Binding("escape,q", "close", _("Close"), id="export.close"),
    ]

    def __init__(
        self, draft: Draft, state: ChecklistState, last: ExportChoice | None = None
    ) -> None:
        super().__init__()
        self.draft = draft
        self.state = state
        self.choices = export_choices(draft) if state.gate.passed else []
        self.last = last
        """The export this user made last (its option starts under the cursor)."""

    def compose(self) -> ComposeResult:
        """Title, the gate's verdict, the formats (or what is missing)."""
        gate = self.state.gate
        with Vertical(id="export-box", classes="rtc-dialog"):
            yield Static(
                Text(f"Export #{self.draft.id} {self.draft.title} · {self.state.summary()}"),
                classes="rtc-dialog-title",
            )
            if gate.passed:
                hint = "Choose a format (enter), escape closes."
                if self.last is not None:
                    hint = "enter repeats the last export, or choose another; escape closes."
                yield Static(Text(hint), id="export-hint")
                options = [
                    Option(Text(label), id=str(i)) for i, (_c, label) in enumerate(self.choices)
                ]
                yield OptionList(*options, id="export-formats")
            else:
                yield Static(
                    Text(f"Export refused: {len(gate.missing)} thing(s) missing (escape closes)"),
                    id="export-hint",
                )
                lines = [Option(Text(f"- {line}"), disabled=True) for line in gate.lines()]
                yield OptionList(*lines, id="export-missing")

    def on_mount(self) -> None:
        """Focus the list, the last-used export under the cursor."""
        options = self.query_one(OptionList)
        options.focus()
        if self.choices:
            options.highlighted = preferred_index(self.choices, self.last)

    @on(OptionList.OptionSelected)
    def _option_selected(self, event: OptionList.OptionSelected) -> None:
        """Answer the chosen export."""
        event.stop()
        if event.option.id is not None and self.choices:
            self.dismiss(self.choices[int(event.option.id)][0])

    def action_close(self) -> None:
        """Close without exporting."""
        self.dismiss(None)
