"""The pane bar: the four pane names and their keys, always visible, the active one marked."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from rtc_tui.i18n import N_, _

PANES: tuple[tuple[str, str, str], ...] = (
    ("1", "trending", N_("Trending")),
    ("2", "calendar", N_("Calendar")),
    ("3", "draft", N_("Draft")),
    ("4", "checklist", N_("Checklist")),
)
"""(key, pane id, title) of every pane, in key order (titles translated where shown)."""


class PaneBar(Static):
    """Shows ``[1 Trending] 2 Calendar 3 Draft 4 Checklist`` with the active pane marked."""

    active: reactive[str] = reactive("trending")
    """The id of the active pane."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)

    def render(self) -> Text:
        """The bar; the active pane in reverse video and brackets, so it reads without colour."""
        text = Text(" ")
        for key, pane_id, name in PANES:
            title = _(name)
            if pane_id == self.active:
                text.append(f"[{key} {title}]", style="reverse bold")
            else:
                text.append(f" {key} {title} ")
            text.append(" ")
        text.append(" " + _("? help  ^p commands  q quit"), style="dim")
        return text
