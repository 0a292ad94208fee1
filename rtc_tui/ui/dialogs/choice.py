"""The shared answer of the dialogs that offer a list to choose from.

The export and publish dialogs list ``(value, label)`` pairs as options whose id is the pair's
index; the drafts list, the review queue and the revisions list number their options with the
draft id or revision number. Enter answers the value (or the number), close answers ``None``.
That answer lives here once.
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


class NumberScreen(ModalScreen[int | None]):
    """A modal whose options are numbered (a draft id, a revision): enter answers the number."""

    @on(OptionList.OptionSelected)
    def _number_selected(self, event: OptionList.OptionSelected) -> None:
        """Answer the chosen option's number (placeholder lines have no id)."""
        if event.option.id is not None:
            self.dismiss(int(event.option.id))

    def action_close(self) -> None:
        """Close without choosing."""
        self.dismiss(None)
