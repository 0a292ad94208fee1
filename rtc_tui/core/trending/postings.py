"""The clustering index's postings: token -> the ids of the live titles carrying it.

Kept apart from :mod:`.cluster_index` (which uses them): how the postings are stored and
changed one batch at a time (:class:`TokenIndex`), and how a store's base and later changes
are put together again (:class:`StoredPostings`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Protocol


class Titled(Protocol):
    """An index entry, as far as the postings are concerned: its title's tokens."""

    @property
    def tokens(self) -> str:
        """The title's tokens, joined by single spaces."""


class TokenIndex:
    """Token -> the ids of the live titles carrying it (the index's postings).

    Stored with the index as one string of ids per token (joined by spaces: decoding them is
    one string per token, not one per id), split only for the tokens a batch asks about, so a
    batch pays for its own tokens, not for every token of every stored title. How many
    titles carry a token is counted on the string itself, and a title added to a token
    nobody asks about is noted beside its string, not put into a split list. What a batch
    changed is kept per token (:meth:`delta`), so a store can write the change alone. Event
    ids from the sources never hold a space; if one does, :meth:`stored` says the postings
    cannot be stored and they are built again from the entries by the next batch.
    """

    def __init__(self, stored: Mapping[str, str] | None = None) -> None:
        self._stored: Mapping[str, str] = stored or {}
        self._lists: dict[str, list[str]] = {}
        """The postings split so far (asked about, or changed by a removal)."""
        self._added: dict[str, list[str]] = defaultdict(list)
        """The ids this batch added to each token, in order."""
        self._removed: dict[str, set[str]] = defaultdict(set)
        """The ids this batch took out of each token's stored postings."""
        self._changed: set[str] = set()
        self._storable = True
        self.whole = stored is None
        """Whether these postings were built from every entry (nothing stored to change)."""

    @classmethod
    def of(cls, entries: Mapping[str, Titled]) -> TokenIndex:
        """The postings of ``entries``, built in one pass (no stored postings)."""
        index = cls()
        lists: dict[str, list[str]] = defaultdict(list)
        for ident, entry in entries.items():
            for token in entry.tokens.split():
                lists[token].append(ident)
        index._lists = dict(lists)
        index._changed = set(lists)
        index._storable = all(_plain(i) for i in entries)
        return index

    def ids(self, token: str) -> list[str]:
        """The ids of the titles carrying ``token`` (the list itself: do not change it)."""
        found = self._lists.get(token)
        if found is None:
            text = self._stored.get(token)
            found = text.split() if text else []
            found += self._added.get(token, ())
            self._lists[token] = found
        return found

    def count(self, token: str) -> int:
        """How many titles carry ``token``."""
        found = self._lists.get(token)
        if found is not None:
            return len(found)
        text = self._stored.get(token)
        return (text.count(" ") + 1 if text else 0) + len(self._added.get(token, ()))

    def add(self, ident: str, tokens: Iterable[str]) -> None:
        """``ident``'s title carries ``tokens`` (not listed for them yet)."""
        if not _plain(ident):
            self._storable = False
        for token in tokens:
            found = self._lists.get(token)
            if found is not None:
                found.append(ident)
            self._added[token].append(ident)
            self._changed.add(token)

    def discard(self, titles: Iterable[tuple[str, Iterable[str]]]) -> None:
        """Take each ``(id, tokens)`` out of those tokens' postings (one pass per token)."""
        gone: dict[str, set[str]] = defaultdict(set)
        for ident, tokens in titles:
            for token in tokens:
                gone[token].add(ident)
        for token, idents in gone.items():
            listed = self.ids(token)
            self._lists[token] = [i for i in listed if i not in idents]
            added = self._added.get(token)
            fresh = idents.intersection(added) if added else set()
            if fresh:  # added by this batch: never stored, so not a removal to write
                self._added[token] = [i for i in added or () if i not in fresh]
            self._removed[token].update(idents.intersection(listed) - fresh)
            self._changed.add(token)

    def stored(self) -> dict[str, str] | None:
        """The postings as stored (``None``: an id holds a space, they cannot be)."""
        if not self._storable:
            return None
        out = dict(self._stored)
        for token in self._changed:
            found = self._lists.get(token)
            if found is not None:
                text = " ".join(found)
            else:  # only added to: the stored string and the new ids
                before = self._stored.get(token)
                added = " ".join(self._added[token])
                text = f"{before} {added}" if before and added else before or added
            if text:
                out[token] = text
            else:
                out.pop(token, None)
        return out

    def delta(self) -> tuple[dict[str, str], dict[str, str]] | None:
        """What this batch changed: per token the ids added and the ids removed, joined.

        ``None`` when only the whole postings can be stored (built from every entry, or an id
        holds a space). Applied to the stored postings (the removed taken out, then the
        added appended: :class:`StoredPostings`), it gives :meth:`stored`.
        """
        if self.whole or not self._storable:
            return None
        added = {t: " ".join(ids) for t, ids in self._added.items() if ids}
        removed = {t: " ".join(sorted(ids)) for t, ids in self._removed.items() if ids}
        return added, removed


class StoredPostings(Mapping[str, str]):
    """Postings stored as a base and the changes of later batches, put together per token.

    A token's string is worked out the first time it is asked (a batch asks for its own
    tokens only): the base's ids, without each later part's removed ones, with its added ones
    appended, part after part.
    """

    def __init__(
        self,
        base: Mapping[str, str],
        changes: Sequence[tuple[Mapping[str, str], Mapping[str, str]]],
    ) -> None:
        self._base = base
        self._changes = [c for c in changes if c[0] or c[1]]
        self._done: dict[str, str] = {}

    def __getitem__(self, token: str) -> str:
        found = self._done.get(token)
        if found is not None:
            return found
        text = self._base.get(token, "")
        for added, removed in self._changes:
            out = removed.get(token)
            if out:
                drop = set(out.split())
                text = " ".join(i for i in text.split() if i not in drop)
            more = added.get(token)
            if more:
                text = f"{text} {more}" if text else more
        if not text:
            raise KeyError(token)
        self._done[token] = text
        return text

    def __iter__(self) -> Iterator[str]:
        keys = dict.fromkeys(self._base)
        for added, _removed in self._changes:
            keys.update(dict.fromkeys(added))
        return (k for k in keys if k in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __contains__(self, token: object) -> bool:
        if not isinstance(token, str):
            return False
        try:
            self[token]
        except KeyError:
            return False
        return True


def _plain(ident: str) -> bool:
    """Whether ``ident`` can be stored in a space-joined list (no space, not empty)."""
    return ident.split() == [ident]


__all__ = ["StoredPostings", "TokenIndex", "Titled"]
