"""Finding the published and modified dates of a page, best source first.

Structured data, then meta, then `<time>` elements, then visible labelled text ("Publié le
12 mars 2025 à 14h05", "Mis à jour le…"), then the URL, then an unlabelled date near the
top of the article. Scripts are gone before this runs; boilerplate regions (cookie notices,
related blocks, comments, footers) are never read.
"""

from __future__ import annotations

import re
from datetime import datetime

from bs4 import Tag

from crawler.extraction.dates import date_from_url, find_dates, parse_date
from crawler.extraction.document import Index, attr_str, class_id, inside
from crawler.extraction.structured import Structured
from crawler.extraction.text import text_of

_DATE_CLASS = re.compile(
    r"date|time|publi|posted|byline|dateline|datum|fecha|meta|info|signature|author|auteur|"
    r"submitted|created|updated|stamp",
    re.IGNORECASE,
)
_MODIFIED_CLASS = re.compile(r"modif|updat|maj|mise-a-jour|aktualisiert|revis", re.IGNORECASE)

_MODIFIED_BEFORE = re.compile(
    r"(?:mis à jour|mise à jour|màj|updated|modifi[ée]+|aktualisiert|actualizado)\W*"
    r"(?:le|on|am|el)?\W*$",
    re.IGNORECASE,
)

Pair = tuple[datetime | None, datetime | None]


def _text_before(tag: Tag) -> str:
    """The few words right before an element (its label: "Mis à jour le")."""
    parts: list[str] = []
    node = tag.previous_sibling
    while node is not None and sum(map(len, parts)) < 40:
        parts.insert(0, node.get_text() if isinstance(node, Tag) else str(node))
        node = node.previous_sibling
    return " ".join(parts)[-40:]


def from_structured(data: Structured, now: datetime, day_first: bool = True) -> Pair:
    published = next((d for d in (parse_date(v, now, day_first=day_first)
                                  for v in data.published) if d), None)
    modified = next((d for d in (parse_date(v, now, day_first=day_first)
                                 for v in data.modified) if d), None)
    return published, modified


def from_time_tags(index: Index, excluded: set[int], now: datetime, day_first: bool) -> Pair:
    published = modified = None
    for tag in index.tags("time")[:40]:
        if inside(tag, excluded):
            continue
        raw = attr_str(tag, "datetime") or attr_str(tag, "content")
        dt = parse_date(raw, now, day_first=day_first) if raw else None
        if dt is None:
            hits = find_dates(text_of(tag, limit=200), now, day_first=day_first)
            dt = hits[0][1] if hits else None
        if dt is None:
            continue
        parent = tag.parent if isinstance(tag.parent, Tag) else tag
        context = " ".join((class_id(tag), attr_str(tag, "itemprop"), class_id(parent)))
        if _MODIFIED_CLASS.search(context) or _MODIFIED_BEFORE.search(_text_before(tag)):
            modified = modified or dt
        else:
            published = published or dt
        if published and modified:
            break
    return published, modified


def from_date_elements(index: Index, excluded: set[int], now: datetime, day_first: bool
                       ) -> tuple[Pair, datetime | None]:
    """Labelled dates in date-ish elements, and the first unlabelled one as a fallback."""
    published = modified = unlabelled = None
    seen = 0
    for tag, names in index.named:
        if not _DATE_CLASS.search(names) or "comment" in names or inside(tag, excluded):
            continue
        seen += 1
        if seen > 40:
            break
        text = text_of(tag, limit=400)
        if len(text) > 300:
            continue
        stamp = attr_str(tag, "datetime") or attr_str(tag, "content") or attr_str(tag, "title")
        if stamp:
            text = f"{text} {stamp}" if text else stamp
        if not text:
            continue
        for kind, dt, _ in find_dates(text, now, day_first=day_first):
            if kind == "modified":
                modified = modified or dt
            elif kind == "published":
                published = published or dt
            else:
                unlabelled = unlabelled or dt
        if published:
            break
    return (published, modified), unlabelled


def from_lines(lines: list[str], now: datetime, day_first: bool) -> tuple[Pair, datetime | None]:
    """Labelled dates in short visible lines; the first unlabelled date as a fallback."""
    published = modified = unlabelled = None
    previous = ""
    for line in lines:
        if len(line) > 250:
            # A dateline opening a paragraph: "29.11.2022 – Le conseil a…",
            # "Pressemitteilung vom 25. Januar 2022 | Berlin – …"
            head = find_dates(line[:60], now, day_first=day_first)
            if head and len(line[:head[0][2]].split()) <= 3:
                unlabelled = unlabelled or head[0][1]
            previous = ""
            continue
        # A label alone on the line before ("Mise en ligne" / "23 mai 2019") counts.
        context = f"{previous} {line}" if len(previous) < 30 and len(line) < 40 else line
        offset = len(context) - len(line)
        previous = line
        for kind, dt, pos in find_dates(context, now, day_first=day_first):
            if pos < offset:
                continue
            if kind == "modified":
                modified = modified or dt
            elif kind == "published":
                published = published or dt
            elif len(line) < 120:
                unlabelled = unlabelled or dt
        if published and modified:
            break
    return (published, modified), unlabelled


def find(data: Structured, index: Index, excluded: set[int], url: str, lines: list[str],
         now: datetime, day_first: bool) -> Pair:
    """(published, modified): each from the best source that has it."""
    published, modified = from_structured(data, now, day_first)
    if published and modified:
        return published, modified
    tp, tm = from_time_tags(index, excluded, now, day_first)
    published, modified = published or tp, modified or tm
    if published:
        return published, modified
    (ep, em), element_unlabelled = from_date_elements(index, excluded, now, day_first)
    published, modified = ep, modified or em
    if published is None:
        (lp, lm), line_unlabelled = from_lines(lines, now, day_first)
        published, modified = lp, modified or lm
        published = published or date_from_url(url, now) or element_unlabelled \
            or line_unlabelled
    if published is None and modified is not None:
        published = modified
    return published, modified
