"""A cache of data derived from files (the compiled lexicon, public holidays), exact by content.

Commands such as ``rtc check`` and ``rtc moments`` start, answer and quit: parsing the same
YAML lexicon or asking the ``holidays`` package for the same years at every start was most of
their time. What they derive is kept in the user's cache folder (``$XDG_CACHE_HOME/rtc-tui``),
one file per kind and key, and used only when its key still matches.

The key is a SHA-256 over everything the value was made from: the bytes of every input file
(not their times: an edit that keeps the size and the second is still seen), the settings
that shaped it, and the source of the code that made it (a new release, or an edited
checkout, rebuilds). Values are msgpack decoded into their declared type, so a cache file is
only ever data, never code; a file that does not decode (truncated, from another version) is
rebuilt. The cache is an optimisation only: when its folder cannot be written, the value is
built as if there were none, and nothing the user asked for changes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import msgspec

T = TypeVar("T")

APP_NAME = "rtc-tui"
"""The folder under the user's cache dir."""

_SEPARATOR = b"\n"

KEEP_DAYS = 30
"""A cache file under a key that has not been written for this long is removed."""


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/rtc-tui`` (``~/.cache/rtc-tui`` when unset), as platformdirs says."""
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME))


class Key:
    """What a cached value was made from, folded into one digest as it is described."""

    def __init__(self, kind: str) -> None:
        self._hash = hashlib.sha256(kind.encode())

    def text(self, *parts: str) -> Key:
        """Settings (a language, a config entry) that shape the value."""
        for part in parts:
            self._hash.update(len(part).to_bytes(8, "big") + part.encode("utf-8", "replace"))
        return self

    def files(self, paths: Iterable[Path]) -> Key:
        """The name and the bytes of each file, in the given order.

        Raises:
            OSError: a file cannot be read (the caller builds without the cache, and reports
                the problem as it would have).
        """
        for path in paths:
            data = path.read_bytes()
            self.text(str(path))
            self._hash.update(len(data).to_bytes(8, "big") + data)
        return self

    def code(self, *modules: str) -> Key:
        """The source of the modules that make the value (``rtc_tui.core.safety.lexicon``)."""
        import importlib.util

        for name in modules:
            spec = importlib.util.find_spec(name)
            origin = spec.origin if spec is not None else None
            if origin is None:
                self.text(name)
                continue
            self.files([Path(origin)])
        return self

    def digest(self) -> str:
        """The key, as hex."""
        return self._hash.hexdigest()


def cached(name: str, key: Callable[[], Key], build: Callable[[], T], kind: type[T]) -> T:
    """The value ``build()`` makes, from the cache file ``name`` when its key still matches.

    Args:
        name: The cache file's name (``lexicon``, ``holidays``: one file per key).
        key: Describes the inputs; an ``OSError`` from it means "no cache this time".
        build: Makes the value; whatever it raises goes to the caller, and nothing is cached.
        kind: The value's type (msgspec decodes the file strictly into it).
    """
    try:
        digest = key().digest()
    except OSError:
        return build()
    found = read(name, digest, kind)
    if found is not None:
        return found
    value = build()
    write(name, digest, value)
    return value


def path_for(name: str, digest: str) -> Path:
    """The cache file of ``name`` under ``digest``.

    The key is in the file name: two installations sharing one home (two checkouts, two
    virtual environments) keep a file each instead of overwriting each other's at every run.
    """
    return cache_dir() / f"{name}-{digest[:24]}.msgpack"


def _payload(name: str, digest: str) -> bytes | None:
    """The encoded value in cache file ``name`` if it was written under ``digest``."""
    try:
        data = path_for(name, digest).read_bytes()
    except OSError:
        return None
    stored, _, payload = data.partition(_SEPARATOR)
    return payload if stored == digest.encode() else None


def read(name: str, digest: str, kind: type[T]) -> T | None:
    """The value in cache file ``name`` if it was written under ``digest``, else ``None``."""
    payload = _payload(name, digest)
    if payload is None:
        return None
    try:
        return msgspec.msgpack.decode(payload, type=kind)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None


def write(name: str, digest: str, value: object) -> None:
    """Keep ``value`` in cache file ``name`` under ``digest`` (silently not, if it cannot)."""
    path = path_for(name, digest)
    _write(path, digest.encode() + _SEPARATOR + msgspec.msgpack.encode(value))
    _prune(path.parent, name, keep=path)


_DATE, _DATETIME = 1, 2
"""msgpack extension codes of the dates and times in plain values (msgpack has none of its own
for a date, nor for a time without a zone)."""


def _tagged(value: Any) -> Any:
    """``value`` with each date and datetime as an extension msgpack gives back as it was."""
    if isinstance(value, dict):
        return {k: _tagged(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tagged(v) for v in value]
    if isinstance(value, datetime):
        return msgspec.msgpack.Ext(_DATETIME, value.isoformat().encode())
    if isinstance(value, date):
        return msgspec.msgpack.Ext(_DATE, value.isoformat().encode())
    return value


def _untagged(code: int, data: memoryview) -> Any:
    text = bytes(data).decode()
    if code == _DATETIME:
        return datetime.fromisoformat(text)
    if code == _DATE:
        return date.fromisoformat(text)
    raise ValueError(code)


def write_plain(name: str, digest: str, value: Any) -> None:
    """Keep plain values (a decoded YAML document: mappings, lists, scalars, dates).

    Kept only when they come back equal, types included (a set or a tuple would not): what
    :func:`read_plain` gives is then exactly what was parsed.
    """
    try:
        payload = msgspec.msgpack.encode([_tagged(value)])
        back = msgspec.msgpack.decode(payload, ext_hook=_untagged)
    except (TypeError, ValueError, msgspec.EncodeError, msgspec.DecodeError):
        return
    if not _same(back, [value]):
        return
    path = path_for(name, digest)
    _write(path, digest.encode() + _SEPARATOR + payload)
    _prune(path.parent, name, keep=path)


def _same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (``1 == 1.0 == True`` is not enough)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):  # msgpack keeps a mapping's order: compare entry by entry
        return len(a) == len(b) and all(
            _same(ka, kb) and _same(va, vb)
            for (ka, va), (kb, vb) in zip(a.items(), b.items(), strict=True)
        )
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def read_plain(name: str, digest: str) -> list[Any] | None:
    """``[value]`` as :func:`write_plain` kept it under ``digest``, else ``None``."""
    payload = _payload(name, digest)
    if payload is None:
        return None
    try:
        found = msgspec.msgpack.decode(payload, ext_hook=_untagged)
    except (msgspec.DecodeError, ValueError):
        return None
    return found if isinstance(found, list) and len(found) == 1 else None


def _prune(folder: Path, name: str, *, keep: Path) -> None:
    """Remove ``name``'s files under other keys left untouched for :data:`KEEP_DAYS`.

    A key changes with every edit of a lexicon file or upgrade: without this, each change
    would leave its old file behind for good.
    """
    import time

    limit = time.time() - KEEP_DAYS * 86400
    for old in folder.glob(f"{name}-*.msgpack"):
        with contextlib.suppress(OSError):
            if old != keep and old.stat().st_mtime < limit:
                old.unlink()


def _write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` at once (readers see the old file or the new one)."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError:
        # A read-only or full cache folder: the value was built, only not kept.
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
