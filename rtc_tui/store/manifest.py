"""The events' manifest (``events-live.json``): every live event without its body.

What a merge needs of every live event (its id, when it was last seen, which segment holds its
body) and the ranking's order, kept in one small row so a merge never reads every body (see
:mod:`rtc_tui.store.segments`). The clustering index lives beside it in *index parts*
(:class:`IndexPart`, ``events.d/index-*.json``): a base holding every entry and its postings,
then one part per merge holding only what that merge changed, so a merge writes what its batch
touched and not the whole index (7 MB at 20,000 events) again. Manifests written before schema
2 held the index inline (:attr:`Manifest.entries`, :attr:`Manifest.postings`); they are read
as they are, and the first merge moves their index into a base part.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from rtc_tui.core.trending.cluster_index import ClusterEntry, KeyedEntry, keyed_entries


class Manifest(msgspec.Struct):
    """What a merge needs of every live event, without any body (``events-live.json``)."""

    ids: list[str] = msgspec.field(default_factory=list)
    """Every live event's id, in the order the last merge gave."""
    seen: list[float] = msgspec.field(default_factory=list)
    """Each one's last-seen time (a POSIX timestamp), for retention."""
    where: list[int] = msgspec.field(default_factory=list)
    """The segment holding each one's newest body."""
    order: list[str] = msgspec.field(default_factory=list)
    """The ranking's order, best first (empty: no stored ranking)."""
    entries: list[ClusterEntry] = msgspec.field(default_factory=list)
    """The clustering index, one entry per live event (empty with no ranking)."""
    postings: dict[str, str] | None = None
    """The index's postings: token -> the ids of the entries carrying it, joined by spaces
    (:class:`~rtc_tui.core.trending.cluster_index.TokenIndex`); ``None``: not stored (a
    manifest from before them), built from the entries by the next merge. Inline, like
    :attr:`entries`, only in a manifest from before schema 2."""
    segments: list[int] = msgspec.field(default_factory=list)
    """The segments in use, oldest first."""
    next: int = 1
    """The next segment's number."""
    rows: int = 0
    """Body rows in the segments, live or superseded: when to compact them all."""
    index: list[int] = msgspec.field(default_factory=list)
    """The index parts holding the clustering index, base first (empty: the index is inline,
    in a manifest from before schema 2, or there is none)."""
    index_rows: int = 0
    """Entries in the index parts after the base: when to write a new base."""


class IndexPart(msgspec.Struct, gc=False):
    """One file of the clustering index (``events.d/index-NNNNNNNN.json``).

    A *base* holds every entry and, in :attr:`added`, every token's postings; a part after it
    holds what one merge changed: the entries it added or changed, the ids that left the
    index, and per token the ids added to and removed from its postings. Reading is the base
    with each later part applied in turn (:mod:`rtc_tui.store.index_parts`).
    """

    base: bool
    entries: list[ClusterEntry] = msgspec.field(default_factory=list)
    """A base: every entry, in the index's order; a later part: the entries it changed."""
    gone: list[str] = msgspec.field(default_factory=list)
    """The ids that left the index (a later part only)."""
    added: dict[str, str] | None = msgspec.field(default_factory=dict)
    """Token -> the ids added to its postings, joined by spaces (a base: all of them).
    ``None`` in a base: postings not storable (an id holds a space), built from the entries."""
    removed: dict[str, str] = msgspec.field(default_factory=dict)
    """Token -> the ids taken out of its postings, joined by spaces (a later part only)."""


def decode_manifest(document: Mapping[str, Any]) -> Manifest:
    """The manifest of an ``events-live.json`` document (an empty one when it has none).

    Raises:
        msgspec.ValidationError: the row is not a manifest (the file's check reports it).
    """
    row = (document.get("manifest") or {}).get("1")
    if row is None:
        return Manifest()
    if isinstance(row, Manifest):  # decoded typed already (``ManifestDatabase``)
        return row
    return manifest_from(row)


class KeyedManifest(Manifest):
    """A manifest written before the index's entries were arrays (read, then written anew)."""

    entries: list[KeyedEntry] = msgspec.field(default_factory=list)  # type: ignore[assignment]

    def current(self) -> Manifest:
        """The same manifest with today's entries."""
        fields = {f: getattr(self, f) for f in self.__struct_fields__ if f != "entries"}
        return Manifest(**fields, entries=keyed_entries(self.entries))


def manifest_from(row: object) -> Manifest:
    """A manifest row (as parsed JSON) checked and decoded, in today's form or the one before.

    Raises:
        msgspec.ValidationError: the row is neither (the first form's error is reported).
    """
    try:
        return msgspec.convert(row, Manifest)
    except msgspec.ValidationError as error:
        try:
            return msgspec.convert(row, KeyedManifest).current()
        except msgspec.ValidationError:
            raise error from None


def encode_manifest(manifest: Manifest) -> dict[str, Any]:
    """The manifest's row."""
    row: dict[str, Any] = msgspec.to_builtins(manifest)
    return row


__all__ = [
    "IndexPart",
    "KeyedManifest",
    "Manifest",
    "decode_manifest",
    "encode_manifest",
    "manifest_from",
]
