"""Choosing the theme at start, previewing it in the switcher, remembering it, and ``mono``.

A mixin of :class:`~rtc_tui.ui.app.RtcApp`, kept in its own module so the app stays wiring.
The app loads and registers the themes (:mod:`rtc_tui.ui.themes`), then hands them here with
:meth:`ThemeSwitcher.start_theme`.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on, work
from textual.app import App
from textual.command import Command, CommandPalette
from textual.filter import LineFilter, Monochrome, NoColor
from textual.notifications import SeverityLevel
from textual.worker import Worker, WorkerState

from rtc_tui.desk import Desk
from rtc_tui.i18n import _
from rtc_tui.ui.commands import ThemesProvider
from rtc_tui.ui.themes import NO_COLOR_THEME, LoadedTheme, choose_theme
from rtc_tui.ui.worker_errors import report_worker_failure

THEME_PREFERENCE = "theme"
"""The desk preference holding the theme last chosen in the palette."""

SAVE_PREFERENCE_WORKER = "save-preference"
"""The name of the worker that writes a preference (its failure is shown, not fatal)."""


class ThemeSwitcher(App[None]):
    """The theme in force: picked at start, previewed and chosen in the switcher, remembered."""

    desk: Desk
    _loaded_themes: Sequence[LoadedTheme] = ()
    _saved_theme: str = ""
    _theme_before_preview: str | None = None
    _env_no_color: bool = False

    def start_theme(self, loaded: Sequence[LoadedTheme], requested: str | None) -> list[str]:
        """Pick the theme at start from the registered ``loaded`` themes and apply it.

        Args:
            loaded: The themes ``rtc themes`` lists, already registered with the app.
            requested: ``--theme``, if given.

        Returns:
            A warning when a named theme does not exist (else nothing).
        """
        self._loaded_themes = loaded
        names = {t.theme.name for t in loaded}
        saved = str(self.desk.prefs.get(THEME_PREFERENCE, "") or "")
        name, warning = choose_theme(requested, self.desk.configured_theme, names, persisted=saved)
        self._saved_theme = saved
        self._theme_before_preview = None
        self._mono_filter = Monochrome()
        self._env_no_color = self.no_color
        self.theme = name
        self.no_color = self._env_no_color or name == NO_COLOR_THEME
        return [warning] if warning else []

    @property
    def loaded_themes(self) -> Sequence[LoadedTheme]:
        """The themes ``rtc themes`` lists (shipped, then the user's), in its order."""
        return self._loaded_themes

    @property
    def theme_at_open(self) -> str:
        """The theme in force before the switcher started previewing (else the current one)."""
        return self._theme_before_preview or self.theme

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
                placeholder=_("Search for themes… (highlight previews, enter keeps)"),
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
        if self.desk.configured_theme:
            self.notify(
                _(
                    "Theme {name} saved; the config's theme: {configured} still wins at start."
                ).format(name=name, configured=self.desk.configured_theme),
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
        """Show a notification; without colour a warning or an error says so in words.

        Messages carry outside text (a feed title, a server's reason, a file name), so they
        are always shown literally: ``markup`` is accepted for Textual's callers and ignored.
        """
        del markup
        if self.no_color and not title and severity != "information":
            title = _("Warning") if severity == "warning" else _("Error")
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    @work(thread=True, name=SAVE_PREFERENCE_WORKER, group="preferences", exit_on_error=False)
    def _save_preference(self, key: str, value: object) -> None:
        self.desk.prefs.set(key, value)

    @on(Worker.StateChanged)
    def _worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A preference that could not be written is a warning, never a crash."""
        if event.worker.name == SAVE_PREFERENCE_WORKER and event.state is WorkerState.ERROR:
            self.notify(
                _("Could not remember the choice: {error}").format(error=event.worker.error),
                severity="warning",
                markup=False,
            )
            return
        report_worker_failure(self, event)
