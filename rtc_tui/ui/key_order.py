"""Run a text field's own bound keys in the order they were typed.

Textual 8.2 (issue Textualize/textual#6605): ``TextArea`` and ``Input`` insert a printable key
in their own key handler, but a bound key (backspace, delete, arrows, ``ctrl+k``…) only runs
once its event has bubbled up to the app. In a burst — keys that arrive before the app has
handled the previous ones: a fast typist, an app busy with a live update, keys pasted over
SSH — the letters that follow a bound key are inserted before it runs. `` abcdefgh``, seven
backspaces and ``X`` left `` ab`` instead of `` aX``: a letter and a deletion lost, from the
user's point of view. Running the field's own binding where the letters are inserted keeps
the typed order. Priority bindings never get here (the app runs them before the field sees
the key), and a key the field does not bind still bubbles to the panes and the screen.
"""

from __future__ import annotations

from textual.events import Key
from textual.widget import Widget
from textual.widgets import Input


async def run_own_binding(widget: Widget, event: Key) -> bool:
    """Run ``widget``'s own enabled binding for ``event`` now; ``True`` if one ran.

    The key's binding is looked up as the app would (the screen's active bindings, the
    focused widget's first, the user's keymap applied), and run only if it is this widget's.
    """
    if event.is_printable:
        return False
    active = widget.screen.active_bindings.get(event.key)
    if active is None or active.node is not widget or not active.enabled:
        return False
    event.stop()
    event.prevent_default()
    await widget.run_action(active.binding.action)
    return True


class OrderedInput(Input):
    """Textual's one-line ``Input`` with its bound keys run in typed order."""

    async def _on_key(self, event: Key) -> None:
        """Letters as ``Input`` inserts them; its own bound keys run here, in key order."""
        if not await run_own_binding(self, event):
            await super()._on_key(event)
