"""Validation of the dates stored with an article: dates are data, never a failure mode.

Every date an article carries (published, modified, fetched_at) passes through
`checked_date` once, when the article is built (JSON import, extraction, a feed's or a
sitemap's hint: all of them make an `Article`). A date that is absurd for a press article
is dropped, with a note saying why:

- before 1900 (`0001-01-01T00:00:00+14:00` is a placeholder, not a date);
- more than a day in the future (`9999-12-31T23:59:59-12:00`; a day of slack covers the
  sites' time zones and clocks a little ahead).

Both extremes include the values whose UTC form falls outside years 1-9999. What
remains always converts to UTC and fits the index's DATETIME field.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)

log = logging.getLogger(__name__)


def date_problem(value: datetime, now: datetime | None = None) -> str | None:
    """Why `value` cannot be stored as an article date, or None when it can.

    A naive `value` is read as UTC.
    """
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    try:
        utc = aware.astimezone(UTC)
    except (OverflowError, ValueError):  # its UTC form falls outside years 1-9999
        return "antérieure à 1900" if aware.year < 1900 else "plus d’un jour dans le futur"
    if utc < EARLIEST:
        return "antérieure à 1900"
    limit = (now or datetime.now(UTC)) + FUTURE_SLACK
    if utc > limit:
        return "plus d’un jour dans le futur"
    return None


def checked_date(name: str, value: datetime | None,
                 now: datetime | None = None) -> tuple[datetime | None, str | None]:
    """(`value`, None) when it is a usable date; (None, note) when it is dropped."""
    if value is None:
        return None, None
    problem = date_problem(value, now)
    if problem is None:
        return value, None
    note = f"date {name} {_show(value)} écartée : {problem}"
    log.info("%s", note)  # the crawl's log file keeps it; `veille import` prints it
    return None, note


def _show(value: datetime) -> str:
    try:
        return value.isoformat()
    except (OverflowError, ValueError):  # pragma: no cover - isoformat does not overflow
        return repr(value)
