"""The Textual application: wiring, global keys, themes, palette providers. Kept thin on purpose.

Theme choice, preview and persistence live in :mod:`rtc_tui.ui.theme_switcher` (a mixin of
the app); the checks on the user's keymap in :mod:`rtc_tui.ui.keymap`.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import ClassVar

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.driver import Driver
from textual.filter import LineFilter
from textual.screen import Screen

from rtc_tui.config import default_config_path
from rtc_tui.desk import Desk
from rtc_tui.i18n import N_, _
from rtc_tui.ui import collector
from rtc_tui.ui.commands import ActionsProvider
from rtc_tui.ui.compact_output import compact_driver
from rtc_tui.ui.emoji_cells import EmojiCells, EmojiMode, resolve_mode
from rtc_tui.ui.keymap import keymap_warnings
from rtc_tui.ui.keys import APP_OWNER, SCREEN_OWNER, KeyEntry, registry
from rtc_tui.ui.quit_executor import QuitExecutor
from rtc_tui.ui.screens.main import MainScreen
from rtc_tui.ui.store_events import StoreUnreachable
from rtc_tui.ui.theme_switcher import ThemeSwitcher
from rtc_tui.ui.themes import APP_VARIABLE_DEFAULTS, load_themes

WELCOME_PREFERENCE = "welcome-shown"
"""The desk preference set once the first-run welcome has been shown."""


SYSTEM_COMMANDS: dict[str, tuple[str, str]] = {
    "Theme": (N_("Theme"), N_("Switch theme: highlight to preview, enter keeps it")),
    "Minimize": (N_("Minimize"), N_("Minimize the widget and restore to normal size")),
    "Maximize": (N_("Maximize"), N_("Maximize the focused widget")),
    "Screenshot": (N_("Screenshot"), N_("Save an SVG 'screenshot' of the current screen")),
}
"""Textual's own palette commands (by their English title): the title and help we show."""


class RtcApp(ThemeSwitcher, App[None]):
    """rtc-tui: spot what is rising, draft a safe reaction, prove it, export it."""

    TITLE = "rtc-tui"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {ActionsProvider}
    ENABLE_COMMAND_PALETTE = True

    # show=False throughout: the pane bar always shows "? help  ^p commands  q quit", so the
    # footer's width goes to the keys of the pane at hand (80 columns are tight).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", _("Quit"), id="app.quit", show=False),
        Binding("ctrl+q", "quit", _("Quit"), id="app.quit-anywhere", show=False, priority=True),
        Binding("question_mark", "help", _("Help"), id="app.help", show=False),
        Binding(
            "ctrl+p",
            "command_palette",
            _("Commands"),
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
        emoji: EmojiMode = "full",
    ) -> None:
        """Register the themes and pick one; the keymap is applied on mount.

        Args:
            desk: The façade every action goes through.
            keymap: The config's ``keys:`` (binding id -> key or keys, comma-separated).
            theme: ``--theme``, if given.
            user_themes_dir: Where the user's own theme files are.
            welcome: Offer the first-run welcome (the command line passes ``True``; it is
                shown only with no config file, an empty data dir and never before).
            emoji: The config's ``emoji:`` (the command line passes it; ``auto`` is resolved
                from the environment here).
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
        for item in loaded:
            self.register_theme(item.theme)
        self.theme_warnings += self.start_theme(loaded, theme)
        simple = resolve_mode(emoji, os.environ) == "simple"
        self._emoji_cells = [EmojiCells()] if simple else []

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this terminal, writing fewer bytes per frame (see module)."""
        return compact_driver(super().get_driver_class())

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Emoji rewritten first (``simple`` mode), then the theme's filters."""
        return [*self._emoji_cells, *super().get_line_filters()]

    # -- themes ----------------------------------------------------------------------------

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """The app's own colour tokens, so Textual's built-in themes work too."""
        defaults = super().get_theme_variable_defaults()
        defaults.update(APP_VARIABLE_DEFAULTS)
        return defaults

    def refresh_css(self, animate: bool = True) -> None:
        """Textual's, except before the first screen: then only the theme's variables are set.

        The theme chosen at start (``start_theme``) queues a refresh that runs before anything
        is styled. Textual's re-parses every stylesheet into a copy and keeps the rules but not
        the copy's parse cache, so the first styling, a moment later, parsed them all once
        more: a third of the CSS parsing before the first frame. With no screen yet there is
        nothing to restyle, and the first styling parses with the theme's variables.
        """
        if not self.screen_stack:
            self.stylesheet.set_variables(self.get_css_variables())
            return
        super().refresh_css(animate)

    # -- start -----------------------------------------------------------------------------

    def on_load(self) -> None:
        """Thread workers run on a pool that quitting waits on only for writes (see module)."""
        asyncio.get_running_loop().set_default_executor(QuitExecutor())

    async def on_event(self, event: events.Event) -> None:
        """Textual's; a key or a click also tells the collector the editor is at work."""
        if isinstance(event, events.InputEvent):
            collector.input_seen()
        await super().on_event(event)

    def get_default_screen(self) -> MainScreen:
        """The war room itself, not a blank screen under it.

        Pushed over Textual's default screen at mount, it was restyled whole when it resumed
        (every rule matched again for every widget), on the first screen's time.
        """
        return MainScreen(self.desk)

    async def on_mount(self) -> None:
        """Apply the user's keymap, report problems, greet a newcomer (on the main screen)."""
        # Full collections run in the editor's pauses once the start-up is over (the module).
        self.set_interval(collector.CHECK_EVERY, collector.tick, name="collector")
        if self.user_keymap:
            self.set_keymap(self.user_keymap)
        # Only a keymap can add problems (the defaults are tested not to clash); checking it
        # imports every pane's class, which a narrow first screen otherwise does not need.
        warnings = keymap_warnings(self.user_keymap, self.key_entries()) if self.user_keymap else []
        for warning in [*self.theme_warnings, *warnings, *self.desk.config.warnings()]:
            self.notify(warning, severity="warning", timeout=10, markup=False)
        if self.offer_welcome:
            self._check_first_run()

    @work(thread=True, group="first-run", exit_on_error=False)
    def _check_first_run(self) -> None:
        desk = self.desk
        first = (
            not desk.has_config_file
            and not desk.demo
            and not desk.prefs.get(WELCOME_PREFERENCE, False)
            # One row of the stored ranking says whether there are events (never all of them),
            # and is cheaper than the drafts, so it is asked first.
            and not desk.trending.ranked(include_hidden=True, limit=1)
            and not desk.drafts.all()
        )
        if first:
            desk.prefs.set(WELCOME_PREFERENCE, True)
            self.call_from_thread(self._show_welcome)

    def _show_welcome(self) -> None:
        from rtc_tui.ui.dialogs.welcome import WelcomeFacts, WelcomeScreen

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

    @on(StoreUnreachable)
    def _store_unreachable(self, message: StoreUnreachable) -> None:
        """A dialog's worker met the store's server out of reach: the main screen says so."""
        main = self.find_main_screen()
        if main is not None:
            main.store_lost(message.reason)

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
        self.call_later(self._run_pane_entry, main, entry)

    @staticmethod
    async def _run_pane_entry(main: MainScreen, entry: KeyEntry) -> None:
        """Show the entry's pane (mounted first if need be), then run its action there."""
        await main.action_show_pane(entry.owner)
        await main.pane(entry.owner).run_action(entry.action)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's palette commands in the interface language, less those our keys offer."""
        duplicates = {"Quit", "Keys"}
        for command in super().get_system_commands(screen):
            if command.title in duplicates:
                continue
            title, help_text = SYSTEM_COMMANDS.get(command.title, (command.title, command.help))
            yield SystemCommand(_(title), _(help_text), command.callback, command.discover)

    def action_command_palette(self) -> None:
        """Open the command palette, its prompt in the interface language."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(
                CommandPalette(id="--command-palette", placeholder=_("Search for commands…"))
            )

    async def action_quit(self) -> None:
        """Quit once the draft's unsaved text is saved.

        A failed save or a conflict shows why (and what to do) instead, and the app stays.
        """
        main = self.find_main_screen()
        if main is None:
            self.exit()
            return
        main.save_then(self.exit)

    def action_help(self) -> None:
        """Show every key, generated from the real bindings."""
        # Imported when first asked for: the first screen does not wait for the dialogs.
        from rtc_tui.ui.dialogs.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.key_entries()))
