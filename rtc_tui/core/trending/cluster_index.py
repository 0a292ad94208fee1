"""Clustering one batch at a time: new titles meet the stored stories through a token index.

:func:`~rtc_tui.core.trending.ranking.cluster` is this index over a single batch, so the whole
run and a run batch by batch follow the same rules (see ``docs/storage.md``):

* titles are taken most specific first (more content words, then id); a title of three words
  or more links to every such title it tells the same story as; a shorter one joins its best
  match among the titles before it (a two-word one also bridges every title containing it
  whole), or, matching none, waits in the index for a later one;
* candidates are found through the index (token -> the titles waiting there), skipping tokens
  carried by more than ``max(30, live / 20)`` titles (they name no story);
* a stored short title still waiting is taken up again when a new title comes before it.

What only a whole run could do is left out on purpose, so stories only grow or merge and a
batch costs what its own titles touch: a short title keeps the story it first joined when a
better match arrives later; a story keeps its members when the event that linked them leaves
the live set; whether a token is too common is judged when a batch arrives, not again later.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, compress
from operator import attrgetter, not_
from typing import TypeVar

import msgspec

from rtc_tui.core.trending.postings import StoredPostings, TokenIndex
from rtc_tui.core.trending.titles import same_story, similar, title_tokens

_SHORT_KEYS = {
    "id": "id",
    "cluster": "c",
    "linked": "l",
    "tokens": "t",
    "source": "s",
    "key": "k",
    "seen": "f",
    "basis": "b",
    "value": "v",
    "words": "w",
}


class ClusterEntry(msgspec.Struct, array_like=True, gc=False):
    """One live event as the index keeps it (stored with the ranking, one per event).

    Stored as an array (no keys) with the tokens as one string: every merge decodes one per
    live event, and 20,000 of them with a list of tokens each took 40 ms (half of it the
    cycle collector walking the new lists); as strings in untracked structs, 5 ms. Entries
    stored before (objects with one-letter keys, the tokens a list) are read too
    (:func:`entries_from`).
    """

    id: str
    cluster: str
    """The story's id: the id of its most specific title when it was formed."""
    linked: bool
    """Whether the title waits in the index for later titles (see the module docstring)."""
    tokens: str
    """:func:`title_tokens` of the title, sorted, joined by single spaces (a token is a
    run of letters and digits: it never holds a space). :meth:`token_list` splits them."""
    source: str
    key: float = 0.0
    """The time-independent order key of its score (see :mod:`.rerank`)."""
    seen: float = 0.0
    """Its first-seen time (a POSIX timestamp): ties of ``key`` put the newest first."""
    basis: str = ""
    """What it was ranked under (brand keywords, weights); another basis ranks everything."""
    value: float | None = None
    """What its signal strength is a percentile of within its source (its signal, or minus
    its position in the source's list): a batch scores a story's members from other sources
    without reading every body of those sources."""
    words: int = -1
    """How many of its tokens are words (:func:`words_of`; -1: not counted yet)."""

    def token_list(self) -> list[str]:
        """The tokens, sorted."""
        return self.tokens.split()

    def word_count(self) -> int:
        """:attr:`words`, counted (and kept) when not stored yet."""
        if self.words < 0:
            self.words = words_of(self.tokens.split())
        return self.words


class KeyedEntry(msgspec.Struct, rename=_SHORT_KEYS):
    """An entry as stored before :class:`ClusterEntry` became an array (read, never written)."""

    id: str
    cluster: str
    linked: bool
    tokens: list[str]
    source: str
    key: float = 0.0
    seen: float = 0.0
    basis: str = ""
    value: float | None = None
    words: int = -1

    def entry(self) -> ClusterEntry:
        """The entry in today's form."""
        return ClusterEntry(
            self.id,
            self.cluster,
            self.linked,
            join_tokens(self.tokens),
            self.source,
            self.key,
            self.seen,
            self.basis,
            self.value,
            self.words,
        )


def join_tokens(tokens: Iterable[str]) -> str:
    """Tokens as :attr:`ClusterEntry.tokens` keeps them (sorted, joined by spaces)."""
    return " ".join(sorted(tokens))


def entry_from(row: object) -> ClusterEntry:
    """A stored entry (an array, or an object with one-letter keys from before) decoded.

    Raises:
        msgspec.ValidationError: not an entry.
    """
    if isinstance(row, dict):
        return msgspec.convert(row, KeyedEntry).entry()
    return msgspec.convert(row, ClusterEntry)


def entries_from(rows: list[object]) -> list[ClusterEntry]:
    """Stored entries decoded and checked in one pass (what a merge reads: every entry).

    Raises:
        msgspec.ValidationError: a row is not an entry.
    """
    try:
        return msgspec.convert(rows, list[ClusterEntry])
    except msgspec.ValidationError:
        return [entry_from(row) for row in rows]  # some stored before: objects


def keyed_entries(rows: list[KeyedEntry]) -> list[ClusterEntry]:
    """Entries decoded in their former form (a manifest written before), in today's."""
    return [row.entry() for row in rows]


def entry_row(entry: ClusterEntry) -> list[object]:
    """What is stored of ``entry``."""
    row: list[object] = msgspec.to_builtins(entry)
    return row


def words_of(tokens: Iterable[str]) -> int:
    """How many tokens are words (numbers neither count nor are enough for a story)."""
    return sum(1 for t in tokens if not t.isdigit())


V = TypeVar("V")


class _PerToken(dict[str, V]):
    """What a batch needs to know of a token, worked out the first time it is asked."""

    def __init__(self, make: Callable[[str], V]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, token: str) -> V:
        value = self[token] = self._make(token)
        return value


class IndexEntries(dict[str, ClusterEntry]):
    """The stored index's entries by id, with what was stored with them.

    Its postings (``None``: not stored, built from the entries) and the ranking's order
    the entries were stored with (``None``: not known; a batch then sorts every entry).
    """

    def __init__(
        self,
        entries: Iterable[tuple[str, ClusterEntry]] | Mapping[str, ClusterEntry],
        postings: Mapping[str, str] | None,
        order: Sequence[str] | None = None,
    ) -> None:
        super().__init__(entries)
        self.postings = postings
        self.order = order


def in_two(lists: Sequence[Collection[str]]) -> set[str]:
    """The ids found in two of ``lists`` or more (each names an id once at most).

    What counting every id of every list and keeping those counted twice gives, by set
    intersections of each pair of lists (in C): a title's rare tokens are carried by up to a
    twentieth of the live titles each, and only a few ids are in two of them.
    """
    if len(lists) < 2:
        return set()
    sets = [found if isinstance(found, set) else set(found) for found in lists]
    out: set[str] = set()
    for number, first in enumerate(sets):
        for second in sets[number + 1 :]:
            out |= first & second if len(first) <= len(second) else second & first
    return out


@dataclass(frozen=True)
class NewTitle:
    """A title the batch brings (a new event, or a stored one whose title changed)."""

    id: str
    title: str
    source: str


class ClusterIndex:
    """The live events' stories, updated one batch at a time (see the module docstring)."""

    def __init__(
        self,
        entries: Mapping[str, ClusterEntry],
        threshold: float = 0.6,
        *,
        postings: Mapping[str, str] | None = None,
    ) -> None:
        """The index of ``entries`` (and their ``postings``, when stored with them)."""
        self.entries: dict[str, ClusterEntry] = dict(entries)
        self.threshold = threshold
        self.tokens = TokenIndex(postings) if postings is not None else TokenIndex.of(entries)
        self._sets: dict[str, frozenset[str]] = {}
        self._sizes: dict[str, int] = {}
        self._parent: dict[str, str] = {}
        self._dropped: set[str] = set()
        """Stored titles that stopped waiting during this batch (still in the postings)."""
        self.touched: set[str] = set()
        """The ids whose entry this index added or changed (what a store writes again)."""

    # -- helpers ----------------------------------------------------------------------

    def _set(self, ident: str) -> frozenset[str]:
        found = self._sets.get(ident)
        if found is None:
            found = self._sets[ident] = frozenset(self.entries[ident].tokens.split())
        return found

    def _size(self, ident: str) -> int:
        found = self._sizes.get(ident)
        if found is None:
            found = self._sizes[ident] = self.entries[ident].word_count()
        return found

    def _position(self, ident: str) -> tuple[int, str]:
        """Where a title comes in the global order: most content words first, then id."""
        if ident in self.entries:
            return (-self._size(ident), ident)
        return (1, ident)  # a story whose first title left the live set: after every title

    def _root(self, cluster_id: str) -> str:
        parent = self._parent
        while parent.get(cluster_id, cluster_id) != cluster_id:
            up = parent[cluster_id]
            parent[cluster_id] = parent.get(up, up)
            cluster_id = up
        return cluster_id

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._root(self.entries[a].cluster), self._root(self.entries[b].cluster)
        if ra != rb:
            keep, drop = (ra, rb) if self._position(ra) < self._position(rb) else (rb, ra)
            self._parent[drop] = keep

    # -- the batch --------------------------------------------------------------------

    def remove(self, ids: Iterable[str]) -> set[str]:
        """Take events out of the index; returns the stories they were part of."""
        touched: set[str] = set()
        gone: list[tuple[str, list[str]]] = []
        for ident in ids:
            entry = self.entries.pop(ident, None)
            if entry is not None:
                touched.add(entry.cluster)
                gone.append((ident, entry.tokens.split()))
                self._sets.pop(ident, None)
                self._sizes.pop(ident, None)
        self.tokens.discard(gone)
        return touched

    def add(self, titles: Iterable[NewTitle]) -> set[str]:
        """Cluster ``titles`` against the index (a stored id is re-clustered on its new title).

        Returns the ids of the events whose story changed or grew (the new ones included).
        """
        batch: list[str] = []
        for item in titles:
            old = self.entries.get(item.id)
            tokens = sorted(title_tokens(item.title))
            if old is not None:
                self.tokens.discard([(item.id, old.tokens.split())])
            self.tokens.add(item.id, tokens)
            self.entries[item.id] = ClusterEntry(
                id=item.id,
                cluster=old.cluster if old is not None else item.id,
                linked=False,
                tokens=" ".join(tokens),
                source=item.source,
                words=words_of(tokens),
            )
            self._sets.pop(item.id, None)
            self._sizes.pop(item.id, None)
            batch.append(item.id)
        self.touched.update(batch)
        if not batch:
            return set()
        fresh = set(batch)
        entries = self.entries
        # How many titles carry a token, and which, from the postings: only for the tokens
        # the batch asks about (which titles carry a too common one is never asked).
        carriers = self.tokens.ids
        frequency = _PerToken(self.tokens.count)
        common = max(30, len(entries) // 20)
        # Which stored titles wait (are linked) and which are short, found in one pass each
        # when first needed; a token's postings are then set differences (in C). A stored
        # title that stops waiting later in the batch stays in the postings made before, as
        # it always did: ``_dropped`` leaves it out of the candidates.
        passes: dict[str, set[str]] = {}

        def waiting_of(token: str) -> set[str]:
            if "unlinked" not in passes:
                linked = map(attrgetter("linked"), entries.values())
                passes["unlinked"] = set(compress(entries, map(not_, linked))) | fresh
            return set(carriers(token)).difference(passes["unlinked"])

        def shorts_of(token: str) -> list[str]:
            if "short" not in passes:
                # In C: the titles of fewer than three words (and those not counted yet,
                # ``words`` -1, which are counted here).
                words = list(map(attrgetter("words"), entries.values()))
                few = set(compress(entries, map((3).__gt__, words)))
                unknown = compress(entries, map((0).__gt__, words))
                few.difference_update(i for i in unknown if self._size(i) >= 3)
                passes["short"] = few
            return sorted(passes["short"].intersection(carriers(token)).difference(fresh))

        postings = _PerToken(waiting_of)
        shorts = _PerToken(shorts_of)
        self._dropped = set()
        queue = [(self._position(ident), ident) for ident in batch]
        heapq.heapify(queue)
        queued = set(batch)
        while queue:
            _position, ident = heapq.heappop(queue)
            self.touched.add(ident)  # its ``linked`` may change
            linked_now = self._place(ident, frequency, common, postings)
            if linked_now:
                for t in self.entries[ident].tokens.split():
                    if frequency[t] <= common:  # the others are never looked up
                        postings[t].add(ident)
                self._wake(ident, frequency, common, shorts, queue, queued, fresh)
        changed = set(fresh)
        parent = self._parent
        if parent:
            for ident, entry in self.entries.items():
                if entry.cluster in parent:
                    root = self._root(entry.cluster)
                    if root != entry.cluster:
                        entry.cluster = root
                        changed.add(ident)
        self.touched |= changed
        return changed

    def _candidates(
        self,
        ident: str,
        frequency: Mapping[str, int],
        common: int,
        postings: _PerToken[set[str]],
    ) -> dict[str, int]:
        """Titles waiting in the index that share a token with ``ident`` (and how many)."""
        shared = Counter(
            chain.from_iterable(
                postings[t] for t in self.entries[ident].tokens.split() if frequency[t] <= common
            )
        )
        shared.pop(ident, None)
        if self._dropped:
            for other in self._dropped.intersection(shared):
                del shared[other]
        return shared

    def _place(
        self,
        ident: str,
        frequency: Mapping[str, int],
        common: int,
        postings: _PerToken[set[str]],
    ) -> bool:
        """Link ``ident`` as the whole run would when it reaches it; whether it now waits."""
        entry = self.entries[ident]
        mine = self._set(ident)
        size = self._size(ident)
        here = self._position(ident)
        if size >= 3:
            # Short titles come after (they take this one up themselves); two shared words
            # at least, or the pair is skipped unscored.
            lists = [postings[t] for t in entry.tokens.split() if frequency[t] <= common]
            twice = in_two(lists)
            twice.discard(ident)
            twice.difference_update(self._dropped)
            wanted = sorted(o for o in twice if self._size(o) >= 3)
        else:
            shared = self._candidates(ident, frequency, common, postings)
            wanted = sorted(o for o in shared if self._position(o) < here)
        matches: list[tuple[float, str]] = []
        for other in wanted:
            theirs = self._set(other)
            if same_story(mine, theirs, self.threshold):
                matches.append((similar(mine, theirs), other))
        if size >= 3:
            for _score, other in matches:
                self._union(ident, other)
            was = entry.linked
            entry.linked = True
            return not was
        if matches:
            best_score = max(score for score, _other in matches)
            best = min(
                (m for m in matches if m[0] == best_score), key=lambda m: self._position(m[1])
            )
            self._union(ident, best[1])
            if size == 2:
                for score, other in matches:
                    if score >= 1.0:
                        self._union(ident, other)
            if entry.linked:
                self._dropped.add(ident)
            entry.linked = False
            return False
        was = entry.linked
        entry.linked = True
        return not was

    def _wake(
        self,
        ident: str,
        frequency: Mapping[str, int],
        common: int,
        shorts: _PerToken[list[str]],
        queue: list[tuple[tuple[int, str], str]],
        queued: set[str],
        fresh: set[str],
    ) -> None:
        """Stored short titles after ``ident`` that the whole run would have shown it to.

        One still waiting is taken up again (in order, with the batch); a two-word one that
        already joined a story bridges ``ident`` too when ``ident`` contains it whole.
        """
        here = self._position(ident)
        mine = self._set(ident)
        seen: set[str] = set()
        for t in self.entries[ident].tokens.split():
            if frequency[t] > common:
                continue
            for other in shorts[t]:
                if other in seen or other in fresh or other not in self.entries:
                    continue
                seen.add(other)
                if self._position(other) <= here:
                    continue
                entry = self.entries[other]
                if entry.linked:
                    if other not in queued:
                        queued.add(other)
                        heapq.heappush(queue, (self._position(other), other))
                elif self._size(other) == 2 and similar(self._set(other), mine) >= 1.0:
                    self._union(other, ident)


def cluster_batch(
    titles: Iterable[NewTitle], threshold: float = 0.6
) -> tuple[dict[str, str], dict[str, ClusterEntry]]:
    """Cluster ``titles`` on an empty index: event id -> cluster id, and the entries."""
    index = ClusterIndex({}, threshold)
    index.add(titles)
    return {ident: entry.cluster for ident, entry in index.entries.items()}, index.entries


__all__ = [
    "ClusterEntry",
    "entries_from",
    "entry_from",
    "entry_row",
    "ClusterIndex",
    "IndexEntries",
    "KeyedEntry",
    "StoredPostings",
    "TokenIndex",
    "join_tokens",
    "keyed_entries",
    "NewTitle",
    "cluster_batch",
    "in_two",
    "words_of",
]
