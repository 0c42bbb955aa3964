"""Between the store's Python values and PostgreSQL rows: the article columns, and the
cursor the story index (written for SQLite's dialect) runs its statements through."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from corpus.article import Article
from corpus.store.records import ARTICLE_COLUMNS, TOMBSTONE_NULLS, stored_article

COLUMNS = ARTICLE_COLUMNS
NULLS = TOMBSTONE_NULLS


def row_to_article(row: tuple[Any, ...] | Any) -> Article:
    return stored_article(row, list(tuple(row)[10]))  # tags: a text[] array


# Tables whose new row's key the story index reads back (SQLite's `lastrowid`).
_RETURNING = {"stories": "id", "story_members": "n"}
_SELECT = re.compile(r"^\s*(SELECT|WITH)\b", re.IGNORECASE)
_VALUES = re.compile(r"VALUES\s*\((?:\s*%s\s*,?)+\)", re.IGNORECASE)
_INSERT = re.compile(r"^\s*INSERT\s+(OR\s+IGNORE\s+)?INTO\s+(\w+)", re.IGNORECASE)


def translate(statement: str) -> tuple[str, str | None]:
    """A statement in the story index's SQLite dialect, in PostgreSQL's: `?` marks become
    `%s`, `INSERT OR IGNORE` becomes `ON CONFLICT DO NOTHING`, and an insert whose key is
    read back gets `RETURNING`. Also returns the column returned, if any."""
    sql = statement.replace("%", "%%").replace("?", "%s")
    returning = None
    match = _INSERT.match(sql)
    if match:
        ignore, table = match.group(1), match.group(2)
        if ignore:
            sql = _INSERT.sub(f"INSERT INTO {table}", sql, count=1) + " ON CONFLICT DO NOTHING"
        returning = _RETURNING.get(table)
        if returning:
            sql += f" RETURNING {returning}"
    return sql, returning


class Rows:
    """The rows of one statement, as the story index reads sqlite3's cursors."""

    def __init__(self, rows: list[Any], rowcount: int, lastrowid: int | None) -> None:
        self._rows = rows
        self._rowcount = rowcount
        self._lastrowid = lastrowid

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._lastrowid

    def fetchone(self) -> Any:
        return self._rows[0] if self._rows else None

    def fetchall(self) -> list[Any]:
        return list(self._rows)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._rows)


class DialectCursor:
    """Runs the story index's statements on a psycopg connection."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def execute(self, statement: str, params: Iterable[Any] = ()) -> Rows:
        """Run one statement. One that returns no rows is not waited for (in pipeline
        mode it is sent with the next; its rowcount then reads -1: the story index never
        reads it)."""
        sql, returning = translate(statement)
        with self._conn.cursor() as cur:
            cur.execute(sql, tuple(params))
            if not returning and not _SELECT.match(sql):
                return Rows([], -1, None)
            rows = cur.fetchall()
            lastrowid = int(rows[0][0]) if returning and rows else None
            return Rows(rows, cur.rowcount, lastrowid)

    def executemany(self, statement: str, seq: Iterable[Any]) -> Rows:
        """An insert of many rows as one multi-row VALUES statement (one round trip)."""
        sql, _ = translate(statement)
        batch = [tuple(p) for p in seq]
        if not batch:
            return Rows([], 0, None)
        match = _VALUES.search(sql)
        with self._conn.cursor() as cur:
            if match is None:
                cur.executemany(sql, batch)
                return Rows([], -1, None)
            row = match.group(0)[len("VALUES"):].strip()
            many = sql[:match.start()] + "VALUES " + ", ".join([row] * len(batch)) \
                + sql[match.end():]
            cur.execute(many, [value for params in batch for value in params])
            return Rows([], -1, None)
