"""Every shipped moment's dates in 2026, 2027 and 2030, checked by hand (not by the code).

How the table was verified (by reasoning, not by running the code):

- Western Easter: 2026-04-05, 2027-03-28, 2030-04-21 (published Easter tables). Shrove Tuesday
  (Martedì grasso, Pancake Day) = Easter - 47: 2026-02-17, 2027-02-09, 2030-03-05, the day
  before the published Ash Wednesdays 2026-02-18, 2027-02-10, 2030-03-06. Mothering Sunday =
  Easter - 21 (fourth Sunday of Lent): 2026-03-15, 2027-03-07, 2030-03-31. Pasquetta = Easter + 1.
- Weekdays from 1 January: 2026 is a Thursday, 2027 a Friday, 2030 a Tuesday (none is a leap
  year). 1 February is 31 days later (+3 weekdays), 1 May 120 days (+1), 1 June +3 from 1 May,
  1 September +1 from 1 June (92 days), 1 November +5 from 1 September (61 days). So 1 February
  is Sun/Mon/Fri; 1 May Fri/Sat/Wed; 1 June Mon/Tue/Sat; 1 September Tue/Wed/Sun; 1 November
  Sun/Mon/Fri.
- Hence 2nd Sunday of May (Mother's Day, Festa della mamma): 10/9/12 May; last Monday of May
  (Memorial Day): 25/31/27 May; 3rd Sunday of June (Father's Day): 21/20/16 June; 1st Monday of
  September (Labor Day): 7/6/2 September; 4th Thursday of November (Thanksgiving): 26/25/28
  November, so Black Friday +1, Small Business Saturday +2, Cyber Monday +4 (30 Nov 2026, 29 Nov
  2027, 2 Dec 2030), GivingTuesday +5; 2nd Sunday of November (Remembrance Sunday): 8/14/10
  November; 2nd Sunday of February (Super Bowl): 8/14/10 February (Super Bowl LX 2026-02-08 and
  LXI 2027-02-14 match the NFL's announced dates).
- Explicit-date events, from the organisers (see the packs' headers): Sanremo 2026 (24-28 Feb,
  a Tuesday), Eurovision final 2026 (16 May, a Saturday), Maturità first paper 2026 (18 June, a
  Thursday), Winter Olympics Milano Cortina 2026 (6-22 Feb, a Friday), Paralympics (6-15 Mar, a
  Friday), FIFA World Cup 2026 (11 Jun - 19 Jul, a Thursday), Euro 2024 (14 Jun, a Friday).
  Later editions not yet announced are estimated on the same weekday nearest the same day and
  flagged "date to confirm": Sanremo Tue 23 Feb 2027 and Tue 26 Feb 2030 (24 Feb is a Wednesday
  in 2027 and a Sunday in 2030); Eurovision Sat 15 May 2027 and Sat 18 May 2030; Maturità Thu
  17 Jun 2027 and Thu 20 Jun 2030; Olympics Fri 8 Feb 2030, Paralympics Fri 8 Mar 2030, World
  Cup Thu 13 Jun 2030, Euro Fri 16 Jun 2028. Weekdays: 1 January 2026 is a Thursday, 2027 a
  Friday, 2028 a Saturday (leap year), 2030 a Tuesday.
- Easter offsets: Giovedì grasso -52 (12 Feb 2026, 4 Feb 2027, 28 Feb 2030), Ash Wednesday -46,
  Ambrosian Carnival (first Saturday of Lent) -43 (21 Feb 2026, 13 Feb 2027, 9 Mar 2030), Good
  Friday -2 (3 Apr 2026, 26 Mar 2027, 19 Apr 2030).
- Lunar New Year: 17 Feb 2026, 6 Feb 2027, 3 Feb 2030 (published Chinese calendar tables).
- nth weekdays: Blue Monday (3rd Monday of January) 19/18/21 Jan; winter sales (1st Saturday of
  January) 3/2/5 Jan; summer sales (1st Saturday of July) 4/3/6 Jul; back to school (2nd Monday
  of September) 14/13/9 Sep.
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest

from rtc_tui.calendar_files import shipped_moments
from rtc_tui.core.calendar.occurrences import MomentSet
from rtc_tui.core.calendar.rules import NthWeekday

YEARS = (2026, 2027, 2030)


def _same(month_day: str) -> tuple[str, str, str]:
    return tuple(f"{y}-{month_day}" for y in YEARS)  # type: ignore[return-value]


SHROVE = ("2026-02-17", "2027-02-09", "2030-03-05")
MOTHERS_DAY = ("2026-05-10", "2027-05-09", "2030-05-12")
FATHERS_DAY = ("2026-06-21", "2027-06-20", "2030-06-16")

EXPECTED: dict[str, tuple[str | None, str | None, str | None]] = {
    # global
    "global.blue-monday": ("2026-01-19", "2027-01-18", "2030-01-21"),
    "global.holocaust-remembrance-day": _same("01-27"),
    "global.valentines-day": _same("02-14"),
    "global.lunar-new-year": ("2026-02-17", "2027-02-06", "2030-02-03"),
    "global.winter-olympics": ("2026-02-06", None, "2030-02-08"),
    "global.winter-paralympics": ("2026-03-06", None, "2030-03-08"),
    "global.international-womens-day": _same("03-08"),
    "global.pi-day": _same("03-14"),
    "global.international-day-of-happiness": _same("03-20"),
    "global.april-fools-day": _same("04-01"),
    "global.earth-day": _same("04-22"),
    "global.world-book-day": _same("04-23"),
    "global.star-wars-day": _same("05-04"),
    "global.eurovision-final": ("2026-05-16", "2027-05-15", "2030-05-18"),
    "global.world-environment-day": _same("06-05"),
    "global.fifa-world-cup": ("2026-06-11", None, "2030-06-13"),
    "global.uefa-euro": (None, None, None),
    "global.summer-olympics": (None, None, None),
    "global.world-emoji-day": _same("07-17"),
    "global.international-friendship-day": _same("07-30"),
    "global.world-mental-health-day": _same("10-10"),
    "global.world-pasta-day": _same("10-25"),
    "global.halloween": _same("10-31"),
    "global.singles-day": _same("11-11"),
    "global.elimination-of-violence-against-women": _same("11-25"),
    "global.black-friday": ("2026-11-27", "2027-11-26", "2030-11-29"),
    "global.cyber-monday": ("2026-11-30", "2027-11-29", "2030-12-02"),
    "global.giving-tuesday": ("2026-12-01", "2027-11-30", "2030-12-03"),
    "global.new-years-eve": _same("12-31"),
    # Italy
    "it.capodanno": _same("01-01"),
    "it.saldi-invernali": ("2026-01-03", "2027-01-02", "2030-01-05"),
    "it.befana": _same("01-06"),
    "it.giorno-del-ricordo": _same("02-10"),
    "it.giovedi-grasso": ("2026-02-12", "2027-02-04", "2030-02-28"),
    "it.martedi-grasso": SHROVE,
    "it.mercoledi-delle-ceneri": ("2026-02-18", "2027-02-10", "2030-03-06"),
    "it.carnevale-ambrosiano": ("2026-02-21", "2027-02-13", "2030-03-09"),
    "it.festival-di-sanremo": ("2026-02-24", "2027-02-23", "2030-02-26"),
    "it.festa-del-gatto": _same("02-17"),
    "it.vittime-covid": _same("03-18"),
    "it.festa-del-papa": _same("03-19"),
    "it.vittime-delle-mafie": _same("03-21"),
    "it.venerdi-santo": ("2026-04-03", "2027-03-26", "2030-04-19"),
    "it.pasqua": ("2026-04-05", "2027-03-28", "2030-04-21"),
    "it.pasquetta": ("2026-04-06", "2027-03-29", "2030-04-22"),
    "it.terremoto-aquila": _same("04-06"),
    "it.liberazione": _same("04-25"),
    "it.festa-dei-lavoratori": _same("05-01"),
    "it.festa-della-mamma": MOTHERS_DAY,
    "it.strage-di-capaci": _same("05-23"),
    "it.festa-della-repubblica": _same("06-02"),
    "it.maturita": ("2026-06-18", "2027-06-17", "2030-06-20"),
    "it.saldi-estivi": ("2026-07-04", "2027-07-03", "2030-07-06"),
    "it.strage-di-bologna": _same("08-02"),
    "it.notte-di-san-lorenzo": _same("08-10"),
    "it.ponte-morandi": _same("08-14"),
    "it.ferragosto": _same("08-15"),
    "it.terremoto-centro-italia": _same("08-24"),
    "it.rientro-a-scuola": ("2026-09-14", "2027-09-13", "2030-09-09"),
    "it.festa-dei-nonni": _same("10-02"),
    "it.vittime-immigrazione": _same("10-03"),
    "it.san-francesco": _same("10-04"),
    "it.ognissanti": _same("11-01"),
    "it.commemorazione-dei-defunti": _same("11-02"),
    "it.forze-armate": _same("11-04"),
    "it.nassiriya": _same("11-12"),
    "it.immacolata": _same("12-08"),
    "it.natale": _same("12-25"),
    "it.santo-stefano": _same("12-26"),
    # United States
    "us.super-bowl-sunday": ("2026-02-08", "2027-02-14", "2030-02-10"),
    "us.st-patricks-day": _same("03-17"),
    "us.mothers-day": MOTHERS_DAY,
    "us.memorial-day": ("2026-05-25", "2027-05-31", "2030-05-27"),
    "us.fathers-day": FATHERS_DAY,
    "us.independence-day": _same("07-04"),
    "us.labor-day": ("2026-09-07", "2027-09-06", "2030-09-02"),
    "us.september-11": _same("09-11"),
    "us.thanksgiving": ("2026-11-26", "2027-11-25", "2030-11-28"),
    "us.small-business-saturday": ("2026-11-28", "2027-11-27", "2030-11-30"),
    # United Kingdom
    "gb.burns-night": _same("01-25"),
    "gb.pancake-day": SHROVE,
    "gb.mothering-sunday": ("2026-03-15", "2027-03-07", "2030-03-31"),
    "gb.st-georges-day": _same("04-23"),
    "gb.fathers-day": FATHERS_DAY,
    "gb.bonfire-night": _same("11-05"),
    "gb.remembrance-sunday": ("2026-11-08", "2027-11-14", "2030-11-10"),
    "gb.armistice-day": _same("11-11"),
    "gb.st-andrews-day": _same("11-30"),
    "gb.christmas-day": _same("12-25"),
    "gb.boxing-day": _same("12-26"),
}

TO_CONFIRM = {
    ("global.eurovision-final", 2027),
    ("global.eurovision-final", 2030),
    ("global.winter-olympics", 2030),
    ("global.winter-paralympics", 2030),
    ("global.fifa-world-cup", 2030),
    ("it.festival-di-sanremo", 2027),
    ("it.festival-di-sanremo", 2030),
    ("it.maturita", 2027),
    ("it.maturita", 2030),
}
"""Estimated dates (no edition announced yet): shown as "date to confirm"."""

SPANS = {
    "it.festival-di-sanremo": 5,
    "global.fifa-world-cup": 39,
    "global.winter-olympics": 17,
    "global.winter-paralympics": 10,
    "global.uefa-euro": 31,
    "global.summer-olympics": 17,
}

SOLEMN = {
    "global.holocaust-remembrance-day",
    "it.giorno-del-ricordo",
    "it.vittime-covid",
    "it.vittime-delle-mafie",
    "it.terremoto-aquila",
    "it.strage-di-capaci",
    "it.strage-di-bologna",
    "it.ponte-morandi",
    "it.terremoto-centro-italia",
    "it.vittime-immigrazione",
    "it.commemorazione-dei-defunti",
    "it.nassiriya",
    "us.memorial-day",
    "us.september-11",
    "gb.remembrance-sunday",
    "gb.armistice-day",
}
"""Every solemn day of the shipped packs (the issue's eight Italian ones among them)."""


@pytest.fixture(scope="module")
def moment_set() -> MomentSet:
    return shipped_moments()


def test_the_table_covers_every_shipped_moment(moment_set: MomentSet) -> None:
    assert {m.id for m in moment_set} == set(EXPECTED)


@pytest.mark.parametrize("moment_id", sorted(EXPECTED))
def test_dates_match_published_calendars(moment_set: MomentSet, moment_id: str) -> None:
    for year, expected in zip(YEARS, EXPECTED[moment_id], strict=True):
        got = moment_set.dates(moment_id, year)
        want = () if expected is None else (date.fromisoformat(expected),)
        assert got == want, f"{moment_id} in {year}"


@pytest.mark.parametrize("moment_id", sorted(EXPECTED))
def test_each_year_window_lists_the_moment_once(moment_set: MomentSet, moment_id: str) -> None:
    for year, expected in zip(YEARS, EXPECTED[moment_id], strict=True):
        found = moment_set.occurrences(
            date(year, 1, 1), date(year + 1, 1, 1), keep=lambda m: m.id == moment_id
        )
        assert [o.date.isoformat() for o in found] == ([] if expected is None else [expected])


def test_nth_weekday_rules_land_on_their_weekday(moment_set: MomentSet) -> None:
    checked = 0
    for moment in moment_set:
        if isinstance(moment.rule, NthWeekday):
            for year in YEARS:
                (day,) = moment_set.dates(moment.id, year)
                assert day.weekday() == moment.rule.weekday
                assert day.month == moment.rule.month
                checked += 1
    assert checked >= 27


def test_multi_day_events_have_their_span(moment_set: MomentSet) -> None:
    for moment_id, span in SPANS.items():
        moment = moment_set.get(moment_id)
        assert moment is not None
        assert moment.span == span
    cup = moment_set.occurrences(
        date(2026, 7, 19), date(2026, 7, 20), keep=lambda m: "fifa" in m.id
    )
    assert [o.end for o in cup] == [date(2026, 7, 19)]


@pytest.mark.parametrize(
    ("moment_id", "country", "holiday"),
    [
        ("us.thanksgiving", "US", "Thanksgiving Day"),
        ("us.memorial-day", "US", "Memorial Day"),
        ("us.labor-day", "US", "Labor Day"),
        ("us.independence-day", "US", "Independence Day"),
        ("it.pasquetta", "IT", "Easter Monday"),
        ("it.festa-della-repubblica", "IT", "Republic Day"),
        ("gb.boxing-day", "GB", "Boxing Day"),
    ],
)
def test_pack_dates_agree_with_the_holidays_package(
    moment_set: MomentSet, moment_id: str, country: str, holiday: str
) -> None:
    table = holidays.country_holidays(country, years=list(YEARS), language="en_US")
    if country == "GB":
        table = holidays.country_holidays(country, years=list(YEARS), language="en_GB")
    for year in YEARS:
        (day,) = moment_set.dates(moment_id, year)
        assert holiday in table.get_list(day)


def test_solemn_days_are_marked_solemn(moment_set: MomentSet) -> None:
    assert {m.id for m in moment_set if m.tone.value == "solemn"} == SOLEMN


@pytest.mark.parametrize("moment_id", sorted(EXPECTED))
def test_estimated_dates_are_flagged_to_confirm(moment_set: MomentSet, moment_id: str) -> None:
    for year, expected in zip(YEARS, EXPECTED[moment_id], strict=True):
        if expected is None:
            continue
        (found,) = moment_set.occurrences(
            date.fromisoformat(expected),
            date.fromisoformat(expected) + timedelta(days=1),
            keep=lambda m: m.id == moment_id,
        )
        assert found.to_confirm == ((moment_id, year) in TO_CONFIRM), (moment_id, year)


def test_euro_2028_is_estimated_until_announced(moment_set: MomentSet) -> None:
    (euro,) = moment_set.dates("global.uefa-euro", 2028)
    assert euro == date(2028, 6, 16)
    euro_2024 = moment_set.get("global.uefa-euro")
    assert euro_2024 is not None
    assert euro_2024.rule.is_estimate(euro)
    assert not euro_2024.rule.is_estimate(date(2024, 6, 14))


def test_twins_are_one_moment_in_each_language(moment_set: MomentSet) -> None:
    twins = {
        "global.valentines-day": ("Valentine's Day", "San Valentino"),
        "global.international-womens-day": ("International Women's Day", "Festa della donna"),
        "global.holocaust-remembrance-day": (
            "International Holocaust Remembrance Day",
            "Giorno della Memoria",
        ),
        "global.new-years-eve": ("New Year's Eve", "San Silvestro"),
    }
    for moment_id, (english, italian) in twins.items():
        moment = moment_set.get(moment_id)
        assert moment is not None
        assert moment.localized("en").name == english
        assert moment.localized("it").name == italian
        for name in (english, italian):
            assert [m.id for m in moment_set if name in m.names] == [moment_id]


def test_an_italian_editor_sees_no_name_twice_a_day(moment_set: MomentSet) -> None:
    for language in ("it", "en"):
        seen: dict[tuple[date, str], str] = {}
        found = moment_set.occurrences(date(2026, 1, 1), date(2028, 1, 1), regions=["IT"])
        for occurrence in found:
            key = (occurrence.date, occurrence.moment.localized(language).name.lower())
            assert key not in seen, (key, seen.get(key), occurrence.moment.id)
            seen[key] = occurrence.moment.id


def test_global_retail_days_are_observed_in_italy(moment_set: MomentSet) -> None:
    for moment_id in ("global.black-friday", "global.cyber-monday", "global.singles-day"):
        moment = moment_set.get(moment_id)
        assert moment is not None
        assert moment.in_regions(["IT"]), moment_id


def test_every_shipped_moment_has_lead_days_tags_and_a_name(moment_set: MomentSet) -> None:
    for moment in moment_set:
        assert moment.lead_days > 0, moment.id
        assert moment.tags, moment.id
        assert moment.name.strip(), moment.id
        assert moment.language in {"it", "en"}, moment.id
        if moment.id.startswith(("global.", "it.")):
            assert {t.language for t in moment.translations} | {moment.language} == {"it", "en"}
            italian = moment.localized("it")
            assert all(t.startswith("#") for t in italian.hashtags), moment.id
