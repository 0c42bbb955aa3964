"""The store interface: what every corpus store does, whatever holds the articles.

`CorpusStore` is what the crawler, the indexer and the CLI use; `corpus.store.sqlite` is the
implementation of a home's `corpus.sqlite3`, and a PostgreSQL one (`corpus.store.postgres`)
provides the same. `StoreLocation` is where a store lives before it is opened: whether a
corpus is there, how to open it, its writer lock (one crawl, import or index at a time) and
the side databases that go with it (corpus/store/sidedb.py).
Get both through `corpus.store.locate` / `open_store`, never by naming an implementation.

Semantics every implementation keeps (tests/store_contract.py checks them):
- articles are keyed by `Article.id` (the canonical URL's id); `get`, `delete`, `record`
  and `story_of` also take any URL whose canonical form is stored;
- every write takes the next value of one monotonic sequence: `change_seq` (on the row, or
  on a tombstone when deleted) feeds incremental indexing, `added_seq`, set once when an
  article first enters, feeds watches; an unchanged upsert writes nothing;
- `transaction()` groups writes into one atomic, durable commit; nesting joins the outer one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from types import TracebackType
from typing import Literal, Protocol

from corpus.article import Article
from corpus.store.records import Change, Record, SourceStats, Upsert
from corpus.store.sidedb import SideDb, SideName

# What a writer does while it holds the lock (a store may lock each kind apart; the SQLite
# store has one lock for all: one writer at a time in a home).
LockKind = Literal["crawl", "import", "index", "demo"]
LOCK_KINDS: tuple[LockKind, ...] = ("crawl", "import", "index", "demo")


class WriterLockHandle(Protocol):
    """A held-or-not writer lock: `with handle:` takes it (raising LockHeld, exit 75, when
    another run holds it) and releases it on leaving."""

    def acquire(self) -> None: ...
    def release(self) -> None: ...
    def __enter__(self) -> WriterLockHandle: ...
    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None: ...


class CorpusStore(Protocol):
    """An open corpus: every article, its bookkeeping, the change feed and the stories."""

    @property
    def location(self) -> StoreLocation:
        """Where this store lives (for messages: `location.display`, never a password)."""
        ...

    # -- life cycle ----------------------------------------------------------------------

    def close(self) -> None: ...
    def __enter__(self) -> CorpusStore: ...
    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None: ...

    def transaction(self) -> AbstractContextManager[None]:
        """Group writes into one atomic, durable commit (nesting joins the outer one)."""
        ...

    def writer_lock(self, kind: LockKind) -> WriterLockHandle:
        """The lock a writer of `kind` holds while it writes (not taken yet)."""
        ...

    # -- writing -------------------------------------------------------------------------

    def upsert(self, article: Article) -> Upsert:
        """Store `article` by its canonical URL: new, changed (revision+1) or a no-op."""
        ...

    def upsert_many(self, articles: Iterable[Article], batch_size: int = 2000
                    ) -> dict[str, int]:
        """Upsert in batches of `batch_size` per transaction; counts per `Upsert.value`."""
        ...

    def delete(self, article_id_or_url: str) -> bool:
        """Delete an article by id or URL, leaving a tombstone in the change feed."""
        ...

    def set_meta(self, key: str, value: str) -> None: ...
    def get_meta(self, key: str) -> str | None: ...

    def corpus_id(self) -> str:
        """A random id given to this corpus when it was created (stable afterwards)."""
        ...

    # -- reading -------------------------------------------------------------------------

    def get(self, article_id_or_url: str) -> Article | None: ...
    def get_many(self, ids: Iterable[str]) -> dict[str, Article]: ...
    def record(self, article_id_or_url: str) -> Record | None: ...

    def iter_articles(self, *, source: str | None = None, chunk: int = 500
                      ) -> Iterator[Article]:
        """Every article (of `source`), streamed in id order."""
        ...

    def changes_since(self, seq: int, *, chunk: int = 500) -> Iterator[Change]:
        """Articles added, changed or deleted after `seq`, each once at its latest change,
        in sequence order."""
        ...

    def last_seq(self) -> int:
        """The sequence number of the latest write (0 for an empty corpus)."""
        ...

    def added_since(self, seq: int) -> list[str]:
        """Ids of articles that first entered after `seq`, oldest first."""
        ...

    def added_seqs(self, ids: Iterable[str]) -> dict[str, int]: ...

    def published_months(self) -> dict[str, str]:
        """`YYYY-MM` of publication of every dated article, by id."""
        ...

    def published_dates(self, ids: Iterable[str]) -> dict[str, datetime]: ...
    def count(self) -> int: ...

    def source_stats(self) -> list[SourceStats]:
        """Articles per source with their publication span, biggest source first."""
        ...

    # -- stories (reprints of one dispatch) ------------------------------------------------

    def story_of(self, article_id_or_url: str) -> int | None: ...
    def stories_of(self, ids: Iterable[str]) -> dict[str, int]: ...

    def story_members(self, story_id: int) -> list[str]:
        """Ids of a story's articles, earliest published first (undated last, by arrival)."""
        ...

    def story_sizes(self, story_ids: Iterable[int]) -> dict[int, int]: ...

    def grouped_stories(self) -> dict[str, int]:
        """Story of every article sharing its story with another (the others are alone)."""
        ...

    def data_version(self) -> int:
        """A number that changes whenever another connection changed the corpus (what a
        reader checks before trusting what it cached)."""
        ...


class StoreLocation(Protocol):
    """Where a corpus store lives, before it is opened."""

    @property
    def url(self) -> str:
        """`sqlite:///abs/path/corpus.sqlite3` or `postgresql://…` (may hold a password:
        never print it; print `display`)."""
        ...

    @property
    def display(self) -> str:
        """For messages: the file's path, or the URL without its password."""
        ...

    def exists(self) -> bool:
        """Whether a corpus is there (reading it never creates one)."""
        ...

    def open(self, *, create: bool = True, read_only: bool = False) -> CorpusStore:
        """The store, created when missing if `create`; `read_only` never creates one and
        refuses every write through the store (StoreError) — an older schema is still
        brought up to date on opening. Raises StoreError (missing without `create`,
        damaged, foreign, newer schema)."""
        ...

    def writer_lock(self, kind: LockKind) -> WriterLockHandle:
        """The writer lock of this corpus for `kind` (not taken yet): usable before the
        store is opened or even exists."""
        ...

    def side_db(self, name: SideName, *, create: bool = True) -> SideDb | None:
        """The side database `name` (crawl state, watches, selection) that goes with this
        corpus; None when absent and not `create`. See corpus/store/sidedb.py."""
        ...

    def side_db_exists(self, name: SideName) -> bool: ...
