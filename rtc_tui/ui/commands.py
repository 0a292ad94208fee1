"""Command palette providers: every bound action with its key, and the theme switcher."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Sequence
from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from rtc_tui.i18n import _, pgettext
from rtc_tui.ui.keys import KeyEntry
from rtc_tui.ui.themes import LoadedTheme

PALETTE_EXCLUDED_ACTIONS = frozenset({"command_palette"})
"""Bound actions the palette does not offer (opening the palette from the palette)."""


@runtime_checkable
class KeyedApp(Protocol):
    """What the actions provider needs of the app (the app implements it; no import of it)."""

    def key_entries(self) -> list[KeyEntry]:
        """Every key of the app, the screen and the panes."""

    def run_key_entry(self, entry: KeyEntry) -> None:
        """Run the action behind ``entry``."""


@runtime_checkable
class ThemedApp(Protocol):
    """What the theme switcher provider needs of the app."""

    @property
    def theme_at_open(self) -> str:
        """The theme in force when the switcher opened."""

    @property
    def loaded_themes(self) -> Sequence[LoadedTheme]:
        """Every theme ``rtc themes`` lists."""

    def choose_theme(self, name: str) -> None:
        """Apply and remember ``name``."""


def palette_entries(app: KeyedApp) -> list[KeyEntry]:
    """The key entries the palette offers."""
    return [e for e in app.key_entries() if e.action not in PALETTE_EXCLUDED_ACTIONS]


def entry_title(entry: KeyEntry) -> str:
    """How an entry reads in the palette, e.g. ``Trending: New draft``."""
    return f"{entry.scope}: {entry.description}"


def entry_help(entry: KeyEntry) -> str:
    """The palette's second line for an entry: its key (escaped: keys like ``[`` are text)."""
    return escape(_("key {key}").format(key=entry.key))


def theme_help(loaded: LoadedTheme) -> str:
    """The switcher's second line for a theme: where it comes from, dark or light."""
    if loaded.origin == "built-in":
        origin = pgettext("theme origin", "built-in")
    else:
        origin = pgettext("theme origin", "file")
    shade = _("dark") if loaded.theme.dark else _("light")
    return f"{origin}, {shade}"


class ListedProvider(Provider):
    """A provider of a fixed list of commands: all on opening, fuzzy-matched on typing.

    Subclasses say what the list is; showing it and matching in it is the same for both.
    """

    @abstractmethod
    def _commands(self) -> list[tuple[str, Callable[[], None], str]]:
        """Each command's title (plain text), what it runs and its help line (markup)."""

    async def discover(self) -> Hits:
        """Every command when the palette opens, in the list's order."""
        for title, run, help_text in self._commands():
            yield DiscoveryHit(escape(title), run, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        """Fuzzy-match the commands' titles."""
        matcher = self.matcher(query)
        for title, run, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(escape(title)), run, text=title, help=help_text)


class ActionsProvider(ListedProvider):
    """Offers every bound action of the app, the main screen and the panes, showing its key.

    Typing matches an action's scope and description (its title).
    """

    def _commands(self) -> list[tuple[str, Callable[[], None], str]]:
        keyed = self.app
        if not isinstance(keyed, KeyedApp):
            return []
        return [
            (entry_title(e), partial(keyed.run_key_entry, e), entry_help(e))
            for e in palette_entries(keyed)
        ]


class ThemesProvider(ListedProvider):
    """The theme switcher: every theme ``rtc themes`` lists, the current one first.

    The current one comes first so that opening the switcher changes nothing; typing matches
    theme names.

    The app previews the highlighted theme while the switcher is open and puts the old one
    back on escape; choosing one applies and remembers it.
    """

    def _commands(self) -> list[tuple[str, Callable[[], None], str]]:
        themed = self.app
        if not isinstance(themed, ThemedApp):
            return []
        current = themed.theme_at_open
        items = sorted(themed.loaded_themes, key=lambda t: t.theme.name != current)
        return [
            (
                t.theme.name,
                partial(themed.choose_theme, t.theme.name),
                escape(theme_help(t)),
            )
            for t in items
        ]
