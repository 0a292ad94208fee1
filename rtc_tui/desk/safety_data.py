"""The lexicon and policy the desk hands the safety core, built once from the config.

The shipped lexicon plus the config's ``safety`` section (more files, added and disabled
entries) is loaded once per process and per distinct setting: ingest, the checklist, the gate
and ``rtc check`` all use the same one, so they agree.
"""

from __future__ import annotations

import functools
from pathlib import Path

from rtc_tui.config import Config, SafetyEntry
from rtc_tui.core.safety.context import Policy
from rtc_tui.core.safety.lexicon import Lexicon
from rtc_tui.desk.errors import BadInputError
from rtc_tui.safety_files.lexicon_cache import cached_lexicon
from rtc_tui.schema import SchemaError


def _resolve(config: Config, names: tuple[str, ...]) -> tuple[Path, ...]:
    paths: list[Path] = []
    for name in names:
        path = Path(name).expanduser()
        if not path.is_absolute() and config.path is not None:
            path = config.path.parent / path
        paths.append(path)
    return tuple(paths)


@functools.lru_cache(maxsize=8)
def _load(
    extra: tuple[Path, ...],
    people: tuple[Path, ...],
    add: tuple[SafetyEntry, ...],
    disable: tuple[str, ...],
) -> Lexicon:
    return cached_lexicon(extra_files=extra, people_files=people, add=add, disable=disable)


LexiconSpec = tuple[tuple[Path, ...], tuple[Path, ...], tuple[SafetyEntry, ...], tuple[str, ...]]
"""What a lexicon is built from: extra lexicon files, people files, added and disabled entries."""


def lexicon_spec(config: Config) -> LexiconSpec:
    """What the lexicon of ``config`` is built from (plain data: it can go to a child process)."""
    safety = config.safety
    return (
        _resolve(config, safety.lexicon),
        _resolve(config, safety.people),
        safety.add,
        safety.disable,
    )


def lexicon_of(spec: LexiconSpec) -> Lexicon:
    """The lexicon built from ``spec``, cached (once per process and per distinct spec).

    Raises:
        BadInputError: a lexicon or people file is invalid (one line: file, line, problem).
    """
    try:
        return _load(*spec)
    except SchemaError as exc:
        raise BadInputError(str(exc)) from exc


def lexicon_for(config: Config) -> Lexicon:
    """The lexicon for ``config`` (shipped files plus its ``safety`` changes), cached.

    Raises:
        BadInputError: a lexicon or people file is invalid (one line: file, line, problem).
    """
    return lexicon_of(lexicon_spec(config))


def policy_for(config: Config) -> Policy:
    """The market and politics stance of ``config``."""
    return Policy(
        market=config.safety.market, politics_off_limits=config.safety.politics_off_limits
    )
