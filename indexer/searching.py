"""The search pipeline: `Searcher` keeps an engine's index (and the corpus) open; `search`
and `search_ids` are one-shot. Engine-neutral: parse → compile (by the engine) → match
(the engine: `indexer.engine.SearchEngine`) → re-rank → hits with snippets → suggest."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from types import TracebackType

from corpus import Article, Home, open_store
from corpus.batches import batched
from indexer import location
from indexer.analysis import DEFAULT_CHAIN
from indexer.engine import Candidate, Compiled, Engine, SearchEngine, SearchFilters
from indexer.engine import default_engine as _default_engine
from indexer.errors import BadQuery, IndexCorrupt, IndexerError, NoIndex
from indexer.evidence import Evidence
from indexer.filters import DateLike
from indexer.filters import search_filter as _filter
from indexer.grouping import StoryDocs, StoryMap, StoryPaging, with_stories
from indexer.query import ParsedQuery, parse
from indexer.ranking import Ranked, Ranking
from indexer.rerank import FeatureCache, Reranker
from indexer.results import Hit, SearchResult
from indexer.similar import distinctive_terms
from indexer.snippets import marked_snippet, title_spans
from indexer.suggest import suggest

log = logging.getLogger(__name__)

HURRIED_RERANK_DEPTH = 30  # re-ranking depth of time-budgeted searches
SORTS = ("relevance", "date")
SUGGESTIONS_KEPT = 256   # "did you mean" answers kept per searcher (per index version)


def _no_facets() -> dict[str, dict[str, int]]:
    return {"source": {}, "year": {}}


@lru_cache(maxsize=512)
def _parse_cached(text: str) -> ParsedQuery:
    return parse(text)


class Searcher:
    """An open index (and corpus) for many searches. Use as a context manager.

    `refresh()` picks up new commits and rebuilt indexes. Not shared between threads
    without a lock of the caller's (each thread may open its own).
    """

    def __init__(self, home: Home | str | os.PathLike[str] | None = None,
                 ranking: Ranking | None = None, engine: Engine | None = None) -> None:
        self.home = location.resolve_home(home)
        self.ranking = ranking or Ranking()
        self._kind = engine or _default_engine()
        self._lock = threading.RLock()
        self._engine: SearchEngine | None = None
        self._version: Path | None = None
        if not self.home.has_corpus():
            raise NoIndex(f"pas de corpus dans {self.home.root} : rien à chercher pour l’instant")
        self._store = open_store(self.home, create=False)
        self._stories = StoryDocs(StoryMap(self._store), self._docnums, self._sources_years)
        # "Did you mean" per query, for this index version: paging through a search (or
        # refining its filters) asks for the same suggestion again.
        self._suggestions: OrderedDict[tuple[str, bool], str | None] = OrderedDict()
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
        for attempt in range(3):
            version = location.require_version(self.home)
            location.read_state(version)
            try:
                if self._engine is None:
                    self._engine = self._kind.searcher(version, self.ranking,
                                                       self._phrase_check)
                else:
                    self._engine.reopen(version)
            except FileNotFoundError:
                if attempt < 2:  # a rebuild swapped versions under us: read CURRENT again
                    continue
                raise IndexCorrupt(f"l’index {version} a disparu pendant son ouverture ; "
                                   f"{location.REBUILD_HINT}") from None
            except IndexerError:
                raise
            except Exception as exc:
                raise IndexCorrupt(f"ouverture impossible de l’index {version} : {exc} ; "
                                   f"{location.REBUILD_HINT}") from None
            self._version = version
            self._stories.forget()
            self._suggestions.clear()
            self._reranker.cache.clear()
            return

    @property
    def engine(self) -> SearchEngine:
        if self._engine is None:
            raise NoIndex("index fermé")
        return self._engine

    def refresh(self) -> bool:
        """Pick up changes committed since opening; True if anything changed."""
        with self._lock:
            version = location.require_version(self.home)
            if version == self._version and self.engine.up_to_date():
                return False
            self._open()
            return True

    def close(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.close()
            self._engine = None
            self._store.close()

    def __enter__(self) -> Searcher:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def doc_count(self) -> int:
        return self.engine.doc_count()

    # -- searching -----------------------------------------------------------------------

    def search(self, query: str, limit: int = 10, offset: int = 0,
               sources: Sequence[str] = (), since: DateLike = None, until: DateLike = None,
               sort: str = "relevance", budget_ms: float | None = None,
               snippets: bool = True, partial: bool | None = None,
               years: Sequence[int] = (), group: bool = True,
               prefer: Sequence[str] = ()) -> SearchResult:
        """Search; see the module `indexer.query` for the syntax. Never raises on the
        query text (malformed parts become notes); BadQuery for bad filters.

        `total` counts the whole result set (see `indexer.ranking`), whatever `limit`,
        `offset` and `sort`; the hits are its slice [offset, offset + limit). `partial`
        as for `search_ids` (False: only articles holding every keyword, as watches).
        `years`: only articles published in one of these years.
        `group` (the default): a hit is a story, its reprints in the set folded into it,
        represented by its earliest article or one of the `prefer` sources' (see
        `indexer.grouping`); False: every article is a hit.
        """
        start = time.perf_counter()
        if sort not in SORTS:
            raise BadQuery(f"tri inconnu : {sort!r} (relevance ou date)")
        limit, offset = max(0, int(limit)), max(0, int(offset))
        flt = _filter(sources, since, until, years)
        with self._lock:
            compiled = self.engine.compile(_parse_cached(query))
            result = SearchResult(query=query, total=0, took_ms=0.0, hits=[],
                                  notes=list(compiled.notes), facets=_no_facets())
            ranked = self._rank(compiled, flt, sort, offset + limit, budget_ms, partial,
                                grow=self._stories.duplicates)
            if ranked is not None:
                result.total, result.all_terms = ranked.total, ranked.all_terms
                result.relaxed, result.complete = ranked.relaxed, ranked.complete
                result.facets = result.facets_articles = ranked.facets
                result.total_articles = result.total_stories = ranked.total
                self._grouped_hits(result, ranked, compiled, (offset, limit), snippets,
                                   sort=sort, prefer=prefer, group=group)
            if compiled.keywords:
                text = compiled.source.text if compiled.source is not None else query
                result.suggestion = self._suggest(text, compiled.keywords,
                                                  with_evidence=budget_ms is None)
        result.took_ms = (time.perf_counter() - start) * 1000
        return result

    def _grouped_hits(self, result: SearchResult, ranked: Ranked, compiled: Compiled,
                      window: tuple[int, int], snippets: bool, *, sort: str,
                      prefer: Sequence[str], group: bool) -> None:
        """The page of hits with their stories, folded when `group` (indexer.grouping):
        the ranked prefix, then the set's other articles of stories with reprints."""
        docs = ranked.docs + self._stories.rest(ranked.docs, ranked.holds, ranked.total)
        paging = StoryPaging(self._stories, self._store.published_dates,
                             lambda positions, marks: self._hits(
                                 [docs[i] for i in positions],
                                 compiled if marks else Compiled(None), marks and snippets))
        paging.fill(result, [d for d, _ in docs], ranked.facets, ranked.total, window,
                    ranked=len(ranked.docs), by_date=sort == "date", prefer=prefer,
                    group=group, scored=ranked.docs)

    def _docnums(self, ids: list[str]) -> dict[str, int]:
        """Docnums of articles `ids` in the open index version (those it holds)."""
        found = {aid: self.engine.docnum(aid) for aid in ids}
        return {aid: d for aid, d in found.items() if d is not None}

    def _sources_years(self, docnums: list[int]) -> dict[int, tuple[str, str]]:
        """Source and publication year (the site's own, as the year facet) of documents."""
        stored = self.engine.stored(docnums)
        dates = self._store.published_dates([f.id for f in stored])
        return {d: (f.source, f"{dates[f.id].year:04d}" if f.id in dates else "")
                for d, f in zip(docnums, stored, strict=True)}

    def _suggest(self, text: str, keywords: list[str], *, with_evidence: bool) -> str | None:
        key = (text, with_evidence)
        if key in self._suggestions:
            self._suggestions.move_to_end(key)
            return self._suggestions[key]
        evidence = Evidence(self.engine, self._store, _phrase_text) if with_evidence \
            else None
        found = suggest(self.engine, keywords, evidence, query=text)
        self._suggestions[key] = found
        if len(self._suggestions) > SUGGESTIONS_KEPT:
            self._suggestions.popitem(last=False)
        return found

    def _rank(self, compiled: Compiled, flt: SearchFilters, sort: str, want: int | None,
              budget_ms: float | None = None, partial: bool | None = None,
              facets: bool = True,
              grow: Callable[[Callable[[int], bool]], int] | None = None) -> Ranked | None:
        """The result set in its order, at least its first `want` (None: all of it).

        `grow(holds)`: how many more than `want` to rank, given whether a document is in
        the set (reprint grouping; see `SearchEngine.search`)."""
        engine = self.engine
        if compiled.query is None or not engine.doc_count():
            return None  # an empty index has no id column to read
        rerank = sort == "relevance" and bool(compiled.keywords)
        found = engine.search(compiled, flt, sort=sort, want=want,
                              depth=self.ranking.rerank_depth if rerank else 0,
                              budget_ms=budget_ms, partial=partial, facets=facets,
                              grow=grow)
        if rerank:
            # a budgeted search the engine answered without the budget re-ranks less
            hurried = budget_ms is not None and not found.bounded
            depth = HURRIED_RERANK_DEPTH if hurried else self.ranking.rerank_depth
            docs = self._reranked(found.candidates, compiled, depth)
        else:
            docs = [(d, s) for d, s, _ in found.candidates]
        if want is not None and found.whole:
            want = None  # the engine could not grow the prefix: it ranked the whole set
        # the candidates may go past the result set (an engine's top beyond it, untiered)
        docs = docs[:found.total if want is None else min(want + found.grown, found.total)]
        return Ranked(docs, found.total, found.all_terms, found.relaxed, found.complete,
                      found.facets, found.holds)

    def _reranked(self, candidates: list[Candidate], compiled: Compiled,
                  depth: int) -> list[tuple[int, float]]:
        """The first `depth` candidates re-ranked, then the others in their order: a
        fixed depth, so that every page of a walk slices the same order."""
        head = self._rerank(candidates[:depth], compiled) if depth else []
        return head + [(d, s) for d, s, _ in candidates[depth:]]

    def _rerank(self, candidates: list[Candidate], compiled: Compiled) -> list[tuple[int, float]]:
        if not candidates:  # e.g. an empty index, which has no id column to read
            return []
        engine = self.engine
        ids = dict(zip([d for d, _, _ in candidates],
                       engine.ids([d for d, _, _ in candidates]), strict=True))
        return self._reranker.rerank(
            candidates, " ".join(compiled.keywords), ids=ids.__getitem__,
            articles=self._store.get_many, idf=engine.idf)

    def _hits(self, page: list[tuple[int, float]], compiled: Compiled,
              snippets: bool) -> list[Hit]:
        stored = self.engine.stored([docnum for docnum, _ in page])
        ids = [f.id for f in stored]
        articles = self._store.get_many(ids) if snippets else {}
        # The corpus keeps each date with its site's UTC offset (the index, in UTC, would
        # show an article published on the 20th at 00:30 in Casablanca as of the 19th).
        dates = ({i: a.published for i, a in articles.items() if a.published} if snippets
                 else self._store.published_dates(ids))
        hits = []
        for (_, score), fields in zip(page, stored, strict=True):
            article = articles.get(fields.id)
            excerpt = None
            if snippets:
                text = _snippet_text(article) if article else fields.title
                excerpt = marked_snippet(text, compiled.highlight, compiled.prefixes)
            hits.append(Hit(
                id=fields.id, url=fields.url, title=fields.title, source=fields.source,
                published=_published(dates.get(fields.id) or fields.published),
                author=fields.author, score=float(score) if score else 0.0,
                snippet=excerpt.html() if excerpt else "", excerpt=excerpt,
                title_spans=title_spans(fields.title, compiled.highlight, compiled.prefixes),
            ))
        return with_stories(hits, self._store)

    def search_ids(self, query: str, sources: Sequence[str] = (), since: DateLike = None,
                   until: DateLike = None, partial: bool | None = None,
                   sort: str = "relevance", years: Sequence[int] = ()) -> list[str]:
        """The id of every article of the result set, in the order of `search`'s pages.

        `partial=None`: exactly the articles `search` counts in its `total_articles` (its
        `total` with group=False; articles holding only some keywords included when the
        search relaxes). `partial=False`: only the
        articles holding every keyword (watches: "hydrogène vert" must not report every
        article saying "vert"). `partial=True`: the relaxed set, whatever its size.
        """
        if sort not in SORTS:
            raise BadQuery(f"tri inconnu : {sort!r} (relevance ou date)")
        flt = _filter(sources, since, until, years)
        with self._lock:
            compiled = self.engine.compile(_parse_cached(query))
            ranked = self._rank(compiled, flt, sort, None, partial=partial, facets=False)
            if ranked is None:
                return []
            return self.engine.ids([docnum for docnum, _ in ranked.docs])

    def hits(self, ids: Sequence[str], query: str = "") -> list[Hit]:
        """Hits for the articles `ids`, in that order (snippets marking `query`'s words);
        ids the index does not hold are left out."""
        with self._lock:
            engine = self.engine
            compiled = engine.compile(_parse_cached(query)) if query else Compiled(None)
            page = []
            for aid in ids:
                docnum = engine.docnum(aid)
                if docnum is not None:
                    page.append((docnum, 0.0))
            return self._hits(page, compiled, True)

    def more_like_this(self, article_id: str, limit: int = 10) -> SearchResult:
        """Articles like `article_id` (its most distinctive words), itself excluded."""
        start = time.perf_counter()
        with self._lock:
            article = self._store.get(article_id)
            result = SearchResult(query=f"like:{article_id}", total=0, took_ms=0.0, hits=[],
                                  facets=_no_facets())
            if article is None:
                result.notes.append(f"aucun article {article_id} dans le corpus")
            elif terms := distinctive_terms(self.engine, article):
                found = self.engine.similar(terms, article.id, limit)
                result.total, result.all_terms = found.total, found.total
                result.facets = found.facets
                compiled = Compiled(None, highlight={stem for stem, _ in terms})
                page = [(d, s) for d, s, _ in found.candidates[:limit]]
                result.hits = self._hits(page, compiled, True)
        result.took_ms = (time.perf_counter() - start) * 1000
        return result

    # -- phrases -----------------------------------------------------------------------------

    def _phrase_check(self, ids: list[str], stems: list[str]) -> set[str]:
        ok: set[str] = set()
        n = len(stems)
        for batch in batched(ids):
            articles = self._store.get_many(batch)
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


def _published(value: datetime | None) -> datetime | None:
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def search(query: str, home: Home | str | os.PathLike[str] | None = None, limit: int = 10,
           offset: int = 0, sources: Sequence[str] = (), since: DateLike = None,
           until: DateLike = None, sort: str = "relevance", group: bool = True,
           prefer: Sequence[str] = ()) -> SearchResult:
    """One exact search (opens and closes the index); `group`, `prefer`: see
    `Searcher.search`."""
    with Searcher(home) as searcher:
        return searcher.search(query, limit=limit, offset=offset, sources=sources,
                               since=since, until=until, sort=sort, group=group,
                               prefer=prefer)


def search_ids(query: str, home: Home | str | os.PathLike[str] | None = None,
               sources: Sequence[str] = (), since: DateLike = None,
               until: DateLike = None, partial: bool | None = None,
               sort: str = "relevance") -> list[str]:
    """The id of every article of `query`'s result set, in its order (see
    `Searcher.search_ids`)."""
    with Searcher(home) as searcher:
        return searcher.search_ids(query, sources=sources, since=since, until=until,
                                   partial=partial, sort=sort)
