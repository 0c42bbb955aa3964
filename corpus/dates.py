"""The one grammar of dates people type: `--since/--until`, the workbench's date dialog and
`date:` in queries all read dates here.

Accepted (case, accents and surrounding spaces aside):

    2025            2025-06          2025-06-30        ISO: a year, a month, a day
    30/06/2025      06/2025                            French numeric (day first)
    juin 2025       1er juin 2025    30 juin 2025      French month names (also "fevrier",
                                                       "févr.", "sept", "Juin")
    2025-06-30T14:05:00+02:00                          an ISO instant (to the second)

A date names a *period*: a year, a month or a day. A period starts at its first day at
00:00 and ends on its last day at 23:59:59.999999 (UTC), so `--until 2025-06` takes in
all of June 30 and `--since juin 2025` starts on June 1.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta

ACCEPTED = ("2025, 2025-06, 2025-06-30, 30/06/2025, 06/2025, juin 2025, 1er juin 2025")

MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1,
    "fevrier": 2, "fevr": 2, "fev": 2,
    "mars": 3, "mar": 3,
    "avril": 4, "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7, "juil": 7,
    "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9,
    "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_NUMERIC = re.compile(r"^(?:(\d{1,2})[/.])?(\d{1,2})[/.](\d{4})$")
_NAMED = re.compile(r"^(?:(\d{1,2})(?:er)?\s+)?([a-z]+)\.?\s+(\d{4})$")
_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


class BadDate(ValueError):
    """A date that does not follow the grammar; the message names the accepted forms."""


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def parse_period(text: str) -> tuple[date, date]:
    """The first and last day of the period `text` names; BadDate if it names none."""
    folded = _fold(text)
    parts: tuple[int, int | None, int | None] | None = None
    if m := _ISO.match(folded):
        parts = (int(m.group(1)), _int(m.group(2)), _int(m.group(3)))
    elif m := _NUMERIC.match(folded):
        parts = (int(m.group(3)), int(m.group(2)), _int(m.group(1)))
    elif (m := _NAMED.match(folded)) and m.group(2) in MONTHS:
        parts = (int(m.group(3)), MONTHS[m.group(2)], _int(m.group(1)))
    if parts is None:
        raise BadDate(f"date illisible : « {text.strip()} » (formes acceptées : {ACCEPTED})")
    year, month, day = parts
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return date(year, month, 1), date(year, month, last)
        day_ = date(year, month, day)
        return day_, day_
    except (ValueError, calendar.IllegalMonthError):
        raise BadDate(f"date impossible : « {text.strip()} » (formes acceptées : "
                      f"{ACCEPTED})") from None


def _int(group: str | None) -> int | None:
    return int(group) if group else None


def parse_bound(text: str, *, end: bool) -> datetime | None:
    """The first instant (or with `end`, the last) of the period `text` names, in UTC;
    None for an empty text. An ISO instant is taken as it is."""
    if not text or not text.strip():
        return None
    stripped = text.strip()
    if _INSTANT.match(stripped):
        try:
            value = datetime.fromisoformat(stripped.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            raise BadDate(f"date impossible : « {stripped} » (formes acceptées : "
                          f"{ACCEPTED})") from None
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    first, last = parse_period(stripped)
    return day_end(last) if end else day_start(first)


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def day_end(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59, 999999), tzinfo=UTC)


def as_bound(value: date | datetime | str | None, *, end: bool) -> datetime | None:
    """A bound from a str (the grammar), a date (its whole day) or a datetime (as is)."""
    if value is None:
        return None
    if isinstance(value, str):
        return parse_bound(value, end=end)
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return day_end(value) if end else day_start(value)


def next_day(day: date) -> date:
    return day + timedelta(days=1)
