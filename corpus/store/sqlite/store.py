"""The SQLite corpus store: every article, in SQLite (WAL), the source of truth.

One writer at a time (the home's WriterLock guards crawl, import and index); any number of
readers work while it writes. Every write bumps a monotonic sequence number: `change_seq`
on the article row (or on a tombstone when deleted) is what incremental indexing reads,
and `added_seq`, set once when an article first enters the corpus, is what watches read.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from corpus.article import Article, format_datetime, parse_datetime
from corpus.batches import batched
from corpus.errors import StoreError
from corpus.store.lock import WriterLock
from corpus.store.protocol import LockKind
from corpus.store.records import (
    ARTICLE_COLUMNS,
    TOMBSTONE_NULLS,
    Change,
    Record,
    SourceStats,
    Upsert,
    stored_article,
)
from corpus.store.sqlite import migrations
from corpus.store.sqlite.dbfile import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    SafeCursor,
    create_corpus_file,
    damaged,
)
from corpus.store.sqlite.location import SqliteLocation
from corpus.store.story_queries import StoryQueries
from corpus.stories import StoryIndex, story_body

_COLUMNS = ARTICLE_COLUMNS
_NULLS = TOMBSTONE_NULLS
BULK_CACHE_KIB = 262_144  # 256 MB, see Store._bulk_cache


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _row_to_article(row: sqlite3.Row | tuple[Any, ...]) -> Article:
    return stored_article(row, json.loads(row[10]))  # tags: JSON text


class Store(StoryQueries):
    """The corpus database of one home. Open with `Store.open(path)`; close when done."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *,
                 lock_file: Path | None = None, location: SqliteLocation | None = None
                 ) -> None:
        self.path = path
        self._conn = conn
        self._in_transaction = False
        self._stories = StoryIndex(self._execute, executemany=self._executemany)
        self._location = location or SqliteLocation(path, lock_file)

    @property
    def location(self) -> SqliteLocation:
        return self._location

    def writer_lock(self, kind: LockKind) -> WriterLock:
        """The home's one writer lock (the same for every kind: one writer at a time)."""
        return self._location.writer_lock(kind)

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, *, create: bool = True, read_only: bool = False,
             lock_file: Path | None = None, location: SqliteLocation | None = None
             ) -> Store:
        """Open (and with `create`, create) the corpus database at `path`.

        `read_only` opens an existing corpus (never creating one) whose every write fails
        with StoreError; `lock_file` is its writer lock (default: `writer.lock` beside it),
        `location` where it was found (its lock and side databases).

        Raises StoreError for a missing file (without `create`), an empty (0-byte) file, a
        file that is not a SQLite database, a SQLite database that is not a Veille corpus,
        or a newer schema. A new corpus is made beside `path` and moved into place whole,
        so a file of 0 bytes is never one of ours: it is refused, never re-initialised.
        """
        path = Path(path)
        create = create and not read_only
        if not create and not path.exists():
            raise StoreError(f"pas de corpus {path}")
        if path.exists() and path.is_dir():
            raise StoreError(f"{path} est un dossier, pas une base de corpus")
        if path.exists() and path.stat().st_size == 0:
            raise StoreError(
                f"le corpus {path} est vide (0 octet) : quelque chose l’a tronqué ou remplacé. "
                "Restaurez-le depuis une sauvegarde (un fichier de `veille export` se "
                "réimporte) ; pour commencer plutôt un nouveau corpus, déplacez le fichier vide"
            )
        if create and not path.exists():
            create_corpus_file(path)
        try:
            conn = sqlite3.connect(path, isolation_level=None, timeout=30.0,
                                   check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"ouverture impossible du corpus {path} : {exc}") from None
        try:
            cls._check_and_init(conn, path)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(
                f"{path} n’est pas un corpus Veille ou est abîmé ({exc}) ; "
                "déplacez-le, puis réimportez ou recrawlez"
            ) from None
        except StoreError:
            conn.close()
            raise
        if read_only:
            conn.execute("PRAGMA query_only=ON")
        return cls(path, conn, lock_file=lock_file, location=location)

    @staticmethod
    def _check_and_init(conn: sqlite3.Connection, path: Path) -> None:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if app_id != APPLICATION_ID:
            what = "une base SQLite d’un autre programme" if tables else "un fichier SQLite vide"
            raise StoreError(
                f"{path} est {what}, pas un corpus Veille : Veille n’y touchera pas. Restaurez "
                "le corpus depuis une sauvegarde, ou déplacez ce fichier pour commencer un "
                "nouveau corpus")
        else:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{path} a été écrit par une version plus récente de Veille (schéma "
                    f"{version}) ; mettez Veille à jour"
                )
            if not {"articles", "tombstones", "meta"} <= tables:
                raise StoreError(f"{path} est un corpus Veille abîmé (tables manquantes)")
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL: a committed transaction survives the process being killed.
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        migrations.upgrade(conn, path)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- transactions --------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes into one atomic, durable commit (nesting joins the outer one)."""
        if self._in_transaction:
            yield
            return
        self._execute("BEGIN IMMEDIATE")
        self._in_transaction = True
        try:
            yield
        except BaseException:
            self._in_transaction = False
            self._conn.execute("ROLLBACK")
            raise
        self._in_transaction = False
        self._execute("COMMIT")

    def _execute(self, sql: str, params: Iterable[Any] = ()) -> SafeCursor:
        try:
            return SafeCursor(self._conn.execute(sql, tuple(params)), self.path)
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.IntegrityError):
                raise
            raise damaged(self.path, exc) from None

    def _executemany(self, sql: str, rows: Iterable[Any]) -> sqlite3.Cursor:
        try:
            return self._conn.executemany(sql, rows)
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.IntegrityError):
                raise
            raise damaged(self.path, exc) from None

    def _next_seq(self) -> int:
        row = self._execute("SELECT value FROM meta WHERE key='seq'").fetchone()
        seq = (int(row[0]) if row else 0) + 1
        self._execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('seq', ?)", (str(seq),))
        return seq

    # -- writing -------------------------------------------------------------------------

    def upsert(self, article: Article) -> Upsert:
        """Store `article` by its canonical URL: new, changed (revision+1) or a no-op."""
        with self.transaction():
            return self._upsert(article)

    def upsert_many(self, articles: Iterable[Article], batch_size: int = 2000) -> dict[str, int]:
        """Upsert in batches of `batch_size` per transaction; returns counts per outcome."""
        counts = {u.value: 0 for u in Upsert}
        with self._bulk_cache():
            for batch in batched(articles, batch_size):
                self._upsert_batch(list(batch), counts)
        return counts

    @contextmanager
    def _bulk_cache(self) -> Iterator[None]:
        """A bigger page cache while many articles are written: the story index's LSH
        bands land at random places in a B-tree that outgrows SQLite's default 2 MB cache
        (a band table of a million articles is ~1 GB), so every batch re-read its pages."""
        before = self._execute("PRAGMA cache_size").fetchone()[0]
        self._execute(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
        try:
            yield
        finally:
            self._execute(f"PRAGMA cache_size={int(before)}")

    def _upsert_batch(self, batch: list[Article], counts: dict[str, int]) -> None:
        with self.transaction():
            for article in batch:
                counts[self._upsert(article).value] += 1

    def _upsert(self, article: Article) -> Upsert:
        from corpus.agency import with_agency  # its patterns compile on first import

        article = with_agency(article)
        digest = article.content_hash()
        row = self._execute(
            "SELECT content_hash, revision FROM articles WHERE id=?", (article.id,)
        ).fetchone()
        if row is not None and row[0] == digest:
            return Upsert.UNCHANGED
        seq = self._next_seq()
        now = _now()
        values = (
            article.id, article.url, article.title, article.lead, article.text,
            format_datetime(article.published), format_datetime(article.modified),
            article.author, article.source, article.section,
            json.dumps(article.tags, ensure_ascii=False), article.language,
            format_datetime(article.fetched_at) or now, int(article.paywalled), article.agency,
            digest,
        )
        if row is None:
            self._execute(
                f"INSERT INTO articles ({_COLUMNS}, content_hash, revision, added_seq, "
                "change_seq, added_at, updated_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?,?,?)",
                (*values, seq, seq, now, now),
            )
            self._execute("DELETE FROM tombstones WHERE id=?", (article.id,))
            self._stories.place(article.id, story_body(article.lead, article.text))
            return Upsert.NEW
        self._execute(
            "UPDATE articles SET url=?, title=?, lead=?, text=?, published=?, modified=?, "
            "author=?, source=?, section=?, tags=?, language=?, fetched_at=?, paywalled=?, "
            "agency=?, content_hash=?, revision=revision+1, change_seq=?, updated_at=? "
            "WHERE id=?",
            (*values[1:], seq, now, article.id),
        )
        self._stories.place(article.id, story_body(article.lead, article.text))
        return Upsert.CHANGED

    def delete(self, article_id_or_url: str) -> bool:
        """Delete an article by id or URL; leaves a tombstone for incremental indexing."""
        aid = self._resolve_id(article_id_or_url)
        with self.transaction():
            cur = self._execute("DELETE FROM articles WHERE id=?", (aid,))
            if cur.rowcount == 0:
                return False
            self._stories.remove(aid)
            seq = self._next_seq()
            self._execute(
                "INSERT OR REPLACE INTO tombstones(id, change_seq) VALUES (?, ?)", (aid, seq)
            )
            return True

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self._execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def corpus_id(self) -> str:
        """A random id given to this corpus when it was created (made now for a corpus of
        an older Veille): tells the index whether the corpus beside it is the one it holds."""
        value = self.get_meta("corpus_id")
        if value is None:
            value = uuid.uuid4().hex
            with self.transaction():
                self._execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('corpus_id', ?)",
                              (value,))
            value = self.get_meta("corpus_id") or value
        return value

    def get_meta(self, key: str) -> str | None:
        row = self._execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return str(row[0]) if row else None

    # -- reading -------------------------------------------------------------------------


    def get(self, article_id_or_url: str) -> Article | None:
        """One article by its id or any URL whose canonical form is stored."""
        try:
            aid = self._resolve_id(article_id_or_url)
        except ValueError:
            return None
        row = self._execute(f"SELECT {_COLUMNS} FROM articles WHERE id=?", (aid,)).fetchone()
        return _row_to_article(row) if row else None

    def get_many(self, ids: Iterable[str]) -> dict[str, Article]:
        """Articles by id (missing ids are left out)."""
        return {row[0]: _row_to_article(row)
                for row in self._rows_for_ids(f"SELECT {_COLUMNS} FROM articles", ids)}

    def _rows_for_ids(self, select: str, ids: Iterable[str], where: str = "") -> Iterator[Any]:
        """Rows of `select … WHERE id IN (…) [AND where]`, a batch of ids per statement."""
        for chunk in batched(ids):
            marks = ",".join("?" * len(chunk))
            yield from self._execute(f"{select} WHERE id IN ({marks}) {where}", chunk)

    def record(self, article_id_or_url: str) -> Record | None:
        aid = self._resolve_id(article_id_or_url)
        row = self._execute(
            "SELECT id, revision, added_seq, change_seq, added_at, updated_at "
            "FROM articles WHERE id=?", (aid,)
        ).fetchone()
        if row is None:
            return None
        added_at = parse_datetime(row[4])
        updated_at = parse_datetime(row[5])
        assert added_at is not None and updated_at is not None
        return Record(row[0], row[1], row[2], row[3], added_at, updated_at)

    def iter_articles(self, *, source: str | None = None, chunk: int = 500) -> Iterator[Article]:
        """Every article, streamed in id order (memory stays flat whatever the corpus size)."""
        last = ""
        while True:
            params: list[Any] = [last]
            sql = f"SELECT {_COLUMNS} FROM articles WHERE id > ?"
            if source is not None:
                sql += " AND source = ?"
                params.append(source)
            sql += " ORDER BY id LIMIT ?"
            params.append(chunk)
            rows = self._execute(sql, params).fetchall()
            if not rows:
                return
            for row in rows:
                yield _row_to_article(row)
            last = rows[-1][0]

    def changes_since(self, seq: int, *, chunk: int = 500) -> Iterator[Change]:
        """Articles added, changed or deleted after `seq`, in sequence order.

        Each article appears once, at its latest change. Streams in chunks.
        """
        last = seq
        while True:
            rows = self._execute(
                f"SELECT change_seq, {_COLUMNS} FROM articles WHERE change_seq > ? "
                f"UNION ALL SELECT change_seq, id, {_NULLS} FROM tombstones WHERE change_seq > ? "
                "ORDER BY 1 LIMIT ?",
                (last, last, chunk),
            ).fetchall()
            if not rows:
                return
            for row in rows:
                if row[2] is None:
                    yield Change(row[0], row[1], None)
                else:
                    yield Change(row[0], row[1], _row_to_article(row[1:]))
            last = rows[-1][0]

    def last_seq(self) -> int:
        """The sequence number of the latest write (0 for an empty corpus)."""
        value = self.get_meta("seq")
        return int(value) if value else 0

    def added_since(self, seq: int) -> list[str]:
        """Ids of articles that first entered the corpus after `seq`, oldest first."""
        rows = self._execute(
            "SELECT id FROM articles WHERE added_seq > ? ORDER BY added_seq", (seq,)
        ).fetchall()
        return [r[0] for r in rows]

    def added_seqs(self, ids: Iterable[str]) -> dict[str, int]:
        """`added_seq` of each id (missing ids are left out)."""
        return dict(self._rows_for_ids("SELECT id, added_seq FROM articles", ids))

    def published_months(self) -> dict[str, str]:
        """`YYYY-MM` of publication of every dated article, by id (light: no text loaded)."""
        rows = self._execute(
            "SELECT id, substr(published, 1, 7) FROM articles WHERE published IS NOT NULL"
        ).fetchall()
        return {r[0]: r[1] for r in rows}

    def published_dates(self, ids: Iterable[str]) -> dict[str, datetime]:
        """Publication dates with the site's own UTC offset, by id (light: no text loaded)."""
        rows = self._rows_for_ids("SELECT id, published FROM articles", ids,
                                  "AND published IS NOT NULL")
        return {aid: date for aid, published in rows
                if (date := parse_datetime(published)) is not None}

    def count(self) -> int:
        return int(self._execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def source_stats(self) -> list[SourceStats]:
        """Articles per source with their publication span, biggest source first."""
        rows = self._execute(
            "SELECT source, COUNT(*), MIN(published), MAX(published), MAX(added_at) "
            "FROM articles GROUP BY source ORDER BY COUNT(*) DESC, source"
        ).fetchall()
        return [
            SourceStats(r[0], r[1], parse_datetime(r[2]), parse_datetime(r[3]),
                        parse_datetime(r[4]))
            for r in rows
        ]

    # -- stories: story_of, stories_of, story_members, story_sizes, grouped_stories come
    # from StoryQueries (corpus/store/story_queries.py) -------------------------------

    def data_version(self) -> int:
        """Changes whenever another connection committed to the corpus (SQLite's
        `PRAGMA data_version`): what a reader checks before trusting what it cached."""
        return int(self._execute("PRAGMA data_version").fetchone()[0])
