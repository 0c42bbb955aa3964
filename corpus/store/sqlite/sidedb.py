"""The home's SQLite side files (crawl.sqlite3, watches.sqlite3, selection.sqlite3): their
schemas and the one way to open them (WAL, a schema version refused when newer, a Veille
application id for the watches and the selection)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from corpus.store.sidedb import SideDbError, SideDbNewer, SideDbUnusable, SideName


@dataclass(frozen=True)
class SideSchema:
    file: str                    # the file's name in the home
    ddl: str                     # CREATE … IF NOT EXISTS statements
    version: int
    application_id: int | None   # None: no id (the crawl state, re-created when unusable)


_CRAWL = """
CREATE TABLE IF NOT EXISTS urls (
    url           TEXT PRIMARY KEY,
    source        TEXT NOT NULL,
    kind          TEXT NOT NULL,
    status        TEXT NOT NULL,
    article_id    TEXT,
    alias_of      TEXT,
    etag          TEXT,
    last_modified TEXT,
    body_hash     TEXT,
    failures      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT,
    published     TEXT,
    title         TEXT,
    first_seen    TEXT NOT NULL,
    last_seen     TEXT NOT NULL,
    last_fetched  TEXT
);
CREATE INDEX IF NOT EXISTS urls_source_status ON urls(source, status);
"""

_WATCHES = """
CREATE TABLE IF NOT EXISTS watches (
    name          TEXT PRIMARY KEY,
    query         TEXT NOT NULL,
    sources       TEXT NOT NULL,
    since         TEXT,
    created_at    TEXT NOT NULL,
    seen_seq      INTEGER NOT NULL,
    seen_at       TEXT,
    reported_seq  INTEGER NOT NULL
);
"""

_SELECTION = """
CREATE TABLE IF NOT EXISTS selection (
    position   INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT NOT NULL UNIQUE,
    url        TEXT NOT NULL,
    title      TEXT NOT NULL,
    source     TEXT NOT NULL,
    published  TEXT,
    added_at   TEXT NOT NULL
);
"""

SCHEMAS: dict[SideName, SideSchema] = {
    "crawl": SideSchema("crawl.sqlite3", _CRAWL, 1, None),
    "watches": SideSchema("watches.sqlite3", _WATCHES, 1, 0x56574154),      # "VWAT"
    "selection": SideSchema("selection.sqlite3", _SELECTION, 1, 0x5653454C),  # "VSEL"
}


class _Rows:
    """A cursor whose reads turn SQLite's errors into SideDbError."""

    def __init__(self, cursor: sqlite3.Cursor, where: str) -> None:
        self._cursor = cursor
        self._where = where

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    def fetchone(self) -> Any:
        try:
            return self._cursor.fetchone()
        except sqlite3.Error as exc:
            raise SideDbError(self._where, str(exc)) from None

    def fetchall(self) -> list[Any]:
        try:
            return self._cursor.fetchall()
        except sqlite3.Error as exc:
            raise SideDbError(self._where, str(exc)) from None

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


class SqliteSideDb:
    """One side file, open in autocommit mode. `SqliteSideDb.open(path, schema)`."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn = conn
        self._in_tx = False

    @property
    def where(self) -> str:
        return str(self.path)

    @classmethod
    def open(cls, path: Path, schema: SideSchema) -> SqliteSideDb:
        """`path` opened, created with the schema when new (or empty).

        Raises SideDbNewer for a file of a newer Veille, SideDbUnusable for one of another
        program or a damaged one.
        """
        where = str(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, isolation_level=None, timeout=30.0,
                                   check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise SideDbUnusable(where, str(exc)) from None
        try:
            _prepare(conn, schema, where)
        except sqlite3.Error as exc:
            conn.close()
            raise SideDbUnusable(where, str(exc)) from None
        except BaseException:
            conn.close()
            raise
        return cls(path, conn)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> _Rows:
        try:
            return _Rows(self._conn.execute(sql, tuple(params)), self.where)
        except sqlite3.Error as exc:
            raise SideDbError(self.where, str(exc)) from None

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> int:
        try:
            return max(self._conn.executemany(sql, rows).rowcount, 0)
        except sqlite3.Error as exc:
            raise SideDbError(self.where, str(exc)) from None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._in_tx:
            yield
            return
        self.execute("BEGIN IMMEDIATE")
        self._in_tx = True
        try:
            yield
        except BaseException:
            self._in_tx = False
            self._conn.execute("ROLLBACK")
            raise
        self._in_tx = False
        try:
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._conn.execute("ROLLBACK")
            raise SideDbError(self.where, str(exc)) from None

    def size_bytes(self) -> int:
        files = [self.path, self.path.with_name(self.path.name + "-wal")]
        return sum(f.stat().st_size for f in files if f.exists())

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> SqliteSideDb:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def _prepare(conn: sqlite3.Connection, schema: SideSchema, where: str) -> None:
    if schema.application_id is None:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        if conn.execute("PRAGMA user_version").fetchone()[0] > schema.version:
            raise SideDbNewer(where, "écrit par une version plus récente de Veille")
        conn.executescript(schema.ddl)
        conn.execute(f"PRAGMA user_version={schema.version}")
        return
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if app_id != schema.application_id:
        if conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]:
            raise sqlite3.DatabaseError("foreign database")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.executescript(schema.ddl)
        conn.execute(f"PRAGMA application_id={schema.application_id}")
        conn.execute(f"PRAGMA user_version={schema.version}")
    elif conn.execute("PRAGMA user_version").fetchone()[0] > schema.version:
        raise SideDbNewer(where, "écrit par une version plus récente de Veille")


def open_in(directory: Path, name: SideName, *, create: bool = True) -> SqliteSideDb | None:
    """The side file `name` in `directory` (None when absent and not `create`)."""
    schema = SCHEMAS[name]
    path = directory / schema.file
    if not create and not path.exists():
        return None
    return SqliteSideDb.open(path, schema)
