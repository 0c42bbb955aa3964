"""Trends: how many articles a search finds per month, week or year, for a few searches.

Counting is the search's own: a query's articles are the `total` results of
`Searcher.search` (every-keyword matches first, then the partial ones when it relaxes),
listed by `search_ids(partial=True)[:total]`, then counted by publication date (in the
site's own time zone). Undated articles count in the total but in no period.
No Textual here: `veille trends` and the workbench's trends screen both use it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from tui.render import MONTHS_FR

BY = ("month", "week", "year")
MAX_QUERIES = 5  # the workbench compares up to five


@dataclass(frozen=True)
class Series:
    query: str
    total: int
    counts: dict[str, int]                   # period key → articles
    undated: int = 0
    by_source: dict[str, dict[str, int]] = field(default_factory=dict)  # on demand


@dataclass(frozen=True)
class Trends:
    by: str
    periods: list[str]                       # every period of the span, in order
    series: list[Series]

    @property
    def peak(self) -> int:
        return max((c for s in self.series for c in s.counts.values()), default=0)

    def to_json(self) -> dict[str, Any]:
        return {
            "by": self.by,
            "periods": self.periods,
            "series": [
                {"query": s.query, "total": s.total, "undated": s.undated,
                 "counts": [s.counts.get(p, 0) for p in self.periods],
                 **({"sources": {name: [c.get(p, 0) for p in self.periods]
                                 for name, c in sorted(s.by_source.items())}}
                    if s.by_source else {})}
                for s in self.series
            ],
        }


def period_key(value: date, by: str) -> str:
    """`2025-03` (month), `2025-W11` (ISO week), `2025` (year)."""
    if by == "month":
        return f"{value.year:04d}-{value.month:02d}"
    if by == "week":
        year, week, _ = value.isocalendar()
        return f"{year:04d}-W{week:02d}"
    return f"{value.year:04d}"


def period_label(key: str, by: str) -> str:
    """How a period reads in French: `mars 2025`, `sem. 11 2025`, `2025`."""
    if by == "month":
        return f"{MONTHS_FR[int(key[5:7]) - 1]} {key[:4]}"
    if by == "week":
        return f"sem. {int(key[6:])} {key[:4]}"
    return key


def periods_between(first: date, last: date, by: str) -> list[str]:
    """Every period key from `first` to `last` inclusive (empty periods included)."""
    keys: list[str] = []
    if by == "week":
        day = first - timedelta(days=first.weekday())
        while day <= last:
            keys.append(period_key(day, by))
            day += timedelta(days=7)
        return keys
    if by == "year":
        return [f"{y:04d}" for y in range(first.year, last.year + 1)]
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def count_series(query: str, ids: Sequence[str], dates: Mapping[str, datetime], by: str,
                 sources: Mapping[str, str] | None = None) -> Series:
    """`ids` (the search's articles) counted per period; per source too with `sources`."""
    counts: Counter[str] = Counter()
    per_source: dict[str, Counter[str]] = {}
    undated = 0
    for aid in ids:
        published = dates.get(aid)
        if published is None:
            undated += 1
            continue
        key = period_key(published.date(), by)
        counts[key] += 1
        if sources is not None:
            per_source.setdefault(sources.get(aid, "?"), Counter())[key] += 1
    return Series(query, len(ids), dict(counts), undated,
                  {name: dict(c) for name, c in per_source.items()})


def build_trends(series: Iterable[Series], by: str, dates: Iterable[datetime],
                 since: date | None = None, until: date | None = None) -> Trends:
    """The series over one span: `since`…`until` when given, else the dated articles'."""
    series = list(series)
    days = [d.date() for d in dates]
    first = since or (min(days) if days else None)
    last = until or (max(days) if days else None)
    periods = periods_between(first, last, by) if first and last and first <= last else []
    return Trends(by, periods, series)


def compute(queries: Sequence[str], by: str, *,
            ids_of: Callable[[str], list[str]],
            dates_of: Callable[[list[str]], dict[str, datetime]],
            sources_of: Callable[[list[str]], dict[str, str]] | None = None,
            since: date | None = None, until: date | None = None) -> Trends:
    """Trends of `queries`: `ids_of(query)` gives the search's articles (its `total`),
    `dates_of(ids)` their publication dates, `sources_of(ids)` their sources (per-source
    breakdown, on demand)."""
    if by not in BY:
        raise ValueError(f"unknown period {by!r} (month, week or year)")
    series: list[Series] = []
    every_date: list[datetime] = []
    for query in queries:
        ids = ids_of(query)
        dates = dates_of(ids)
        every_date.extend(dates.values())
        sources = sources_of(ids) if sources_of is not None else None
        series.append(count_series(query, ids, dates, by, sources))
    return build_trends(series, by, every_date, since, until)
