"""Every shipped moment's dates in 2026, 2027 and 2030, checked by hand.

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
- Explicit-date events only in the years they are announced: Sanremo 2026 (24-28 Feb),
  Eurovision final 2026 (16 May, Vienna), FIFA World Cup 2026 (11 Jun - 19 Jul).
"""

from __future__ import annotations

from datetime import date

import holidays
import pytest

from rtc_tui.core.occurrences import MomentSet
from rtc_tui.core.packs import load_shipped_packs
from rtc_tui.core.rules import NthWeekday

YEARS = (2026, 2027, 2030)


def _same(month_day: str) -> tuple[str, str, str]:
    return tuple(f"{y}-{month_day}" for y in YEARS)  # type: ignore[return-value]


SHROVE = ("2026-02-17", "2027-02-09", "2030-03-05")
MOTHERS_DAY = ("2026-05-10", "2027-05-09", "2030-05-12")
FATHERS_DAY = ("2026-06-21", "2027-06-20", "2030-06-16")

EXPECTED: dict[str, tuple[str | None, str | None, str | None]] = {
    # global
    "global.holocaust-remembrance-day": _same("01-27"),
    "global.valentines-day": _same("02-14"),
    "global.international-womens-day": _same("03-08"),
    "global.pi-day": _same("03-14"),
    "global.international-day-of-happiness": _same("03-20"),
    "global.april-fools-day": _same("04-01"),
    "global.earth-day": _same("04-22"),
    "global.world-book-day": _same("04-23"),
    "global.star-wars-day": _same("05-04"),
    "global.eurovision-final": ("2026-05-16", None, None),
    "global.world-environment-day": _same("06-05"),
    "global.fifa-world-cup": ("2026-06-11", None, None),
    "global.world-emoji-day": _same("07-17"),
    "global.international-friendship-day": _same("07-30"),
    "global.world-mental-health-day": _same("10-10"),
    "global.halloween": _same("10-31"),
    "global.singles-day": _same("11-11"),
    "global.elimination-of-violence-against-women": _same("11-25"),
    "global.giving-tuesday": ("2026-12-01", "2027-11-30", "2030-12-03"),
    "global.new-years-eve": _same("12-31"),
    # Italy
    "it.befana": _same("01-06"),
    "it.giorno-della-memoria": _same("01-27"),
    "it.giorno-del-ricordo": _same("02-10"),
    "it.san-valentino": _same("02-14"),
    "it.festival-di-sanremo": ("2026-02-24", None, None),
    "it.martedi-grasso": SHROVE,
    "it.festa-della-donna": _same("03-08"),
    "it.festa-del-papa": _same("03-19"),
    "it.vittime-delle-mafie": _same("03-21"),
    "it.pasqua": ("2026-04-05", "2027-03-28", "2030-04-21"),
    "it.pasquetta": ("2026-04-06", "2027-03-29", "2030-04-22"),
    "it.liberazione": _same("04-25"),
    "it.festa-dei-lavoratori": _same("05-01"),
    "it.festa-della-mamma": MOTHERS_DAY,
    "it.festa-della-repubblica": _same("06-02"),
    "it.ferragosto": _same("08-15"),
    "it.festa-dei-nonni": _same("10-02"),
    "it.ognissanti": _same("11-01"),
    "it.commemorazione-dei-defunti": _same("11-02"),
    "it.natale": _same("12-25"),
    "it.santo-stefano": _same("12-26"),
    "it.san-silvestro": _same("12-31"),
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
    "us.black-friday": ("2026-11-27", "2027-11-26", "2030-11-29"),
    "us.small-business-saturday": ("2026-11-28", "2027-11-27", "2030-11-30"),
    "us.cyber-monday": ("2026-11-30", "2027-11-29", "2030-12-02"),
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

SPANS = {"it.festival-di-sanremo": 5, "global.fifa-world-cup": 39}


@pytest.fixture(scope="module")
def moment_set() -> MomentSet:
    return MomentSet(m for pack in load_shipped_packs() for m in pack.moments)


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
    solemn = {m.id for m in moment_set if m.tone.value == "solemn"}
    assert {
        "it.giorno-della-memoria",
        "it.commemorazione-dei-defunti",
        "us.september-11",
        "gb.remembrance-sunday",
        "global.holocaust-remembrance-day",
    } <= solemn


def test_every_shipped_moment_has_lead_days_tags_and_a_name(moment_set: MomentSet) -> None:
    for moment in moment_set:
        assert moment.lead_days > 0, moment.id
        assert moment.tags, moment.id
        assert moment.name.strip(), moment.id
        assert moment.language in {"it", "en"}, moment.id
