"""The config file's decoded values, kept in the user's cache (see :mod:`rtc_tui.derived_cache`).

Every command reads the config first. With the lexicon and the calendar already served from
the cache, PyYAML was imported by ``rtc check`` and ``rtc moments`` for that one small file
alone, about 5% of their run. The plain values the file decodes to (mappings, lists, scalars)
are kept instead and turned into the :class:`~rtc_tui.config.ConfigFile` again by msgspec,
with the same validation. The key is the file's bytes and name and the source of the modules
that decide what it means, so an edit, however small, or a new release reads the file again;
only a file that loaded without error is kept, so an error is always reported from the file,
with its line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import msgspec

from rtc_tui.derived_cache import Key, read_plain, write_plain
from rtc_tui.schema import convert_plain, load_yaml, load_yaml_plain

T = TypeVar("T")

NAME = "config"
"""The cache files' name."""

CODE = ("rtc_tui.config", "rtc_tui.schema", "rtc_tui.core.models", "rtc_tui.core.team", "yaml")
"""The modules whose code decides what a config file means (PyYAML's names its version)."""


def config_key(path: Path) -> Key:
    """What the decoded file depends on: its name and bytes, the code, msgspec's version.

    Raises:
        OSError: the file cannot be read (it is then read the usual way, which reports it).
    """
    return Key(NAME).text(msgspec.__version__).files([path]).code(*CODE)


def load_config_file(path: Path, kind: type[T]) -> T:
    """The config file at ``path`` decoded into ``kind``: from the cache when its key matches.

    ``kind`` is :class:`~rtc_tui.config.ConfigFile` (given by the caller: that module imports
    this one).

    Raises:
        SchemaError: the file is unreadable or invalid (one line, naming file and line).
    """
    try:
        digest = config_key(path).digest()
    except OSError:
        return load_yaml(path, kind)
    found = read_plain(NAME, digest)
    if found is not None:
        try:
            return convert_plain(found[0], kind)
        except (msgspec.ValidationError, TypeError, ValueError):
            pass  # kept by a version of a module outside the key: read the file
    loaded, plain = load_yaml_plain(path, kind)
    write_plain(NAME, digest, plain)
    return loaded
