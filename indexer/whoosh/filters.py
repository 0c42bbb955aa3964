"""The engine-neutral search filters as a Whoosh query."""

from __future__ import annotations

from typing import Any

from whoosh import query as wq

from indexer.engine import SearchFilters


def filter_query(filters: SearchFilters) -> Any | None:
    """A query every result must match (None: no restriction)."""
    parts: list[Any] = []
    if filters.sources:
        parts.append(wq.Or([wq.Term("source", s) for s in filters.sources]))
    if filters.start or filters.end:
        parts.append(wq.DateRange("published", filters.start, filters.end))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)
