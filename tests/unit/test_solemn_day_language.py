"""The solemn-day warning follows the interface language, whatever the draft's language."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rtc_tui import i18n
from rtc_tui.config import Config
from rtc_tui.desk import Desk
from rtc_tui.store import FileStore
from tests.conftest import FROZEN_NOW


def _desk(data: Path) -> Desk:
    return Desk(Config(), FileStore(data), user="giulia", now=lambda: FROZEN_NOW)


def test_a_draft_made_in_english_warns_once_in_italian(tmp_path: Path) -> None:
    english = _desk(tmp_path / "d")
    occurrence = english.calendar.find_occurrence("holocaust-remembrance-day", date(2027, 1, 20))
    assert occurrence.date == date(2027, 1, 27)
    draft = english.calendar.new_draft(occurrence.moment.id, occurrence.date)
    assert draft.origin is not None
    assert draft.origin.title == "International Holocaust Remembrance Day"
    assert english.calendar.solemn_day(draft, on=occurrence.date) == (
        "International Holocaust Remembrance Day"
    )

    i18n.setup("it")
    italian = _desk(tmp_path / "d")
    # Matched by the moment's id: one day, named in Italian, not the English title beside it.
    assert italian.calendar.solemn_day(draft, on=occurrence.date) == "Giorno della Memoria"
    # Posted on another day, the draft is still linked to it, named in Italian.
    assert italian.calendar.solemn_day(draft, on=date(2027, 2, 3)) == "Giorno della Memoria"
    findings = italian.checklist.safety_report(draft).findings
    solemn = [f for f in findings if "Giorno della Memoria" in f.message]
    assert solemn
    assert not any("Holocaust" in f.message for f in findings)
