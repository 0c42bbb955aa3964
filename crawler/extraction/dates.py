"""Dates from strings: ISO 8601 and friends, French (and English/German/Spanish) prose,
numeric day-first dates, and relative ones ("il y a 3 heures") against the fetch time."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Literal

try:
    from zoneinfo import ZoneInfo

    LOCAL_TZ: tzinfo = ZoneInfo("Europe/Paris")
except Exception:  # noqa: BLE001 - no tz database: times without an offset are taken as UTC
    LOCAL_TZ = UTC

Kind = Literal["published", "modified", ""]

MONTHS = {
    # French
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "fév": 2,
    "mars": 3, "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7,
    "août": 8, "aout": 8, "septembre": 9, "sept": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12, "déc": 12,
    # English
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
    # German
    "januar": 1, "jänner": 1, "jän": 1, "februar": 2, "märz": 3, "mär": 3, "juni": 6,
    "juli": 7, "oktober": 10, "okt": 10, "dezember": 12, "dez": 12,
    # Spanish / Italian / Portuguese (frequent on multilingual press pages)
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
    "diciembre": 12, "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6,
    "luglio": 7, "settembre": 9, "ottobre": 10, "dicembre": 12,
}
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_TIME = r"(?:\s*(?:à|a|um|at|,|-|–|\||/)?\s*(\d{1,2})\s*(?:h|:|H)\s*(\d{2})?(?:\s*(am|pm))?)?"
_ISO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?"
)
_SLASH_YMD = re.compile(r"\b(\d{4})/(\d{1,2})/(\d{1,2})\b")
_DMY_WORDS = re.compile(
    rf"\b(\d{{1,2}})(?:er|e|\.|º|st|nd|rd|th)?\s+(?:de\s+)?({_MONTH_ALT})\.?,?\s+(?:de\s+)?(\d{{4}})"
    + _TIME,
    re.IGNORECASE,
)
_MDY_WORDS = re.compile(
    rf"\b({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})" + _TIME, re.IGNORECASE
)
_NUMERIC = re.compile(r"\b(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2}(?![\d.]))\b" + _TIME)
_RELATIVE = re.compile(
    r"\b(?:il y a|depuis)\s+(\d+|une?|quelques)\s+"
    r"(seconde|minute|min|heure|h|jour|semaine|mois|an)s?\b"
    r"|\b(\d+|an?|one)\s+(second|minute|min|hour|day|week|month|year)s?\s+ago\b"
    r"|\bvor\s+(\d+|einer|einem)\s+(Sekunde|Minute|Stunde|Tag|Woche|Monat|Jahr)(?:n|en|e)?\b",
    re.IGNORECASE,
)
# "hier", "heute"… are common words: only with a time ("hier à 18h30") do they date a page.
_CLOCK = r"\s*(?:à|a|um|at|,|-|–)?\s*(\d{1,2})\s*(?:h|:|H)\s*(\d{2})?(?:\s*(am|pm))?"
_YESTERDAY = re.compile(r"\b(hier|yesterday|gestern)\b" + _CLOCK, re.IGNORECASE)
_TODAY = re.compile(r"\b(aujourd[’']hui|today|heute)\b" + _CLOCK, re.IGNORECASE)
_PUBLISHED_LABEL = re.compile(
    r"(publi[ée]+|post[ée]+|mis en ligne|mise en ligne|cr[ée]{2}|[ée]crit|published|posted|"
    r"first published|ver[öo]ffentlicht|erstellt|erschienen|gespeichert|publicado|"
    r"pubblicato|soumis|submitted)\b[^0-9]{0,25}$",
    re.IGNORECASE,
)
_MODIFIED_LABEL = re.compile(
    r"(mis à jour|mise à jour|màj|modifi[ée]+|actualis[ée]+|updated?|last modified|revised|"
    r"aktualisiert|ge[äa]ndert|zuletzt|actualizado|aggiornato)\b[^0-9]{0,25}$",
    re.IGNORECASE,
)
_UNITS = {
    "seconde": 1 / 3600, "second": 1 / 3600, "sekunde": 1 / 3600, "minute": 1 / 60,
    "min": 1 / 60, "heure": 1, "h": 1, "hour": 1, "stunde": 1, "jour": 24, "day": 24, "tag": 24,
    "semaine": 168, "week": 168, "woche": 168, "mois": 720, "month": 720, "monat": 720,
    "an": 8760, "year": 8760, "jahr": 8760,
}
MIN_YEAR = 1995
MAX_AGE_HOURS = 50 * 8760   # a relative date further back than this dates no web page


def _valid(dt: datetime, now: datetime | None) -> bool:
    limit = (now or datetime.now(UTC)) + timedelta(days=2)
    return dt.year >= MIN_YEAR and dt <= limit


def _build(year: int, month: int, day: int, hour: str | None = None, minute: str | None = None,
           ampm: str | None = None, tz: tzinfo | None = None) -> datetime | None:
    try:
        h = int(hour) if hour else 0
        if ampm and ampm.lower() == "pm" and h < 12:
            h += 12
        m = int(minute) if minute else 0
        if h > 23 or m > 59:
            h = m = 0
        return datetime(year, month, day, h, m, tzinfo=tz or LOCAL_TZ)
    except ValueError:
        return None


def _offset(text: str | None) -> tzinfo | None:
    if not text:
        return None
    if text in ("Z", "z"):
        return UTC
    sign = 1 if text[0] == "+" else -1
    digits = text[1:].replace(":", "")
    try:
        return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))
    except ValueError:
        return None


def parse_iso(text: str, now: datetime | None = None) -> datetime | None:
    """An ISO-8601-like date at the start of a structured value (or a Unix timestamp)."""
    text = text.strip()
    if text.isdigit() and len(text) in (10, 13):
        try:
            stamp = datetime.fromtimestamp(int(text[:10]), UTC).astimezone(LOCAL_TZ)
        except (OverflowError, OSError, ValueError):
            return None
        return stamp if _valid(stamp, now) else None
    match = _ISO.search(text[:80])
    if match:
        y, mo, d, hh, mm, ss, off = match.groups()
        found = _build(int(y), int(mo), int(d), hh, mm, None, _offset(off))
        if found is not None and ss:
            found = found.replace(second=min(int(ss), 59))
        return found if found is not None and _valid(found, now) else None
    if len(text) == 8 and text.isdigit():
        found = _build(int(text[:4]), int(text[4:6]), int(text[6:]))
        return found if found is not None and _valid(found, now) else None
    return None


def parse_date(text: str, now: datetime | None = None, *,
               day_first: bool = True) -> datetime | None:
    """A date in a structured value or a short visible string; None when there is none."""
    if not text:
        return None
    found = parse_iso(text, now)
    if found is not None:
        return found
    hits = find_dates(text[:300], now, day_first=day_first)
    return hits[0][1] if hits else None


def find_dates(text: str, now: datetime | None = None, *,
               day_first: bool = True) -> list[tuple[Kind, datetime, int]]:
    """Every date in a piece of visible text: (kind from the label before it, date, position).

    Sorted by position. Kind is "published" after "Publié le", "modified" after "Mis à jour
    le", "" when unlabelled.
    """
    found: list[tuple[int, datetime]] = []
    for match in _DMY_WORDS.finditer(text):
        day, month, year, hh, mm, ampm = match.groups()
        dt = _build(int(year), MONTHS[month.lower()], int(day), hh, mm, ampm)
        if dt:
            found.append((match.start(), dt))
    for match in _MDY_WORDS.finditer(text):
        month, day, year, hh, mm, ampm = match.groups()
        dt = _build(int(year), MONTHS[month.lower()], int(day), hh, mm, ampm)
        if dt:
            found.append((match.start(), dt))
    for match in _NUMERIC.finditer(text):
        a, _, b, year, hh, mm, ampm = match.groups()
        if len(year) == 2:
            if len(a) != 2 or len(b) != 2:
                continue  # "1.2.23" is more often a version or a score than a date
            year = _century(int(year), now)
        first, second = int(a), int(b)
        if not day_first and second <= 31 and first <= 12:
            first, second = second, first
        dt = _build(int(year), second, first, hh, mm, ampm) or _build(int(year), first, second)
        if dt:
            found.append((match.start(), dt))
    for match in _ISO.finditer(text):
        dt = parse_iso(match.group(0), now)
        if dt:
            found.append((match.start(), dt))
    for match in _SLASH_YMD.finditer(text):
        dt = _build(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if dt:
            found.append((match.start(), dt))
    if now is not None:
        found.extend(_relative(text, now))
    results: list[tuple[Kind, datetime, int]] = []
    seen: set[int] = set()
    for pos, dt in sorted(found, key=lambda item: item[0]):
        if pos in seen or not _valid(dt, now):
            continue
        seen.add(pos)
        results.append((_label(text, pos), dt, pos))
    return results


def _century(short: int, now: datetime | None) -> str:
    this_year = (now or datetime.now(UTC)).year
    full = 2000 + short
    return str(full if full <= this_year + 1 else full - 100)


def _label(text: str, pos: int) -> Kind:
    before = text[max(0, pos - 40):pos]
    modified = _MODIFIED_LABEL.search(before)
    published = _PUBLISHED_LABEL.search(before)
    if modified and (not published or modified.start() > published.start()):
        return "modified"
    return "published" if published else ""


def _amount(word: str) -> float:
    word = word.lower()
    if word.isdigit():
        return float(word)
    return 3.0 if word == "quelques" else 1.0


def _relative(text: str, now: datetime) -> list[tuple[int, datetime]]:
    found = []
    local_now = now.astimezone(LOCAL_TZ)
    for match in _RELATIVE.finditer(text):
        groups = [g for g in match.groups() if g]
        amount, unit = _amount(groups[0]), groups[1].lower()
        hours = amount * _UNITS.get(unit, 1)
        if hours > MAX_AGE_HOURS:
            continue  # "il y a 100000 ans": no page date, and beyond datetime's range
        found.append((match.start(), local_now - timedelta(hours=hours)))
    for regex, days in ((_YESTERDAY, 1), (_TODAY, 0)):
        for match in regex.finditer(text):
            _, hh, mm, ampm = match.groups()
            day = (local_now - timedelta(days=days)).date()
            dt = _build(day.year, day.month, day.day, hh, mm, ampm)
            if dt:
                found.append((match.start(), dt))
    return found


_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:/|[-_]|$)"
)


def date_from_url(url: str, now: datetime | None = None) -> datetime | None:
    """A /2025/03/12/ (or /2025-03-12-, /20250312/) date in the URL's path."""
    match = _URL_DATE.search(url)
    if not match:
        return None
    dt = _build(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    return dt if dt is not None and _valid(dt, now) else None
