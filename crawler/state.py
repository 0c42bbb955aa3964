"""The crawl state: what the crawler knows of every URL it met, in the store's `crawl` side
database (`home.crawl_db` for a SQLite home; schema in corpus/store/sqlite/sidedb.py).

One row per canonical URL: its source and kind, its status, the validators for a
conditional GET (ETag, Last-Modified), the hash of the body last read, failures, and when
it was first seen, last seen and last fetched. The corpus stays the source of truth for
articles: a row says "stored" only after the article's corpus transaction committed, so a
crawl killed at any point never leaves the state claiming an article the corpus lacks.

Statuses: pending (discovered, not fetched yet), stored (an article in the corpus),
alias (the page names another canonical URL), noarticle (fetched, not an article),
failed (a transient failure; retried), gone (404/410, or no web page: retried rarely).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any

from corpus import Home
from corpus.store.sidedb import SideDb, SideDbError, SideDbNewer, open_side_db, side_db_exists
from crawler.errors import CrawlerError

_FIELDS = ("url", "source", "kind", "status", "article_id", "alias_of", "etag",
           "last_modified", "body_hash", "failures", "last_error", "published", "title",
           "first_seen", "last_seen", "last_fetched")

# When a URL that did not give an article is worth trying again.
RETRY_FAILED_FOR = 5                     # failures retried on every run up to this many...
RETRY_FAILED_AFTER = timedelta(days=7)   # ...then once a week
RETRY_NOARTICLE_AFTER = timedelta(days=7)
RETRY_GONE_AFTER = timedelta(days=30)
# What keeps the state bounded (see `prune`).
PENDING_MAX_AGE = timedelta(days=30)     # a URL waiting longer than this is dropped
GONE_FOR_GOOD = 3                        # 404/410 this many times: the row is dropped
STALE_AFTER = timedelta(days=180)        # a row that led nowhere, unseen that long: dropped


class StateError(CrawlerError):
    """The crawl state database cannot be used."""


@dataclass(frozen=True)
class UrlState:
    url: str
    source: str
    kind: str
    status: str
    article_id: str | None
    alias_of: str | None
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    failures: int
    last_error: str | None
    published: str | None
    title: str | None
    first_seen: str
    last_seen: str
    last_fetched: str | None

    def worth_fetching(self, now: datetime) -> bool:
        """Whether a URL that gave no article should be tried again now."""
        last = _parse(self.last_fetched)
        if self.status == "failed" and self.failures >= RETRY_FAILED_FOR:
            return last is None or now - last >= RETRY_FAILED_AFTER
        if self.status == "noarticle":
            return last is None or now - last >= RETRY_NOARTICLE_AFTER
        if self.status == "gone":
            return last is None or now - last >= RETRY_GONE_AFTER
        return True


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class CrawlState:
    """The crawl state database. Writes are grouped by the caller with `transaction()`."""

    def __init__(self, db: SideDb) -> None:
        self._db = db
        self.path = db.where

    @classmethod
    def open(cls, home: Home) -> CrawlState:
        try:
            db = open_side_db(home, "crawl")
        except SideDbNewer as exc:
            raise StateError(f"l’état du crawl {exc.where} vient d’une version plus récente "
                             "de Veille ; mettez Veille à jour") from None
        except SideDbError as exc:
            raise StateError(
                f"l’état du crawl {exc.where} est inutilisable ({exc.reason}) : déplacez-le, "
                "le prochain crawl le refait (les articles déjà stockés sont gardés)"
            ) from None
        assert db is not None
        return cls(db)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> CrawlState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def transaction(self) -> _Transaction:
        return _Transaction(self)

    def _exec(self, sql: str, params: Iterable[Any] = ()) -> Any:
        try:
            return self._db.execute(sql, tuple(params))
        except SideDbError as exc:
            raise _failed(exc) from None

    def _exec_many(self, sql: str, rows: Iterable[tuple[Any, ...]]) -> int:
        try:
            return self._db.executemany(sql, rows)
        except SideDbError as exc:
            raise _failed(exc) from None

    # -- reading -------------------------------------------------------------------------

    def get(self, url: str) -> UrlState | None:
        row = self._exec(f"SELECT {', '.join(_FIELDS)} FROM urls WHERE url=?", (url,)).fetchone()
        return UrlState(*row) if row else None

    def get_many(self, urls: Iterable[str]) -> dict[str, UrlState]:
        urls = list(urls)
        found: dict[str, UrlState] = {}
        for start in range(0, len(urls), 500):
            chunk = urls[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._exec(
                f"SELECT {', '.join(_FIELDS)} FROM urls WHERE url IN ({marks})", chunk
            ):
                found[row[0]] = UrlState(*row)
        return found

    def pending(self, source: str, limit: int | None = None) -> list[UrlState]:
        """URLs of `source` discovered by an earlier run and never fetched (oldest first)."""
        sql = (f"SELECT {', '.join(_FIELDS)} FROM urls WHERE source=? AND status='pending' "
               "ORDER BY first_seen, url")
        params: tuple[Any, ...] = (source,)
        if limit is not None:
            sql, params = sql + " LIMIT ?", (source, limit)
        rows = self._exec(sql, params).fetchall()
        return [UrlState(*row) for row in rows]

    def counts(self, source: str | None = None) -> dict[str, int]:
        sql = "SELECT status, COUNT(*) FROM urls"
        params: tuple[str, ...] = ()
        if source is not None:
            sql += " WHERE source=?"
            params = (source,)
        return {status: n for status, n in self._exec(sql + " GROUP BY status", params)}

    def size(self) -> dict[str, Any]:
        """How big the state is: rows per status and bytes on disk."""
        counts = self.counts()
        return {"urls": sum(counts.values()), "by_status": counts,
                "bytes": self._db.size_bytes()}

    # -- keeping it bounded --------------------------------------------------------------

    def prune(self, source: str, max_pending: int, now: datetime | None = None
              ) -> dict[str, int]:
        """Drop what the state need not keep for `source`; returns how many rows, per why.

        Pending URLs older than PENDING_MAX_AGE, pending URLs beyond the `max_pending`
        newest, URLs gone (404/410) GONE_FOR_GOOD times, and URLs that gave no article and
        were not met again for STALE_AFTER. Stored articles are always kept.
        """
        now = now or datetime.now(UTC)
        dropped = {
            "pending_old": self._delete(
                "status='pending' AND first_seen < ?", source,
                (now - PENDING_MAX_AGE).isoformat(timespec="seconds")),
            "pending_over_cap": self._delete(
                "status='pending' AND url NOT IN (SELECT url FROM urls WHERE source=? AND "
                "status='pending' ORDER BY COALESCE(published, first_seen) DESC, url "
                "LIMIT ?)", source, source, max_pending),
            "gone": self._delete("status='gone' AND failures >= ?", source, GONE_FOR_GOOD),
            "stale": self._delete(
                "status IN ('failed', 'noarticle', 'alias', 'gone') AND last_seen < ?", source,
                (now - STALE_AFTER).isoformat(timespec="seconds")),
        }
        return {why: n for why, n in dropped.items() if n}

    def _delete(self, where: str, source: str, *params: Any) -> int:
        return int(self._exec(f"DELETE FROM urls WHERE source=? AND {where}",
                              (source, *params)).rowcount)

    # -- writing -------------------------------------------------------------------------

    def discovered(self, source: str, kind: str, urls: Iterable[tuple[str, str | None, str]],
                   seen_at: str | None = None) -> None:
        """Record URLs met in discovery: new ones as pending, known ones as seen again.

        `urls` holds (url, published ISO date or None, title) triples.
        """
        now = seen_at or now_iso()
        self._exec_many(
            "INSERT INTO urls(url, source, kind, status, published, title, first_seen, "
            "last_seen) VALUES (?, ?, ?, 'pending', ?, ?, ?, ?) "
            "ON CONFLICT(url) DO UPDATE SET last_seen=excluded.last_seen, "
            "published=COALESCE(urls.published, excluded.published), "
            "title=COALESCE(NULLIF(urls.title, ''), excluded.title)",
            [(url, source, kind, published, title, now, now) for url, published, title in urls],
        )

    def fetched(self, url: str, source: str, kind: str, status: str, *,
                article_id: str | None = None, alias_of: str | None = None,
                etag: str | None = None, last_modified: str | None = None,
                body_hash: str | None = None) -> None:
        """Record a successful fetch of `url` and what came of it."""
        now = now_iso()
        self._exec(
            "INSERT INTO urls(url, source, kind, status, article_id, alias_of, etag, "
            "last_modified, body_hash, failures, last_error, first_seen, last_seen, "
            "last_fetched) VALUES (?,?,?,?,?,?,?,?,?,0,NULL,?,?,?) "
            "ON CONFLICT(url) DO UPDATE SET kind=excluded.kind, status=excluded.status, "
            "article_id=excluded.article_id, alias_of=excluded.alias_of, etag=excluded.etag, "
            "last_modified=excluded.last_modified, body_hash=excluded.body_hash, failures=0, "
            "last_error=NULL, last_seen=excluded.last_seen, last_fetched=excluded.last_fetched",
            (url, source, kind, status, article_id, alias_of, etag, last_modified, body_hash,
             now, now, now),
        )

    def not_modified(self, url: str) -> None:
        """A conditional GET answered 304 (or the body hash was unchanged)."""
        now = now_iso()
        self._exec("UPDATE urls SET failures=0, last_error=NULL, last_seen=?, last_fetched=? "
                   "WHERE url=?", (now, now, url))

    def failed(self, url: str, source: str, kind: str, error: str, *, gone: bool) -> None:
        now = now_iso()
        status = "gone" if gone else "failed"
        self._exec(
            "INSERT INTO urls(url, source, kind, status, failures, last_error, first_seen, "
            "last_seen, last_fetched) VALUES (?,?,?,?,1,?,?,?,?) "
            "ON CONFLICT(url) DO UPDATE SET failures=urls.failures+1, last_error=excluded."
            "last_error, last_seen=excluded.last_seen, last_fetched=excluded.last_fetched, "
            "status=CASE WHEN urls.status IN ('stored', 'alias') AND excluded.status='failed' "
            "THEN urls.status ELSE excluded.status END",
            (url, source, kind, status, error[:500], now, now, now),
        )


def state_size(home: Home) -> dict[str, Any] | None:
    """The size of the home's crawl state (None when there is none yet)."""
    if not side_db_exists(home, "crawl"):
        return None
    with CrawlState.open(home) as state:
        return state.size()


def _failed(exc: SideDbError) -> StateError:
    return StateError(f"erreur de la base de l’état du crawl {exc.where} : {exc.reason}")


class _Transaction:
    """Group state writes into one commit (nested use joins the outer one)."""

    def __init__(self, state: CrawlState) -> None:
        self.state = state
        self._tx = state._db.transaction()

    def __enter__(self) -> CrawlState:
        try:
            self._tx.__enter__()
        except SideDbError as exc:
            raise _failed(exc) from None
        return self.state

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            self._tx.__exit__(exc_type, exc, tb)
        except SideDbError as error:
            raise _failed(error) from None
