"""The Draft pane's variant line: the base text and each platform's variant, one marked."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text

from rtc_tui.desk.views import PLATFORM_SHORT_LABELS, clean_variants
from rtc_tui.i18n import _
from rtc_tui.ui.widgets.quiet_line import QuietLine

BASE = ""
"""The variant key of the base text."""


class VariantTabs(QuietLine):
    """``Text: [Base]  X*  Mast``: the text being edited in brackets, edited variants starred.

    The marks are brackets, bold and ``*``, so the line reads without colour.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)

    def show_variants(
        self,
        platforms: Sequence[str] | None,
        text: str,
        variants: Mapping[str, str],
        current: str,
    ) -> None:
        """Show the tabs.

        Args:
            platforms: The draft's platforms (``None``: no draft, an empty line).
            text: The base text.
            variants: The working variants (platform -> text), edited or not.
            current: The variant being edited (:data:`BASE` for the base text).
        """
        if platforms is None:
            self.show("")
            return
        line = Text(_("Text: "))
        for key in [BASE, *platforms]:
            name = _("Base") if key == BASE else PLATFORM_SHORT_LABELS[key]
            if key != BASE and variants.get(key, text) != text:
                name += "*"
            if key == current:
                line.append(f"[{name}]", style="bold")
            else:
                line.append(f" {name} ")
            line.append(" ")
        if current != BASE and current not in clean_variants(text, variants):
            line.append(_(" (= base until edited)"), style="dim")
        self.show(line)
