"""The vocabulary the UI speaks: the types the desk hands out, and the helpers to show them.

The UI imports the domain only from here (import-linter forbids ``rtc_tui.ui`` importing
``rtc_tui.core``), so the core can be reorganised behind this one module, and what the screens
depend on is written down in one place. The desk's own view models (``EventDetail``,
``SourceStatus``, ``RefreshReport``, ``HealthView``...) live beside their services.

The names are imported on first use (PEP 562), as in :mod:`rtc_tui.desk`: the first screen
at 80x24 needs the trending types only, not the calendar's rules, the drafting counters or
the safety checklist, which load when their pane is first shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rtc_tui.lazy_module import lazy_attributes

if TYPE_CHECKING:
    from rtc_tui.core.calendar.agenda import (
        AgendaEntry,
        CalendarView,
        countdown,
        marker,
        prep_label,
        to_confirm_label,
    )
    from rtc_tui.core.calendar.moments import MomentOrigin, Tone, tone_label
    from rtc_tui.core.calendar.occurrences import Occurrence
    from rtc_tui.core.drafting.platforms import (
        DEFAULT_LIMITS,
        PLATFORM_LABELS,
        PLATFORM_SHORT_LABELS,
        PLATFORMS,
        measure_all,
    )
    from rtc_tui.core.drafting.workflow import clean_variants, format_elapsed, time_to_post
    from rtc_tui.core.models import Draft, Event, Level, Revision, TriageState
    from rtc_tui.core.phrases import explain, shown, shown_summary
    from rtc_tui.core.publish.crisis import shown_hold_reason
    from rtc_tui.core.publish.queue import QueuedPost
    from rtc_tui.core.safety.checklist import ChecklistState, ItemStatus
    from rtc_tui.core.safety.checklist_actions import MIN_REASON
    from rtc_tui.core.safety.findings import Finding
    from rtc_tui.core.trending.filters import filter_key, matches_query, query_matcher
    from rtc_tui.core.trending.ranking import STOP_WORDS, Ranked, words
    from rtc_tui.core.trending.stories import Story
    from rtc_tui.desk.reviews import ReviewRequest

_WHERE = {
    "AgendaEntry": "rtc_tui.core.calendar.agenda",
    "CalendarView": "rtc_tui.core.calendar.agenda",
    "countdown": "rtc_tui.core.calendar.agenda",
    "marker": "rtc_tui.core.calendar.agenda",
    "prep_label": "rtc_tui.core.calendar.agenda",
    "to_confirm_label": "rtc_tui.core.calendar.agenda",
    "MomentOrigin": "rtc_tui.core.calendar.moments",
    "Tone": "rtc_tui.core.calendar.moments",
    "tone_label": "rtc_tui.core.calendar.moments",
    "Occurrence": "rtc_tui.core.calendar.occurrences",
    "DEFAULT_LIMITS": "rtc_tui.core.drafting.platforms",
    "PLATFORM_LABELS": "rtc_tui.core.drafting.platforms",
    "PLATFORM_SHORT_LABELS": "rtc_tui.core.drafting.platforms",
    "PLATFORMS": "rtc_tui.core.drafting.platforms",
    "measure_all": "rtc_tui.core.drafting.platforms",
    "clean_variants": "rtc_tui.core.drafting.workflow",
    "format_elapsed": "rtc_tui.core.drafting.workflow",
    "time_to_post": "rtc_tui.core.drafting.workflow",
    "Draft": "rtc_tui.core.models",
    "Event": "rtc_tui.core.models",
    "Level": "rtc_tui.core.models",
    "Revision": "rtc_tui.core.models",
    "TriageState": "rtc_tui.core.models",
    "explain": "rtc_tui.core.phrases",
    "shown": "rtc_tui.core.phrases",
    "shown_summary": "rtc_tui.core.phrases",
    "shown_hold_reason": "rtc_tui.core.publish.crisis",
    "QueuedPost": "rtc_tui.core.publish.queue",
    "ChecklistState": "rtc_tui.core.safety.checklist",
    "ItemStatus": "rtc_tui.core.safety.checklist",
    "MIN_REASON": "rtc_tui.core.safety.checklist_actions",
    "Finding": "rtc_tui.core.safety.findings",
    "filter_key": "rtc_tui.core.trending.filters",
    "matches_query": "rtc_tui.core.trending.filters",
    "query_matcher": "rtc_tui.core.trending.filters",
    "STOP_WORDS": "rtc_tui.core.trending.ranking",
    "Ranked": "rtc_tui.core.trending.ranking",
    "words": "rtc_tui.core.trending.ranking",
    "Story": "rtc_tui.core.trending.stories",
    "ReviewRequest": "rtc_tui.desk.reviews",
}
"""Each public name and the module it comes from."""

__all__ = [
    "QueuedPost",
    "DEFAULT_LIMITS",
    "MIN_REASON",
    "PLATFORMS",
    "PLATFORM_LABELS",
    "PLATFORM_SHORT_LABELS",
    "STOP_WORDS",
    "AgendaEntry",
    "CalendarView",
    "ChecklistState",
    "Draft",
    "Event",
    "Finding",
    "ItemStatus",
    "Level",
    "MomentOrigin",
    "Occurrence",
    "Ranked",
    "ReviewRequest",
    "Revision",
    "Story",
    "Tone",
    "TriageState",
    "clean_variants",
    "countdown",
    "explain",
    "filter_key",
    "format_elapsed",
    "marker",
    "matches_query",
    "measure_all",
    "prep_label",
    "query_matcher",
    "shown",
    "shown_hold_reason",
    "shown_summary",
    "time_to_post",
    "to_confirm_label",
    "tone_label",
    "words",
]


__getattr__ = lazy_attributes(__name__, _WHERE, globals())
