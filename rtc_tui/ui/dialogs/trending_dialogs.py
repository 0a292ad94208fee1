"""Small Trending dialogs: mute or unmute, pick or save a named filter."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from rtc_tui.desk.views import STOP_WORDS, Event, words
from rtc_tui.i18n import _
from rtc_tui.ui.key_order import OrderedInput

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 70; max-width: 95%; height: auto; max-height: 80%;
    border: round $accent; background: $surface; padding: 0 1;
}}
{name} .dialog-title {{ text-style: bold; height: auto; }}
{name} .dialog-help {{ color: $text-muted; height: 1; }}
{name} OptionList {{ height: auto; max-height: 14; }}
"""


def mute_choices(event: Event, limit: int = 6) -> list[str]:
    """What ``m`` offers for an event: its source, then its content words in title order."""
    seen: list[str] = []
    for word in words(event.title):
        if word not in STOP_WORDS and len(word) >= 4 and not word.isdigit() and word not in seen:
            seen.append(word)
    return [f"source:{event.source}", *seen[:limit]]


class MuteScreen(ModalScreen[str | None]):
    """Pick what to mute (the event's source or one of its words); answers the entry."""

    DEFAULT_CSS = DIALOG_CSS.format(name="MuteScreen")
    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="mute.cancel")]

    def __init__(self, event: Event) -> None:
        super().__init__()
        self.event = event
        """The event whose source or words are offered."""

    def compose(self) -> ComposeResult:
        """The event's title, the choices, the keys."""
        with Vertical():
            yield Static(
                Text(_("Mute, like a killfile: hide every matching event")),
                classes="dialog-title",
            )
            yield Static(Text(self.event.title, style="italic"))
            options = []
            for choice in mute_choices(self.event):
                label = (
                    _("the source {name}").format(name=choice.removeprefix("source:"))
                    if choice.startswith("source:")
                    else _("the word '{word}'").format(word=choice)
                )
                options.append(Option(Text(label), id=choice))
            yield OptionList(*options, id="mute-options")
            yield Static(
                _("enter mute · escape cancel"),
                classes="dialog-help",
                markup=False,
            )

    def on_mount(self) -> None:
        """The choices get focus."""
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#mute-options")
    def _chosen(self, message: OptionList.OptionSelected) -> None:
        self.dismiss(message.option.id)

    def action_cancel(self) -> None:
        """Mute nothing."""
        self.dismiss(None)


class UnmuteScreen(ModalScreen[str | None]):
    """The mutes added in the app; enter lifts the one under the cursor and answers it."""

    DEFAULT_CSS = DIALOG_CSS.format(name="UnmuteScreen")
    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="unmute.cancel")]

    def __init__(self, entries: Sequence[str]) -> None:
        super().__init__()
        self.entries = list(entries)
        """The app-added mute entries, oldest first."""

    def compose(self) -> ComposeResult:
        """The entries (shown literally), or why there is nothing to lift."""
        with Vertical():
            yield Static(Text(_("Unmute: show these events again")), classes="dialog-title")
            if self.entries:
                options = [Option(Text(entry), id=entry) for entry in self.entries]
                yield OptionList(*options, id="unmute-options")
                help_text = _("enter unmute · escape cancel")
            else:
                yield Static(Text(_("Nothing muted in the app.")))
                help_text = _("mutes in the config file stay until you edit it · escape closes")
            yield Static(help_text, classes="dialog-help", markup=False)

    def on_mount(self) -> None:
        """The entries get focus."""
        for option_list in self.query(OptionList):
            option_list.focus()

    @on(OptionList.OptionSelected, "#unmute-options")
    def _chosen(self, message: OptionList.OptionSelected) -> None:
        self.dismiss(message.option.id)

    def action_cancel(self) -> None:
        """Lift nothing."""
        self.dismiss(None)


class SavedFiltersScreen(ModalScreen[tuple[str, str] | None]):
    """Named filters: enter applies one; a name typed below saves the current filter.

    Answers ``("apply", query)``, ``("save", name)`` or ``None``.
    """

    DEFAULT_CSS = DIALOG_CSS.format(name="SavedFiltersScreen")
    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="saved-filters.cancel")]

    def __init__(self, filters: Mapping[str, str], current: str) -> None:
        super().__init__()
        self.filters = dict(filters)
        """Name -> query."""
        self.current = current
        """The filter in force now (what saving would save)."""

    def compose(self) -> ComposeResult:
        """The filters, then a field to save the current one."""
        with Vertical():
            yield Static(_("Saved filters"), classes="dialog-title", markup=False)
            options = [
                Option(Text.assemble((name, "bold"), "  ", query), id=name)
                for name, query in sorted(self.filters.items())
            ]
            if not options:
                options = [Option(Text(_("no saved filters yet"), style="dim"), disabled=True)]
            yield OptionList(*options, id="saved-filters-options")
            if self.current.strip():
                save_as = _("Save the filter '{query}' as:").format(query=self.current)
                yield Static(Text(save_as))
                yield OrderedInput(placeholder=_("name, then enter"), id="saved-filter-name")
            yield Static(_("enter apply · escape cancel"), classes="dialog-help", markup=False)

    def on_mount(self) -> None:
        """The list gets focus."""
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#saved-filters-options")
    def _chosen(self, message: OptionList.OptionSelected) -> None:
        name = message.option.id
        if name is not None and name in self.filters:
            self.dismiss(("apply", self.filters[name]))

    @on(Input.Submitted, "#saved-filter-name")
    def _save(self, message: Input.Submitted) -> None:
        if message.value.strip():
            self.dismiss(("save", message.value.strip()))

    def action_cancel(self) -> None:
        """Close without applying."""
        self.dismiss(None)
