"""The first-run welcome: where things live and how to start. Shown once."""

from __future__ import annotations

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


def welcome_text(facts: WelcomeFacts) -> Text:
    """The welcome's body: plain text, paths shown literally (never as markup)."""
    text = Text()
    text.append("Welcome to rtc-tui.\n\n", style="bold")
    text.append("Your data lives in\n  ")
    text.append(f"{facts.data_dir}\n", style="bold")
    text.append("Your config (optional, not written yet) goes in\n  ")
    text.append(f"{facts.config_path}\n", style="bold")
    text.append("and your own themes in\n  ")
    text.append(f"{facts.themes_dir}\n\n", style="bold")
    text.append("To start: press ")
    text.append(f" {facts.fetch_key} ", style="bold reverse")
    text.append(" in Trending to fetch what is rising now.\n")
    text.append("To explore first: quit and run ")
    text.append(" rtc --demo ", style="bold reverse")
    text.append(" (sample data, no network).\n\n")
    text.append(f"{facts.help_key}", style="bold")
    text.append(" lists every key; ")
    text.append(f"{facts.palette_key}", style="bold")
    text.append(" finds any action and the theme switcher.\n\n")
    text.append("enter or escape closes this.", style="italic")
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
