"""What the workbench needs from the search core and the corpus, behind one small object.

`Backend` owns the open `indexer.Searcher` and a read-only corpus `Store`; its methods are
called from worker threads, so each resource is guarded by its own lock. A search request
carries a generation number: a request that a newer one has superseded while it waited for
the lock is dropped without running (a newer query cancels the older one).
No Textual here: the screens hold a Backend and render what it returns.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import indexer
from corpus import Article, CorpusError, CorpusStore, Home, open_store
from corpus.store.last_crawl import LastCrawl, read_last_crawl
from corpus.store.sidedb import side_db_exists
from indexer import IndexerError, SearchResult
from indexer.watches import UnreadWatch, WatchBook
from tui.app.state import WorkbenchState
from tui.history import QueryHistory

log = logging.getLogger(__name__)
T = TypeVar("T")

SORTS = ("relevance", "date")
# An empty search box lists the latest articles: every dated article, newest first.
LATEST_QUERY = "date:>=1000"


def effective(query: str, sort: str) -> tuple[str, str]:
    """What the index is asked for a query typed in the box."""
    return (query, sort) if query.strip() else (LATEST_QUERY, "date")


@dataclass(frozen=True)
class Filters:
    """Active filters: sources (any of) and a publication period: a range typed in the
    date dialog, or years chosen in the facet (any of; `since`/`until` then span them)."""

    sources: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None
    period: str = ""  # how the period reads, e.g. "2025" or "01/03/2025 → 31/03/2025"
    years: tuple[str, ...] = ()  # the years chosen in the facet, in order: ("2023", "2025")

    @property
    def active(self) -> bool:
        return bool(self.sources or self.since or self.until)

    def toggle_source(self, source: str) -> Filters:
        if source in self.sources:
            return replace(self, sources=tuple(s for s in self.sources if s != source))
        return replace(self, sources=(*self.sources, source))

    def toggle_year(self, year: str) -> Filters:
        """`year` added to the chosen years, or dropped from them; a range typed in the
        date dialog gives way to the years."""
        from tui.app.dates import year_bounds

        years = tuple(y for y in self.years if y != year) if year in self.years \
            else tuple(sorted({*self.years, year}))
        if not years:
            return replace(self, since=None, until=None, period="", years=())
        since, until = year_bounds(years[0])[0], year_bounds(years[-1])[1]
        return replace(self, since=since, until=until, period=", ".join(years), years=years)

    def with_period(self, since: datetime | None, until: datetime | None,
                    label: str) -> Filters:
        return replace(self, since=since, until=until, period=label if since or until else "",
                       years=())

    @property
    def year_numbers(self) -> tuple[int, ...]:
        return tuple(int(y) for y in self.years)

    def describe(self) -> str:
        parts = list(self.sources)
        if self.period:
            parts.append(self.period)
        return " · ".join(parts)


@dataclass(frozen=True)
class SearchRequest:
    query: str
    filters: Filters = field(default_factory=Filters)
    sort: str = "relevance"
    limit: int = 50
    offset: int = 0
    budget_ms: float | None = None
    generation: int = 0
    snippets: bool = True  # False: hits without snippets (a first paint while typing)
    partial: bool | None = None  # False: only articles holding every keyword (a watch)
    group: bool = True  # True: reprints of one story are one hit (indexer.grouping)

    @property
    def exact(self) -> bool:
        return self.budget_ms is None


@dataclass(frozen=True)
class Status:
    documents: int
    last_crawl: datetime | None
    new_since_look: int | None  # None on the first visit
    last_looked_at: datetime | None
    behind: int


class Backend:
    """The search core and the corpus of one home, for the workbench."""

    def __init__(self, home: Home) -> None:
        self.home = home
        self._search_lock = threading.Lock()
        self._store_lock = threading.Lock()
        self._generation = 0
        self._generation_lock = threading.Lock()
        self._stack = contextlib.ExitStack()
        self._searcher: indexer.Searcher | None = None
        self._store: CorpusStore | None = None
        self._index_seq: int | None = None
        self._months: dict[str, str] = {}
        self._months_seq: int | None = None
        self.state = WorkbenchState.load(home.state_file)
        self.history = QueryHistory.load(home.history_file)
        self.seen_seq: int | None = None  # corpus seq shown to the researcher this session
        self.problem: str | None = None  # why the index could not be opened, if it could not
        from tui.source_titles import preferred_sources

        # The sources whose article represents a story (`[stories] prefer`, sources file).
        self.prefer: list[str] = preferred_sources(home.sources_file)

    # -- opening -------------------------------------------------------------------------

    def ready(self) -> bool:
        """Open the corpus and the index if there is something to search; else False."""
        if self._searcher is not None:
            return True
        if not self.home.has_corpus():
            return False
        try:
            state = indexer.index_state(self.home)
            if not state.exists or not state.documents:
                return False
            self._store = self._stack.enter_context(
                open_store(self.home, create=False))
            self._searcher = indexer.Searcher(self.home)
            self._stack.callback(self._close_searcher)
        except (IndexerError, CorpusError) as exc:
            log.warning("ouverture impossible de l’index de %s : %s", self.home.root, exc)
            self.problem = str(exc)
            self.close()
            return False
        self.problem = None
        self._index_seq = state.seq
        self.seen_seq = self._corpus_seq()
        return True

    def close(self) -> None:
        """Close the index and the corpus, once no worker thread is using them (a search
        still running when the app quits must not read a closed index: that can crash)."""
        with self._search_lock, self._store_lock:
            try:
                self._stack.close()
            except Exception as exc:  # closing must never turn quitting into a crash
                log.warning("erreur à la fermeture de l’index de %s : %r", self.home.root,
                            exc)
            self._stack = contextlib.ExitStack()
            self._searcher = None
            self._store = None

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def save_state(self) -> None:
        """Remember what the researcher has seen (for "N new since your last visit")."""
        if self.seen_seq is not None:
            self.state.last_looked_seq = self.seen_seq
            self.state.last_looked_at = datetime.now(UTC)
        if self.home.root.exists():
            self.state.save(self.home.state_file)

    # -- searching -----------------------------------------------------------------------

    def next_generation(self) -> int:
        with self._generation_lock:
            self._generation += 1
            return self._generation

    def superseded(self, generation: int) -> bool:
        return generation < self._generation

    def search(self, request: SearchRequest) -> SearchResult | None:
        """Run `request`, or None when a newer request superseded it before it ran."""
        query, sort = effective(request.query, request.sort)
        with self._search_lock:
            if request.generation and self.superseded(request.generation):
                return None
            result = self._with_searcher(lambda searcher: searcher.search(
                query, limit=request.limit, offset=request.offset,
                sources=request.filters.sources, since=request.filters.since,
                until=request.filters.until, sort=sort, budget_ms=request.budget_ms,
                snippets=request.snippets, partial=request.partial,
                years=request.filters.year_numbers,
                group=request.group, prefer=self.prefer,
            ))
        if not request.query.strip():
            result.query, result.suggestion, result.notes = request.query, None, []
        return result

    def more_like_this(self, article_id: str, limit: int = 30) -> SearchResult:
        with self._search_lock:
            return self._with_searcher(
                lambda searcher: searcher.more_like_this(article_id, limit=limit))

    def _with_searcher(self, call: Callable[[indexer.Searcher], T]) -> T:
        """`call(searcher)` on the open Searcher (the caller holds the search lock).

        An unexpected failure of the open index (files swapped by a crawl or an index run
        meanwhile) reopens it once and retries; a second failure is an IndexerError.
        """
        if self._searcher is None:
            raise indexer.NoIndex("aucun index ouvert")
        try:
            return call(self._searcher)
        except IndexerError:
            raise
        except Exception as exc:
            log.warning("l’index ouvert a échoué (%r) ; réouverture", exc)
            searcher = self._reopen_searcher()
        try:
            return call(searcher)
        except IndexerError:
            raise
        except Exception as exc:
            raise indexer.IndexCorrupt(f"lecture impossible de l’index : {exc!r}") from exc

    def _reopen_searcher(self) -> indexer.Searcher:
        old, self._searcher = self._searcher, None
        try:
            if old is not None:
                old.close()
        except Exception as exc:
            log.debug("closing the failed searcher: %r", exc)
        self._searcher = indexer.Searcher(self.home)  # closed by the callback of ready()
        return self._searcher

    def _close_searcher(self) -> None:
        searcher, self._searcher = self._searcher, None
        if searcher is not None:
            searcher.close()

    def all_ids(self, request: SearchRequest) -> list[str]:
        """Every article the request's search counts in its `total`, in the order of its
        pages (the order on screen: same sort, same filters)."""
        filters = request.filters
        query, sort = effective(request.query, request.sort)
        with self._search_lock:
            return self._with_searcher(lambda searcher: searcher.search_ids(
                query, sources=filters.sources, since=filters.since,
                until=filters.until, partial=request.partial, sort=sort,
                years=filters.year_numbers))

    # -- the corpus ----------------------------------------------------------------------

    def article(self, article_id: str) -> Article | None:
        with self._store_lock:
            return self._store.get(article_id) if self._store is not None else None

    def articles(self, ids: Iterable[str]) -> Iterator[Article]:
        """The articles of `ids`, in that order (ids no longer stored are skipped)."""
        from corpus.batches import batched

        for chunk in batched(ids):
            with self._store_lock:
                if self._store is None:
                    return
                found = self._store.get_many(chunk)
            for aid in chunk:
                if aid in found:
                    yield found[aid]

    def published_dates(self, ids: list[str]) -> dict[str, datetime]:
        """Publication dates of `ids` (the trends screen counts them per period)."""
        with self._store_lock:
            return self._store.published_dates(ids) if self._store is not None else {}

    def _corpus_seq(self) -> int | None:
        with self._store_lock:
            return self._store.last_seq() if self._store is not None else None

    def month_counts(self, ids: Iterable[str], stories: bool = False) -> dict[str, int]:
        """Articles of `ids` per publication month (`YYYY-MM`), undated ones left out;
        `stories`: the stories holding an article of that month instead (reprints of one
        story count once, as the facets count them)."""
        months = self._month_map()
        if stories:
            with self._store_lock:
                grouped = self._store.grouped_stories() if self._store is not None else {}
            seen = {(grouped.get(aid, aid), months.get(aid, "")) for aid in ids}
            counts = Counter(month for _, month in seen)
        else:
            counts = Counter(months.get(aid, "") for aid in ids)
        counts.pop("", None)
        return dict(sorted(counts.items()))

    def _month_map(self) -> dict[str, str]:
        """id → publication month of every article, kept up to date from the change feed."""
        with self._store_lock:
            store = self._store
            if store is None:
                return {}
            if self._months_seq is None:
                seq = store.last_seq()
                self._months = store.published_months()
                self._months_seq = seq
            else:
                for change in store.changes_since(self._months_seq):
                    if change.article is None:
                        self._months.pop(change.id, None)
                    else:
                        self._months[change.id] = _month(change.article.published)
                    self._months_seq = change.seq
            return self._months

    # -- status and refresh --------------------------------------------------------------

    def status(self) -> Status:
        documents = 0
        behind = 0
        try:
            state = indexer.index_state(self.home)
            documents, behind = state.documents, state.behind
        except IndexerError as exc:
            log.warning("lecture impossible de l’état de l’index : %s", exc)
        last: LastCrawl | None = None
        new: int | None = None
        with self._store_lock:
            if self._store is not None:
                last = read_last_crawl(self._store)
                if self.state.last_looked_seq is not None:
                    new = len(self._store.added_since(self.state.last_looked_seq))
        finished = last.finished_at if last is not None else None
        return Status(documents, finished, new, self.state.last_looked_at, behind)

    def index_changed(self) -> bool:
        """Whether the index has new commits (a crawl or an index run since we looked)."""
        try:
            state = indexer.index_state(self.home)
        except IndexerError as exc:
            log.warning("lecture impossible de l’état de l’index : %s", exc)
            return False
        return state.exists and state.seq != self._index_seq

    def refresh(self) -> int:
        """Pick up new index commits; returns how many articles entered the corpus since."""
        before = self.seen_seq
        with self._search_lock:
            if self._searcher is not None:
                self._with_searcher(lambda searcher: searcher.refresh())
            try:
                self._index_seq = indexer.index_state(self.home).seq
            except IndexerError:
                self._index_seq = None
        self.seen_seq = self._corpus_seq()
        if before is None:
            return 0
        with self._store_lock:
            return len(self._store.added_since(before)) if self._store is not None else 0

    # -- watches (saved searches, `indexer.watches`) -------------------------------------

    def watches(self) -> list[UnreadWatch]:
        """Saved searches with their unread counts."""
        if not side_db_exists(self.home, "watches"):  # opening the workbench creates nothing
            return []
        with WatchBook(self.home) as book:
            return book.with_unread()

    def open_watch(self, name: str) -> tuple[UnreadWatch, set[str]]:
        """A watch and the ids of its unread articles, which are marked seen (viewed)."""
        with WatchBook(self.home) as book:
            watch = book.get(name)
            if watch is None:
                raise indexer.IndexerError(f"aucune veille nommée {name!r}")
            unread = set(book.unread(name))
            book.mark_seen(name)
        return UnreadWatch(watch, len(unread)), unread


def _month(value: datetime | None) -> str:
    return f"{value.year:04d}-{value.month:02d}" if value is not None else ""


def export_path_format(path: Path) -> str:
    """The article format `path`'s suffix asks for (`csv` for `.csv`), else `jsonl`."""
    from tui import formats

    fmt = formats.for_path(path, "articles")
    return fmt.name if fmt is not None else "jsonl"
