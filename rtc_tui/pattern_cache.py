"""Big regular expressions compiled once per Python, kept in the user's cache.

The URL pattern X's counter needs holds every top-level domain (some 1,500 alternatives):
``re.compile`` spends 20 ms on it, a tenth of ``rtc check``. What it produces is a list of
integers (the matcher's code) that only depends on the pattern, its flags and the Python that
compiled it, so :func:`compile_cached` keeps that list in the user's cache
(:mod:`rtc_tui.derived_cache`) and hands it back to the regular-expression engine the next
time, as ``re.compile`` itself does once it has the code.

The key holds the pattern, the flags, the Python version and the engine's format number
(``_sre.MAGIC``): another Python never reads this one's code. This uses the engine's own
entry points (``re._parser``, ``re._compiler``, ``_sre.compile``), which are not public: any
failure on that path, or a cache file that does not decode, falls back to ``re.compile``, so the
worst case is the uncached time, never a different pattern.
"""

from __future__ import annotations

import re
import sys

import msgspec

from rtc_tui.derived_cache import Key, read, write


class CompiledCode(msgspec.Struct, array_like=True):
    """What the engine builds a pattern object from (see ``re._compiler.compile``)."""

    flags: int
    code: list[int]
    groups: int
    groupindex: dict[str, int]
    indexgroup: list[str | None]


def _name(pattern: str, flags: int) -> tuple[str, str]:
    import _sre  # type: ignore[import-not-found]  # the engine: no stubs, not public

    digest = Key("re").text(sys.version, str(_sre.MAGIC), str(flags), pattern).digest()
    return "re", digest


def compile_cached(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, its compiled code read from the cache when there."""
    try:
        name, digest = _name(pattern, flags)
        found = read(name, digest, CompiledCode)
        if found is not None:
            return _build(pattern, found)
        compiled = _compile(pattern, flags)
        write(name, digest, compiled)
        return _build(pattern, compiled)
    except Exception:  # the engine's private entry points moved: compile the public way
        return re.compile(pattern, flags)


def _compile(pattern: str, flags: int) -> CompiledCode:
    """What ``re._compiler.compile`` computes before it calls the engine."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]
    groupindex = {str(k): int(v) for k, v in parsed.state.groupdict.items()}
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for key, index in groupindex.items():
        indexgroup[index] = key
    return CompiledCode(
        int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, indexgroup
    )


def _build(pattern: str, compiled: CompiledCode) -> re.Pattern[str]:
    import _sre

    built: re.Pattern[str] = _sre.compile(
        pattern,
        compiled.flags,
        compiled.code,
        compiled.groups,
        compiled.groupindex,
        tuple(compiled.indexgroup),
    )
    return built
