"""The clustering index as it was before its postings were stored (a reference for tests).

A copy of ``ClusterIndex`` from before the stored postings (rtc ``cc04394``): it counted
every title's tokens and walked every title for the carriers of the batch's rare ones, and
kept its postings as lists. The tests run random batches through it and through today's
index and require the same stories. Only what reading the tokens as one string needs
changed (``tokens.split()``).
"""

# ruff: noqa
# mypy: ignore-errors

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from itertools import chain
from typing import TypeVar

from rtc_tui.core.trending.cluster_index import ClusterEntry, NewTitle, words_of
from rtc_tui.core.trending.titles import same_story, similar, title_tokens

V = TypeVar("V")


class _PerToken(dict):
    def __init__(self, make) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, token):
        value = self[token] = self._make(token)
        return value


class _Carriers(dict[str, list[str]]):
    """Token -> the ids of the titles carrying it, for the tokens asked about only.

    Found by one pass over the entries for a set of tokens (a C-level test per title), so a
    batch pays for its own tokens, not for every token of every stored title.
    """

    def __init__(self, entries: Mapping[str, ClusterEntry]) -> None:
        super().__init__()
        self._entries = entries

    def fetch(self, tokens: set[str]) -> None:
        """Look up the carriers of ``tokens`` not looked up yet, in one pass."""
        wanted = {t for t in tokens if t not in self}
        if not wanted:
            return
        found: dict[str, list[str]] = {t: [] for t in wanted}
        for ident, entry in self._entries.items():
            if not wanted.isdisjoint(entry.tokens.split()):
                for token in entry.tokens.split():
                    if token in found:
                        found[token].append(ident)
        self.update(found)

    def __missing__(self, token: str) -> list[str]:
        # A token the batch's own titles did not carry (a stored title taken up again): the
        # carriers of every token are looked up at once, so this happens once per batch.
        everything: dict[str, list[str]] = defaultdict(list)
        for ident, entry in self._entries.items():
            for each in entry.tokens.split():
                everything[each].append(ident)
        for each, ids in everything.items():
            self.setdefault(each, ids)
        return self.setdefault(token, [])


class ReferenceIndex:
    """The live events' stories, updated one batch at a time (see the module docstring)."""

    def __init__(self, entries: Mapping[str, ClusterEntry], threshold: float = 0.6) -> None:
        self.entries: dict[str, ClusterEntry] = dict(entries)
        self.threshold = threshold
        self._sets: dict[str, frozenset[str]] = {}
        self._sizes: dict[str, int] = {}
        self._parent: dict[str, str] = {}
        self._dropped: set[str] = set()
        """Stored titles that stopped waiting during this batch (still in the postings)."""

    # -- helpers ----------------------------------------------------------------------

    def _set(self, ident: str) -> frozenset[str]:
        found = self._sets.get(ident)
        if found is None:
            found = self._sets[ident] = frozenset(self.entries[ident].tokens.split())
        return found

    def _size(self, ident: str) -> int:
        found = self._sizes.get(ident)
        if found is None:
            entry = self.entries[ident]
            if entry.words < 0:
                entry.words = words_of(entry.tokens.split())
            found = self._sizes[ident] = entry.words
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
        for ident in ids:
            entry = self.entries.pop(ident, None)
            if entry is not None:
                touched.add(entry.cluster)
                self._sets.pop(ident, None)
                self._sizes.pop(ident, None)
        return touched

    def add(self, titles: Iterable[NewTitle]) -> set[str]:
        """Cluster ``titles`` against the index (a stored id is re-clustered on its new title).

        Returns the ids of the events whose story changed or grew (the new ones included).
        """
        batch: list[str] = []
        for item in titles:
            old = self.entries.get(item.id)
            tokens = sorted(title_tokens(item.title))
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
        if not batch:
            return set()
        fresh = set(batch)
        entries = self.entries
        # How many titles carry each token (counted in one pass); which titles carry a token
        # is looked up only for the tokens the batch asks about (too common ones never are).
        frequency = Counter(chain.from_iterable(e.tokens.split() for e in entries.values()))
        common = max(30, len(entries) // 20)
        carriers = _Carriers(entries)
        carriers.fetch(
            {t for i in batch for t in entries[i].tokens.split() if frequency[t] <= common}
        )
        postings = _PerToken(
            lambda t: [i for i in carriers[t] if i not in fresh and entries[i].linked]
        )
        short: set[str] = set()  # the stored short titles (few), found when first needed

        def shorts_of(token: str) -> list[str]:
            if not short:
                short.update(
                    i
                    for i, e in entries.items()
                    if (e.words if e.words >= 0 else self._size(i)) < 3
                )
                short.add("")  # found: an empty set is not looked for again
            return [i for i in carriers[token] if i in short and i not in fresh]

        shorts = _PerToken(shorts_of)
        self._dropped = set()
        queue = [(self._position(ident), ident) for ident in batch]
        heapq.heapify(queue)
        queued = set(batch)
        while queue:
            _position, ident = heapq.heappop(queue)
            linked_now = self._place(ident, frequency, common, postings)
            if linked_now:
                for t in self.entries[ident].tokens.split():
                    if frequency[t] <= common:  # the others are never looked up
                        postings[t].append(ident)
                self._wake(ident, frequency, common, shorts, queue, queued, fresh)
        changed = set(fresh)
        parent = self._parent
        for ident, entry in self.entries.items():
            if entry.cluster in parent:
                root = self._root(entry.cluster)
                if root != entry.cluster:
                    entry.cluster = root
                    changed.add(ident)
        return changed

    def _candidates(
        self,
        ident: str,
        frequency: Mapping[str, int],
        common: int,
        postings: _PerToken[list[str]],
    ) -> dict[str, int]:
        """Titles waiting in the index that share a token with ``ident`` (and how many)."""
        shared: dict[str, int] = {}
        get = shared.get
        for t in self.entries[ident].tokens.split():
            if frequency[t] <= common:
                for other in postings[t]:
                    shared[other] = get(other, 0) + 1
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
        postings: _PerToken[list[str]],
    ) -> bool:
        """Link ``ident`` as the whole run would when it reaches it; whether it now waits."""
        entry = self.entries[ident]
        mine = self._set(ident)
        size = self._size(ident)
        here = self._position(ident)
        shared = self._candidates(ident, frequency, common, postings)
        if size >= 3:
            # Short titles come after (they take this one up themselves); two shared words
            # at least, or the pair is skipped unscored.
            wanted = sorted(o for o, n in shared.items() if n >= 2 and self._size(o) >= 3)
        else:
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
