"""The home's side databases: the small tables kept beside the corpus.

    with open_side_db(home, "watches") as db:
        db.execute("SELECT name FROM watches WHERE name=?", (name,)).fetchone()
        with db.transaction():
            db.executemany("DELETE FROM watches WHERE name=?", [(n,) for n in names])

Three of them: `crawl` (what the crawler knows of every URL), `watches` (saved searches)
and `selection` (articles kept across searches). Their schemas live with the store that
holds them (corpus/store/sqlite/sidedb.py for the home's SQLite files); the features write
their statements with `?` parameters in the SQL that SQLite and PostgreSQL share (ON
CONFLICT, CASE, no INSERT OR …, no LIMIT -1), so another store serves the same statements.
Errors come as SideDbError (a StoreError): each feature words them for its own data.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any, Literal, Protocol

from corpus.errors import StoreError
from corpus.home import Home

SideName = Literal["crawl", "watches", "selection"]
SIDE_NAMES: tuple[SideName, ...] = ("crawl", "watches", "selection")


class SideDbError(StoreError):
    """A side database cannot be used; `reason` is the database's own words."""

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(f"{where} : {reason}")


class SideDbNewer(SideDbError):
    """The side database was written by a newer Veille (a higher schema version)."""


class SideDbUnusable(SideDbError):
    """At opening: the file belongs to another program, or is damaged."""


class SideRows(Protocol):
    """What a statement returns (rows fetched later fail with SideDbError too)."""

    @property
    def rowcount(self) -> int: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class SideDb(Protocol):
    """One open side database (autocommit outside `transaction()`)."""

    @property
    def where(self) -> str:
        """For messages: the file's path (or a redacted URL)."""
        ...

    def execute(self, sql: str, params: Sequence[Any] = ()) -> SideRows: ...

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> int:
        """Run `sql` once per row; how many rows it changed in all."""
        ...

    def transaction(self) -> AbstractContextManager[None]:
        """One atomic commit (BEGIN IMMEDIATE: writers wait their turn); nesting joins."""
        ...

    def size_bytes(self) -> int:
        """Room it takes on disk (0 when unknown)."""
        ...

    def close(self) -> None: ...
    def __enter__(self) -> SideDb: ...
    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None: ...


def open_side_db(home: Home, name: SideName, *, create: bool = True) -> SideDb | None:
    """The side database `name` of `home`'s store; None when it does not exist and
    `create` is False (reading a home never creates one)."""
    from corpus.store.locate import locate

    return locate(home).side_db(name, create=create)


def side_db_exists(home: Home, name: SideName) -> bool:
    from corpus.store.locate import locate

    return locate(home).side_db_exists(name)
