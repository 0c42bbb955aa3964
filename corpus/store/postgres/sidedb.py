"""The crawl state of a shared corpus, on the PostgreSQL server (table `veille.urls`).

Every crawler machine reads and writes the same crawl state: what was fetched when, its
ETag and Last-Modified, the pending URLs, the failures. A source crawled by one machine
today and another tomorrow keeps its conditional requests; per-source crawl locks keep two
machines off one source at a time. The crawl state's statements (crawler/state.py) are
written in the SQL SQLite and PostgreSQL share, with `?` marks: they run here as they are.
Watches and the selection stay each researcher's, in the home (corpus/store/sqlite).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from types import TracebackType
from typing import TYPE_CHECKING, Any

from corpus.store.postgres.rows import Rows
from corpus.store.sidedb import SideDbError

if TYPE_CHECKING:
    from corpus.store.postgres.location import PostgresLocation


def _marks(sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%s")


class PgSideDb:
    """The shared crawl state, on its own connection (autocommit outside transaction())."""

    def __init__(self, location: PostgresLocation, conn: Any) -> None:
        self._location = location
        self._conn = conn
        self._in_tx = False

    @property
    def where(self) -> str:
        return f"l’état du crawl partagé ({self._location.display})"

    @contextmanager
    def _errors(self) -> Iterator[None]:
        psycopg = __import__("psycopg")
        try:
            yield
        except psycopg.Error as exc:
            raise SideDbError(self.where, self._location.scrub(str(exc))) from None

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        with self._errors(), self._conn.cursor() as cur:
            cur.execute(_marks(sql), tuple(params))
            rows = cur.fetchall() if cur.description is not None else []
            return Rows(rows, cur.rowcount, None)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> int:
        batch = [tuple(r) for r in rows]
        if not batch:
            return 0
        with self._errors(), self._conn.cursor() as cur:
            cur.executemany(_marks(sql), batch)
            return max(int(cur.rowcount), 0)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._in_tx:
            yield
            return
        self._in_tx = True
        try:
            with self._errors(), self._conn.transaction():
                yield
        finally:
            self._in_tx = False

    def size_bytes(self) -> int:
        with self._errors():
            row = self._conn.execute(
                "SELECT pg_total_relation_size('veille.urls')").fetchone()
        return int(row[0] or 0)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> PgSideDb:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
