"""The corpus on PostgreSQL: the same semantics as the SQLite store, shared by a team.

Writes serialise on the change feed's counter row (`veille.feed`, locked FOR UPDATE by the
first write of a transaction, until its commit): sequence numbers are therefore committed
in order, and a follower reading `changes_since(n)` never sees seq n+2 before n+1 is
visible, so a watermark never skips a change. Readers never wait. A batch is one
transaction: all of it is committed, or none.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any

from psycopg.types.json import Jsonb

from corpus.agency import with_agency
from corpus.article import Article, format_datetime, parse_datetime
from corpus.batches import batched
from corpus.errors import ReadOnlyStore, StoreError
from corpus.store.postgres.rows import COLUMNS, NULLS, DialectCursor, Rows, row_to_article
from corpus.store.records import Change, Record, SourceStats, Upsert
from corpus.store.story_queries import StoryQueries
from corpus.stories import StoryIndex, story_body

if TYPE_CHECKING:
    from corpus.store.postgres.location import PostgresLocation
    from corpus.store.protocol import LockKind, WriterLockHandle


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class PostgresStore(StoryQueries):
    """An open corpus in a PostgreSQL database (open through its PostgresLocation)."""

    def __init__(self, location: PostgresLocation, conn: Any, *, writable: bool,
                 why_not: str = "") -> None:
        self._location = location
        self._conn = conn
        self._writable = writable
        self._why_not = why_not
        self._in_transaction = False
        self._feed_locked = False
        self._dialect = DialectCursor(conn)
        self._stories = StoryIndex(self._story_execute, executemany=self._story_executemany)

    @property
    def location(self) -> PostgresLocation:
        return self._location

    @property
    def writable(self) -> bool:
        """Whether this connection may write (false read-only, or for a reader role)."""
        return self._writable

    # -- life cycle ----------------------------------------------------------------------

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes into one atomic, durable commit (nesting joins the outer one)."""
        if self._in_transaction:
            yield
            return
        self._in_transaction = True
        try:
            with self._errors(), self._conn.transaction():
                yield
        finally:
            self._in_transaction = False
            self._feed_locked = False

    @contextmanager
    def _errors(self) -> Iterator[None]:
        psycopg = __import__("psycopg")
        try:
            yield
        except psycopg.errors.InsufficientPrivilege:
            raise ReadOnlyStore(self._read_only_message()) from None
        except psycopg.errors.ReadOnlySqlTransaction:
            raise ReadOnlyStore(self._read_only_message()) from None
        except psycopg.Error as exc:  # a lost connection, a server shutting down…
            raise StoreError(f"erreur du corpus {self._location.display} : "
                             f"{self._location.scrub(str(exc))}") from None

    def _story_execute(self, statement: str, params: Iterable[Any] = ()) -> Rows:
        with self._errors():
            return self._dialect.execute(statement, params)

    def _story_executemany(self, statement: str, rows: Iterable[Any]) -> Rows:
        with self._errors():
            return self._dialect.executemany(statement, rows)

    def writer_lock(self, kind: LockKind) -> WriterLockHandle:
        return self._location.writer_lock(kind)

    def _q(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        """Run one statement that returns rows; its rows."""
        with self._errors(), self._conn.cursor() as cur:
            cur.execute(sql, tuple(params))
            rows: list[Any] = cur.fetchall()
            return rows

    def _x(self, sql: str, params: Iterable[Any] = ()) -> None:
        """Run one statement that returns nothing (in a batch's pipeline: not waited for;
        an error surfaces at the next read or at commit, failing the batch)."""
        with self._errors(), self._conn.cursor() as cur:
            cur.execute(sql, tuple(params))

    def _read_only_message(self) -> str:
        return (f"le corpus {self._location.display} n’accepte pas d’écriture "
                f"{self._why_not or 'depuis cette connexion'}")

    def _check_writable(self) -> None:
        if not self._writable:
            raise ReadOnlyStore(self._read_only_message())

    def _lock_feed(self) -> None:
        """Take the change feed's counter for the rest of the transaction (see module)."""
        if not self._feed_locked:
            self._x("SELECT seq FROM feed FOR UPDATE")
            self._feed_locked = True

    def _next_seq(self) -> int:
        self._lock_feed()
        return int(self._q("UPDATE feed SET seq = seq + 1 RETURNING seq")[0][0])

    # -- writing -------------------------------------------------------------------------

    def upsert(self, article: Article) -> Upsert:
        self._check_writable()
        with self.transaction():
            return self._upsert(article)

    def upsert_many(self, articles: Iterable[Article], batch_size: int = 2000
                    ) -> dict[str, int]:
        self._check_writable()
        counts = {u.value: 0 for u in Upsert}
        for batch in batched(articles, batch_size):
            self._upsert_batch(list(batch), counts)
        return counts

    def _upsert_batch(self, batch: list[Article], counts: dict[str, int]) -> None:
        done = {u.value: 0 for u in Upsert}
        with self.transaction(), self._errors(), self._conn.pipeline():
            self._lock_feed()
            ids = [a.id for a in batch]
            known = dict(self._q("SELECT id, content_hash FROM articles WHERE id = ANY(%s)",
                                 (ids,)))
            buried = {r[0] for r in self._q("SELECT id FROM tombstones WHERE id = ANY(%s)",
                                            (ids,))}
            for article in batch:
                done[self._upsert(article, known, buried).value] += 1
        for key, value in done.items():  # counted once the batch is committed
            counts[key] += value

    def _upsert(self, article: Article, known: dict[str, str] | None = None,
                buried: set[str] | None = None) -> Upsert:
        """Upsert one article. `known` (content hash by id) and `buried` (ids with a
        tombstone), when given, were read under the feed lock for the whole batch."""
        article = with_agency(article)
        digest = article.content_hash()
        self._lock_feed()  # before reading: a concurrent writer's row is then visible
        if known is None:
            rows = self._q("SELECT content_hash FROM articles WHERE id=%s", (article.id,))
            stored = rows[0][0] if rows else None
        else:
            stored = known.get(article.id)
        if stored == digest:
            return Upsert.UNCHANGED
        was_buried = buried is None or article.id in buried
        if known is not None and buried is not None:  # what a later copy in the batch sees
            known[article.id] = digest
            buried.discard(article.id)
        seq = self._next_seq()
        now = _now()
        values = (
            article.id, article.url, article.title, article.lead, article.text,
            format_datetime(article.published), format_datetime(article.modified),
            article.author, article.source, article.section, Jsonb(list(article.tags)),
            article.language, format_datetime(article.fetched_at) or now,
            bool(article.paywalled), article.agency, digest,
        )
        if stored is None:
            self._x(f"INSERT INTO articles ({COLUMNS}, content_hash, revision, added_seq, "
                    "change_seq, added_at, updated_at) VALUES "
                    f"({', '.join(['%s'] * 16)}, 1, %s, %s, %s, %s)",
                    (*values, seq, seq, now, now))
            if was_buried:
                self._x("DELETE FROM tombstones WHERE id=%s", (article.id,))
            self._stories.place(article.id, story_body(article.lead, article.text))
            return Upsert.NEW
        self._x("UPDATE articles SET url=%s, title=%s, lead=%s, text=%s, published=%s, "
                "modified=%s, author=%s, source=%s, section=%s, tags=%s, language=%s, "
                "fetched_at=%s, paywalled=%s, agency=%s, content_hash=%s, "
                "revision=revision+1, change_seq=%s, updated_at=%s WHERE id=%s",
                (*values[1:], seq, now, article.id))
        self._stories.place(article.id, story_body(article.lead, article.text))
        return Upsert.CHANGED

    def delete(self, article_id_or_url: str) -> bool:
        self._check_writable()
        aid = self._resolve_id(article_id_or_url)
        with self.transaction():
            self._lock_feed()
            if not self._q("DELETE FROM articles WHERE id=%s RETURNING id", (aid,)):
                return False
            self._stories.remove(aid)
            seq = self._next_seq()
            self._x("INSERT INTO tombstones(id, change_seq) VALUES (%s, %s) "
                    "ON CONFLICT (id) DO UPDATE SET change_seq = excluded.change_seq",
                    (aid, seq))
            return True

    def set_meta(self, key: str, value: str) -> None:
        self._check_writable()
        with self.transaction():
            self._lock_feed()  # every write transaction takes the feed first: no deadlock
            self._x("INSERT INTO meta(key, value) VALUES (%s, %s) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))

    def get_meta(self, key: str) -> str | None:
        rows = self._q("SELECT value FROM meta WHERE key=%s", (key,))
        return str(rows[0][0]) if rows else None

    def corpus_id(self) -> str:
        value = self.get_meta("corpus_id")
        if value is None:  # made with the schema: only a damaged corpus lacks it
            raise StoreError(f"le corpus {self._location.display} n’a pas d’identifiant "
                             "(table veille.meta abîmée)")
        return value

    # -- reading -------------------------------------------------------------------------


    def get(self, article_id_or_url: str) -> Article | None:
        try:
            aid = self._resolve_id(article_id_or_url)
        except ValueError:
            return None
        rows = self._q(f"SELECT {COLUMNS} FROM articles WHERE id=%s", (aid,))
        return row_to_article(rows[0]) if rows else None

    def get_many(self, ids: Iterable[str]) -> dict[str, Article]:
        return {row[0]: row_to_article(row)
                for row in self._rows_for_ids(f"SELECT {COLUMNS} FROM articles", ids)}

    def _rows_for_ids(self, select: str, ids: Iterable[str], where: str = "") -> Iterator[Any]:
        ids = list(ids)
        for start in range(0, len(ids), 1000):
            yield from self._q(f"{select} WHERE id = ANY(%s) {where}", (ids[start:start + 1000],))

    def record(self, article_id_or_url: str) -> Record | None:
        try:
            aid = self._resolve_id(article_id_or_url)
        except ValueError:
            return None
        rows = self._q("SELECT id, revision, added_seq, change_seq, added_at, updated_at "
                       "FROM articles WHERE id=%s", (aid,))
        if not rows:
            return None
        row = rows[0]
        added_at, updated_at = parse_datetime(row[4]), parse_datetime(row[5])
        assert added_at is not None and updated_at is not None
        return Record(row[0], int(row[1]), int(row[2]), int(row[3]), added_at, updated_at)

    def iter_articles(self, *, source: str | None = None, chunk: int = 500
                      ) -> Iterator[Article]:
        last = ""
        while True:
            params: list[Any] = [last]
            sql = f"SELECT {COLUMNS} FROM articles WHERE id > %s"
            if source is not None:
                sql += " AND source = %s"
                params.append(source)
            sql += " ORDER BY id LIMIT %s"
            params.append(chunk)
            rows = self._q(sql, params)
            if not rows:
                return
            for row in rows:
                yield row_to_article(row)
            last = rows[-1][0]

    def changes_since(self, seq: int, *, chunk: int = 500) -> Iterator[Change]:
        last = seq
        while True:
            rows = self._q(
                f"SELECT change_seq, {COLUMNS} FROM articles WHERE change_seq > %s "
                f"UNION ALL SELECT change_seq, id, {NULLS} FROM tombstones "
                "WHERE change_seq > %s ORDER BY 1 LIMIT %s", (last, last, chunk))
            if not rows:
                return
            for row in rows:
                if row[2] is None:
                    yield Change(int(row[0]), row[1], None)
                else:
                    yield Change(int(row[0]), row[1], row_to_article(row[1:]))
            last = int(rows[-1][0])

    def last_seq(self) -> int:
        return int(self._q("SELECT seq FROM feed")[0][0])

    def added_since(self, seq: int) -> list[str]:
        return [r[0] for r in self._q(
            "SELECT id FROM articles WHERE added_seq > %s ORDER BY added_seq", (seq,))]

    def added_seqs(self, ids: Iterable[str]) -> dict[str, int]:
        return {r[0]: int(r[1])
                for r in self._rows_for_ids("SELECT id, added_seq FROM articles", ids)}

    def published_months(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self._q(
            "SELECT id, substr(published, 1, 7) FROM articles WHERE published IS NOT NULL")}

    def published_dates(self, ids: Iterable[str]) -> dict[str, datetime]:
        rows = self._rows_for_ids("SELECT id, published FROM articles", ids,
                                  "AND published IS NOT NULL")
        return {aid: date for aid, published in rows
                if (date := parse_datetime(published)) is not None}

    def count(self) -> int:
        return int(self._q("SELECT count(*) FROM articles")[0][0])

    def source_stats(self) -> list[SourceStats]:
        rows = self._q("SELECT source, count(*), min(published), "
                       "max(published), max(added_at) "
                       "FROM articles GROUP BY source ORDER BY count(*) DESC, source")
        return [SourceStats(r[0], int(r[1]), parse_datetime(r[2]), parse_datetime(r[3]),
                            parse_datetime(r[4])) for r in rows]

    # -- stories: story_of, stories_of, story_members, story_sizes, grouped_stories come
    # from StoryQueries (corpus/store/story_queries.py) -------------------------------

    def data_version(self) -> int:
        """The change feed's sequence: every write (an upsert regrouping stories, a
        delete leaving one) moves it."""
        return self.last_seq()
