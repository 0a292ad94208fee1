"""Quantities in words, for messages: limits a person can read at a glance."""


def size_words(limit: int) -> str:
    """``2 MB``, ``512 KB``, ``300 bytes``: a byte count the way a person says it."""
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):g} MB"
    if limit >= 1024:
        return f"{limit / 1024:g} KB"
    return f"{limit} bytes"
