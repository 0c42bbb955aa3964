"""Search filters: sources and a publication period (dates in the one grammar of
`corpus.dates`), as the engine-neutral `SearchFilters` every engine applies."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

from corpus.dates import BadDate, as_bound
from indexer.engine import SearchFilters
from indexer.errors import BadQuery

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


def search_filter(sources: Iterable[str], since: DateLike, until: DateLike) -> SearchFilters:
    """The filters of a search; BadQuery for a bound that is not a date."""
    return SearchFilters(tuple(s for s in sources if s),
                         _as_datetime(since, "since", end=False),
                         _as_datetime(until, "until", end=True))


def utc_naive(value: datetime) -> datetime:
    """Whoosh stores naive datetimes: ours are UTC. A value whose UTC form falls outside
    years 1-9999 is clamped to the nearest end (it never raises OverflowError)."""
    if value.tzinfo is None:
        return value
    try:
        return value.astimezone(UTC).replace(tzinfo=None)
    except (OverflowError, ValueError):
        return datetime.min if value.year < 5000 else datetime.max
