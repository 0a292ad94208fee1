"""The Textual application: wiring, global keys, palette providers. Kept thin on purpose."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from rtc_tui.desk import Desk
from rtc_tui.ui.commands import ActionsProvider
from rtc_tui.ui.screens.help import HelpScreen
from rtc_tui.ui.screens.main import MainScreen
from rtc_tui.ui.themes import choose_theme, load_themes

APP_VARIABLE_DEFAULTS = {
    "rtc-sensitive-warn": "#F2C94C",
    "rtc-sensitive-block": "#EB5757",
    "rtc-over-limit": "#EB5757",
    "rtc-stale": "#F2C94C",
    "rtc-lead-window": "#F2A541",
    "rtc-new-item": "#6FCF97",
}
"""Fallbacks for the app's colour tokens under themes that do not define them."""


class RtcApp(App[None]):
    """rtc-tui: spot what is rising, draft a safe reaction, prove it, export it."""

    TITLE = "rtc-tui"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {ActionsProvider}
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit-anywhere", show=False, priority=True),
        Binding("question_mark", "help", "Help", id="app.help"),
    ]

    def __init__(
        self,
        desk: Desk,
        *,
        keymap: Mapping[str, str] | None = None,
        theme: str | None = None,
        user_themes_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.desk = desk
        self.user_keymap: dict[str, str] = dict(keymap or {})
        """The user's key remapping (binding id -> key), shown in help and the palette."""
        loaded, self.theme_warnings = load_themes(user_themes_dir)
        for item in loaded:
            self.register_theme(item.theme)
        name, warning = choose_theme(theme, desk.config.theme, {t.theme.name for t in loaded})
        if warning:
            self.theme_warnings.append(warning)
        self.theme = name

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """The app's own colour tokens, so Textual's built-in themes work too."""
        defaults = super().get_theme_variable_defaults()
        defaults.update(APP_VARIABLE_DEFAULTS)
        return defaults

    def on_mount(self) -> None:
        """Apply the user's keymap, report theme problems, open the main screen."""
        if self.user_keymap:
            self.set_keymap(self.user_keymap)
        for warning in self.theme_warnings:
            self.notify(warning, severity="warning", timeout=8)
        self.push_screen(MainScreen(self.desk))

    def main_screen(self) -> MainScreen:
        """The main screen, wherever it is in the stack."""
        return next(s for s in self.screen_stack if isinstance(s, MainScreen))

    def action_help(self) -> None:
        """Show every key, generated from the real bindings."""
        from rtc_tui.ui.keys import entries

        keys = (
            entries("Global", "", self.BINDINGS, self.user_keymap)
            + self.main_screen().key_entries()
        )
        self.push_screen(HelpScreen(keys))
