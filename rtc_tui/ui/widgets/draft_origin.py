"""The Draft pane's origin line: what the draft reacts to, how sensitive, and how long ago."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from rtc_tui.desk.views import Draft, format_elapsed, time_to_post
from rtc_tui.i18n import N_, _
from rtc_tui.ui.widgets.quiet_line import QuietLine

WORDS = {"warn": N_("warn"), "block": N_("block"), "event": N_("event"), "moment": N_("moment")}
"""The sensitivity levels and origin kinds the header names (translated where shown)."""


class OriginLine(QuietLine):
    """``#3 [! warn] event: Title  · 12 min since first seen``, or a hint with no draft.

    Redrawn only when the time to post shown changes, so the pane can call it on every tick.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._elapsed_shown = ""

    def show_origin(self, draft: Draft | None, now: datetime, *, force: bool = False) -> None:
        """Show ``draft``'s origin as of ``now``.

        Args:
            draft: The draft being edited (``None``: a hint on how to start one).
            now: The current time (for the time since the origin was first seen).
            force: Redraw even when the time shown has not changed (the draft has).
        """
        elapsed = time_to_post(draft, now) if draft is not None else None
        shown = format_elapsed(elapsed) if elapsed is not None else ""
        if not force and shown == self._elapsed_shown:
            return
        self._elapsed_shown = shown
        if draft is None:
            self.show(_("No draft yet: n here, or n on an event or a moment."))
            return
        text = Text(f"#{draft.id} ")
        if draft.origin is not None:
            level = draft.origin.sensitivity.level
            if level.value != "none":
                word = _(WORDS.get(level.value, level.value))
                text.append(f"[{level.marker} {word}] ", style="bold reverse")
            kind = _(WORDS.get(draft.origin.kind, draft.origin.kind))
            text.append(f"{kind}: {draft.origin.title}")
            if shown:
                text.append(_("  · {elapsed} since first seen").format(elapsed=shown))
        else:
            text.append(draft.title)
        self.show(text)
