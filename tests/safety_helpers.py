"""The safety checks with the shipped lexicon, for tests that only care about the verdicts."""

from __future__ import annotations

from typing import Any

from rtc_tui.core.models import Draft, Event
from rtc_tui.core.safety import engine
from rtc_tui.core.safety.findings import SafetyReport
from tests.safety_corpus import shipped_lexicon


def check_texts(texts: dict[str, str], **kwargs: Any) -> SafetyReport:
    """:func:`rtc_tui.core.safety.engine.check_texts` with the shipped lexicon."""
    return engine.check_texts(texts, lexicon=shipped_lexicon(), **kwargs)


def check_draft(draft: Draft, event: Event | None = None, **kwargs: Any) -> SafetyReport:
    """The draft's report on its own occasion (origin event or moment), shipped lexicon."""
    setting = engine.draft_setting(draft, event=event)
    return engine.check_draft(draft, lexicon=shipped_lexicon(), setting=setting, **kwargs)
