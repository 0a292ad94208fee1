"""ICS export and import: round trip, a Google Calendar export, and bad files."""

from __future__ import annotations

from datetime import UTC, date, datetime

import icalendar
import pytest

from rtc_tui import i18n
from rtc_tui.calendar_files import load_calendar
from rtc_tui.core.calendar.agenda import CalendarSettings
from rtc_tui.core.calendar.ics import (
    IcsError,
    clean_text,
    export_ics,
    import_ics,
    summarise_skipped,
)
from rtc_tui.core.calendar.moments import MomentOrigin, Tone
from rtc_tui.core.calendar.occurrences import MomentSet, Occurrence
from rtc_tui.core.calendar.rules import ExplicitDates, Recurrence

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def year_of_moments() -> list[Occurrence]:
    calendar = load_calendar(CalendarSettings(holidays=("IT", "US", "GB")))
    return calendar.occurrences(date(2026, 3, 1), 365)


def _signature(occurrence: Occurrence) -> tuple[object, ...]:
    m = occurrence.moment
    return (
        m.name,
        occurrence.date,
        occurrence.end,
        m.tags,
        m.lead_days,
        m.hashtags,
        m.tone,
        m.regions,
        m.note,
    )


def test_export_is_valid_all_day_ics_with_stable_uids(year_of_moments: list[Occurrence]) -> None:
    data = export_ics(year_of_moments, now=NOW)
    assert data == export_ics(year_of_moments, now=NOW)
    cal = icalendar.Calendar.from_ical(data)
    events = cal.walk("VEVENT")
    assert len(events) == len(year_of_moments)
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == len(uids)
    mamma = next(e for e in events if str(e["summary"]) == "Festa della mamma")
    assert str(mamma["uid"]) == "it.festa-della-mamma-2026-05-10@rtc-tui"
    assert mamma.decoded("dtstart") == date(2026, 5, 10)
    assert mamma.decoded("dtend") == date(2026, 5, 11)
    assert mamma.get("categories").to_ical() == b"family,retail,gifts"
    description = str(mamma["description"])
    assert "Lead time: 21 days (start preparing on April 19, 2026)" in description
    assert "Hashtags: #FestaDellaMamma" in description
    (alarm,) = mamma.walk("VALARM")
    assert alarm.decoded("trigger").days == -21


def test_export_marks_solemn_days(year_of_moments: list[Occurrence]) -> None:
    cal = icalendar.Calendar.from_ical(export_ics(year_of_moments, now=NOW))
    nine_eleven = next(e for e in cal.walk("VEVENT") if "September 11" in str(e["summary"]))
    assert "Solemn day" in str(nine_eleven["description"])
    assert str(nine_eleven["x-rtc-tone"]) == "solemn"


def test_export_then_import_gives_the_same_moments(year_of_moments: list[Occurrence]) -> None:
    imported = import_ics(export_ics(year_of_moments, now=NOW), path="plan.ics")
    assert not imported.skipped
    assert all(m.origin is MomentOrigin.ICS for m in imported.moments)
    again = MomentSet(imported.moments).occurrences(date(2026, 3, 1), date(2027, 3, 1))
    assert sorted(map(_signature, again), key=repr) == sorted(
        map(_signature, year_of_moments), key=repr
    )
    assert imported.rtc_ids["ics.it-festa-della-mamma"] == "it.festa-della-mamma"


def test_reimport_keeps_the_same_ids(year_of_moments: list[Occurrence]) -> None:
    data = export_ics(year_of_moments, now=NOW)
    first = [m.id for m in import_ics(data, path="a.ics").moments]
    assert first == [m.id for m in import_ics(data, path="b.ics").moments]


def _crlf(text: str) -> bytes:
    return "\r\n".join(text.strip("\n").split("\n")).encode() + b"\r\n"


GOOGLE_EXPORT = _crlf("""\
BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
CALSCALE:GREGORIAN
METHOD:PUBLISH
X-WR-CALNAME:Social – piano editoriale
X-WR-TIMEZONE:Europe/Rome
X-WR-CALDESC:Ricorrenze del brand
BEGIN:VTIMEZONE
TZID:Europe/Rome
X-LIC-LOCATION:Europe/Rome
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
DTSTART;VALUE=DATE:20190517
DTEND;VALUE=DATE:20190518
RRULE:FREQ=YEARLY
DTSTAMP:20260110T091500Z
UID:4kq1m8r2v0c9h7b3t5n6p2s1d0@google.com
CREATED:20190102T101010Z
DESCRIPTION:Compleanno del marchio: post celebrativo\\, niente sconti.\\nHashtag
 s: #BrandDay #7anni
LAST-MODIFIED:20250102T101010Z
LOCATION:
SEQUENCE:0
STATUS:CONFIRMED
SUMMARY:Compleanno del brand
TRANSP:TRANSPARENT
END:VEVENT
BEGIN:VEVENT
DTSTART;VALUE=DATE:20240922
DTEND;VALUE=DATE:20240923
RRULE:FREQ=YEARLY;BYMONTH=9;BYDAY=4SU
EXDATE;VALUE=DATE:20270926
DTSTAMP:20260110T091500Z
UID:7f3c2a10e5b84b0c9d1e@google.com
CREATED:20240301T080000Z
DESCRIPTION:
LAST-MODIFIED:20240301T080000Z
SEQUENCE:1
STATUS:CONFIRMED
SUMMARY:Giornata del cliente
TRANSP:TRANSPARENT
BEGIN:VALARM
ACTION:DISPLAY
TRIGGER;VALUE=DURATION:-P7D
DESCRIPTION:This is an event reminder
END:VALARM
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=Europe/Rome:20260915T100000
DTEND;TZID=Europe/Rome:20260915T113000
DTSTAMP:20260110T091500Z
ORGANIZER;CN=Social team:mailto:social@example.com
UID:0a1b2c3d4e5f6g7h8i9j@google.com
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Giulia
  Rossi;X-NUM-GUESTS=0:mailto:giulia@example.com
X-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij
CREATED:20260105T120000Z
DESCRIPTION:Lancio della nuova linea. [bold]Non[/bold] anticipare nulla.
LAST-MODIFIED:20260105T120000Z
LOCATION:Milano
SEQUENCE:0
STATUS:CONFIRMED
SUMMARY:[b]Lancio[/b] autunno \x1b[31m2026
TRANSP:OPAQUE
END:VEVENT
BEGIN:VEVENT
DTSTART;VALUE=DATE:20261013
DTEND;VALUE=DATE:20261016
DTSTAMP:20260110T091500Z
UID:fiera2026@google.com
CATEGORIES:fiera,b2b
SUMMARY:Fiera di settore
STATUS:CONFIRMED
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=Europe/Rome:20260112T093000
DTEND;TZID=Europe/Rome:20260112T100000
RRULE:FREQ=WEEKLY;BYDAY=MO
DTSTAMP:20260110T091500Z
UID:weekly-standup@google.com
SUMMARY:Riunione piano editoriale
END:VEVENT
BEGIN:VEVENT
DTSTART;VALUE=DATE:20260601
DTEND;VALUE=DATE:20260602
DTSTAMP:20260110T091500Z
UID:cancelled@google.com
STATUS:CANCELLED
SUMMARY:Evento annullato
END:VEVENT
BEGIN:VEVENT
DTSTART;VALUE=DATE:20250928
DTEND;VALUE=DATE:20250929
DTSTAMP:20260110T091500Z
UID:7f3c2a10e5b84b0c9d1e@google.com
RECURRENCE-ID;VALUE=DATE:20250928
SUMMARY:Giornata del cliente (spostata)
END:VEVENT
END:VCALENDAR
""")


def test_google_calendar_export_imports() -> None:
    result = import_ics(GOOGLE_EXPORT, path="google.ics")
    by_name = {m.name: m for m in result.moments}
    assert set(by_name) == {
        "Compleanno del brand",
        "Giornata del cliente",
        "[b]Lancio[/b] autunno [31m2026",
        "Fiera di settore",
    }
    birthday = by_name["Compleanno del brand"]
    assert isinstance(birthday.rule, Recurrence)
    assert birthday.hashtags == ("#BrandDay", "#7anni")
    assert "niente sconti" in birthday.note
    assert birthday.lead_days == 7
    assert birthday.is_global
    customer = by_name["Giornata del cliente"]
    moments = MomentSet(result.moments)
    assert moments.dates(birthday.id, 2026) == (date(2026, 5, 17),)
    assert moments.dates(customer.id, 2026) == (date(2026, 9, 27),)
    assert moments.dates(customer.id, 2027) == ()  # EXDATE
    launch = by_name["[b]Lancio[/b] autunno [31m2026"]
    assert launch.rule == ExplicitDates((date(2026, 9, 15),))
    assert launch.span == 1
    fair = by_name["Fiera di settore"]
    assert fair.span == 3
    assert fair.tags == ("fiera", "b2b")
    reasons = summarise_skipped(result.skipped)
    assert any("Riunione piano editoriale: repeats weekly, not yearly" in r for r in reasons)
    assert any("Evento annullato: event is cancelled" in r for r in reasons)
    assert any("changed instance" in r for r in reasons)
    assert all(m.origin is MomentOrigin.ICS and m.tone is Tone.CELEBRATORY for m in result.moments)


def test_untrusted_text_loses_control_characters() -> None:
    assert clean_text("a\x1b[31mb\x07c\n\n d", 50) == "a [31mb c\n\nd"
    assert len(clean_text("x" * 500, 120)) == 120


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"hello world\n", "bad.ics: not an iCalendar file"),
        (b"\xff\xfe\x00", "bad.ics: not UTF-8"),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\n",
            "bad.ics: not a valid iCalendar file",
        ),
        (
            _crlf(
                "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:1\nSUMMARY:No start\n"
                "END:VEVENT\nEND:VCALENDAR"
            ),
            "bad.ics:3: moment 'No start': event has no DTSTART",
        ),
        (
            _crlf(
                "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:1\nSUMMARY:Ok\nDTSTART;VALUE=DATE:20260101\n"
                "END:VEVENT\nBEGIN:VEVENT\nUID:2\nSUMMARY:Broken\nDTSTART;VALUE=DATE:2026XX01\nEND:VEVENT\n"
                "END:VCALENDAR"
            ),
            "bad.ics:8: moment 'Broken': DTSTART",
        ),
    ],
)
def test_bad_files_raise_one_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(IcsError) as caught:
        import_ics(data, path="bad.ics")
    assert str(caught.value).startswith(message)
    assert isinstance(caught.value, ValueError)


def _calendar_of(count: int, summary: str = "Giornata") -> bytes:
    events = "".join(
        f"BEGIN:VEVENT\nUID:{n}@test\nSUMMARY:{summary} {n}\nDTSTART;VALUE=DATE:20260101\n"
        "END:VEVENT\n"
        for n in range(count)
    )
    return _crlf(f"BEGIN:VCALENDAR\nVERSION:2.0\n{events}END:VCALENDAR")


def test_an_import_is_capped_in_events_and_bytes() -> None:
    assert len(import_ics(_calendar_of(2000), path="ok.ics").moments) == 2000
    with pytest.raises(IcsError, match=r"^big.ics: 2001 events, more than the 2000"):
        import_ics(_calendar_of(2001), path="big.ics")
    with pytest.raises(IcsError, match=r"^few.ics: 11 events, more than the 10"):
        import_ics(_calendar_of(11), path="few.ics", max_events=10)
    with pytest.raises(IcsError, match=r"^huge.ics: file is larger than 2 MB"):
        import_ics(b"BEGIN:VCALENDAR\r\n" + b" " * (2 * 1024 * 1024), path="huge.ics")
    with pytest.raises(IcsError, match=r"^small.ics: file is larger than 1 KB"):
        import_ics(_calendar_of(20), path="small.ics", max_bytes=1024)


def test_bidi_overrides_and_zero_width_characters_are_stripped_from_summaries() -> None:
    parsed = import_ics(_calendar_of(1, summary="\u202eAI\u200bCS\u2066x\u2069"), path="a.ics")
    assert parsed.moments[0].name == "AICSx 0"


def _without_rtc_properties(data: bytes) -> bytes:
    """The file as another calendar app would give it back: our ``X-RTC-*`` lines dropped.

    Then the importer can only learn the lead time and hashtags from the DESCRIPTION.
    """
    lines = data.decode().split("\r\n")
    return "\r\n".join(line for line in lines if not line.startswith("X-RTC-")).encode()


def _mamma(occurrences: list[Occurrence]) -> list[Occurrence]:
    return [o for o in occurrences if o.moment.id == "it.festa-della-mamma"]


@pytest.mark.parametrize("language", ["en", "it"])
def test_descriptions_round_trip_in_each_language(
    language: str, year_of_moments: list[Occurrence]
) -> None:
    """Written in the interface language, read back from the DESCRIPTION alone, in each."""
    i18n.setup(language)
    data = export_ics(_mamma(year_of_moments), now=NOW)
    (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    description = str(event["description"])
    (alarm,) = event.walk("VALARM")
    if language == "it":
        assert "Anticipo: 21 giorni (inizia a preparare il 19 aprile 2026)" in description
        assert "Hashtag: #FestaDellaMamma" in description
        assert "Tono: " in description
        assert "Tone:" not in description
        assert "Lead time" not in description
        assert str(alarm["description"]).startswith("Inizia a preparare: ")
        assert str(icalendar.Calendar.from_ical(data)["x-wr-calname"]) == "momenti di rtc-tui"
    else:
        assert "Lead time: 21 days (start preparing on April 19, 2026)" in description
        assert str(alarm["description"]).startswith("Start preparing: ")
    for reader in ("en", "it"):
        i18n.setup(reader)
        (moment,) = import_ics(_without_rtc_properties(data), path="plan.ics").moments
        assert moment.lead_days == 21, (language, reader)
        assert moment.hashtags == ("#FestaDellaMamma",), (language, reader)


OLD_EXPORT = _crlf("""\
BEGIN:VCALENDAR
PRODID:-//rtc-tui//Calendar of moments//EN
VERSION:2.0
BEGIN:VEVENT
UID:it.festa-della-mamma-2026-05-10@rtc-tui
DTSTAMP:20260301T090000Z
DTSTART;VALUE=DATE:20260510
DTEND;VALUE=DATE:20260511
SUMMARY:Festa della mamma
DESCRIPTION:Lead time: 21 days (start preparing on 2026-04-19)\\nHashtags: #F
 estaDellaMamma\\nTone: celebratory\\nRegion: IT
END:VEVENT
END:VCALENDAR
""")
"""A file exported before descriptions were translated (ISO date, English labels)."""


@pytest.mark.parametrize("reader", ["en", "it"])
def test_files_exported_before_translation_still_import(reader: str) -> None:
    i18n.setup(reader)
    (moment,) = import_ics(OLD_EXPORT, path="old.ics").moments
    assert moment.lead_days == 21
    assert moment.hashtags == ("#FestaDellaMamma",)


def test_import_problems_are_told_in_italian() -> None:
    i18n.setup("it")
    result = import_ics(GOOGLE_EXPORT, path="google.ics")
    reasons = summarise_skipped(result.skipped)
    assert any("si ripete ogni settimana, non ogni anno" in r for r in reasons), reasons
    with pytest.raises(IcsError, match="non è un file iCalendar"):
        import_ics(b"hello", path="x.ics")


def test_calendar_file_mistakes_are_told_in_italian() -> None:
    """A pack or config moment with a mistake: the one line names it in the editor's language."""
    from rtc_tui.core.calendar.moments import normalize_region
    from rtc_tui.core.calendar.rules import CalendarError, parse_rule

    i18n.setup("it")
    with pytest.raises(CalendarError, match="nth deve essere 1-5 o last, non 9"):
        parse_rule({"nth": 9, "weekday": "sunday", "month": 5})
    with pytest.raises(CalendarError, match="non è un codice di paese ISO di due lettere"):
        normalize_region("Italia")
    error = CalendarError(_problem(), path="it.yaml", line=4, moment="festa")
    assert str(error) == "it.yaml:4: momento 'festa': rule: month deve essere 1-12, non 13"


def _problem() -> str:
    from rtc_tui.core.calendar.rules import CalendarError, parse_rule

    try:
        parse_rule({"nth": 1, "weekday": "sunday", "month": 13})
    except CalendarError as exc:
        return exc.message
    raise AssertionError("month 13 was accepted")
