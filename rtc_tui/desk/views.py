"""The vocabulary the UI speaks: the types the desk hands out, and the helpers to show them.

The UI imports the domain only from here (import-linter forbids ``rtc_tui.ui`` importing
``rtc_tui.core``), so the core can be reorganised behind this one module, and what the screens
depend on is written down in one place. The desk's own view models (``EventDetail``,
``SourceStatus``, ``RefreshReport``, ``HealthView``...) live beside their services.
"""

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
from rtc_tui.core.trending.filters import filter_key, matches_query
from rtc_tui.core.trending.ranking import STOP_WORDS, Ranked, words
from rtc_tui.core.trending.stories import Story
from rtc_tui.desk.reviews import ReviewRequest

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
    "shown",
    "shown_hold_reason",
    "shown_summary",
    "time_to_post",
    "to_confirm_label",
    "tone_label",
    "words",
]
