"""The « sélection »: articles a researcher keeps across searches, in the home.

    with Selection.open(home) as sel:
        sel.add([Entry.of(article)]); sel.ids(); sel.remove([aid]); sel.clear()

The store's `selection` side database (corpus/store/sidedb.py: `selection.sqlite3` in a
SQLite home, with a Veille application id, WAL, a schema version refused when newer). Each entry
keeps the article's id and enough to list it (title, source, date, URL) even if the article
later leaves the corpus. Reading a home that has no selection creates nothing.
No Textual here: the workbench and `veille selection` both use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Protocol

from corpus import Home, parse_datetime
from corpus.store.sidedb import SideDb, SideDbError, SideDbNewer, open_side_db, side_db_exists


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

    def __init__(self, db: SideDb | None) -> None:
        self._db = db

    @classmethod
    def open(cls, home: Home, *, create: bool = True) -> Selection:
        """Open the home's selection; without `create`, a missing file reads as empty."""
        if not create and not side_db_exists(home, "selection"):
            return cls(None)
        home.ensure()
        try:
            db = open_side_db(home, "selection")
        except SideDbNewer:
            raise SelectionError("la sélection vient d’une version plus récente de Veille ; "
                                 "mettez Veille à jour") from None
        except SideDbError as exc:
            raise SelectionError(f"{exc.where} n’est pas une sélection Veille ou est abîmé "
                                 f"({exc.reason}) : déplacez-le") from None
        return cls(db)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> Selection:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- reading -------------------------------------------------------------------------

    def entries(self) -> list[Entry]:
        """Every kept article, in the order it was kept."""
        if self._db is None:
            return []
        rows = self._run("SELECT id, url, title, source, published, added_at FROM selection "
                         "ORDER BY position").fetchall()
        return [Entry(r[0], r[1], r[2], r[3], parse_datetime(r[4]), parse_datetime(r[5]))
                for r in rows]

    def ids(self) -> list[str]:
        if self._db is None:
            return []
        return [r[0] for r in self._run("SELECT id FROM selection ORDER BY position")]

    def count(self) -> int:
        if self._db is None:
            return 0
        return int(self._run("SELECT COUNT(*) FROM selection").fetchone()[0])

    def __contains__(self, article_id: object) -> bool:
        if self._db is None or not isinstance(article_id, str):
            return False
        return self._run("SELECT 1 FROM selection WHERE id=?", (article_id,)).fetchone() \
            is not None

    # -- writing -------------------------------------------------------------------------

    def add(self, entries: Iterable[Entry]) -> int:
        """Keep `entries` (already kept ones stay where they are); how many were new."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        rows = [(e.id, e.url, e.title, e.source,
                 e.published.isoformat() if e.published else None, now) for e in entries]
        with self._writing() as db:
            return db.executemany(
                "INSERT INTO selection (id, url, title, source, published, added_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING", rows)

    def remove(self, ids: Iterable[str]) -> int:
        """Drop `ids` from the selection; how many were in it."""
        with self._writing() as db:
            return db.executemany("DELETE FROM selection WHERE id=?", [(i,) for i in ids])

    def toggle(self, entry: Entry) -> bool:
        """Keep `entry`, or drop it if it was kept; whether it is kept now."""
        if entry.id in self:
            self.remove([entry.id])
            return False
        self.add([entry])
        return True

    def clear(self) -> int:
        """Empty the selection; how many articles it held."""
        with self._writing() as db:
            return int(db.execute("DELETE FROM selection").rowcount)

    # -- the database --------------------------------------------------------------------

    def _run(self, sql: str, params: Sequence[object] = ()) -> Any:
        assert self._db is not None
        try:
            return self._db.execute(sql, params)
        except SideDbError as exc:
            raise SelectionError(f"lecture impossible de la sélection : {exc.reason}") from None

    @contextmanager
    def _writing(self) -> Iterator[SideDb]:
        """One transaction: a change is whole or absent."""
        if self._db is None:
            raise SelectionError("la sélection est ouverte en lecture seule")
        try:
            with self._db.transaction():
                yield self._db
        except SideDbError as exc:
            raise SelectionError(f"écriture impossible dans la sélection : {exc.reason}") from None
