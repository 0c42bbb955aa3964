"""The « sélection »: articles a researcher keeps across searches, in the home.

    with Selection.open(home) as sel:
        sel.add([Entry.of(article)]); sel.ids(); sel.remove([aid]); sel.clear()

One small SQLite file (`selection.sqlite3` in the home), opened the way the corpus and the
watches are: a Veille application id, WAL, a schema version refused when newer. Each entry
keeps the article's id and enough to list it (title, source, date, URL) even if the article
later leaves the corpus. Reading a home that has no selection creates nothing.
No Textual here: the workbench and `veille selection` both use it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Protocol

from corpus import Home, parse_datetime
from corpus.store.sqlite.appdb import NewerFile, open_app_db

APPLICATION_ID = 0x5653454C  # "VSEL"
SCHEMA_VERSION = 1

_SCHEMA = """
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


class SelectionError(Exception):
    """The selection file cannot be read or written (damaged, foreign, newer)."""


class ArticleLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def published(self) -> datetime | None: ...


@dataclass(frozen=True)
class Entry:
    """One kept article, as it was when it was kept."""

    id: str
    url: str
    title: str
    source: str
    published: datetime | None
    added_at: datetime | None = None

    @classmethod
    def of(cls, article: ArticleLike) -> Entry:
        """From an `Article` or a search `Hit`."""
        return cls(article.id, article.url, article.title, article.source, article.published)

    def to_json(self) -> dict[str, str | None]:
        return {
            "id": self.id, "url": self.url, "title": self.title, "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "added_at": self.added_at.isoformat() if self.added_at else None,
        }


class Selection:
    """The selection of one home. `Selection.open(home)`; use as a context manager."""

    def __init__(self, conn: sqlite3.Connection | None) -> None:
        self._conn = conn

    @classmethod
    def open(cls, home: Home, *, create: bool = True) -> Selection:
        """Open the home's selection; without `create`, a missing file reads as empty."""
        path = home.selection_db
        if not path.exists() and not create:
            return cls(None)
        home.ensure()
        try:
            conn = open_app_db(path, APPLICATION_ID, _SCHEMA, SCHEMA_VERSION)
        except NewerFile:
            raise SelectionError("the selection was written by a newer Veille; "
                                 "upgrade Veille") from None
        except sqlite3.DatabaseError as exc:
            raise SelectionError(f"{path} is not a Veille selection or is corrupted ({exc}); "
                                 "move it aside") from None
        except sqlite3.Error as exc:
            raise SelectionError(f"cannot open the selection {path}: {exc}") from None
        return cls(conn)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Selection:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- reading -------------------------------------------------------------------------

    def entries(self) -> list[Entry]:
        """Every kept article, in the order it was kept."""
        if self._conn is None:
            return []
        rows = self._run("SELECT id, url, title, source, published, added_at FROM selection "
                         "ORDER BY position").fetchall()
        return [Entry(r[0], r[1], r[2], r[3], parse_datetime(r[4]), parse_datetime(r[5]))
                for r in rows]

    def ids(self) -> list[str]:
        if self._conn is None:
            return []
        return [r[0] for r in self._run("SELECT id FROM selection ORDER BY position")]

    def count(self) -> int:
        if self._conn is None:
            return 0
        return int(self._run("SELECT COUNT(*) FROM selection").fetchone()[0])

    def __contains__(self, article_id: object) -> bool:
        if self._conn is None or not isinstance(article_id, str):
            return False
        return self._run("SELECT 1 FROM selection WHERE id=?", (article_id,)).fetchone() \
            is not None

    # -- writing -------------------------------------------------------------------------

    def add(self, entries: Iterable[Entry]) -> int:
        """Keep `entries` (already kept ones stay where they are); how many were new."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        rows = [(e.id, e.url, e.title, e.source,
                 e.published.isoformat() if e.published else None, now) for e in entries]
        with self._transaction() as conn:
            before = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO selection (id, url, title, source, published, "
                "added_at) VALUES (?, ?, ?, ?, ?, ?)", rows)
            return conn.total_changes - before

    def remove(self, ids: Iterable[str]) -> int:
        """Drop `ids` from the selection; how many were in it."""
        with self._transaction() as conn:
            before = conn.total_changes
            conn.executemany("DELETE FROM selection WHERE id=?", [(i,) for i in ids])
            return conn.total_changes - before

    def toggle(self, entry: Entry) -> bool:
        """Keep `entry`, or drop it if it was kept; whether it is kept now."""
        if entry.id in self:
            self.remove([entry.id])
            return False
        self.add([entry])
        return True

    def clear(self) -> int:
        """Empty the selection; how many articles it held."""
        with self._transaction() as conn:
            before = conn.total_changes
            conn.execute("DELETE FROM selection")
            return conn.total_changes - before

    # -- sqlite --------------------------------------------------------------------------

    def _run(self, sql: str, params: tuple[object, ...] = ()) -> sqlite3.Cursor:
        assert self._conn is not None
        try:
            return self._conn.execute(sql, params)
        except sqlite3.Error as exc:
            raise SelectionError(f"the selection cannot be read: {exc}") from None

    def _transaction(self) -> _Transaction:
        if self._conn is None:
            raise SelectionError("the selection was opened read-only")
        return _Transaction(self._conn)


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT (ROLLBACK on error): a change is whole or absent."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise SelectionError(f"the selection cannot be written: {exc}") from None
        return self.conn

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is None:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as error:
                self.conn.execute("ROLLBACK")
                raise SelectionError(f"the selection cannot be written: {error}") from None
        else:
            self.conn.execute("ROLLBACK")
