"""Dates typed by the researcher in the date range dialog.

Accepted: `2025`, `2025-03`, `2025-03-12`, `12/03/2025`, `03/2025` (French order), or
nothing. A "since" date starts at the beginning of its period, an "until" date ends at the
end of it (`until 2025-03` includes all of March).
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime, timedelta

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_FR = re.compile(r"^(?:(\d{1,2})/)?(\d{1,2})/(\d{4})$")


class BadDate(ValueError):
    """A date the dialog cannot read (the message is shown to the researcher)."""


def parse_bound(text: str, *, end: bool) -> datetime | None:
    """The start (or with `end`, the last second) of the period `text` names."""
    text = text.strip()
    if not text:
        return None
    if match := _ISO.match(text):
        year, month, day = (int(g) if g else None for g in match.groups())
    elif match := _FR.match(text):
        day_s, month_s, year_s = match.groups()
        year, month, day = int(year_s), int(month_s), int(day_s) if day_s else None
    else:
        raise BadDate(f"date illisible : « {text} » (ex. 2025, 2025-03, 12/03/2025)")
    assert year is not None
    try:
        if month is None:
            start, after = datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)
        elif day is None:
            start = datetime(year, month, 1, tzinfo=UTC)
            last = calendar.monthrange(year, month)[1]
            after = start + timedelta(days=last)
        else:
            start = datetime(year, month, day, tzinfo=UTC)
            after = start + timedelta(days=1)
    except ValueError:
        raise BadDate(f"date impossible : « {text} »") from None
    return after - timedelta(seconds=1) if end else start


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
