"""Filters and exclusions of fast-path queries as per-segment bitmaps (numpy boolean arrays).

A keyword query's filters (`date:`, `source:`, `--since`, `--source`…) and exclusions
(`NOT word`, `-word`) arrive as Whoosh queries. Asking Whoosh for their documents walks its
matchers document by document and builds a set of Python integers: a `source:` filter or
a `NOT` on a common word costs ~1 µs per matching document, seconds at a million. Here
they become one boolean array per segment, from what the fast path already holds:
- `source`, `year` terms: the segment's columns (one comparison of its codes);
- `published` ranges: the date column (two comparisons; undated documents never match);
- terms of other fields: the term's posting list (decoded once, kept in the scorer's LRU);
- And / Or / AndNot / Every: the arrays combined;
- anything else (phrases, prefixes…): Whoosh's own `docs_for_query` on the segment.
The documents matched are exactly those Whoosh matches (tested against it).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import reduce
from typing import Any

from indexer.whoosh.segments import Segment

UNDATED = 2**64 - 1   # the date column's value for a document without a date (Whoosh's default)
COLUMNS = ("source", "year")

# (reader, fieldname, text) -> the term's docnums in the segment (an int32 buffer)
Postings = Callable[[Any, str, str], Any]


def segment_mask(np: Any, query: Any, sub: Any, seg: Segment, postings: Postings) -> Any:
    """The documents of one segment (`sub`: its leaf searcher) matching `query`."""
    from whoosh import query as wq

    n = seg.doccount
    if isinstance(query, wq.Every):
        return np.ones(n, dtype=bool)
    if isinstance(query, type(wq.NullQuery)):
        return np.zeros(n, dtype=bool)
    if isinstance(query, wq.AndNot):
        return (segment_mask(np, query.a, sub, seg, postings)
                & ~segment_mask(np, query.b, sub, seg, postings))
    if isinstance(query, wq.And):
        return reduce(np.logical_and, (segment_mask(np, q, sub, seg, postings)
                                       for q in query.subqueries), np.ones(n, dtype=bool))
    if isinstance(query, wq.Or) and not getattr(query, "minmatch", 0):
        return reduce(np.logical_or, (segment_mask(np, q, sub, seg, postings)
                                      for q in query.subqueries), np.zeros(n, dtype=bool))
    if type(query) is wq.Term:
        return _term(np, query, sub, seg, postings)
    if isinstance(query, wq.NumericRange) and query.fieldname == "published":
        return _date_range(np, query, seg)
    found = np.zeros(n, dtype=bool)
    docs = np.fromiter(sub.docs_for_query(query), dtype=np.int64)
    found[docs] = True
    return found


def _term(np: Any, query: Any, sub: Any, seg: Segment, postings: Postings) -> Any:
    n = seg.doccount
    value = query.text
    if query.fieldname in COLUMNS:
        codes, names = seg.np_codes(query.fieldname)
        if isinstance(value, bytes):
            value = value.decode("utf-8")
        if value not in names:
            return np.zeros(n, dtype=bool)
        return codes == names.index(value)
    found = np.zeros(n, dtype=bool)
    reader = sub.reader()
    if (query.fieldname, value) in reader:
        found[np.frombuffer(postings(reader, query.fieldname, value), dtype=np.int32)] = True
    return found


def _date_range(np: Any, query: Any, seg: Segment) -> Any:
    column = seg.np_column("published")
    keep = column != UNDATED
    if query.start is not None:
        keep &= (column > query.start) if query.startexcl else (column >= query.start)
    if query.end is not None:
        keep &= (column < query.end) if query.endexcl else (column <= query.end)
    return keep
