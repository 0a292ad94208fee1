"""One registry of every key the app answers to, for the help screen and the palette.

Both read the real ``BINDINGS`` of the app, the main screen and each pane, with the user's
keymap applied the way Textual applies it (by binding id), so neither can drift from what the
keys actually do. Checks on the user's keymap against it are in :mod:`rtc_tui.ui.keymap`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.binding import Binding, BindingType
from textual.dom import DOMNode

from rtc_tui.i18n import N_, _

APP_OWNER = "app"
"""The :attr:`KeyEntry.owner` of the app's own bindings."""

SCREEN_OWNER = "screen"
"""The :attr:`KeyEntry.owner` of the main screen's bindings."""

GLOBAL_SCOPE = N_("Global")
"""The scope shown for keys that work in every pane (translated where the entries are made)."""


@dataclass(frozen=True)
class KeyEntry:
    """One action the user can take, where it applies, and the keys that do it."""

    scope: str
    """``Global`` or a pane's title, in the interface language."""
    owner: str
    """Whose binding it is: ``app``, ``screen`` or a pane id (the palette runs it there)."""
    keys: tuple[str, ...]
    """Every key that does it, as shown to the user (after the user's keymap)."""
    action: str
    """The Textual action the binding runs, e.g. ``show_pane('calendar')``."""
    description: str
    """What it does, from the binding's description."""
    binding_ids: tuple[str, ...]
    """The ids of the bindings behind it: what the config's ``keys:`` section remaps."""

    @property
    def key(self) -> str:
        """The keys joined for display, e.g. ``q/^q``."""
        return "/".join(self.keys)

    @property
    def binding_id(self) -> str:
        """The ids joined for display, e.g. ``app.quit, app.quit-anywhere``."""
        return ", ".join(self.binding_ids)

    @property
    def scope_id(self) -> str:
        """``""`` for a global key, else the id of the pane it belongs to."""
        return "" if self.owner in (APP_OWNER, SCREEN_OWNER) else self.owner


def class_bindings(owner: type[DOMNode]) -> list[Binding]:
    """The bindings rtc-tui itself declares on ``owner`` and its bases (not Textual's own)."""
    declared: list[BindingType] = []
    for cls in reversed(owner.__mro__):
        if cls.__module__.startswith("rtc_tui.") and "BINDINGS" in cls.__dict__:
            declared.extend(cls.__dict__["BINDINGS"])
    return list(Binding.make_bindings(declared))


def own_bindings(node: DOMNode) -> list[Binding]:
    """The bindings rtc-tui itself declares on ``node``'s class (not Textual's own)."""
    return class_bindings(type(node))


def effective_keys(binding: Binding, keymap: Mapping[str, str]) -> list[str]:
    """The keys that trigger ``binding`` once the user's keymap (by binding id) is applied."""
    if binding.id and keymap.get(binding.id):
        return [key.strip() for key in keymap[binding.id].split(",") if key.strip()]
    return [binding.key]


def key_label(app: App[Any], binding: Binding, key: str) -> str:
    """How ``key`` is shown to the user, exactly as the footer shows it."""
    if key == binding.key:
        return app.get_key_display(binding)
    return app.get_key_display(binding.with_key(key=key, key_display=None))


def entries(
    app: App[Any],
    scope: str,
    owner: str,
    bindings: Iterable[Binding],
    keymap: Mapping[str, str],
) -> list[KeyEntry]:
    """Key entries for one owner's bindings.

    Bindings without a description are skipped (a test checks there are none). The same
    action bound to several keys (``down`` and ``j``) is one entry with both keys.
    """
    merged: dict[tuple[str, str], KeyEntry] = {}
    for binding in bindings:
        if not binding.description or binding.system:
            continue
        labels = tuple(key_label(app, binding, key) for key in effective_keys(binding, keymap))
        ids = (binding.id,) if binding.id else ()
        slot = (binding.action, binding.description)
        seen = merged.get(slot)
        if seen is None:
            merged[slot] = KeyEntry(scope, owner, labels, binding.action, binding.description, ids)
        else:
            merged[slot] = KeyEntry(
                seen.scope,
                seen.owner,
                seen.keys + tuple(k for k in labels if k not in seen.keys),
                seen.action,
                seen.description,
                seen.binding_ids + tuple(i for i in ids if i not in seen.binding_ids),
            )
    return list(merged.values())


def registry(
    app: App[Any],
    screen: DOMNode | None,
    panes: Iterable[tuple[str, str, type[DOMNode]]],
    keymap: Mapping[str, str],
) -> list[KeyEntry]:
    """Every key entry: the app's, the main screen's, then each pane's.

    Args:
        app: The running app (its bindings and its key display).
        screen: The main screen, if it is up.
        panes: ``(pane id, title, pane class)`` for each pane, in key order (the title as
            marked in the source: it is translated here). Classes, not widgets: the keys of a
            pane not mounted yet are listed too.
        keymap: The user's keymap (binding id -> keys).
    """
    found = entries(app, _(GLOBAL_SCOPE), APP_OWNER, own_bindings(app), keymap)
    if screen is not None:
        found += entries(app, _(GLOBAL_SCOPE), SCREEN_OWNER, own_bindings(screen), keymap)
    for pane_id, title, pane in panes:
        found += entries(app, _(title), pane_id, class_bindings(pane), keymap)
    return found
