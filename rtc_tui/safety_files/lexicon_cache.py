"""The compiled lexicon, kept in the user's cache between runs (see :mod:`rtc_tui.derived_cache`).

Reading the 48 lexicon and people files and compiling their ~1,800 terms took most of an
``rtc check``; the compiled terms are plain data and come back from the cache in a few
milliseconds. The key covers every file read (bytes), the config's ``safety`` additions and
switches, and the source of the modules that parse and compile them, so a changed file, entry
or release is never served from an old compilation.
"""

from __future__ import annotations

from pathlib import Path

import msgspec

from rtc_tui.config import SafetyEntry
from rtc_tui.core.safety.lexicon import Lexicon
from rtc_tui.derived_cache import Key, cached
from rtc_tui.safety_files.lexicon import LexiconParts, lexicon_files, lexicon_parts

NAME = "lexicon"
"""The cache files' name."""

CODE = (
    "rtc_tui.safety_files.lexicon",
    "rtc_tui.safety_files.nodes",
    "rtc_tui.schema",
    "rtc_tui.core.safety.lexicon_terms",
    "rtc_tui.core.safety.normalise",
    "rtc_tui.core.safety.families",
    "rtc_tui.core.models",
)
"""The modules whose code decides what the compiled lexicon holds."""


def lexicon_key(
    extra_files: tuple[Path, ...] = (),
    people_files: tuple[Path, ...] = (),
    add: tuple[SafetyEntry, ...] = (),
    disable: tuple[str, ...] = (),
) -> Key:
    """What a compiled lexicon is made from: every file read, the settings, the code.

    Raises:
        OSError: a file cannot be read (the lexicon is then loaded without the cache).
    """
    lexicons, people, word_lists = lexicon_files(extra_files, people_files)
    return (
        Key("lexicon")
        .text(msgspec.json.encode(add).decode(), msgspec.json.encode(disable).decode())
        .files([*lexicons, *people, *word_lists])
        .code(*CODE)
    )


def cached_lexicon(
    *,
    extra_files: tuple[Path, ...] = (),
    people_files: tuple[Path, ...] = (),
    add: tuple[SafetyEntry, ...] = (),
    disable: tuple[str, ...] = (),
) -> Lexicon:
    """:func:`~rtc_tui.safety_files.lexicon.load_lexicon`, from the cache when still exact.

    Raises:
        SchemaError: a file is unreadable or invalid (as ``load_lexicon`` says it).
    """

    def build() -> LexiconParts:
        return lexicon_parts(
            extra_files=extra_files, people_files=people_files, add=add, disable=disable
        )

    def key() -> Key:
        return lexicon_key(extra_files, people_files, add, disable)

    return cached(NAME, key, build, LexiconParts).lexicon()
