"""Which segments an index run merges: tiers of similar sizes, big segments left alone.

Each `veille index` commits its new articles as a segment. Whoosh's default policy
(`MERGE_SMALL`) merges "every segment up to the point where the running total of the
smallest is below a Fibonacci number of their count": with a million-article index and
an hourly run of 1,000 articles, it lets small segments pile up, then folds 488 of them
into one in a single run, and after ~1,850 runs merges the whole index, both of the
big segments included (a simulation of that policy, docs/performance.md): a run of
hours, and tens of gigabytes of temporary files, in what cron expected to be seconds.

This policy, as log-structured stores do it (Lucene's tiered merges): segments are
grouped in tiers by size, a tier being a power of `FACTOR` (1,000-9,999 documents, then
10,000-99,999...); when a tier holds `FACTOR` segments, its `FACTOR` smallest are merged
into one segment of the next tier (as many of them as stay under `MAX_MERGED`), one
merge per run. A segment of `MAX_MERGED` documents or more is never merged by an index
run (a rebuild makes the index anew). So an index run's merge reads fewer than
`MAX_MERGED` documents, a search sees about `FACTOR - 1` segments per tier plus one per
`MAX_MERGED / 2` documents above, and each article is merged about once per tier.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

FACTOR = 10            # segments of one tier merged together; tiers are powers of it
MAX_MERGED = 200_000   # segments this big are left alone by index runs


def tier(size: int) -> int:
    """The tier of a segment of `size` documents: 0 below FACTOR, then one per power."""
    found, bound = 0, FACTOR
    while size >= bound:
        found += 1
        bound *= FACTOR
    return found


def to_merge(sizes: Sequence[int]) -> list[int]:
    """Positions in `sizes` of the segments to merge now: in the lowest tier holding
    `FACTOR` segments under MAX_MERGED, its smallest ones, as many (up to `FACTOR`, two
    at least) as make a segment still under MAX_MERGED; else none."""
    tiers: dict[int, list[int]] = {}
    for position, size in enumerate(sizes):
        if size < MAX_MERGED:
            tiers.setdefault(tier(size), []).append(position)
    for level in sorted(tiers):
        members = sorted(tiers[level], key=lambda p: (sizes[p], p))
        if len(members) < FACTOR:
            continue
        chosen: list[int] = []
        total = 0
        for position in members[:FACTOR]:
            if total + sizes[position] >= MAX_MERGED:
                break
            chosen.append(position)
            total += sizes[position]
        if len(chosen) >= 2:
            return sorted(chosen)
    return []


def TIERED(writer: Any, segments: Sequence[Any]) -> list[Any]:  # noqa: N802 (Whoosh's name style)
    """A Whoosh merge policy (`writer.commit(mergetype=TIERED)`): adds the segments
    `to_merge` chooses to the writer's new segment and returns the others, unchanged."""
    from whoosh.reading import SegmentReader

    chosen = set(to_merge([seg.doc_count_all() for seg in segments]))
    for position in sorted(chosen):
        reader = SegmentReader(writer.storage, writer.schema, segments[position])
        writer.add_reader(reader)
        reader.close()
    return [seg for position, seg in enumerate(segments) if position not in chosen]
