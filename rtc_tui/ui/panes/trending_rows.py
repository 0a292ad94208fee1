"""The Trending table's rows: one per story, and its copies under it when expanded.

A story row shows the best title, how many sources carry it, the strongest rise among its
copies and the worst sensitivity any copy has; its copies (one per source) show under it,
indented, when the editor expands it. Cells are ``rich.text.Text`` built from plain strings,
never markup, so a feed title like ``[bold red]x[/]`` shows exactly as written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import cast

from rich.text import Text

from rtc_tui.desk.views import Event, Level, Ranked, Story, TriageState, filter_key
from rtc_tui.i18n import N_, format_fixed, ngettext
from rtc_tui.ui.widgets.story_table import Signature

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

    def signature(self) -> tuple[str, Level, str, str, str, str]:
        """What the row shows, one part per column: a reload touches only the cells it changed."""
        return self._parts()

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


def cells_of(signature: Signature, level_style: Mapping[Level, str]) -> tuple[Text, ...]:
    """The cells of a row showing ``signature`` (:meth:`Row.signature`).

    In :data:`COLUMNS` order, then the title; the level marker styled by ``level_style``.
    """
    state, level, score, rise, source, title = cast(
        "tuple[str, Level, str, str, str, str]", signature
    )
    return (
        Text(state, style="bold" if state == "+" else ""),
        Text(level.marker, style=level_style.get(level, "")),
        Text(score, justify="right"),
        Text(rise, justify="right"),
        Text(source, no_wrap=True, overflow="ellipsis"),
        Text(title, no_wrap=True, overflow="ellipsis"),
    )


@dataclass(eq=False)
class StoryRows:
    """Stories and what the table shows of them, worked out by :func:`prepare_rows`.

    Built off the UI thread (the reload's worker), then handed to the pane, which alone
    changes it from then on (seen marks, dismissed stories): the UI thread only compares
    signatures and touches the rows that changed.
    """

    stories: list[Story] = field(default_factory=list)
    """Ranked, as the desk gave them."""
    rows: list[Row] = field(default_factory=list)
    """One folded row per story, in the same order."""
    signatures: dict[str, Signature] = field(default_factory=dict)
    """What each folded row shows, by row key."""
    filter_keys: dict[str, str] = field(default_factory=dict)
    """What the filter searches, by event id (every copy of every story)."""
    owners: dict[str, int] = field(default_factory=dict)
    """The index in :attr:`rows` of the story each event id belongs to."""
    cells: dict[str, tuple[Signature, tuple[Text, ...]]] = field(default_factory=dict)
    """Each folded row's cells, by row key, with the signature they show: built with the
    rows when the levels' styles were given, each taken once by :meth:`take_cells`."""
    cells_style: Mapping[Level, str] | None = None
    """The levels' styles :attr:`cells` were built with."""

    def take_cells(
        self, key: str, signature: Signature, level_style: Mapping[Level, str]
    ) -> tuple[Text, ...]:
        """The cells of the row ``key`` showing ``signature`` in ``level_style``.

        The ones built with the rows if they show just that in just those styles (given away
        then: a table keeps the cells it is given, so each is taken once), else new ones.
        """
        built = self.cells.pop(key, None)
        if built is not None and built[0] == signature and self.cells_style == level_style:
            return built[1]
        return cells_of(signature, level_style)

    def signature(self, row: Row) -> Signature:
        """What ``row`` shows: worked out already for a folded story row."""
        if row.member is None and not row.expanded:
            known = self.signatures.get(row.key)
            if known is not None:
                return known
        return row.signature()

    def without(self, dropped: set[int]) -> StoryRows:
        """These rows but the stories whose ``id()`` is in ``dropped``."""
        kept = [row for row in self.rows if id(row.story) not in dropped]
        return StoryRows(
            [row.story for row in kept],
            kept,
            self.signatures,
            self.filter_keys,
            {event_id: n for n, row in enumerate(kept) for event_id in row.story.event_ids},
        )


def prepare_rows(
    stories: Sequence[Story],
    previous: StoryRows | None = None,
    level_style: Mapping[Level, str] | None = None,
) -> StoryRows:
    """The folded rows of ``stories``, their signatures and filter keys (thread-safe).

    ``previous`` (what the pane shows now, read only) lends the filter keys of the events it
    had already: an event's key is folded once. With ``level_style`` (the pane's, read on the
    UI thread) the rows' cells are built too: the UI thread then only adds them (building
    them there took half of adding the rest of the ranking, about 1 ms per 100 rows).
    """
    known = previous.filter_keys if previous is not None else {}
    keys: dict[str, str] = {}
    owners: dict[str, int] = {}
    rows: list[Row] = []
    for index, story in enumerate(stories):
        rows.append(Row(story))
        for member in story.events:
            keys[member.id] = known.get(member.id) or filter_key(member)
            owners[member.id] = index
    signatures: dict[str, Signature] = {row.key: row.signature() for row in rows}
    cells = (
        {}
        if level_style is None
        else {key: (shown, cells_of(shown, level_style)) for key, shown in signatures.items()}
    )
    return StoryRows(list(stories), rows, signatures, keys, owners, cells, level_style)


def unfold(folded: Sequence[Row], expanded: set[str]) -> list[Row]:
    """The table's rows: each story, and under the expanded ones (by cluster id) their copies."""
    rows: list[Row] = []
    for row in folded:
        story = row.story
        if story.cluster_id in expanded and len(story.members) > 1:
            rows.append(Row(story, None, True))
            rows.extend(Row(story, member) for member in story.members)
        else:
            rows.append(row)
    return rows
