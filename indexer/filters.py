"""Search filters: sources and a publication period (dates in the one grammar of
`corpus.dates`), as a Whoosh query."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from corpus.dates import BadDate, as_bound
from indexer.errors import BadQuery
from indexer.whoosh.schema import utc_naive

DateLike = date | datetime | str | None


def _as_datetime(value: DateLike, name: str, end: bool) -> datetime | None:
    """A filter bound: a str in the date grammar (corpus.dates; its whole period), a date
    (its whole day) or a datetime (as is)."""
    if value is None or value == "":
        return None
    try:
        bound = as_bound(value, end=end)
    except BadDate as exc:
        raise BadQuery(f"{name} : {exc}") from None
    except (TypeError, AttributeError):
        raise BadQuery(f"{name} : pas une date : {value!r}") from None
    return utc_naive(bound) if bound is not None else None


def search_filter(sources: Iterable[str], since: DateLike, until: DateLike) -> Any:
    from whoosh import query as wq

    parts: list[Any] = []
    names = [s for s in sources if s]
    if names:
        parts.append(wq.Or([wq.Term("source", s) for s in names]))
    start = _as_datetime(since, "since", end=False)
    stop = _as_datetime(until, "until", end=True)
    if start or stop:
        parts.append(wq.DateRange("published", start, stop))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)
