"""The shared answer of the dialogs that offer a list of labelled choices.

The export and publish dialogs both list ``(value, label)`` pairs as options whose id is the
pair's index; enter answers the value, escape answers ``None``. That answer lives here once.
"""

from __future__ import annotations

from typing import TypeVar

from textual import on
from textual.screen import ModalScreen
from textual.widgets import OptionList

T = TypeVar("T")


class ChoiceScreen(ModalScreen[T | None]):
    """A modal whose options are ``choices`` by index: enter answers one, close answers none."""

    choices: list[tuple[T, str]]
    """The values offered with their labels; an option's id is its index here."""

    @on(OptionList.OptionSelected)
    def _option_selected(self, event: OptionList.OptionSelected) -> None:
        """Answer the chosen value (the options of a shut gate have no id)."""
        event.stop()
        if event.option.id is not None and self.choices:
            self.dismiss(self.choices[int(event.option.id)][0])

    def action_close(self) -> None:
        """Close without choosing."""
        self.dismiss(None)
