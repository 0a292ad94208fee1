"""Checks on the user's keymap (the config's ``keys:``): unknown binding ids and new clashes.

The registry of keys lives in :mod:`rtc_tui.ui.keys`; this module only judges a keymap
against it and words the warnings the app shows at start.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from textual.dom import DOMNode

from rtc_tui.i18n import _
from rtc_tui.ui.keys import APP_OWNER, SCREEN_OWNER, KeyEntry, class_bindings


def binding_owners() -> list[type[DOMNode]]:
    """Every rtc-tui class that declares bindings: the app, screens, panes, dialogs."""
    seen: list[type[DOMNode]] = []
    pending: list[type[DOMNode]] = [DOMNode]
    while pending:
        for sub in pending.pop().__subclasses__():
            if sub not in seen:
                seen.append(sub)
                pending.append(sub)
    return [c for c in seen if c.__module__.startswith("rtc_tui.")]


def binding_ids(owners: Iterable[type[DOMNode]]) -> Iterator[str]:
    """Every binding id declared on ``owners`` (to check a keymap names real bindings)."""
    for owner in owners:
        for binding in class_bindings(owner):
            if binding.id:
                yield binding.id


def clashes(found: Iterable[KeyEntry], keymap: Mapping[str, str]) -> list[str]:
    """Keys the user's keymap gives to two actions that are live at the same time.

    Global keys are live in every pane, so a key clashes when two global entries, or a global
    and a pane entry, or two entries of one pane share it. Only clashes the keymap caused are
    reported: the defaults are tested not to clash.
    """
    found = list(found)
    panes = sorted({e.owner for e in found} - {APP_OWNER, SCREEN_OWNER}) or [""]
    messages: list[str] = []
    for pane in panes:
        by_key: dict[str, list[KeyEntry]] = {}
        for entry in found:
            if entry.owner in (APP_OWNER, SCREEN_OWNER, pane):
                for key in entry.keys:
                    by_key.setdefault(key, []).append(entry)
        for key, holders in by_key.items():
            remapped = any(i in keymap for h in holders for i in h.binding_ids)
            if len(holders) > 1 and remapped:
                conjunction = " " + _("and") + " "
                names = conjunction.join(f"{h.scope} {h.description}" for h in holders)
                message = _("keys: {key} is bound to both {actions}").format(key=key, actions=names)
                if message not in messages:
                    messages.append(message)
    return messages


def keymap_warnings(keymap: Mapping[str, str], found: Iterable[KeyEntry]) -> list[str]:
    """What is wrong with the user's keymap: ids that name no binding, then new clashes.

    Args:
        keymap: The user's keymap (binding id -> key or keys, comma-separated).
        found: Every key entry with the keymap applied (the app's ``key_entries()``, which
            imports every pane's class, so their bindings are known here too).

    Returns:
        One warning per problem, worded for a notification.
    """
    known = set(binding_ids(binding_owners()))
    unknown = [
        _("keys: unknown binding id '{id}' (the ids are listed by ?)").format(id=binding_id)
        for binding_id in keymap
        if binding_id not in known
    ]
    return unknown + clashes(found, keymap)
