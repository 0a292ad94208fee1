"""The export dialog: what the gate says, then a choice of format.

When the gate is shut, the dialog lists every missing or stale item and every blocking
finding, by id and label, and offers nothing to export. When it passes, it offers each format
(per platform for text and clipboard) and answers the choice. The format used last is the
one under the cursor, so ``e`` then ``enter`` repeats it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from rtc_tui.desk.views import PLATFORM_LABELS, ChecklistState, Draft
from rtc_tui.i18n import _, ngettext
from rtc_tui.ui.dialogs.choice import ChoiceScreen


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
    names = {p: PLATFORM_LABELS.get(p) or _("text") for p in platforms}
    for platform in platforms:
        label = _("Copy {platform} text to the clipboard").format(platform=names[platform])
        choices.append((ExportChoice("clipboard", platform), label))
    choices += [
        (ExportChoice("md"), _("Markdown brief (.md)")),
        (ExportChoice("json"), _("JSON record (.json)")),
    ]
    for platform in platforms:
        label = _("Plain text, {platform} (.txt)").format(platform=names[platform])
        choices.append((ExportChoice("txt", platform), label))
    # One bulk CSV per platform variant: Buffer and Hootsuite upload a file into one channel.
    for fmt, tool in (("csv-buffer", "Buffer"), ("csv-hootsuite", "Hootsuite")):
        for platform in platforms:
            label = _("{tool} bulk CSV, {platform} (.csv)").format(
                tool=tool, platform=names[platform]
            )
            choices.append((ExportChoice(fmt, platform), label))
    choices.append((ExportChoice("webhook"), _("Webhook (Slack-compatible)")))
    return choices


class ExportScreen(ChoiceScreen[ExportChoice]):
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
                Text(
                    _("Export #{id} {title} · {summary}").format(
                        id=self.draft.id, title=self.draft.title, summary=self.state.summary()
                    )
                ),
                classes="rtc-dialog-title",
            )
            if gate.passed:
                hint = _("Choose a format (enter), escape closes.")
                if self.last is not None:
                    hint = _("enter repeats the last export, or choose another; escape closes.")
                yield Static(Text(hint), id="export-hint")
                options = [
                    Option(Text(label), id=str(i)) for i, (_c, label) in enumerate(self.choices)
                ]
                yield OptionList(*options, id="export-formats")
            else:
                yield Static(
                    Text(
                        ngettext(
                            "Export refused: {count} thing missing (escape closes)",
                            "Export refused: {count} things missing (escape closes)",
                            len(gate.missing),
                        ).format(count=len(gate.missing))
                    ),
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
