"""Command palette providers: every action of every pane, with its key."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from rtc_tui.ui.keys import KeyEntry


class ActionsProvider(Provider):
    """Offers every bound action of the main screen and its panes, showing the key."""

    def _entries(self) -> list[KeyEntry]:
        from rtc_tui.ui.screens.main import MainScreen

        main = next((s for s in self.app.screen_stack if isinstance(s, MainScreen)), None)
        return main.key_entries() if main is not None else []

    def _run(self, entry: KeyEntry) -> None:
        from rtc_tui.ui.screens.main import MainScreen

        main = next((s for s in self.app.screen_stack if isinstance(s, MainScreen)), None)
        if main is None:
            return
        if entry.scope_id:
            main.action_show_pane(entry.scope_id)
            target = main.pane(entry.scope_id)
            self.app.call_later(target.run_action, entry.action)
        else:
            self.app.call_later(main.run_action, entry.action)

    async def discover(self) -> Hits:
        """List every action when the palette opens."""
        for entry in self._entries():
            yield DiscoveryHit(
                f"{entry.scope}: {entry.description}",
                partial(self._run, entry),
                help=f"key {entry.key}",
            )

    async def search(self, query: str) -> Hits:
        """Fuzzy-match actions by scope and description."""
        matcher = self.matcher(query)
        for entry in self._entries():
            name = f"{entry.scope}: {entry.description}"
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(name),
                    partial(self._run, entry),
                    help=f"key {entry.key}",
                )
