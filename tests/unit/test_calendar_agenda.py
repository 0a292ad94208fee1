"""The calendar façade: packs on and off, regions, public holidays, user moments, prep state."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rtc_tui.calendar_files import load_calendar
from rtc_tui.core.calendar.agenda import (
    Calendar,
    CalendarSettings,
    DraftLink,
    PrepState,
    countdown,
    needs_prep,
    prep_state,
)
from rtc_tui.core.calendar.moments import MomentOrigin, Tone
from rtc_tui.core.calendar.occurrences import Occurrence
from rtc_tui.core.calendar.public_holidays import parse_country
from rtc_tui.core.calendar.rules import CalendarError
from rtc_tui.core.models import DraftStatus


def _names(occurrences: list[Occurrence]) -> list[str]:
    return [o.moment.id for o in occurrences]


@pytest.fixture(scope="module")
def calendar() -> Calendar:
    return load_calendar(CalendarSettings(regions=("IT", "US", "GB"), holidays=("IT", "US", "GB")))


def test_holidays_fold_into_pack_moments_of_the_same_day(calendar: Calendar) -> None:
    easter = [o for o in calendar.occurrences(date(2026, 4, 5), 2, regions=["IT"]) if o.holiday]
    assert _names(easter) == ["it.pasqua", "it.pasquetta"]
    assert [o.holiday for o in easter] == ["Pasqua", "Lunedì dell'Angelo"]


def test_holidays_without_a_moment_are_rows_of_their_own(calendar: Calendar) -> None:
    (veterans,) = calendar.occurrences(date(2026, 11, 11), 1, regions=["US"])[1:]
    assert veterans.moment.origin is MomentOrigin.HOLIDAYS
    assert veterans.moment.name == "Veterans Day"
    assert veterans.moment.tone is Tone.CIVIC
    assert veterans.moment.tags == ("public-holiday",)
    assert not veterans.in_lead_window(date(2026, 11, 11))


def test_every_italian_holiday_is_a_pack_moment_row(calendar: Calendar) -> None:
    for year in (2026, 2027):
        found = calendar.occurrences(date(year, 1, 1), 365, regions=["IT"])
        bare = [o.moment.name for o in found if o.moment.origin is MomentOrigin.HOLIDAYS]
        assert bare == [], year
        holidays_shown = [o for o in found if o.holiday and o.moment.regions == ("IT",)]
        assert all(o.moment.lead_days > 0 and o.moment.tags for o in holidays_shown)


def test_four_november_is_its_own_day_not_all_saints(calendar: Calendar) -> None:
    found = calendar.occurrences(date(2026, 11, 1), 4, regions=["IT"])
    by_id = {o.moment.id: o for o in found}
    assert by_id["it.ognissanti"].holiday == "Ognissanti"
    assert by_id["it.forze-armate"].date == date(2026, 11, 4)
    assert by_id["it.forze-armate"].holiday == "Giorno dell'unità nazionale"


def test_a_holiday_on_a_solemn_day_merges_into_its_own_moment(calendar: Calendar) -> None:
    found = calendar.occurrences(date(2026, 4, 6), 1, regions=["IT"])
    assert sorted((o.moment.id, o.holiday) for o in found) == [
        ("it.pasquetta", "Lunedì dell'Angelo"),
        ("it.terremoto-aquila", ""),
    ]


def test_names_follow_the_readers_language() -> None:
    english = load_calendar(CalendarSettings(regions=("IT",), holidays=("IT",), language="en"))
    italian = load_calendar(CalendarSettings(regions=("IT",), holidays=("IT",), language="it"))
    day = date(2027, 2, 14)
    assert [o.moment.name for o in english.occurrences(day, 1)] == ["Valentine's Day"]
    assert [o.moment.name for o in italian.occurrences(day, 1)] == ["San Valentino"]
    (pasqua,) = english.occurrences(date(2026, 4, 5), 1)
    assert (pasqua.moment.name, pasqua.holiday) == ("Easter", "Easter Sunday")
    found = italian.find("Valentine's Day")
    assert found is not None
    assert found.name == "San Valentino"
    assert found.hashtags == ("#SanValentino",)


def test_region_filter_keeps_global_and_accepts_uk(calendar: Calendar) -> None:
    day = calendar.occurrences(date(2026, 11, 11), 1, regions=["uk"])
    assert _names(day) == ["global.singles-day", "gb.armistice-day"]
    us = calendar.occurrences(date(2026, 11, 11), 1, regions=["US"])
    assert _names(us) == ["global.singles-day", "holiday.us.veterans-day"]


def test_switched_off_pack_is_hidden_but_still_resolves_references() -> None:
    calendar = load_calendar(CalendarSettings(packs=("global", "it")))
    week = calendar.occurrences(date(2026, 11, 26), 7)
    assert "us.thanksgiving" not in _names(week)
    assert "global.giving-tuesday" in _names(week)


def test_configured_regions_apply_by_default() -> None:
    calendar = load_calendar(CalendarSettings(regions=("GB",)))
    names = _names(calendar.occurrences(date(2026, 5, 1), 31))
    assert "us.mothers-day" not in names
    assert "it.festa-della-mamma" not in names
    assert "global.star-wars-day" in names


def test_user_moments_join_the_agenda() -> None:
    settings = CalendarSettings(
        moments=(
            {"id": "launch", "name": "Launch", "rule": "09-15", "regions": ["IT"], "lead_days": 30},
            {"id": "recap", "name": "Launch recap", "rule": {"moment": "launch", "offset": 7}},
        ),
        source="/home/u/.config/rtc-tui/config.yaml",
    )
    calendar = load_calendar(settings)
    found = calendar.occurrences(date(2026, 9, 1), 30)
    assert [(o.moment.id, o.date) for o in found if o.moment.origin is MomentOrigin.USER] == [
        ("user.launch", date(2026, 9, 15)),
        ("user.recap", date(2026, 9, 22)),
    ]
    moment = calendar.find("Launch")
    assert moment is not None
    assert calendar.next_occurrence(moment, date(2026, 9, 16)) == Occurrence(
        moment, date(2027, 9, 15)
    )


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            CalendarSettings(moments=({"name": "x", "rule": "99-99"},), source="cfg.yaml"),
            "cfg.yaml: moment 'x': rule: '99-99' is not a day of the year",
        ),
        (CalendarSettings(packs=("narnia",), source="cfg.yaml"), "cfg.yaml: unknown pack 'narnia'"),
        (CalendarSettings(regions=("Italy",), source="cfg.yaml"), "cfg.yaml: region 'Italy'"),
        (CalendarSettings(holidays=("XX",), source="cfg.yaml"), "cfg.yaml: no public holidays"),
        (
            CalendarSettings(
                moments=({"name": "x", "rule": {"moment": "nope"}},), source="cfg.yaml"
            ),
            "cfg.yaml: moment 'user.x': rule refers to unknown moment 'user.nope'",
        ),
    ],
)
def test_bad_settings_name_the_config(settings: CalendarSettings, message: str) -> None:
    with pytest.raises(CalendarError) as caught:
        load_calendar(settings)
    assert str(caught.value).startswith(message)


def test_user_pack_file(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text(
        "pack: team\nlanguage: it\nregions: [IT]\nmoments:\n"
        "  - {id: kickoff, name: Kick-off, rule: {moment: it.pasqua, offset: 8}, tags: [team]}\n",
        encoding="utf-8",
    )
    calendar = load_calendar(
        CalendarSettings(packs=("it", "team.yaml"), source=str(tmp_path / "c.yaml"))
    )
    found = [o for o in calendar.occurrences(date(2026, 4, 1), 30) if o.moment.id == "team.kickoff"]
    assert [o.date for o in found] == [date(2026, 4, 13)]


def test_holiday_subdivisions() -> None:
    assert parse_country("GB-ENG") == ("GB", "ENG")
    assert parse_country("uk") == ("GB", None)
    with pytest.raises(CalendarError, match="unknown subdivision"):
        parse_country("GB-XYZ")
    england = load_calendar(CalendarSettings(holidays=("GB-ENG",)))
    names = [o.holiday for o in england.occurrences(date(2026, 8, 31), 1)]
    assert names == ["Late Summer Bank Holiday"]


def _occurrence(calendar: Calendar, moment_id: str, day: date) -> Occurrence:
    moment = calendar.moments.get(moment_id)
    assert moment is not None
    return Occurrence(moment, day)


def test_prep_state_is_the_most_advanced_linked_draft(calendar: Calendar) -> None:
    mamma = _occurrence(calendar, "it.festa-della-mamma", date(2026, 5, 10))
    assert prep_state(mamma, []) is PrepState.NO_DRAFT
    links = [
        DraftLink(1, DraftStatus.DRAFT, "it.festa-della-mamma", "2026-05-10"),
        DraftLink(2, DraftStatus.APPROVED, "it.festa-della-mamma", "2026-05-10"),
        DraftLink(3, DraftStatus.EXPORTED, "it.festa-della-mamma", "2025-05-11"),
        DraftLink(4, DraftStatus.EXPORTED, "us.mothers-day", "2026-05-10"),
    ]
    assert prep_state(mamma, links) is PrepState.APPROVED
    assert prep_state(mamma, links[:1]) is PrepState.DRAFTING
    assert (
        prep_state(mamma, [DraftLink(5, DraftStatus.IN_REVIEW, "it.festa-della-mamma")])
        is PrepState.IN_REVIEW
    )
    assert (
        prep_state(
            mamma,
            [*links, DraftLink(6, DraftStatus.EXPORTED, "it.festa-della-mamma", "2026-05-10")],
        )
        is PrepState.EXPORTED
    )


def test_solemn_days_have_no_celebrate_state(calendar: Calendar) -> None:
    defunti = _occurrence(calendar, "it.commemorazione-dei-defunti", date(2026, 11, 2))
    assert prep_state(defunti, []) is PrepState.OBSERVE
    assert not needs_prep(defunti, PrepState.OBSERVE, date(2026, 11, 1))
    linked = [DraftLink(1, DraftStatus.DRAFT, "it.commemorazione-dei-defunti", "2026-11-02")]
    assert prep_state(defunti, linked) is PrepState.DRAFTING


def test_needs_prep_only_inside_the_lead_window(calendar: Calendar) -> None:
    mamma = _occurrence(calendar, "it.festa-della-mamma", date(2026, 5, 10))  # lead 21 days
    assert not needs_prep(mamma, PrepState.NO_DRAFT, date(2026, 4, 18))
    assert needs_prep(mamma, PrepState.NO_DRAFT, date(2026, 4, 19))
    assert needs_prep(mamma, PrepState.NO_DRAFT, date(2026, 5, 10))
    assert not needs_prep(mamma, PrepState.NO_DRAFT, date(2026, 5, 11))
    assert not needs_prep(mamma, PrepState.DRAFTING, date(2026, 5, 1))


def test_countdown_labels(calendar: Calendar) -> None:
    sanremo = _occurrence(calendar, "it.festival-di-sanremo", date(2026, 2, 24))
    assert countdown(sanremo, date(2026, 2, 12)) == "in 12 d"
    assert countdown(sanremo, date(2026, 2, 23)) == "tomorrow"
    assert countdown(sanremo, date(2026, 2, 24)) == "today"
    assert countdown(sanremo, date(2026, 2, 26)) == "on now"
    assert countdown(sanremo, date(2026, 3, 2)) == "6 d ago"


def test_json_record_shape(calendar: Calendar) -> None:
    (thanksgiving,) = [
        o for o in calendar.occurrences(date(2026, 11, 1), 30) if o.moment.id == "us.thanksgiving"
    ]
    record = thanksgiving.to_dict(date(2026, 11, 14))
    assert record["name"] == "Thanksgiving"
    assert record["date"] == "2026-11-26"
    assert record["region"] == "US"
    assert record["days_until"] == 12
    assert record["tags"] == ["family", "food", "federal-holiday"]
    assert record["tone"] == "celebratory"
    assert record["holiday"] == "Thanksgiving Day"
    assert record["in_lead_window"] is True
