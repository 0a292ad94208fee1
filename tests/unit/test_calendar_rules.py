"""Rules, moment validation and pack loading: good input works, bad input names file and moment."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from rtc_tui.calendar_files import decode_pack as parse_pack
from rtc_tui.calendar_files import read_pack as load_pack
from rtc_tui.core.calendar.moments import (
    Moment,
    MomentOrigin,
    Tone,
    normalize_region,
    parse_moment,
    slugify,
)
from rtc_tui.core.calendar.occurrences import MomentSet
from rtc_tui.core.calendar.packs import parse_user_moments
from rtc_tui.core.calendar.rules import (
    CalendarError,
    EasterOffset,
    ExplicitDates,
    FixedDate,
    NthWeekday,
    OffsetFrom,
    Recurrence,
    parse_rule,
)


def _no_refs(moment_id: str, year: int) -> tuple[date, ...]:
    raise AssertionError(f"unexpected reference to {moment_id}")


@pytest.mark.parametrize(
    ("raw", "rule"),
    [
        ("03-08", FixedDate(3, 8)),
        ({"date": "12-25"}, FixedDate(12, 25)),
        ({"nth": 2, "weekday": "sunday", "month": 5}, NthWeekday(5, 6, 2)),
        ({"nth": "last", "weekday": "Mon", "month": 5}, NthWeekday(5, 0, -1)),
        ({"easter": -47}, EasterOffset(-47)),
        ("easter+1", EasterOffset(1)),
        ("Easter", EasterOffset(0)),
        ({"moment": "thanksgiving", "offset": 1}, OffsetFrom("thanksgiving", 1)),
        (
            {"dates": ["2026-02-24", date(2027, 2, 23)]},
            ExplicitDates((date(2026, 2, 24), date(2027, 2, 23))),
        ),
    ],
)
def test_parse_rule_forms(raw: Any, rule: object) -> None:
    assert parse_rule(raw) == rule


@pytest.mark.parametrize(
    "rule",
    [
        FixedDate(2, 29),
        NthWeekday(11, 3, 4),
        NthWeekday(5, 0, -1),
        EasterOffset(-21),
        OffsetFrom("us.thanksgiving", 4),
        ExplicitDates((date(2026, 2, 24),)),
        Recurrence("FREQ=YEARLY;BYMONTH=5;BYDAY=2SU", date(2020, 5, 10), (date(2021, 5, 9),)),
    ],
)
def test_rules_round_trip_through_pack_form(rule: object) -> None:
    assert parse_rule(rule.to_dict()) == rule  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("13-01", "not a day of the year"),
        ("02-30", "not a day of the year"),
        ("March 8", "MM-DD"),
        ({"nth": 6, "weekday": "sunday", "month": 5}, "nth must be 1-5 or last"),
        ({"nth": 2, "weekday": "funday", "month": 5}, "weekday"),
        ({"nth": 2, "weekday": "sunday", "month": 13}, "month must be 1-12"),
        ({"nth": 2, "weekday": "sunday"}, "needs nth, weekday and month"),
        ({"easter": "soon"}, "whole number"),
        ({"easter": 400}, "more than a year"),
        ({"date": "03-08", "easter": 1}, "exactly one of"),
        ({"date": "03-08", "offset": 1}, "unexpected key 'offset'"),
        ({"dates": []}, "non-empty list"),
        ({"dates": ["tomorrow"]}, "must be a date"),
        ({"rrule": "FREQ=WEEKLY", "start": "2026-01-05"}, "only yearly"),
        ({"rrule": "FREQ=YEARLY;BYDAY=XX", "start": "2026-01-05"}, "invalid recurrence"),
        (42, "must be a date like 03-08 or a mapping"),
    ],
)
def test_bad_rules_say_what_is_wrong(raw: Any, message: str) -> None:
    with pytest.raises(CalendarError, match=message):
        parse_rule(raw)


def test_fixed_29_february_only_in_leap_years() -> None:
    rule = FixedDate(2, 29)
    assert rule.dates_in(2028, _no_refs) == (date(2028, 2, 29),)
    assert rule.dates_in(2027, _no_refs) == ()


def test_fifth_weekday_exists_only_some_years() -> None:
    rule = NthWeekday(month=5, weekday=4, nth=5)  # 5th Friday of May
    assert rule.dates_in(2026, _no_refs) == (date(2026, 5, 29),)
    assert rule.dates_in(2027, _no_refs) == ()


def test_last_weekday_of_december_crosses_no_year() -> None:
    assert NthWeekday(12, 4, -1).dates_in(2026, _no_refs) == (date(2026, 12, 25),)


def test_recurrence_honours_start_and_exceptions() -> None:
    rule = Recurrence("FREQ=YEARLY;BYMONTH=5;BYDAY=2SU", date(2025, 5, 11), (date(2027, 5, 9),))
    assert rule.dates_in(2024, _no_refs) == ()
    assert rule.dates_in(2026, _no_refs) == (date(2026, 5, 10),)
    assert rule.dates_in(2027, _no_refs) == ()
    counted = Recurrence("FREQ=YEARLY;COUNT=2", date(2026, 3, 1))
    assert [counted.dates_in(y, _no_refs) for y in (2026, 2027, 2028)] == [
        (date(2026, 3, 1),),
        (date(2027, 3, 1),),
        (),
    ]


def test_describe_reads_like_english() -> None:
    assert NthWeekday(5, 6, 2).describe() == "2nd Sunday of May"
    assert NthWeekday(5, 0, -1).describe() == "last Monday of May"
    assert FixedDate(3, 8).describe() == "8 March"
    assert EasterOffset(-47).describe() == "Easter -47 d"
    assert OffsetFrom("us.thanksgiving", 1).describe() == "us.thanksgiving +1 d"


@pytest.mark.parametrize(
    ("code", "want"), [("it", "IT"), ("UK", "GB"), ("uk", "GB"), (" us ", "US")]
)
def test_regions_are_iso_alpha2(code: str, want: str) -> None:
    assert normalize_region(code) == want


@pytest.mark.parametrize("code", ["ITA", "1T", "", "global"])
def test_bad_regions_are_refused(code: str) -> None:
    with pytest.raises(CalendarError, match="two-letter ISO"):
        normalize_region(code)


def test_slugify_keeps_keys_readable() -> None:
    assert slugify("Festa della Mamma!") == "festa-della-mamma"
    assert slugify("New Year's Day") == "new-years-day"
    assert slugify("Martedì grasso") == "martedi-grasso"
    assert slugify("!!!") == "moment"


def _moment(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"id": "launch", "name": "Product launch", "rule": "09-15"}
    base.update(fields)
    return base


def test_parse_moment_fills_defaults_and_qualifies() -> None:
    moment = parse_moment(
        _moment(rule={"moment": "anniversary", "offset": 3}, regions=["uk"]),
        namespace="user",
        origin=MomentOrigin.USER,
    )
    assert moment.id == "user.launch"
    assert moment.rule == OffsetFrom("user.anniversary", 3)
    assert moment.regions == ("GB",)
    assert moment.tone is Tone.CELEBRATORY
    assert moment.lead_days == 7
    assert moment.span == 1


def test_parse_moment_global_region_and_derived_id() -> None:
    moment = parse_moment(
        {"name": "Our Birthday", "rule": "05-17", "regions": "global"}, namespace="user"
    )
    assert moment.id == "user.our-birthday"
    assert moment.is_global
    assert moment.region_label == "global"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"tone": "happy"}, "tone 'happy' is not one of"),
        ({"lead_days": -1}, "lead_days"),
        ({"lead_days": "soon"}, "lead_days"),
        ({"span": 0}, "span"),
        ({"hashtags": ["no hash"]}, "must start with #"),
        ({"regions": ["Italy"]}, "two-letter ISO"),
        ({"lead_day": 3}, "unknown key 'lead_day'"),
        ({"id": "Bad Id"}, "lower-case letters"),
        ({"name": ""}, "name is missing"),
        ({"rule": "31-12"}, "not a day of the year"),
    ],
)
def test_bad_moments_name_file_line_and_moment(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(CalendarError, match=message) as caught:
        parse_moment(_moment(**fields), namespace="user", path="config.yaml", line=12)
    error = caught.value
    assert error.path == "config.yaml"
    assert error.line == 12
    assert str(error).startswith("config.yaml:12: moment '")


def test_missing_rule_is_an_error() -> None:
    with pytest.raises(CalendarError, match="moment 'launch': rule is missing"):
        parse_moment({"id": "launch", "name": "Launch"}, namespace="user")


def test_moment_dict_round_trip() -> None:
    moment = parse_moment(
        _moment(tags=["Launch"], hashtags=["#Launch"], tone="commercial", span=3, note="n"),
        namespace="ics",
        origin=MomentOrigin.ICS,
        language="en",
    )
    again = Moment.from_dict(moment.to_dict())
    assert again == moment
    assert again.tags == ("launch",)


def test_moment_from_dict_requires_a_qualified_id() -> None:
    with pytest.raises(CalendarError, match="qualified"):
        Moment.from_dict({"id": "launch", "name": "x", "rule": "01-01"})


def test_moment_set_reports_unknown_refs_and_cycles() -> None:
    a = parse_moment(
        _moment(id="a", rule={"moment": "b", "offset": 1}), namespace="p", path="p.yaml", line=3
    )
    b = parse_moment(
        _moment(id="b", rule={"moment": "a", "offset": 1}), namespace="p", path="p.yaml", line=8
    )
    with pytest.raises(CalendarError, match="refers back to itself") as caught:
        MomentSet([a, b])
    assert caught.value.path == "p.yaml"
    lone = parse_moment(
        _moment(id="c", rule={"moment": "ghost"}), namespace="p", path="p.yaml", line=5
    )
    with pytest.raises(
        CalendarError, match="p.yaml:5: moment 'p.c': rule refers to unknown moment 'p.ghost'"
    ):
        MomentSet([lone])


def test_moment_set_refuses_duplicate_ids() -> None:
    one = parse_moment(_moment(), namespace="user", path="a.yaml")
    with pytest.raises(CalendarError, match="duplicate id"):
        MomentSet([one, one])


def test_find_by_id_short_id_or_name() -> None:
    moments = MomentSet([parse_moment(_moment(), namespace="user")])
    assert moments.find("user.launch") is not None
    assert moments.find("launch") is not None
    assert moments.find("product LAUNCH") is not None
    assert moments.find("nothing") is None


def test_offsets_crossing_new_year_are_found() -> None:
    base = parse_moment(_moment(id="eve", rule="12-30"), namespace="p")
    after = parse_moment(_moment(id="after", rule={"moment": "eve", "offset": 3}), namespace="p")
    found = MomentSet([base, after]).occurrences(date(2027, 1, 1), date(2027, 1, 10))
    assert [(o.moment.id, o.date) for o in found] == [("p.after", date(2027, 1, 2))]


def test_running_span_is_included_and_region_filter_keeps_global() -> None:
    fest = parse_moment(
        _moment(id="fest", rule={"dates": ["2026-02-24"]}, span=5, regions=["IT"]), namespace="p"
    )
    us_day = parse_moment(_moment(id="us-day", rule="02-26", regions=["US"]), namespace="p")
    world = parse_moment(_moment(id="world", rule="02-27"), namespace="p")
    moments = MomentSet([fest, us_day, world])
    found = moments.occurrences(date(2026, 2, 26), date(2026, 3, 1), regions=["IT"])
    assert [o.moment.id for o in found] == ["p.fest", "p.world"]
    assert found[0].is_on(date(2026, 2, 28))
    assert not found[0].is_on(date(2026, 3, 1))


PACK = """\
pack: demo
language: en
regions: [GB]
moments:
  - id: good
    name: Good day
    rule: "01-02"
    tags: [a]
  - id: broken
    name: Broken day
    rule: {nth: 7, weekday: monday, month: 1}
"""


def test_invalid_pack_names_file_line_and_moment(tmp_path: Path) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text(PACK, encoding="utf-8")
    with pytest.raises(CalendarError) as caught:
        load_pack(path)
    assert str(caught.value) == f"{path}:9: moment 'broken': rule: nth must be 1-5 or last, not 7"
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("pack: x\nmoments: [\n", "invalid YAML"),
        ("- just a list\n", "must be a mapping"),
        ("pack: Bad Name\nmoments: []\n", "pack: a name"),
        ("pack: x\nmoment: []\n", "x.yaml:1: Object contains unknown field `moment`"),
        ("pack: x\nregions: [Italy]\nmoments: []\n", "two-letter"),
        ("pack: x\n", "Object missing required field `moments`"),
        (
            "pack: x\nmoments:\n  - id: a\n    name: A\n    rule: '01-01'\n    lead_days: -3\n",
            "x.yaml:6: moments\\[0\\].lead_days: Expected `int` >= 0",
        ),
        (
            "pack: x\nmoments:\n  - {id: a, name: {it: A, en: 3}, rule: '01-01'}\n",
            "x.yaml:3: moments\\[0\\].name: Expected `str`",
        ),
        (
            "pack: x\nmoments:\n  - {id: a, name: A, rule: '01-01', tone: jolly}\n",
            "x.yaml:3: moments\\[0\\].tone: Invalid enum value 'jolly'",
        ),
        (
            "pack: x\nmoments:\n  - {id: a, name: A, rule: '01-01'}\n"
            "  - {id: a, name: B, rule: '01-02'}\n",
            "x.yaml:4: moment 'x.a': duplicate id",
        ),
    ],
)
def test_pack_level_errors(text: str, message: str) -> None:
    with pytest.raises(CalendarError, match=message):
        parse_pack(text, "x.yaml")


def test_pack_defaults_apply_to_moments() -> None:
    pack = parse_pack(PACK.split("  - id: broken")[0], "demo.yaml")
    (moment,) = pack.moments
    assert moment.id == "demo.good"
    assert moment.regions == ("GB",)
    assert moment.language == "en"
    assert moment.line == 5


def test_user_moments_errors_name_the_config_entry() -> None:
    with pytest.raises(
        CalendarError, match=r"config.yaml: moment 'calendar.moments\[1\]': each moment"
    ):
        parse_user_moments([_moment(), "oops"], path="config.yaml")
    (moment,) = parse_user_moments([_moment()], path="config.yaml")
    assert moment.origin is MomentOrigin.USER


def test_recurrence_with_a_timed_until_as_google_writes_it() -> None:
    rule = Recurrence("FREQ=YEARLY;UNTIL=20280516T215959Z", date(2024, 5, 17))
    rule.validate()
    assert [rule.dates_in(y, _no_refs) for y in (2027, 2028)] == [(date(2027, 5, 17),), ()]
    every_other = Recurrence("FREQ=YEARLY;INTERVAL=2", date(2024, 5, 17))
    assert [bool(every_other.dates_in(y, _no_refs)) for y in (2026, 2027, 2028)] == [
        True,
        False,
        True,
    ]
