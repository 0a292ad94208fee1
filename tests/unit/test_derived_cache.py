"""The cache of derived data (compiled lexicon, public holidays): used only while exact.

Each test runs with its own ``XDG_CACHE_HOME`` (tests/conftest.py), so the cache starts empty.
A cached value is told apart from a rebuilt one by planting, under the current key, a value a
rebuild could never produce: it comes back while the inputs are unchanged, and never after.
"""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import pytest

from rtc_tui import derived_cache
from rtc_tui.calendar_cache import NAME as HOLIDAYS
from rtc_tui.calendar_cache import CachedHolidayTable, HolidayAnswers
from rtc_tui.config import SafetyEntry
from rtc_tui.core.calendar.public_holidays import PACKAGE, HolidayTable
from rtc_tui.core.calendar.rules import CalendarError
from rtc_tui.core.models import Level
from rtc_tui.core.safety.lexicon_terms import Term, compile_term
from rtc_tui.safety_files.lexicon import LexiconParts, lexicon_parts, load_lexicon
from rtc_tui.safety_files.lexicon_cache import cached_lexicon, lexicon_key
from rtc_tui.schema import SchemaError

EXTRA = """\
family: gambling
lang: it
groups:
- severity: warn
  reason: a betting word of the team
  terms: [quotona]
"""

PLANTED = compile_term("plantedword", family="hate", severity=Level.BLOCK, lang="any")


def cache_file(name: str) -> Path:
    (found,) = (Path(os.environ["XDG_CACHE_HOME"]) / "rtc-tui").glob(f"{name}-*.msgpack")
    return found


def plant(extra: tuple[Path, ...] = (), disable: tuple[str, ...] = ()) -> None:
    """Write the cached lexicon (under its current key) with one term no file has."""
    digest = lexicon_key(extra, disable=disable).digest()
    parts = lexicon_parts(extra_files=extra, disable=disable)
    derived_cache.write(
        "lexicon",
        digest,
        LexiconParts(
            terms=[*parts.terms, PLANTED],
            allow_words=parts.allow_words,
            vocabulary=parts.vocabulary,
            disabled=parts.disabled,
            shorteners=parts.shorteners,
        ),
    )


def sources(terms: list[Term]) -> set[str]:
    return {t.source for t in terms}


def test_the_cached_lexicon_is_the_loaded_one(tmp_path: Path) -> None:
    extra = tmp_path / "team.yaml"
    extra.write_text(EXTRA, encoding="utf-8")
    add = (SafetyEntry(term="zorblax", family="hate", reason="team slur list"),)
    fresh = load_lexicon(extra_files=(extra,), add=add, disable=("spritz",))
    first = cached_lexicon(extra_files=(extra,), add=add, disable=("spritz",))
    assert cache_file("lexicon").is_file()
    again = cached_lexicon(extra_files=(extra,), add=add, disable=("spritz",))
    for lexicon in (first, again):
        assert lexicon.terms == fresh.terms
        assert lexicon.vocabulary == fresh.vocabulary
        assert lexicon.disabled == fresh.disabled
        assert lexicon.allow_words == fresh.allow_words
        assert lexicon.shorteners == fresh.shorteners
        assert lexicon.classify("Quotona sul derby") == fresh.classify("Quotona sul derby")


def test_an_unchanged_lexicon_comes_from_the_cache(tmp_path: Path) -> None:
    extra = tmp_path / "team.yaml"
    extra.write_text(EXTRA, encoding="utf-8")
    plant((extra,))
    assert "plantedword" in sources(cached_lexicon(extra_files=(extra,)).terms)


def test_a_file_edited_to_the_same_size_and_time_is_read_again(tmp_path: Path) -> None:
    extra = tmp_path / "team.yaml"
    extra.write_text(EXTRA, encoding="utf-8")
    plant((extra,))
    before = extra.stat()
    extra.write_text(EXTRA.replace("quotona", "quotone"), encoding="utf-8")
    os.utime(extra, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert extra.stat().st_size == before.st_size
    terms = sources(cached_lexicon(extra_files=(extra,)).terms)
    assert "plantedword" not in terms
    assert "quotone" in terms


def test_changed_settings_rebuild_the_lexicon() -> None:
    plant()
    assert "plantedword" not in sources(cached_lexicon(disable=("spritz",)).terms)
    plant()
    added = (SafetyEntry(term="zorblax", family="hate"),)
    rebuilt = sources(cached_lexicon(add=added).terms)
    assert "plantedword" not in rebuilt
    assert "zorblax" in rebuilt


def test_a_damaged_cache_file_is_rebuilt() -> None:
    fresh = load_lexicon()
    cached_lexicon()
    path = cache_file("lexicon")
    path.write_bytes(path.read_bytes()[:5000])  # the key line and half a payload
    assert cached_lexicon().terms == fresh.terms
    assert cached_lexicon().terms == fresh.terms
    assert path.stat().st_size > 5000  # written again whole


def test_no_cache_folder_still_gives_the_lexicon(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert cached_lexicon().terms == load_lexicon().terms


def test_a_bad_lexicon_file_is_reported_and_not_cached(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("family: gambling\ngroups:\n- severity: sometimes\n  terms: [x]\n")
    with pytest.raises(SchemaError, match="bad.yaml:3"):
        cached_lexicon(extra_files=(bad,))
    assert not list(derived_cache.cache_dir().glob("lexicon-*"))


class CountingTable(HolidayTable):
    """The real package, counting the questions that reach it."""

    def __init__(self) -> None:
        self.asked = 0

    def country(self, spec: str) -> tuple[str, str | None]:
        self.asked += 1
        return PACKAGE.country(spec)

    def language(self, country: str, language: str) -> str:
        self.asked += 1
        return PACKAGE.language(country, language)

    def days(
        self, country: str, subdiv: str | None, year: int, language: str
    ) -> tuple[tuple[date, str, str], ...]:
        self.asked += 1
        return PACKAGE.days(country, subdiv, year, language)


Answers = tuple[tuple[str, str | None], str, tuple[tuple[date, str, str], ...]]


def three_questions(table: HolidayTable) -> Answers:
    """A country spec, a language, a year's days: one question of each kind."""
    return (
        table.country("GB-ENG"),
        table.language("IT", "en"),
        table.days("IT", None, 2026, "en"),
    )


def test_holidays_are_asked_once_then_read_from_the_cache() -> None:
    first_package = CountingTable()
    answers = three_questions(CachedHolidayTable(first_package))
    assert first_package.asked == 3
    assert answers == three_questions(PACKAGE)
    assert (date(2026, 12, 25), "Natale", "Christmas Day") in answers[2]
    second_package = CountingTable()
    second = CachedHolidayTable(second_package)
    assert three_questions(second) == answers
    assert second_package.asked == 0
    second.days("IT", None, 2027, "en")  # a year not kept yet goes to the package
    assert second_package.asked == 1


def test_an_unknown_country_is_the_package_error_every_time() -> None:
    for _ in range(2):
        with pytest.raises(CalendarError, match="GB-XYZ"):
            CachedHolidayTable().country("GB-XYZ")
    for stored in derived_cache.cache_dir().glob(f"{HOLIDAYS}-*.msgpack"):
        assert b"GB-XYZ" not in stored.read_bytes()


def test_another_holidays_package_starts_a_new_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    version = tmp_path / "version.py"
    version.write_text('__version__ = "0.109"\n', encoding="utf-8")
    monkeypatch.setattr("rtc_tui.calendar_cache.package_files", lambda: [version])
    table = CachedHolidayTable()
    table.country("IT")
    digest = cache_file(HOLIDAYS).read_bytes().partition(b"\n")[0].decode()
    planted = HolidayAnswers(countries={"IT": ("XX", None)})
    derived_cache.write(HOLIDAYS, digest, planted)
    assert CachedHolidayTable().country("IT") == ("XX", None)  # same package: the cache
    version.write_text('__version__ = "0.110"\n', encoding="utf-8")
    assert CachedHolidayTable().country("IT") == ("IT", None)  # upgraded: asked again


def test_files_under_keys_unused_for_a_month_are_removed() -> None:
    folder = derived_cache.cache_dir()
    folder.mkdir(parents=True)
    stale, recent = folder / "lexicon-aaaa.msgpack", folder / "lexicon-bbbb.msgpack"
    other_kind = folder / "holidays-cccc.msgpack"
    for path in (stale, recent, other_kind):
        path.write_bytes(b"old key\n")
    month = time.time() - (derived_cache.KEEP_DAYS + 1) * 86400
    os.utime(stale, (month, month))
    os.utime(other_kind, (month, month))
    cached_lexicon()
    assert not stale.exists()
    assert recent.exists()  # another installation's, in use
    assert other_kind.exists()  # not the same kind of value
    assert len(list(folder.glob("lexicon-*"))) == 2  # the one just written, and the recent
