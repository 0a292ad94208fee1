"""The first-run welcome: where things live and how to start. Shown once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from rtc_tui.i18n import _


@dataclass(frozen=True)
class WelcomeFacts:
    """What the welcome tells a new user."""

    data_dir: Path
    """Where drafts, events and state are kept."""
    config_path: Path
    """Where the (not yet written) config file goes."""
    themes_dir: Path
    """Where the user's own theme files go."""
    fetch_key: str
    """The key that fetches the sources now (``r`` unless remapped)."""
    help_key: str
    """The key that opens the help (``?`` unless remapped)."""
    palette_key: str
    """The key that opens the command palette (``^p`` unless remapped)."""


PLACEHOLDER = re.compile(r"\{(\w+)\}")
"""A ``{name}`` in a translated sentence, where a styled part goes."""


def styled(sentence: str, **parts: Text) -> Text:
    """``sentence`` (already translated) with each ``{name}`` replaced by its styled part.

    The translation decides where a key or a path sits in the sentence; the part keeps its
    own style, the rest is plain text (nothing is read as markup).
    """
    out = Text()
    position = 0
    for match in PLACEHOLDER.finditer(sentence):
        part = parts.get(match.group(1))
        if part is None:
            continue
        out.append(sentence[position : match.start()])
        out.append_text(part)
        position = match.end()
    out.append(sentence[position:])
    return out


def welcome_text(facts: WelcomeFacts) -> Text:
    """The welcome's body: plain text, paths shown literally (never as markup)."""
    text = Text()
    text.append(_("Welcome to rtc-tui.") + "\n\n", style="bold")
    text.append(_("Your data lives in") + "\n  ")
    text.append(f"{facts.data_dir}\n", style="bold")
    text.append(_("Your config (optional, not written yet) goes in") + "\n  ")
    text.append(f"{facts.config_path}\n", style="bold")
    text.append(_("and your own themes in") + "\n  ")
    text.append(f"{facts.themes_dir}\n\n", style="bold")
    text.append_text(
        styled(
            _("To start: press {key} in Trending to fetch what is rising now."),
            key=Text(f" {facts.fetch_key} ", style="bold reverse"),
        )
    )
    text.append("\n")
    text.append_text(
        styled(
            _("To explore first: quit and run {command} (sample data, no network)."),
            command=Text(" rtc --demo ", style="bold reverse"),
        )
    )
    text.append("\n\n")
    text.append_text(
        styled(
            _("{help} lists every key; {palette} finds any action and the theme switcher."),
            help=Text(facts.help_key, style="bold"),
            palette=Text(facts.palette_key, style="bold"),
        )
    )
    text.append("\n\n")
    text.append(_("enter or escape closes this."), style="italic")
    return text


class WelcomeScreen(ModalScreen[None]):
    """A short modal for the very first start; enter or escape closes it."""

    BINDINGS = [
        Binding("escape,enter", "close", _("Close"), id="welcome.close"),
    ]

    def __init__(self, facts: WelcomeFacts) -> None:
        super().__init__()
        self.facts = facts

    def compose(self) -> ComposeResult:
        """The welcome text in a box."""
        with Vertical(id="welcome-box"):
            yield Static(welcome_text(self.facts), id="welcome-text")

    def action_close(self) -> None:
        """Close the welcome."""
        self.dismiss(None)
