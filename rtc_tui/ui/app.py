"""The Textual application: wiring, global keys, themes, palette providers. Kept thin on purpose."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import Command, CommandPalette
from textual.dom import DOMNode
from textual.filter import LineFilter, Monochrome, NoColor
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from rtc_tui.config import default_config_path
from rtc_tui.desk import Desk
from rtc_tui.ui.commands import ActionsProvider, ThemesProvider
from rtc_tui.ui.keys import (
    APP_OWNER,
    SCREEN_OWNER,
    KeyEntry,
    binding_ids,
    clashes,
    registry,
)
from rtc_tui.ui.screens.help import HelpScreen
from rtc_tui.ui.screens.main import MainScreen
from rtc_tui.ui.screens.welcome import WelcomeFacts, WelcomeScreen
from rtc_tui.ui.themes import NO_COLOR_THEME, LoadedTheme, choose_theme, load_themes

APP_VARIABLE_DEFAULTS = {
    "rtc-sensitive-warn": "#F2C94C",
    "rtc-sensitive-block": "#F06A6A",
    "rtc-over-limit": "#F06A6A",
    "rtc-stale": "#F2C94C",
    "rtc-lead-window": "#F2A541",
    "rtc-new-item": "#6FCF97",
}
"""Fallbacks for the app's colour tokens under themes that define none (Textual's own);
the same as ``rtc-dark``'s."""

THEME_PREFERENCE = "theme"
"""The desk preference holding the theme last chosen in the palette."""

WELCOME_PREFERENCE = "welcome-shown"
"""The desk preference set once the first-run welcome has been shown."""

SAVE_PREFERENCE_WORKER = "save-preference"
"""The name of the worker that writes a preference (its failure is shown, not fatal)."""


class RtcApp(App[None]):
    """rtc-tui: spot what is rising, draft a safe reaction, prove it, export it."""

    TITLE = "rtc-tui"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {ActionsProvider}
    ENABLE_COMMAND_PALETTE = True

    # show=False throughout: the pane bar always shows "? help  ^p commands  q quit", so the
    # footer's width goes to the keys of the pane at hand (80 columns are tight).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit", show=False),
        Binding("ctrl+q", "quit", "Quit", id="app.quit-anywhere", show=False, priority=True),
        Binding("question_mark", "help", "Help", id="app.help", show=False),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            id="app.command-palette",
            show=False,
            priority=True,
        ),
    ]

    def __init__(
        self,
        desk: Desk,
        *,
        keymap: Mapping[str, str] | None = None,
        theme: str | None = None,
        user_themes_dir: Path | None = None,
        welcome: bool = False,
    ) -> None:
        """Register the themes and pick one; the keymap is applied on mount.

        Args:
            desk: The façade every action goes through.
            keymap: The config's ``keys:`` (binding id -> key or keys, comma-separated).
            theme: ``--theme``, if given.
            user_themes_dir: Where the user's own theme files are.
            welcome: Offer the first-run welcome (the command line passes ``True``; it is
                shown only with no config file, an empty data dir and never before).
        """
        super().__init__()
        self.desk = desk
        self.user_keymap: dict[str, str] = dict(keymap or {})
        """The user's key remapping (binding id -> key), shown in help and the palette."""
        self.user_themes_dir = user_themes_dir
        """Where the user's own themes live (named in the welcome)."""
        self.offer_welcome = welcome
        """Whether to check for a first run on mount."""
        loaded, self.theme_warnings = load_themes(user_themes_dir)
        self._loaded_themes = loaded
        for item in loaded:
            self.register_theme(item.theme)
        names = {t.theme.name for t in loaded}
        saved = str(desk.preference(THEME_PREFERENCE, "") or "")
        name, warning = choose_theme(theme, desk.config.theme, names, persisted=saved)
        if warning:
            self.theme_warnings.append(warning)
        self._saved_theme = saved
        self._theme_before_preview: str | None = None
        self._mono_filter = Monochrome()
        self._env_no_color = self.no_color
        self.theme = name
        self.no_color = self._env_no_color or name == NO_COLOR_THEME

    # -- themes ----------------------------------------------------------------------------

    @property
    def loaded_themes(self) -> Sequence[LoadedTheme]:
        """The themes ``rtc themes`` lists (shipped, then the user's), in its order."""
        return self._loaded_themes

    @property
    def theme_at_open(self) -> str:
        """The theme in force before the switcher started previewing (else the current one)."""
        return self._theme_before_preview or self.theme

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """The app's own colour tokens, so Textual's built-in themes work too."""
        defaults = super().get_theme_variable_defaults()
        defaults.update(APP_VARIABLE_DEFAULTS)
        return defaults

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Under ``mono``, strip colour from everything, even styles a widget hard-codes.

        ``NO_COLOR`` already makes Textual add its own monochrome filter; ``--theme mono``
        gets the same guarantee here.
        """
        filters = super().get_line_filters()
        if self.theme != NO_COLOR_THEME or any(
            isinstance(f, Monochrome | NoColor) for f in filters
        ):
            return filters
        return [*filters, self._mono_filter]

    def search_themes(self) -> None:
        """The theme switcher: the highlighted theme is previewed, escape puts the old one back."""
        if self._theme_before_preview is None:
            self._theme_before_preview = self.theme
        self.push_screen(
            CommandPalette(
                providers=[ThemesProvider],
                placeholder="Search for themes… (highlight previews, enter keeps)",
                id="theme-switcher",
            )
        )

    @on(CommandPalette.OptionHighlighted)
    def _preview_theme(self, message: CommandPalette.OptionHighlighted) -> None:
        if self._theme_before_preview is None:
            return
        option = message.highlighted_event.option
        if isinstance(option, Command) and option.hit.text in self.available_themes:
            self.theme = option.hit.text

    @on(CommandPalette.Closed)
    def _end_theme_preview(self, message: CommandPalette.Closed) -> None:
        if self._theme_before_preview is None:
            return
        if not message.option_selected:
            # Put the old theme back while the preview flag is still up: not a new choice.
            self.theme = self._theme_before_preview
        self._theme_before_preview = None

    def choose_theme(self, name: str) -> None:
        """Apply theme ``name`` and remember it for the next start."""
        self._theme_before_preview = None
        self.theme = name
        self._remember_theme(name)

    def watch_theme(self, name: str) -> None:
        """A theme set at runtime (not a preview) is remembered for the next start.

        ``mono`` also turns on Textual's ``:nocolor`` styles (reverse for highlights), as
        ``NO_COLOR`` does.
        """
        self.no_color = self._env_no_color or name == NO_COLOR_THEME
        if self._theme_before_preview is None and self.is_running:
            self._remember_theme(name)

    def _remember_theme(self, name: str) -> None:
        if name == self._saved_theme or self.desk.demo:
            return
        self._saved_theme = name
        self._save_preference(THEME_PREFERENCE, name)
        if self.desk.config.theme:
            self.notify(
                f"Theme {name} saved; the config's theme: {self.desk.config.theme} "
                "still wins at start.",
                timeout=6,
                markup=False,
            )

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a notification; without colour a warning or an error says so in words."""
        if self.no_color and not title and severity != "information":
            title = "Warning" if severity == "warning" else "Error"
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    @work(thread=True, name=SAVE_PREFERENCE_WORKER, group="preferences", exit_on_error=False)
    def _save_preference(self, key: str, value: object) -> None:
        self.desk.set_preference(key, value)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A preference that could not be written is a warning, never a crash."""
        if event.worker.name == SAVE_PREFERENCE_WORKER and event.state is WorkerState.ERROR:
            self.notify(
                f"Could not remember the choice: {event.worker.error}",
                severity="warning",
                markup=False,
            )

    # -- start -----------------------------------------------------------------------------

    async def on_mount(self) -> None:
        """Apply the user's keymap, open the main screen, report problems, greet a newcomer."""
        if self.user_keymap:
            self.set_keymap(self.user_keymap)
        # Awaited: the keymap check reads the panes' bindings, so they must be mounted.
        await self.push_screen(MainScreen(self.desk))
        for warning in [*self.theme_warnings, *self._keymap_warnings()]:
            self.notify(warning, severity="warning", timeout=10, markup=False)
        if self.offer_welcome:
            self._check_first_run()

    def _keymap_warnings(self) -> list[str]:
        known = set(binding_ids(self._binding_owners()))
        unknown = [
            f"keys: unknown binding id '{binding_id}' (the ids are listed by ?)"
            for binding_id in self.user_keymap
            if binding_id not in known
        ]
        return unknown + clashes(self.key_entries(), self.user_keymap)

    def _binding_owners(self) -> list[type[DOMNode]]:
        """Every rtc-tui class that declares bindings: the app, screens, panes, dialogs."""
        seen: list[type[DOMNode]] = []
        pending: list[type[DOMNode]] = [DOMNode]
        while pending:
            for sub in pending.pop().__subclasses__():
                if sub not in seen:
                    seen.append(sub)
                    pending.append(sub)
        return [c for c in seen if c.__module__.startswith("rtc_tui.")]

    @work(thread=True, group="first-run", exit_on_error=False)
    def _check_first_run(self) -> None:
        desk = self.desk
        first = (
            desk.config.path is None
            and not desk.demo
            and not desk.preference(WELCOME_PREFERENCE, False)
            and not desk.drafts()
            and not desk.events(include_hidden=True)
        )
        if first:
            desk.set_preference(WELCOME_PREFERENCE, True)
            self.call_from_thread(self._show_welcome)

    def _show_welcome(self) -> None:
        keys = {(e.owner, e.action): e.key for e in self.key_entries()}
        self.push_screen(
            WelcomeScreen(
                WelcomeFacts(
                    data_dir=self.desk.data_dir,
                    config_path=default_config_path(),
                    themes_dir=self.user_themes_dir or default_config_path().parent / "themes",
                    fetch_key=keys.get(("trending", "refresh"), "r"),
                    help_key=keys.get((APP_OWNER, "help"), "?"),
                    palette_key=keys.get((APP_OWNER, "command_palette"), "^p"),
                )
            )
        )

    # -- keys, help, palette -----------------------------------------------------------------

    def find_main_screen(self) -> MainScreen | None:
        """The main screen, wherever it is in the stack (``None`` before it is up)."""
        return next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)

    def main_screen(self) -> MainScreen:
        """The main screen, wherever it is in the stack."""
        main = self.find_main_screen()
        if main is None:
            raise LookupError("the main screen is not up yet")
        return main

    def key_entries(self) -> list[KeyEntry]:
        """Every key of the app, the main screen and the panes, with the user's keymap."""
        main = self.find_main_screen()
        if main is None:
            return registry(self, None, [], self.user_keymap)
        return main.key_entries()

    def run_key_entry(self, entry: KeyEntry) -> None:
        """Run an entry's action where its binding lives (the palette's way of pressing it)."""
        main = self.find_main_screen()
        if entry.owner == APP_OWNER:
            self.call_later(self.run_action, entry.action)
            return
        if main is None:
            return
        if entry.owner == SCREEN_OWNER:
            self.call_later(main.run_action, entry.action)
            return
        main.action_show_pane(entry.owner)
        self.call_later(main.pane(entry.owner).run_action, entry.action)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's palette commands, less those our own bindings already offer."""
        duplicates = {"Quit", "Keys"}
        for command in super().get_system_commands(screen):
            if command.title == "Theme":
                yield SystemCommand(
                    "Theme", "Switch theme: highlight to preview, enter keeps it", command.callback
                )
            elif command.title not in duplicates:
                yield command

    def action_help(self) -> None:
        """Show every key, generated from the real bindings."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.key_entries()))
