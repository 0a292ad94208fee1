"""The Draft pane's counters row: each platform's length against its limit, tags, warnings."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text

from rtc_tui.desk.views import measure_all
from rtc_tui.i18n import _
from rtc_tui.ui.widgets.quiet_line import QuietLine

NARROW_COLUMNS = 90
"""Below this many columns of the pane, counters use the platforms' short labels."""

_NBSP = "\u00a0"


class CountersRow(QuietLine):
    """``X 278/280  Mast 278/500 …  #1 @1``: an over-limit counter in bold reverse.

    A counter never breaks inside itself (its spaces are non-breaking), so the row wraps
    between counters when the pane is narrow.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.plain = ""
        """The row as plain text (what the user reads)."""

    def show_counts(
        self,
        texts: Mapping[str, str],
        limits: Mapping[str, int],
        variant: str,
        *,
        narrow: bool,
    ) -> str:
        """Count each platform's text and show the row.

        Args:
            texts: The text each chosen platform would post, in display order (empty: none
                chosen yet).
            limits: Platform limits with the config's overrides.
            variant: The platform being edited, whose hashtags and mentions are shown (any
                other value shows the first platform's).
            narrow: Use the short platform labels.

        Returns:
            The row as plain text (``""`` when no platform is chosen).
        """
        if not texts:
            self.plain = ""
            self.show(_("No platforms chosen: p to choose."))
            return self.plain
        counts = measure_all(texts, limits)
        text = Text()
        plain: list[str] = []
        for count in counts.values():
            label = count.counter(short=narrow).replace(" ", _NBSP)
            plain.append(count.counter(short=narrow))
            if text:
                text.append("  ")
            text.append(label, style="" if count.ok else "bold reverse")
        shown = counts.get(variant) or next(iter(counts.values()))
        tags = f"#{shown.hashtags}{_NBSP}@{shown.mentions}"
        warnings = [w for c in counts.values() for w in c.warnings]
        text.append(f"  {tags}", style="dim")
        plain.append(tags.replace(_NBSP, " "))
        if warnings:
            text.append(f"  ~{warnings[0]}", style="italic")
        self.plain = "  ".join(plain)
        self.show(text)
        return self.plain
