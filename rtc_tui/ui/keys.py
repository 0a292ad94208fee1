"""One registry of every key the app answers to, for the help screen and the palette.

Both read the real ``BINDINGS`` of the app, the main screen and each pane (with the user's
keymap applied), so neither can drift from what the keys actually do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class KeyEntry:
    """One action the user can take, where it applies, and the key that does it."""

    scope: str
    """``Global`` or a pane's title."""
    scope_id: str
    """``""`` for global, else the pane id (the palette focuses that pane first)."""
    key: str
    """The key as shown to the user (after the user's keymap)."""
    action: str
    description: str
    binding_id: str


def _display(key: str) -> str:
    parts = []
    for one in key.split(","):
        one = one.strip()
        one = one.replace("ctrl+", "^").replace("question_mark", "?").replace("slash", "/")
        one = one.replace("left_square_bracket", "[").replace("right_square_bracket", "]")
        parts.append(one)
    return "/".join(parts)


def entries(
    scope: str,
    scope_id: str,
    bindings: Iterable[BindingType],
    keymap: Mapping[str, str],
) -> list[KeyEntry]:
    """Key entries for one owner's bindings; bindings without a description are skipped."""
    out: list[KeyEntry] = []
    for binding in Binding.make_bindings(bindings):
        if not binding.description:
            continue
        key = keymap.get(binding.id, binding.key) if binding.id else binding.key
        shown = binding.key_display or _display(key)
        if binding.id and binding.id in keymap:
            shown = _display(key)
        out.append(
            KeyEntry(scope, scope_id, shown, binding.action, binding.description, binding.id or "")
        )
    # The same action bound to several keys (down and j) shows once, keys joined.
    merged: dict[tuple[str, str], KeyEntry] = {}
    for entry in out:
        seen = merged.get((entry.action, entry.description))
        if seen is None:
            merged[(entry.action, entry.description)] = entry
        else:
            merged[(entry.action, entry.description)] = KeyEntry(
                seen.scope,
                seen.scope_id,
                f"{seen.key}/{entry.key}",
                seen.action,
                seen.description,
                seen.binding_id,
            )
    return list(merged.values())
