"""AT Protocol timestamp identifiers (TIDs): the record keys of Bluesky posts.

A TID is a 64-bit integer written as 13 characters of base32-sortable
(``234567abcdefghijklmnopqrstuvwxyz``): the top bit 0, then 53 bits of microseconds since the
UNIX epoch, then a 10-bit clock identifier. Choosing the post's record key ourselves, before the
first attempt, is what makes a retried ``createRecord`` safe: a repository holds at most one
record under a key, so a retry after a lost answer cannot create a second post.
"""

from __future__ import annotations

from datetime import datetime

ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
_INDEX = {c: i for i, c in enumerate(ALPHABET)}
_MAX_MICROS = (1 << 53) - 1


def make_tid(micros: int, clock_id: int) -> str:
    """Encode a TID.

    Args:
        micros: Microseconds since the UNIX epoch (0 to 2**53 - 1).
        clock_id: 0 to 1023; random per generator, so two clients never collide.

    Raises:
        ValueError: on a value out of range.
    """
    if not 0 <= micros <= _MAX_MICROS:
        raise ValueError(f"TID timestamp out of range: {micros}")
    if not 0 <= clock_id <= 1023:
        raise ValueError(f"TID clock id out of range: {clock_id}")
    value = (micros << 10) | clock_id
    chars = []
    for _ in range(13):
        chars.append(ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def tid_for(moment: datetime, clock_id: int) -> str:
    """The TID of an aware ``moment`` with ``clock_id``."""
    return make_tid(int(moment.timestamp() * 1_000_000), clock_id)


def parse_tid(tid: str) -> tuple[int, int]:
    """Decode a TID into (microseconds, clock id).

    Raises:
        ValueError: if ``tid`` is not 13 base32-sortable characters with the top bit clear.
    """
    if not is_tid(tid):
        raise ValueError(f"not a TID: {tid!r}")
    value = 0
    for char in tid:
        value = (value << 5) | _INDEX[char]
    return value >> 10, value & 1023


def is_tid(text: str) -> bool:
    """Whether ``text`` is a well-formed TID."""
    return (
        len(text) == 13
        and all(c in _INDEX for c in text)
        # The first character carries the top bit, which must be 0.
        and _INDEX[text[0]] < 16
    )
