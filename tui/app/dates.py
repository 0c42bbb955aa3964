"""Dates typed by the researcher in the date range dialog: the one grammar of
`corpus.dates` (`2025`, `2025-03`, `2025-03-12`, `12/03/2025`, `03/2025`, `mars 2025`,
`1er mars 2025`), as for `--since/--until` and `date:`. A "since" date starts at the
beginning of its period, an "until" date ends at the end of it (`until 2025-03` includes
all of March).
"""

from __future__ import annotations

from datetime import datetime

from corpus.dates import ACCEPTED, BadDate, parse_bound

__all__ = ["ACCEPTED", "BadDate", "parse_bound", "period_label", "year_bounds"]


def period_label(since: datetime | None, until: datetime | None) -> str:
    """How the filter reads in the results header: `depuis 01/03/2025`, `2025`, …"""
    if since and until and since.month == 1 and since.day == 1 and until.month == 12 \
            and until.day == 31 and since.year == until.year:
        return str(since.year)
    fmt = "%d/%m/%Y"
    if since and until:
        return f"{since.strftime(fmt)} → {until.strftime(fmt)}"
    if since:
        return f"depuis le {since.strftime(fmt)}"
    if until:
        return f"jusqu’au {until.strftime(fmt)}"
    return ""


def year_bounds(year: str) -> tuple[datetime, datetime]:
    start = parse_bound(year, end=False)
    stop = parse_bound(year, end=True)
    assert start is not None and stop is not None
    return start, stop
