"""The Trending table's rows: one per story, and its copies under it when expanded.

A story row shows the best title, how many sources carry it, the strongest rise among its
copies and the worst sensitivity any copy has; its copies (one per source) show under it,
indented, when the editor expands it. Cells are ``rich.text.Text`` built from plain strings,
never markup, so a feed title like ``[bold red]x[/]`` shows exactly as written.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from rtc_tui.desk.views import Event, Level, Ranked, Story, TriageState
from rtc_tui.i18n import N_, format_fixed, ngettext

COLUMNS = (
    ("state", " ", 1),
    ("level", "!", 1),
    ("score", N_("Score"), 5),
    ("rise", N_("Rise"), 6),
    ("source", N_("Source"), 14),
)
"""Key, label (translated where shown) and width of every column but the title."""

MEMBER_INDENT = "  └ "
"""What a copy's title starts with under its expanded story."""


def state_marker(state: TriageState) -> str:
    """``+`` new, ``^`` pinned, ``z`` snoozed, ``x`` dismissed, ``>`` reacted, else blank."""
    return {
        TriageState.NEW: "+",
        TriageState.PINNED: "^",
        TriageState.SNOOZED: "z",
        TriageState.DISMISSED: "x",
        TriageState.REACTED: ">",
    }.get(state, " ")


def rise_cell(rise: float | None) -> str:
    """A growth as the Rise column shows it: ``+240%`` (blank when unmeasured)."""
    if rise is None:
        return ""
    percent = max(-999.0, min(rise * 100, 9999.0))
    return f"{percent:+.0f}%"


def _member_rise(member: Ranked) -> str:
    label = next((f.label for f in member.factors if f.name == "velocity"), "")
    return label.split(" in ", 1)[0]


@dataclass(frozen=True)
class Row:
    """One line of the table: a story, or one copy of an expanded story."""

    story: Story
    member: Ranked | None = None
    """The copy this row shows (``None``: the story's own row)."""
    expanded: bool = False
    """For a story row: its copies are listed under it."""

    @property
    def key(self) -> str:
        """The table's row key: the lead's id for a story, ``lead/copy`` for a copy."""
        if self.member is None:
            return self.story.id
        return f"{self.story.id}/{self.member.event.id}"

    @property
    def event(self) -> Event:
        """The event an action on this row acts on: the copy, or the story's lead."""
        return (self.member or self.story.lead).event

    @property
    def event_ids(self) -> tuple[str, ...]:
        """What triage on this row changes: the copy, or every copy of the story."""
        if self.member is not None:
            return (self.member.event.id,)
        return self.story.event_ids

    def signature(self) -> tuple[object, ...]:
        """What the row shows, to touch only the rows that changed on a reload."""
        return (self.key, self.expanded, *self._parts())

    def _parts(self) -> tuple[str, Level, str, str, str, str]:
        if self.member is not None:
            event = self.member.event
            return (
                state_marker(event.state),
                event.sensitivity.level,
                format_fixed(self.member.score * 100, 1, 5),
                _member_rise(self.member),
                event.source,
                MEMBER_INDENT + event.title,
            )
        story = self.story
        source = story.lead.event.source
        count = len(story.sources)
        if count > 1:
            marker = "▾" if self.expanded else "▸"
            source = (
                marker
                + " "
                + ngettext("{count} source", "{count} sources", count).format(count=count)
            )
        return (
            state_marker(story.state),
            story.sensitivity.level,
            format_fixed(story.score * 100, 1, 5),
            rise_cell(story.rise),
            source,
            story.lead.event.title,
        )

    def cells(self, level_style: dict[Level, str] | None = None) -> tuple[Text, ...]:
        """The row's cells in :data:`COLUMNS` order, then the title."""
        state, level, score, rise, source, title = self._parts()
        return (
            Text(state, style="bold" if state == "+" else ""),
            Text(level.marker, style=(level_style or {}).get(level, "")),
            Text(score, justify="right"),
            Text(rise, justify="right"),
            Text(source, no_wrap=True, overflow="ellipsis"),
            Text(title, no_wrap=True, overflow="ellipsis"),
        )


def rows_for(stories: list[Story], expanded: set[str]) -> list[Row]:
    """The table's rows: each story, and under the expanded ones (by cluster id) their copies."""
    rows: list[Row] = []
    for story in stories:
        opened = story.cluster_id in expanded and len(story.members) > 1
        rows.append(Row(story, None, opened))
        if opened:
            rows.extend(Row(story, member) for member in story.members)
    return rows
