"""Keys: every binding has an id, help and palette come from the real bindings, keymaps work."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import timedelta
from typing import Any, cast

import pytest
from msgspec.structs import replace
from textual.app import App
from textual.binding import ActiveBinding, Binding
from textual.command import Command, CommandList, CommandPalette
from textual.dom import DOMNode
from textual.message import Message
from textual.notifications import Notification, Notify
from textual.pilot import Pilot
from textual.widget import Widget

import rtc_tui.ui
from rtc_tui.core.models import Event, Level, Sensitivity
from rtc_tui.desk import Desk
from rtc_tui.ui.app import RtcApp
from rtc_tui.ui.commands import PALETTE_EXCLUDED_ACTIONS, entry_title
from rtc_tui.ui.dialogs.help import HelpScreen
from rtc_tui.ui.keymap import clashes
from rtc_tui.ui.keys import APP_OWNER, SCREEN_OWNER, KeyEntry
from rtc_tui.ui.pane_bar import PANES
from rtc_tui.ui.screens.main import MainScreen


@pytest.fixture
def desk(desk: Desk) -> Desk:
    """The shared desk with no trending sources: nothing in these tests may touch the network."""
    return Desk(replace(desk.config, sources=()), desk.store, user=desk.user, now=desk.now)


PANE_IDS = [pane_id for _key, pane_id, _title in PANES]

SYSTEM_COMMANDS = {"Theme", "Screenshot", "Maximize", "Minimize"}
"""Textual's own palette commands we keep: not bindings (the theme switcher has no key)."""


def _seed(desk: Desk) -> None:
    """An event and a draft, so no pane hides a binding for want of something to act on."""
    now = desk.now()
    event = Event(
        id="ev-1",
        source="ANSA",
        title="Blackout at the final",
        score=0.9,
        first_seen=now - timedelta(minutes=5),
        last_seen=now,
        sensitivity=Sensitivity(Level.WARN, ("social_disasters",), ("blackout",)),
    )
    desk.store.events.merge(lambda _current: [event])
    desk.drafts.new(title="Lights", text="We bring the light to the table.", event_id="ev-1")


async def _settle(pilot: Pilot[Any], app: RtcApp) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def _rtc_classes() -> list[type[DOMNode]]:
    for module in pkgutil.walk_packages(rtc_tui.ui.__path__, "rtc_tui.ui."):
        importlib.import_module(module.name)
    found: list[type[DOMNode]] = []
    pending: list[type[DOMNode]] = [DOMNode]
    while pending:
        for sub in pending.pop().__subclasses__():
            if sub not in found:
                found.append(sub)
                pending.append(sub)
    return [c for c in found if c.__module__.startswith("rtc_tui.")]


def test_every_binding_has_an_id_and_a_description() -> None:
    classes = _rtc_classes()
    assert RtcApp in classes
    assert MainScreen in classes
    checked = 0
    ids: dict[str, str] = {}
    for cls in classes:
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
            checked += 1
            where = f"{cls.__qualname__} {binding.key} -> {binding.action}"
            assert binding.id, f"{where} has no id"
            assert binding.description, f"{where} has no description"
            # One id, one action: a keymap entry must not move two different things.
            assert ids.setdefault(binding.id, binding.action) == binding.action, where
    assert checked > 20


def _owner_node(app: RtcApp, entry: KeyEntry) -> DOMNode:
    main = app.main_screen()
    if entry.owner == APP_OWNER:
        return app
    if entry.owner == SCREEN_OWNER:
        return main
    return main.pane(entry.owner)


async def _focus_outside_fields(pilot: Pilot[Any], app: RtcApp, pane_id: str) -> None:
    main = app.main_screen()
    await main.action_show_pane(pane_id)
    pane = main.pane(pane_id)
    (pane if pane.can_focus else pane.focus_target()).focus()
    await pilot.pause()


def _live(active: dict[str, ActiveBinding], entry: KeyEntry) -> dict[str, ActiveBinding]:
    return {
        key: bound
        for key, bound in active.items()
        if bound.binding.action == entry.action and bound.binding.id in entry.binding_ids
    }


async def test_every_help_entry_is_a_live_binding_with_that_key(desk: Desk) -> None:
    _seed(desk)
    app = RtcApp(desk)
    async with app.run_test(size=(160, 48)) as pilot:
        await _settle(pilot, app)
        entries = app.key_entries()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.keys == entries
        await pilot.press("escape")
        scopes = {e.owner for e in entries}
        assert scopes == {APP_OWNER, SCREEN_OWNER, *PANE_IDS}
        problems: list[str] = []
        for pane_id in PANE_IDS:
            await _focus_outside_fields(pilot, app, pane_id)
            active = app.screen.active_bindings
            for entry in (e for e in entries if e.owner in (APP_OWNER, SCREEN_OWNER, pane_id)):
                live = _live(active, entry)
                where = f"in {pane_id}: {entry.key} {entry.description} ({entry.binding_id})"
                if not live:
                    taken = {
                        k: f"{type(bound.node).__name__}.{bound.binding.action}"
                        for k, bound in active.items()
                        if app.get_key_display(bound.binding) in entry.keys
                    }
                    problems.append(f"{where} is not what the key does: {taken}")
                    continue
                if {bound.node for bound in live.values()} != {_owner_node(app, entry)}:
                    problems.append(f"{where} is bound on another node")
                shown = {app.get_key_display(bound.binding) for bound in live.values()}
                if shown != set(entry.keys):
                    problems.append(f"{where} is live on {sorted(shown)}")
        assert problems == []


async def _palette_commands(pilot: Pilot[Any], app: RtcApp) -> list[Command]:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert CommandPalette.is_open(cast("App[object]", app))
    palette = app.screen
    await pilot.press("down")  # show the discovered commands
    await pilot.pause()
    await palette.workers.wait_for_complete()
    await pilot.pause()
    commands = palette.query_one(CommandList)
    options = [commands.get_option_at_index(i) for i in range(commands.option_count)]
    await pilot.press("escape")
    await pilot.pause()
    return [o for o in options if isinstance(o, Command)]


async def test_palette_offers_every_binding_with_its_key_and_nothing_else(desk: Desk) -> None:
    _seed(desk)
    app = RtcApp(desk)
    async with app.run_test(size=(160, 48)) as pilot:
        await _settle(pilot, app)
        entries = [e for e in app.key_entries() if e.action not in PALETTE_EXCLUDED_ACTIONS]
        commands = await _palette_commands(pilot, app)
        offered = {str(c.hit.text): str(c.hit.help or "") for c in commands}
        for entry in entries:
            assert offered.get(entry_title(entry)) == f"key {entry.key}", entry
        rest = set(offered) - {entry_title(e) for e in entries}
        assert rest <= SYSTEM_COMMANDS
        assert "Theme" in rest


async def test_running_a_palette_entry_runs_its_binding_where_it_lives(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(desk)
    app = RtcApp(desk)
    async with app.run_test(size=(160, 48)) as pilot:
        await _settle(pilot, app)
        entries = {entry_title(e): e for e in app.key_entries()}
        commands = await _palette_commands(pilot, app)
        ran: list[tuple[DOMNode, str]] = []

        async def spy(self: DOMNode, action: str, *args: Any, **kwargs: Any) -> bool:
            ran.append((self, action))
            return True

        # Record instead of running: every action at once would quit, open dialogs, export.
        monkeypatch.setattr(Widget, "run_action", spy)
        monkeypatch.setattr(App, "run_action", spy)
        for command in commands:
            entry = entries.get(str(command.hit.text))
            if entry is None:
                continue
            ran.clear()
            command.hit.command()
            await pilot.pause()
            assert ran == [(_owner_node(app, entry), entry.action)], entry
            if entry.scope_id:
                assert app.main_screen().active == entry.scope_id


async def test_palette_entries_really_run(desk: Desk) -> None:
    _seed(desk)
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot, app)
        await pilot.press("ctrl+p", *"global calendar", "enter")
        await pilot.pause()
        assert app.main_screen().active == "calendar"
        await pilot.press("ctrl+p", *"global help", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_remapped_key_works_and_help_and_palette_show_it(desk: Desk) -> None:
    _seed(desk)
    app = RtcApp(desk, keymap={"pane.calendar": "c", "app.help": "f1"})
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot, app)
        await pilot.press("c")
        await pilot.pause()
        assert app.main_screen().active == "calendar"
        await pilot.press("2")  # the old key no longer switches
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert app.main_screen().active == "trending"
        described = {(e.binding_ids, e.key) for e in app.key_entries()}
        assert (("pane.calendar",), "c") in described
        assert (("app.help",), "f1") in described
        commands = await _palette_commands(pilot, app)
        offered = {str(c.hit.text): str(c.hit.help) for c in commands}
        assert offered["Global: Calendar"] == "key c"
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert ("c", "Calendar") in {(k.key, k.description) for k in app.screen.keys}


async def test_unknown_binding_id_in_keys_is_a_warning(desk: Desk) -> None:
    app = RtcApp(desk, keymap={"trending.new-draf": "N"})
    notices: list[Notification] = []

    def collect(message: Message) -> None:
        if isinstance(message, Notify):
            notices.append(message.notification)

    async with app.run_test(size=(80, 24), message_hook=collect) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    warnings = [n.message for n in notices if n.severity == "warning"]
    assert warnings == ["keys: unknown binding id 'trending.new-draf' (the ids are listed by ?)"]


async def test_a_remapped_key_that_clashes_is_a_warning(desk: Desk) -> None:
    app = RtcApp(desk, keymap={"pane.calendar": "1"})
    notices: list[Notification] = []

    def collect(message: Message) -> None:
        if isinstance(message, Notify):
            notices.append(message.notification)

    async with app.run_test(size=(80, 24), message_hook=collect) as pilot:
        await pilot.pause()
    warnings = [n.message for n in notices if n.severity == "warning"]
    assert warnings == ["keys: 1 is bound to both Global Trending and Global Calendar"]


async def test_default_keys_never_clash(desk: Desk) -> None:
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        entries = app.key_entries()
    every_id = {i: "" for e in entries for i in e.binding_ids}
    assert clashes(entries, every_id) == []
