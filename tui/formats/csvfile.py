"""CSV: one row per article under a header of the article JSON's fields, safe to open in a
spreadsheet (no cell runs as a formula)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from typing import TextIO

from corpus import Article
from corpus.article import JSON_FIELDS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")   # OWASP's list for CSV injection
STORY_FIELDS = ("story", "reprint_count", "reprints")  # `export --group`'s columns


def write_articles(articles: Iterable[Article], out: TextIO,
                   advance: Callable[[], object] | None = None,
                   extras: dict[str, dict[str, object]] | None = None) -> int:
    """A header row, then one row per article (tags joined with `; `); `extras`: a story's
    fields by article id, as STORY_FIELDS columns (`export --group`; reprints as URLs)."""
    writer = csv.writer(out, lineterminator="\n")
    fields = JSON_FIELDS + (STORY_FIELDS if extras is not None else ())
    writer.writerow(fields)
    n = 0
    for article in articles:
        data = article.to_json()
        if extras is not None:
            data.update(extras.get(article.id, {}))
        writer.writerow([csv_cell(_cell(data.get(name))) for name in fields])
        n += 1
        if advance is not None:
            advance()
    return n


def _cell(value: object) -> str:
    """A JSON value as CSV text: lists joined with `; `, booleans as true/false."""
    if isinstance(value, list):
        return "; ".join(str(v.get("url", "")) if isinstance(v, dict) else str(v)
                         for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def csv_cell(value: str) -> str:
    """A CSV cell a spreadsheet will not run: text starting like a formula (OWASP: =, +,
    -, @, tab, CR) gets a leading apostrophe, which spreadsheets show as text. A carriage
    return inside a cell (only a foreign edit of the corpus can put one there) becomes a
    newline, so that the cell is quoted like any multi-line one."""
    if value.startswith(FORMULA_STARTS):
        value = "'" + value
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value
