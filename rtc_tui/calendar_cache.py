"""Public holidays from the user's cache: ``rtc moments`` without importing ``holidays``.

The ``holidays`` package is complete and correct, and slow to start: importing it and looking
up three countries cost ``rtc moments`` more than the rest of the command. Its answers for a
given installed version never change, so :class:`CachedHolidayTable` keeps each answer it
gets (a country spec's split, a country's language, one year's days) in the user's cache
(:mod:`rtc_tui.derived_cache`) and asks the package only for what is not there yet.

The cache is keyed by the installed package (its ``version.py`` and its ``RECORD``, the
installer's list of every file with its hash, rewritten by any install, upgrade or reinstall)
and by the source of the code that asks it; a different package or code starts a new cache.
Errors (an unknown country) are never cached: they come from the package every time, in its
words.
"""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import msgspec

from rtc_tui.core.calendar.public_holidays import PACKAGE, HolidayTable
from rtc_tui.derived_cache import Key, read, write

NAME = "holidays"
"""The cache file's name."""

CODE = ("rtc_tui.core.calendar.public_holidays", "rtc_tui.calendar_cache")
"""The modules whose code shapes the cached answers."""


class HolidayAnswers(msgspec.Struct):
    """Every answer kept so far, by question."""

    countries: dict[str, tuple[str, str | None]] = {}
    """Country spec -> (country, subdivision)."""
    languages: dict[str, str] = {}
    """``country|language`` -> the package's locale for it."""
    days: dict[str, list[tuple[date, str, str]]] = {}
    """``country|subdiv|year|language`` -> that year's (day, own name, shown name)."""


def package_files() -> list[Path]:
    """The files that identify the installed ``holidays`` (its version and its RECORD).

    Raises:
        OSError: the package is not where its spec says (then nothing is cached).
    """
    spec = importlib.util.find_spec("holidays")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("holidays")
    root = Path(spec.origin).parent
    records = sorted(root.parent.glob("holidays-*.dist-info/RECORD"))
    return [root / "version.py", *records]


class CachedHolidayTable(HolidayTable):
    """A :class:`HolidayTable` answering from the cache, asking the package on a miss."""

    def __init__(self, package: HolidayTable = PACKAGE) -> None:
        self._package = package
        self._digest: str | None = None
        self._answers = HolidayAnswers()
        try:
            self._digest = Key(NAME).files(package_files()).code(*CODE).digest()
        except OSError:
            return
        self._answers = read(NAME, self._digest, HolidayAnswers) or HolidayAnswers()

    def _keep(self) -> None:
        if self._digest is not None:
            write(NAME, self._digest, self._answers)

    def country(self, spec: str) -> tuple[str, str | None]:
        """See :meth:`HolidayTable.country` (an error is the package's, never cached)."""
        found = self._answers.countries.get(spec)
        if found is None:
            found = self._package.country(spec)
            self._answers.countries[spec] = found
            self._keep()
        return found

    def language(self, country: str, language: str) -> str:
        """See :meth:`HolidayTable.language`."""
        key = f"{country}|{language}"
        found = self._answers.languages.get(key)
        if found is None:
            found = self._package.language(country, language)
            self._answers.languages[key] = found
            self._keep()
        return found

    def days(
        self, country: str, subdiv: str | None, year: int, language: str
    ) -> tuple[tuple[date, str, str], ...]:
        """See :meth:`HolidayTable.days`."""
        key = f"{country}|{subdiv or ''}|{year}|{language}"
        found = self._answers.days.get(key)
        if found is None:
            found = list(self._package.days(country, subdiv, year, language))
            self._answers.days[key] = found
            self._keep()
        return tuple(found)
