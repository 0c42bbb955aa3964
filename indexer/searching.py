"""The search API: `Searcher` keeps the index open; `search` and `search_ids` are one-shot."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any

from corpus import Article, Home, Store, parse_datetime
from indexer import location
from indexer.analysis import DEFAULT_CHAIN
from indexer.compile import Compiled, Compiler, Ranking
from indexer.errors import BadQuery, IndexCorrupt, NoIndex
from indexer.fastpath import FastPlan, FastScorer, fast_plan, ranked_top
from indexer.query import ParsedQuery, parse
from indexer.rerank import FeatureCache, Reranker
from indexer.results import Hit, SearchResult
from indexer.schema import utc_naive
from indexer.snippets import make_snippet
from indexer.suggest import suggest

log = logging.getLogger(__name__)

HURRIED_RERANK_DEPTH = 30  # re-ranking depth of time-budgeted searches
SUGGEST_BELOW = 3        # propose "did you mean" when a query finds fewer hits
CHECK_EVERY = 128        # budgeted searches look at the clock every this many matches
SORTS = ("relevance", "date")
DateLike = date | datetime | str | None


class _OutOfTime(Exception):
    pass


@lru_cache(maxsize=512)
def _parse_cached(text: str) -> ParsedQuery:
    return parse(text)


class Searcher:
    """An open index (and corpus) for many searches. Use as a context manager.

    `refresh()` picks up new commits and rebuilt indexes. Not shared between threads
    without a lock of the caller's (each thread may open its own).
    """

    def __init__(self, home: Home | str | os.PathLike[str] | None = None,
                 ranking: Ranking | None = None) -> None:
        self.home = location.resolve_home(home)
        self.ranking = ranking or Ranking()
        self._lock = threading.RLock()
        self._ix: Any = None
        self._searcher: Any = None
        self._version: Path | None = None
        if not self.home.has_corpus():
            raise NoIndex(f"no corpus in {self.home.root}: nothing to search yet")
        self._store = Store.open(self.home.corpus_db, create=False)
        self._compiler = Compiler(self.ranking, self._phrase_check)
        self._fast = FastScorer(self.ranking.k1, self.ranking.b, self.ranking.title_boost)
        self._reranker = Reranker(self.ranking.exact_weight, self.ranking.pair_weight,
                                  FeatureCache(head_chars=self.ranking.rerank_head),
                                  self.ranking.title_weight)
        try:
            self._open()
        except BaseException:
            self._store.close()
            raise

    # -- lifecycle -----------------------------------------------------------------------

    def _open(self) -> None:
        from whoosh import index

        for attempt in range(3):
            version = location.require_version(self.home)
            location.read_state(version)
            try:
                ix = index.open_dir(str(version))
                searcher = ix.searcher(weighting=self.ranking.weighting())
            except FileNotFoundError:
                if attempt < 2:  # a rebuild swapped versions under us: read CURRENT again
                    continue
                raise IndexCorrupt(f"the index {version} vanished while opening it; "
                                   f"{location.REBUILD_HINT}") from None
            except Exception as exc:
                raise IndexCorrupt(f"cannot open the index {version}: {exc}; "
                                   f"{location.REBUILD_HINT}") from None
            self._close_index()
            self._ix, self._searcher, self._version = ix, searcher, version
            self._fast.forget()
            self._reranker.cache.clear()
            return

    def _close_index(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        if self._ix is not None:
            self._ix.close()
        self._ix = self._searcher = None

    def refresh(self) -> bool:
        """Pick up changes committed since opening; True if anything changed."""
        with self._lock:
            version = location.require_version(self.home)
            if version != self._version:
                self._open()
                return True
            if self._searcher.up_to_date():
                return False
            # Reopen rather than Whoosh's refresh(): its fresh searcher shares the segment
            # readers of the old one, which closing the old one would close under it.
            self._open()
            return True

    def close(self) -> None:
        with self._lock:
            self._close_index()
            self._store.close()

    def __enter__(self) -> Searcher:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def doc_count(self) -> int:
        return int(self._searcher.doc_count())

    # -- searching -----------------------------------------------------------------------

    def search(self, query: str, limit: int = 10, offset: int = 0,
               sources: Sequence[str] = (), since: DateLike = None, until: DateLike = None,
               sort: str = "relevance", budget_ms: float | None = None,
               snippets: bool = True) -> SearchResult:
        """Search; see the module `indexer.query` for the syntax. Never raises on the
        query text (malformed parts become notes); BadQuery for bad filters."""
        start = time.perf_counter()
        if sort not in SORTS:
            raise BadQuery(f"unknown sort {sort!r} (use relevance or date)")
        limit, offset = max(0, int(limit)), max(0, int(offset))
        flt = _filter(sources, since, until)
        with self._lock:
            parsed = _parse_cached(query)
            compiled = self._compiler.compile(parsed)
            result = SearchResult(query=query, total=0, took_ms=0.0, hits=[],
                                  notes=list(compiled.notes),
                                  facets={"source": {}, "year": {}})
            plan = None
            if compiled.query is not None and self.ranking.fast_path:
                plan = fast_plan(parsed, self._compiler)
            if plan is not None:
                self._run_fast(plan, compiled, result, limit, offset, flt, sort, snippets,
                               budget_ms is not None)
            elif compiled.query is not None:
                self._run_relaxing(compiled, result, limit, offset, flt, sort, budget_ms,
                                   snippets)
            if result.total < SUGGEST_BELOW and compiled.keywords:
                result.suggestion = suggest(self._searcher, compiled.keywords)
        result.took_ms = (time.perf_counter() - start) * 1000
        return result

    def _run_relaxing(self, compiled: Compiled, result: SearchResult, limit: int,
                      offset: int, flt: Any, sort: str, budget_ms: float | None,
                      snippets: bool) -> None:
        """Articles holding every keyword first; when they do not fill the page, the
        ranking that adds articles holding only some of them (all-keyword ones still
        first). Intersections are much cheaper than unions on a big index."""
        started = time.perf_counter()
        if compiled.strict is not None:
            strict = Compiled(compiled.strict, compiled.highlight, compiled.prefixes)
            self._run(strict, result, limit, offset, flt, sort, budget_ms, snippets)
            if result.total >= offset + max(limit, 1) or not result.complete:
                return
            if budget_ms is not None:
                budget_ms = max(1.0, budget_ms - (time.perf_counter() - started) * 1000)
            all_words = result.total
            result.complete = True
            self._run(compiled, result, limit, offset, flt, sort, budget_ms, snippets)
            if result.total > all_words:
                result.notes.append(
                    f"{all_words} article(s) hold every word; the others hold some of them")
            return
        self._run(compiled, result, limit, offset, flt, sort, budget_ms, snippets)

    def _run_fast(self, plan: FastPlan, compiled: Compiled, result: SearchResult, limit: int,
                  offset: int, flt: Any, sort: str, snippets: bool, hurry: bool) -> None:
        """Keyword queries: term-at-a-time BM25F (indexer.fastpath), exact and quick.

        `hurry` (a time-budgeted search, e.g. each keystroke): re-rank a shallower top.
        """
        searcher = self._searcher
        allowed = _docset(searcher, [q for q in (flt, plan.required) if q is not None])
        excluded = _docset(searcher, [plan.excluded]) if plan.excluded is not None else None
        outcome = self._fast.run(searcher, plan.keywords, allowed, excluded)
        want = offset + max(limit, 1)
        only = len(plan.keywords) == 1 or (outcome.all_terms >= want and not plan.question)
        result.total = outcome.all_terms if only else outcome.total
        if not only and outcome.all_terms < outcome.total:
            result.notes.append(f"{outcome.all_terms} article(s) hold every word; "
                                "the others hold some of them")
        if sort == "date":
            ranked = outcome.by_date(want, only)
        else:
            depth = max(want, HURRIED_RERANK_DEPTH if hurry else self.ranking.rerank_depth)
            ranked = self._rerank(ranked_top(outcome, depth, only, not plan.question),
                                  compiled)
        result.facets = outcome.facets(only)
        page = ranked[offset:offset + limit]
        result.hits = self._hits(page, compiled, snippets)

    def _run(self, compiled: Compiled, result: SearchResult, limit: int, offset: int,
             flt: Any, sort: str, budget_ms: float | None, snippets: bool) -> None:
        from whoosh import sorting

        searcher = self._searcher
        facets = {
            "source": sorting.FieldFacet("source", maptype=sorting.Count),
            "year": sorting.FieldFacet("year", maptype=sorting.Count),
        }
        depth = offset + limit or 1
        if sort == "relevance" and compiled.keywords:
            depth = max(depth, self.ranking.rerank_depth)
        kwargs: dict[str, Any] = {"limit": depth, "groupedby": facets, "filter": flt}
        if sort == "date":
            kwargs["sortedby"] = sorting.FieldFacet("published", reverse=True)
        collector = searcher.collector(**kwargs)
        if budget_ms is not None:
            collector = _budgeted(collector, budget_ms)
        try:
            searcher.search_with_collector(compiled.query, collector)
        except _OutOfTime:
            result.complete = False
        results = collector.results()
        result.total = len(results) if result.complete else results.scored_length()
        if not result.complete:
            result.total = max(result.total, _counted(collector))
        for name in ("source", "year"):
            groups = results.groups(name)
            result.facets[name] = {str(k): int(v) for k, v in
                                   sorted(groups.items(), key=lambda kv: (-kv[1], str(kv[0])))
                                   if k is not None}
        bonus = self.ranking.all_terms_bonus
        ranked = []
        for i in range(results.scored_length()):
            score = results.score(i) or 0.0
            tier, rest = divmod(score, bonus) if sort == "relevance" and bonus else (0, score)
            ranked.append((results.docnum(i), rest, int(tier)))
        page = (self._rerank(ranked, compiled) if sort == "relevance" and compiled.keywords
                else [(d, s) for d, s, _ in ranked])[offset:offset + limit]
        result.hits = self._hits(page, compiled, snippets)

    def _rerank(self, candidates: list[tuple[int, float, int]],
                compiled: Compiled) -> list[tuple[int, float]]:
        searcher = self._searcher
        column = searcher.reader().column_reader("id")
        return self._reranker.rerank(
            candidates, " ".join(compiled.keywords), ids=lambda d: _text(column[d]),
            articles=self._store.get_many, idf=lambda stem: float(searcher.idf("text", stem)))

    def _hits(self, page: list[tuple[int, float]], compiled: Compiled,
              snippets: bool) -> list[Hit]:
        stored = [self._searcher.stored_fields(docnum) for docnum, _ in page]
        ids = [f["id"] for f in stored]
        articles = self._store.get_many(ids) if snippets else {}
        # The corpus keeps each date with its site's UTC offset (the index, in UTC, would
        # show an article published on the 20th at 00:30 in Casablanca as of the 19th).
        dates = ({i: a.published for i, a in articles.items() if a.published} if snippets
                 else self._store.published_dates(ids))
        hits = []
        for (_, score), fields in zip(page, stored, strict=True):
            article = articles.get(fields["id"])
            snippet = ""
            if snippets:
                text = _snippet_text(article) if article else fields.get("title", "")
                snippet = make_snippet(text, compiled.highlight, compiled.prefixes)
            published = dates.get(fields["id"]) or fields.get("published")
            if isinstance(published, datetime) and published.tzinfo is None:
                published = published.replace(tzinfo=UTC)
            hits.append(Hit(
                id=fields["id"], url=fields.get("url", ""), title=fields.get("title", ""),
                source=fields.get("source", ""), published=published,
                author=fields.get("author", ""), score=float(score) if score else 0.0,
                snippet=snippet,
            ))
        return hits

    def search_ids(self, query: str, sources: Sequence[str] = (), since: DateLike = None,
                   until: DateLike = None, partial: bool = False) -> list[str]:
        """The id of every matching article, best first.

        Several keywords must all be present (as for watches: "hydrogène vert" must not
        report every article saying "vert"). With `partial`, the articles holding only some
        of them follow: the set a relaxed `search` counts in its `total`, so that
        `search_ids(q, partial=True)[:result.total]` is exactly what the search found.
        """
        flt = _filter(sources, since, until)
        with self._lock:
            parsed = _parse_cached(query)
            compiled = self._compiler.compile(parsed)
            if compiled.query is None:
                return []
            searcher = self._searcher
            column = searcher.reader().column_reader("id")
            plan = fast_plan(parsed, self._compiler) if self.ranking.fast_path else None
            if plan is not None:
                allowed = _docset(searcher, [q for q in (flt, plan.required) if q is not None])
                excluded = (_docset(searcher, [plan.excluded]) if plan.excluded is not None
                            else None)
                outcome = self._fast.run(searcher, plan.keywords, allowed, excluded)
                depth = outcome.total if partial else outcome.all_terms
                ranked = outcome.top(max(depth, 1), only_complete=not partial)
                return [_text(column[docnum]) for docnum, _, _ in ranked]
            strict = compiled.strict if compiled.strict is not None and not partial \
                else compiled.query
            results = searcher.search(strict, limit=None, filter=flt)
            return [_text(column[results.docnum(i)]) for i in range(results.scored_length())]

    def more_like_this(self, article_id: str, limit: int = 10) -> SearchResult:
        """Articles like `article_id` (its most distinctive words), itself excluded."""
        from indexer.similar import similar_query

        start = time.perf_counter()
        with self._lock:
            article = self._store.get(article_id)
            result = SearchResult(query=f"like:{article_id}", total=0, took_ms=0.0, hits=[],
                                  facets={"source": {}, "year": {}})
            if article is None:
                result.notes.append(f"no article {article_id} in the corpus")
            else:
                q, stems = similar_query(self._searcher, article)
                if q is not None:
                    from whoosh import query as wq

                    q = wq.AndNot(q, wq.Term("id", article.id))
                    compiled = Compiled(q, highlight=set(stems))
                    self._run(compiled, result, limit, 0, None, "relevance", None, True)
        result.took_ms = (time.perf_counter() - start) * 1000
        return result

    # -- phrases ---------------------------------------------------------------------------

    def _phrase_check(self, ids: list[str], stems: list[str]) -> set[str]:
        ok: set[str] = set()
        n = len(stems)
        for begin in range(0, len(ids), 500):
            articles = self._store.get_many(ids[begin:begin + 500])
            for aid, article in articles.items():
                terms = DEFAULT_CHAIN.terms(_phrase_text(article))
                first = stems[0]
                for i, term in enumerate(terms):
                    if term == first and terms[i:i + n] == stems:
                        ok.add(aid)
                        break
        return ok


def _phrase_text(article: Article) -> str:
    return "\n".join(p for p in (article.title, article.lead, article.text,
                                 " ".join(article.tags), article.section) if p)


def _snippet_text(article: Article) -> str:
    return f"{article.lead}\n\n{article.text}" if article.lead else article.text


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _budgeted(collector: Any, budget_ms: float) -> Any:
    """Make the innermost collector stop (with _OutOfTime) once `budget_ms` is spent."""
    deadline = time.perf_counter() + budget_ms / 1000.0
    inner = collector
    while hasattr(inner, "child") and hasattr(inner.child, "collect"):
        inner = inner.child
    original = inner.collect
    counter = [0]

    def collect(sub_docnum: int) -> Any:
        counter[0] += 1
        if counter[0] % CHECK_EVERY == 0 and time.perf_counter() > deadline:
            raise _OutOfTime
        return original(sub_docnum)

    inner.collect = collect
    collector._veille_counter = counter
    return collector


def _counted(collector: Any) -> int:
    return int(getattr(collector, "_veille_counter", [0])[0])


def _docset(searcher: Any, queries: list[Any]) -> set[int] | None:
    """Global docnums matching every query (None: no restriction)."""
    found: set[int] | None = None
    for q in queries:
        docs = set(searcher.docs_for_query(q))
        found = docs if found is None else found & docs
    return found


def _as_datetime(value: DateLike, name: str, end: bool) -> datetime | None:
    if value is None or value == "":
        return None
    try:
        if isinstance(value, str):
            text = value.strip()
            if len(text) == 4 and text.isdigit():
                value = date(int(text), 12 if end else 1, 31 if end else 1)
            elif len(text) == 7 and text[4] == "-":
                value = date(int(text[:4]), int(text[5:]), 1)
                if end:
                    from calendar import monthrange

                    value = value.replace(day=monthrange(value.year, value.month)[1])
            else:
                value = parse_datetime(text)
        if isinstance(value, datetime):
            return utc_naive(value)
        if isinstance(value, date):
            parsed = parse_datetime(value)
            assert parsed is not None
            if end:
                parsed = parsed.replace(hour=23, minute=59, second=59, microsecond=999999)
            return utc_naive(parsed)
    except (ValueError, TypeError):
        pass
    raise BadQuery(f"{name}: not a date: {value!r} (use ISO 8601, e.g. 2025-03-12)")


def _filter(sources: Iterable[str], since: DateLike, until: DateLike) -> Any:
    from whoosh import query as wq

    parts: list[Any] = []
    names = [s for s in sources if s]
    if names:
        parts.append(wq.Or([wq.Term("source", s) for s in names]))
    start = _as_datetime(since, "since", end=False)
    stop = _as_datetime(until, "until", end=True)
    if start or stop:
        parts.append(wq.DateRange("published", start, stop))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def search(query: str, home: Home | str | os.PathLike[str] | None = None, limit: int = 10,
           offset: int = 0, sources: Sequence[str] = (), since: DateLike = None,
           until: DateLike = None, sort: str = "relevance") -> SearchResult:
    """One exact search (opens and closes the index)."""
    with Searcher(home) as searcher:
        return searcher.search(query, limit=limit, offset=offset, sources=sources,
                               since=since, until=until, sort=sort)


def search_ids(query: str, home: Home | str | os.PathLike[str] | None = None,
               sources: Sequence[str] = (), since: DateLike = None,
               until: DateLike = None, partial: bool = False) -> list[str]:
    """The id of every article matching `query`, best first (see `Searcher.search_ids`)."""
    with Searcher(home) as searcher:
        return searcher.search_ids(query, sources=sources, since=since, until=until,
                                   partial=partial)
