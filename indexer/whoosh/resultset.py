"""A keyword query's whole result set, per segment: ranked and faceted on demand."""

from __future__ import annotations

import bisect
import heapq
import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from indexer.whoosh.segments import Segment, by_count, numpy_or_none


class Part:
    """One segment's share of a result set, in plain Python (small segments): `hits[d]`
    is how many keywords document d holds (0: not in the result set), `acc[d]` its
    BM25F score."""

    acc: Any    # list[float] here, a numpy array in NpPart
    hits: Any   # bytearray here, a numpy array in NpPart

    def __init__(self, offset: int, seg: Segment, acc: list[float], hits: bytearray,
                 need: int) -> None:
        self.offset, self.seg, self.acc, self.hits, self.need = offset, seg, acc, hits, need
        table = bytes(255 if i >= need else 0 for i in range(256))
        self.complete = hits.translate(table)
        self.total = len(hits) - hits.count(0)
        self.all_terms = len(hits) - self.complete.count(0)

    def _docs(self, mask: bytes | bytearray) -> list[int]:
        return list(itertools.compress(range(len(self.hits)), mask))

    def docs(self, only_complete: bool) -> list[int]:
        return self._docs(self.complete if only_complete else self.hits)

    def top(self, k: int, only_complete: bool) -> list[tuple[float, int, float]]:
        key = self.acc.__getitem__
        ranked = [(1.0, d) for d in heapq.nlargest(k, self._docs(self.complete), key=key)]
        if not only_complete:
            rest = [d for d in self._docs(self.hits) if self.hits[d] < self.need]
            ranked += [(0.0, d) for d in heapq.nlargest(k, rest, key=key)]
        return [(tier, d, self.acc[d]) for tier, d in ranked]

    def recent(self, k: int, only_complete: bool) -> list[tuple[int, int, float]]:
        published = self.seg.published
        docs = heapq.nlargest(k, self.docs(only_complete), key=published.__getitem__)
        return [(published[d], d, self.acc[d]) for d in docs]

    def count_facets(self, sources: Counter[str], years: Counter[str],
                     only_complete: bool) -> None:
        mask = self.complete if only_complete else self.hits
        sources.update(itertools.compress(self.seg.source, mask))
        years.update(itertools.compress(self.seg.year, mask))


class NpPart(Part):
    """The same with numpy arrays (big segments)."""

    def __init__(self, offset: int, seg: Segment, acc: Any, hits: Any, need: int) -> None:
        self.offset, self.seg, self.acc, self.hits, self.need = offset, seg, acc, hits, need
        self.np = numpy_or_none()
        self.complete_np = hits >= need
        self.total = int(self.np.count_nonzero(hits))
        self.all_terms = int(self.np.count_nonzero(self.complete_np))

    def _mask(self, only_complete: bool) -> Any:
        return self.complete_np if only_complete else self.hits > 0

    def docs(self, only_complete: bool) -> list[int]:
        return [int(d) for d in self.np.flatnonzero(self._mask(only_complete))]

    def _best(self, idx: Any, keys: Any, k: int) -> Any:
        """The `k` of `idx` (ascending docnums) with the largest keys, largest first; ties
        by docnum, whatever `k` (pages of one walk must slice the same order)."""
        np = self.np
        if k <= 0:
            return idx[:0]
        if len(idx) > k:
            values = keys[idx]
            kth = values[np.argpartition(-values, k - 1)[k - 1]]
            above = idx[values > kth]
            tied = idx[values == kth][:k - len(above)]  # the lowest docnums of the tie
            idx = np.concatenate([above, tied])
        return idx[np.argsort(-keys[idx], kind="stable")]

    def top(self, k: int, only_complete: bool) -> list[tuple[float, int, float]]:
        np = self.np
        ranked = [(1.0, int(d)) for d in self._best(np.flatnonzero(self.complete_np),
                                                     self.acc, k)]
        if not only_complete:
            rest = np.flatnonzero((self.hits > 0) & ~self.complete_np)
            ranked += [(0.0, int(d)) for d in self._best(rest, self.acc, k)]
        return [(tier, d, float(self.acc[d])) for tier, d in ranked]

    def recent(self, k: int, only_complete: bool) -> list[tuple[int, int, float]]:
        published = self.seg.np_column("published")
        idx = self._best(self.np.flatnonzero(self._mask(only_complete)), published, k)
        return [(int(published[d]), int(d), float(self.acc[d])) for d in idx]

    def count_facets(self, sources: Counter[str], years: Counter[str],
                     only_complete: bool) -> None:
        mask = self._mask(only_complete)
        for name, counter in (("source", sources), ("year", years)):
            codes, names = self.seg.np_codes(name)
            counts = self.np.bincount(codes[mask], minlength=len(names))
            for i in self.np.flatnonzero(counts):
                counter[names[i]] += int(counts[i])


@dataclass
class Outcome:
    """The whole result set of a keyword query; ranked and faceted on demand."""

    parts: list[Part]
    need: int
    total: int = 0
    all_terms: int = 0

    def add(self, part: Part) -> None:
        self.parts.append(part)
        self.total += part.total
        self.all_terms += part.all_terms

    def top(self, k: int, only_complete: bool) -> list[tuple[int, float, int]]:
        """The `k` best (global docnum, score, tier): all-keyword documents (tier 1)
        first, then by score, ties by docnum: a total order, so that `top(k)` is a prefix
        of `top(k + n)`."""
        best = [(tier, score, -(d + part.offset)) for part in self.parts
                for tier, d, score in part.top(k, only_complete)]
        best.sort(reverse=True)  # ties: the lower docnum (the more recent) first
        return [(-g, score, int(tier)) for tier, score, g in best[:k]]

    def by_date(self, k: int, only_complete: bool) -> list[tuple[int, float]]:
        """The `k` most recent (global docnum, score)."""
        found = [(when, d + part.offset, score) for part in self.parts
                 for when, d, score in part.recent(k, only_complete)]
        found.sort(key=lambda t: (t[0], -t[1]), reverse=True)
        return [(g, score) for _, g, score in found[:k]]

    def docnums(self, only_complete: bool) -> list[int]:
        return [d + part.offset for part in self.parts for d in part.docs(only_complete)]

    def holds(self, only_complete: bool) -> Callable[[int], bool]:
        """Whether a global docnum is in the result set: one look, whatever its size."""
        offsets = [part.offset for part in self.parts]

        def holds(docnum: int) -> bool:
            i = bisect.bisect_right(offsets, docnum) - 1
            if i < 0:
                return False
            part = self.parts[i]
            local = docnum - part.offset
            if local >= len(part.hits):
                return False
            found = int(part.hits[local])
            return found >= part.need if only_complete else found > 0
        return holds

    def facets(self, only_complete: bool) -> dict[str, dict[str, int]]:
        sources: Counter[str] = Counter()
        years: Counter[str] = Counter()
        for part in self.parts:
            part.count_facets(sources, years, only_complete)
        return {"source": by_count(sources), "year": by_count(years)}
