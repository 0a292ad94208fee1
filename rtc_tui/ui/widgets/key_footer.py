"""The footer of key bindings, with its keys styled once instead of three times.

Textual's ``FooterKey`` starts compact and is then bound to the footer's ``compact`` (false):
each key is classed ``-compact`` when mounted and unclassed at once, two restyles of every
key and its parts, a quarter of the styling work before the first screen. Here each key is
given the footer's value before it is mounted, so the binding changes nothing.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeyFooter(Footer):
    """Textual's footer, whose keys are composed with the footer's ``compact`` already."""

    def compose(self) -> ComposeResult:
        """Footer's keys, each set to the footer's ``compact`` before it is mounted."""
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget
