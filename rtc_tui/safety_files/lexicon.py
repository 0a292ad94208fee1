"""Loading the safety lexicon: the shipped files, the people lists, and the config's changes.

The shipped lexicon lives in ``rtc_tui/data/lexicon/<lang>/<name>.yaml``::

    family: disaster            # the family every entry belongs to (or `cues`, `allow`)
    lang: it
    groups:
      - severity: block         # block | warn (or `cue: festive` in a cues file)
        reason: a natural disaster with victims   # what the editor reads
        figurative: true        # optional: everyday hyperbole too (bomba, strage di gol)
        scope: any              # any | text | event (headline euphemisms: event)
        only_in: womens_day     # optional: a finding only in that context
        topic: national stereotypes               # optional, finer than the family
        terms: ["terremot{o,i}", "tsunami"]
    allow: ["una bomba"]        # phrases whose words are never hits
    allow_words: [nazionale]    # plain words that never match
    shorteners: [bit.ly]        # link-shortener hosts (deception)

People lists (``rtc_tui/data/people/*.yaml``: politicians, the recently deceased) are data too,
updated without a release. The config's ``safety`` section adds lexicon and people files, adds
single entries and disables entries by ``family:term`` (or the term alone).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Literal

import msgspec

from rtc_tui.config import SafetyEntry
from rtc_tui.core.models import Level
from rtc_tui.core.safety.families import CUES, FAMILIES
from rtc_tui.core.safety.lexicon import Lexicon
from rtc_tui.core.safety.lexicon_terms import (
    ALLOW,
    CUE,
    FINDING,
    LexiconError,
    Term,
    compile_term,
    normalise,
)
from rtc_tui.i18n import N_
from rtc_tui.safety_files.nodes import Lines, load
from rtc_tui.schema import SchemaError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LEXICON_DIR = DATA_DIR / "lexicon"
"""The shipped lexicon: one folder per language."""
PEOPLE_DIR = DATA_DIR / "people"
"""The shipped people lists."""
WORDS_DIR = LEXICON_DIR / "words"
"""Plain word lists (one word a line) used to split joined hashtags."""


class Group(msgspec.Struct, forbid_unknown_fields=True):
    """A group of terms sharing a severity (or a cue) and a reason."""

    terms: list[str]
    severity: Literal["block", "warn"] | None = None
    cue: str | None = None
    reason: str = ""
    figurative: bool = False
    scope: Literal["any", "text", "event"] = "any"
    only_in: str = ""
    topic: str = ""


class LexiconFile(msgspec.Struct, forbid_unknown_fields=True):
    """One lexicon file."""

    family: str
    lang: str = "any"
    groups: list[Group] = []
    allow: list[str] = []
    allow_words: list[str] = []
    shorteners: list[str] = []


class Person(msgspec.Struct, forbid_unknown_fields=True):
    """One person of a people list."""

    name: str
    also: list[str] = []
    died: date | None = None


class PeopleFile(msgspec.Struct, forbid_unknown_fields=True):
    """A people list."""

    family: str
    topic: str
    reason: str
    people: list[Person]
    recent_days: int = 0
    updated: date | None = None


def _line(lines: Lines, *path: str | int) -> int:
    return lines.get(tuple(path), lines.get((), 1))


def _family(family: str, where: str) -> None:
    if family not in FAMILIES:
        raise SchemaError(f"{where}: family: unknown family {family!r}")


def _compile(source: str, where: str, **kwargs: object) -> Term:
    try:
        return compile_term(source, where=where, **kwargs)  # type: ignore[arg-type]
    except LexiconError as exc:
        raise SchemaError(str(exc)) from exc


class _Builder:
    """Collects terms, allow words and shorteners from several files."""

    def __init__(self) -> None:
        self.terms: list[Term] = []
        self.allow_words: set[str] = set()
        self.shorteners: set[str] = set()

    def lexicon_file(self, path: Path) -> None:
        data, lines = load(path, LexiconFile)
        where = str(path)
        if data.family not in ("cues", "allow"):
            _family(data.family, f"{where}:{_line(lines, 'family')}")
        for g, group in enumerate(data.groups):
            here = f"{where}:{_line(lines, 'groups', g)}"
            if (group.severity is None) == (group.cue is None):
                raise SchemaError(f"{here}: groups[{g}]: needs either severity or cue")
            if group.cue is not None and group.cue not in CUES:
                raise SchemaError(f"{here}: groups[{g}].cue: unknown cue {group.cue!r}")
            for t, source in enumerate(group.terms):
                self.terms.append(
                    _compile(
                        source,
                        f"{where}:{_line(lines, 'groups', g, 'terms', t)}",
                        family=group.cue or data.family,
                        severity=Level(group.severity) if group.severity else Level.NONE,
                        lang=data.lang,
                        reason=group.reason,
                        kind=CUE if group.cue else FINDING,
                        figurative=group.figurative,
                        scope=group.scope,
                        only_in=group.only_in,
                        topic=group.topic,
                    )
                )
        for a, source in enumerate(data.allow):
            self.terms.append(
                _compile(
                    source,
                    f"{where}:{_line(lines, 'allow', a)}",
                    family="allow",
                    severity=Level.NONE,
                    lang=data.lang,
                    kind=ALLOW,
                )
            )
        self.allow_words.update(normalise(w) for w in data.allow_words)
        self.shorteners.update(s.strip().lower() for s in data.shorteners)

    def people_file(self, path: Path) -> None:
        data, lines = load(path, PeopleFile)
        where = str(path)
        _family(data.family, f"{where}:{_line(lines, 'family')}")
        for p, person in enumerate(data.people):
            until = ""
            died = person.died.isoformat() if person.died is not None else ""
            if person.died is not None and data.recent_days:
                until = (person.died + timedelta(days=data.recent_days)).isoformat()
            for name in (person.name, *person.also):
                self.terms.append(
                    _compile(
                        name,
                        f"{where}:{_line(lines, 'people', p)}",
                        family=data.family,
                        severity=Level.BLOCK if data.family == "politics" else Level.WARN,
                        lang="any",
                        reason=data.reason,
                        topic=data.topic,
                        until=until,
                        person=person.name,
                        died=died,
                    )
                )


class LexiconParts(msgspec.Struct, frozen=True):
    """What a :class:`Lexicon` is built from: the compiled terms and the word sets.

    Plain data (msgpack-able), so a compiled lexicon can be kept in the user's cache
    (:mod:`rtc_tui.safety_files.lexicon_cache`) and turned back into a lexicon in milliseconds.
    """

    terms: list[Term]
    allow_words: frozenset[str]
    vocabulary: frozenset[str]
    disabled: frozenset[str]
    shorteners: frozenset[str]

    def lexicon(self) -> Lexicon:
        """The lexicon these parts make (indexes built here)."""
        return Lexicon(
            terms=list(self.terms),
            allow_words=self.allow_words,
            vocabulary=self.vocabulary,
            disabled=self.disabled,
            shorteners=self.shorteners,
        )


def lexicon_files(
    extra_files: tuple[Path, ...] = (),
    people_files: tuple[Path, ...] = (),
    *,
    lexicon_dir: Path = LEXICON_DIR,
    people_dir: Path = PEOPLE_DIR,
) -> tuple[list[Path], list[Path], list[Path]]:
    """Every file a lexicon is read from: lexicon files, people lists, word lists."""
    return (
        [*sorted(lexicon_dir.glob("*/*.yaml")), *extra_files],
        [*sorted(people_dir.glob("*.yaml")), *people_files],
        sorted(WORDS_DIR.glob("*.txt")) if WORDS_DIR.is_dir() else [],
    )


def load_lexicon(
    *,
    extra_files: tuple[Path, ...] = (),
    people_files: tuple[Path, ...] = (),
    add: tuple[SafetyEntry, ...] = (),
    disable: tuple[str, ...] = (),
    lexicon_dir: Path = LEXICON_DIR,
    people_dir: Path = PEOPLE_DIR,
) -> Lexicon:
    """Load the shipped lexicon and people lists, plus the config's files and changes.

    Args:
        extra_files: More lexicon files (config ``safety.lexicon``).
        people_files: More people lists (config ``safety.people``).
        add: Single entries (config ``safety.add``).
        disable: Entries switched off, as ``family:term`` or the term alone (config
            ``safety.disable``).
        lexicon_dir: The shipped lexicon (tests point it elsewhere).
        people_dir: The shipped people lists.

    Raises:
        SchemaError: a file is unreadable or invalid (one line: file, line, field, problem).
    """
    return lexicon_parts(
        extra_files=extra_files,
        people_files=people_files,
        add=add,
        disable=disable,
        lexicon_dir=lexicon_dir,
        people_dir=people_dir,
    ).lexicon()


def lexicon_parts(
    *,
    extra_files: tuple[Path, ...] = (),
    people_files: tuple[Path, ...] = (),
    add: tuple[SafetyEntry, ...] = (),
    disable: tuple[str, ...] = (),
    lexicon_dir: Path = LEXICON_DIR,
    people_dir: Path = PEOPLE_DIR,
) -> LexiconParts:
    """What :func:`load_lexicon` builds its lexicon from (same arguments, same errors).

    Raises:
        SchemaError: a file is unreadable or invalid (one line: file, line, field, problem).
    """
    builder = _Builder()
    lexicons, people, word_lists = lexicon_files(
        extra_files, people_files, lexicon_dir=lexicon_dir, people_dir=people_dir
    )
    for path in lexicons:
        builder.lexicon_file(path)
    for path in people:
        builder.people_file(path)
    for n, entry in enumerate(add):
        where = f"config safety.add[{n}]"
        _family(entry.family, where)
        builder.terms.append(
            _compile(
                entry.term,
                where,
                family=entry.family,
                severity=Level(entry.severity),
                lang=entry.lang,
                reason=entry.reason or N_("added by the team"),
            )
        )
    keys = {t.key for t in builder.terms}
    disabled: set[str] = set()
    for item in disable:
        wanted = normalise(item).strip()
        if ":" in wanted and wanted in keys:
            disabled.add(wanted)
        else:
            disabled.update(k for k in keys if k.split(":", 1)[1] == wanted)
    return LexiconParts(
        terms=builder.terms,
        allow_words=frozenset(builder.allow_words),
        vocabulary=frozenset(_words(word_lists)),
        disabled=frozenset(disabled),
        shorteners=frozenset(builder.shorteners),
    )


def _words(paths: list[Path]) -> set[str]:
    """The normalised words of the word lists ``paths`` (one word a line, ``#`` comments)."""
    words: set[str] = set()
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                words.update(normalise(w) for w in line.split())
    return words
