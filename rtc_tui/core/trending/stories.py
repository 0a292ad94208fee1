"""Stories: the events of one cluster (the same story seen by several sources) as one item.

The Trending list shows one row per story, not one per source copy: Sanremo reported by six
sources is one row saying "6 sources", with the best of its titles, the strongest rise among
its copies and the worst sensitivity any copy was found to have. A draft started from any
copy is checked against the whole story (:func:`story_context_text`), so an unflagged copy of a
flagged story cannot slip a joke through.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rtc_tui.core.models import Event, Level, Sensitivity, TriageState
from rtc_tui.core.trending.ranking import Ranked, RankSettings, growth, title_tokens

HEADLINE_WORDS = 3
"""Content words from which a title reads as a headline (``#Sanremo2026`` has one)."""


@dataclass(frozen=True)
class Story:
    """The events of one cluster, best first, with what the row shows about all of them."""

    members: tuple[Ranked, ...]
    """Every copy, highest score first (never empty)."""
    lead: Ranked
    """The copy whose title the row shows (:func:`lead_of`); ``n`` drafts from it."""
    rise: float | None
    """The strongest growth of a copy's signal (``2.4`` = +240%), ``None`` when unmeasured."""
    rise_label: str
    """That growth for people: ``+240% in 1 h`` (empty when unmeasured)."""
    sensitivity: Sensitivity
    """The worst sensitivity of any copy (:func:`worst_sensitivity`)."""

    @property
    def id(self) -> str:
        """The lead event's id (what the row is keyed by)."""
        return self.lead.event.id

    @property
    def cluster_id(self) -> str:
        """The cluster's id."""
        return self.lead.cluster_id

    @property
    def score(self) -> float:
        """The best score of a copy."""
        return max(m.score for m in self.members)

    @property
    def events(self) -> tuple[Event, ...]:
        """Every copy's event, best first."""
        return tuple(m.event for m in self.members)

    @property
    def event_ids(self) -> tuple[str, ...]:
        """Every copy's id, best first (a story's triage applies to all of them)."""
        return tuple(m.event.id for m in self.members)

    @property
    def sources(self) -> tuple[str, ...]:
        """The distinct sources carrying it, in the members' order."""
        return tuple(dict.fromkeys(m.event.source for m in self.members))

    @property
    def state(self) -> TriageState:
        """Pinned if a copy is; new if a copy is (a new source confirming it is news)."""
        return story_state(self.events)


def story_state(events: Iterable[Event]) -> TriageState:
    """The triage state a story shows: pinned, else new, else reacted, else the first's."""
    states = [e.state for e in events]
    for wanted in (TriageState.PINNED, TriageState.NEW, TriageState.REACTED):
        if wanted in states:
            return wanted
    return states[0] if states else TriageState.SEEN


def worst_sensitivity(sensitivities: Iterable[Sensitivity]) -> Sensitivity:
    """The worst level of several, with every category and matched term of that level or above.

    Lower-level findings are dropped from the lists: the story is as sensitive as its worst
    copy, and what made it so is what the editor needs to read.
    """
    found = list(sensitivities)
    level = max((s.level for s in found), key=lambda lv: lv.rank, default=Level.NONE)
    if level is Level.NONE:
        return Sensitivity()
    kept = [s for s in found if s.level is level]
    categories = tuple(dict.fromkeys(c for s in kept for c in s.categories))
    terms = tuple(dict.fromkeys(t for s in kept for t in s.terms))
    return Sensitivity(level=level, categories=categories, terms=terms)


def is_headline(title: str) -> bool:
    """Whether a title has three content words or more (it says what happened)."""
    return sum(1 for t in title_tokens(title) if not t.isdigit()) >= HEADLINE_WORDS


def lead_of(members: Sequence[Ranked], headline: Callable[[Ranked], bool] | None = None) -> Ranked:
    """The copy whose title tells the story: the best-scored headline, else the best copy.

    A headline (three content words or more) says what happened; a bare tag or search term
    (``#Sanremo2026``, ``sanremo``) may score higher but tells a reader less. ``headline``
    answers from what the ingest worked out (the stored ranking) instead of reading titles.
    """
    check = headline or (lambda member: is_headline(member.event.title))
    for member in members:
        if check(member):
            return member
    return members[0]


def _rise(members: Sequence[Ranked], settings: RankSettings) -> tuple[float | None, str]:
    best: tuple[float, str] | None = None
    for member in members:
        label = next((f.label for f in member.factors if f.name == "velocity"), "")
        measured = growth(member.event.signal_history, settings.velocity_window)
        if measured is None or not label:
            continue
        if best is None or measured[0] > best[0]:
            best = (measured[0], label)
    if best is None:
        return None, ""
    return best


def stories(
    ranked: Iterable[Ranked],
    settings: RankSettings | None = None,
    *,
    headline: Callable[[Ranked], bool] | None = None,
) -> list[Story]:
    """Group ranked events into stories, in the order of each story's best copy.

    ``ranked`` comes in the order the list wants (pinned first, then by score); a story takes
    the place of its first member, so that order is kept. ``headline``: see :func:`lead_of`.
    """
    settings = settings or RankSettings()
    groups: dict[str, list[Ranked]] = defaultdict(list)
    order: list[str] = []
    for item in ranked:
        key = item.cluster_id or item.event.id
        if key not in groups:
            order.append(key)
        groups[key].append(item)
    out: list[Story] = []
    for key in order:
        members = sorted(groups[key], key=lambda r: (-r.score, r.event.id))
        rise, label = _rise(members, settings)
        out.append(
            Story(
                members=tuple(members),
                lead=lead_of(members, headline),
                rise=rise,
                rise_label=label,
                sensitivity=worst_sensitivity(m.event.sensitivity for m in members),
            )
        )
    return out


def story_context_text(event: Event, others: Iterable[Event]) -> str:
    """What the checks scan of a story besides the copy a draft came from.

    The event's own summary, then the other copies' titles and summaries, one per line: a
    tragedy named only by another source still counts.
    """
    lines = [event.summary] if event.summary else []
    for other in others:
        if other.id == event.id:
            continue
        lines.append(other.title)
        if other.summary:
            lines.append(other.summary)
    return "\n".join(dict.fromkeys(line for line in lines if line.strip()))
