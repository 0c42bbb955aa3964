"""The search API: `Searcher` keeps the index open; `search` and `search_ids` are one-shot."""

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
from typing import Any

from corpus import Article, Home, open_store
from indexer import location
from indexer.analysis import DEFAULT_CHAIN, fold
from indexer.errors import BadQuery, IndexCorrupt, NoIndex
from indexer.evidence import Evidence
from indexer.filters import DateLike
from indexer.filters import search_filter as _filter
from indexer.grouping import StoryDocs, StoryMap, StoryPaging, with_stories
from indexer.query import ParsedQuery, parse
from indexer.ranking import Ranked, relaxes
from indexer.rerank import FeatureCache, Reranker
from indexer.results import Hit, SearchResult
from indexer.snippets import make_snippet
from indexer.suggest import suggest
from indexer.whoosh.compile import Compiled, Compiler, Ranking
from indexer.whoosh.fastpath import FastPlan, FastScorer, fast_plan, ranked_top

log = logging.getLogger(__name__)

HURRIED_RERANK_DEPTH = 30  # re-ranking depth of time-budgeted searches
CHECK_EVERY = 128        # budgeted searches look at the clock every this many matches
SORTS = ("relevance", "date")
SUGGESTIONS_KEPT = 256   # "did you mean" answers kept per searcher (per index version)


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
            raise NoIndex(f"pas de corpus dans {self.home.root} : rien à chercher pour l’instant")
        self._store = open_store(self.home, create=False)
        self._stories = StoryDocs(StoryMap(self._store), self._docnums, self._sources_years)
        self._compiler = Compiler(self.ranking, self._phrase_check, self._field_terms)
        self._field_values: dict[str, dict[str, list[str]]] = {}
        # "Did you mean" per query, for this index version: paging through a search (or
        # refining its filters) asks for the same suggestion again.
        self._suggestions: OrderedDict[tuple[str, bool], str | None] = OrderedDict()
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
                raise IndexCorrupt(f"l’index {version} a disparu pendant son ouverture ; "
                                   f"{location.REBUILD_HINT}") from None
            except Exception as exc:
                raise IndexCorrupt(f"ouverture impossible de l’index {version} : {exc} ; "
                                   f"{location.REBUILD_HINT}") from None
            self._close_index()
            self._ix, self._searcher, self._version = ix, searcher, version
            self._fast.forget()
            self._stories.forget()
            self._field_values = {}
            self._suggestions.clear()
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
               snippets: bool = True, partial: bool | None = None, group: bool = True,
               prefer: Sequence[str] = ()) -> SearchResult:
        """Search; see the module `indexer.query` for the syntax. Never raises on the
        query text (malformed parts become notes); BadQuery for bad filters.

        `total` counts the whole result set (see `indexer.ranking`), whatever `limit`,
        `offset` and `sort`; the hits are its slice [offset, offset + limit). `partial`
        as for `search_ids` (False: only articles holding every keyword, as watches).
        `group` (the default): a hit is a story, its reprints in the set folded into it,
        represented by its earliest article or one of the `prefer` sources' (see
        `indexer.grouping`); False: every article is a hit.
        """
        start = time.perf_counter()
        if sort not in SORTS:
            raise BadQuery(f"tri inconnu : {sort!r} (relevance ou date)")
        limit, offset = max(0, int(limit)), max(0, int(offset))
        flt = _filter(sources, since, until)
        with self._lock:
            parsed = _parse_cached(query)
            compiled = self._compiler.compile(parsed)
            result = SearchResult(query=query, total=0, took_ms=0.0, hits=[],
                                  notes=list(compiled.notes),
                                  facets={"source": {}, "year": {}})
            ranked = self._rank(parsed, compiled, flt, sort, offset + limit, budget_ms,
                                partial, grow=self._stories.duplicates)
            if ranked is not None:
                result.total, result.all_terms = ranked.total, ranked.all_terms
                result.relaxed, result.complete = ranked.relaxed, ranked.complete
                result.facets = result.facets_articles = ranked.facets
                result.total_articles = result.total_stories = ranked.total
                self._grouped_hits(result, ranked, compiled, (offset, limit), snippets,
                                   sort=sort, prefer=prefer, group=group)
            if compiled.keywords:
                result.suggestion = self._suggest(parsed.text, compiled.keywords,
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
                    group=group)

    def _docnums(self) -> dict[str, int]:
        """Article id -> docnum in the open index version (for indexer.grouping)."""
        column = self._searcher.reader().column_reader("id")
        return {_text(column[d]): d for d in range(self._searcher.reader().doc_count_all())}

    def _sources_years(self, docnums: list[int]) -> dict[int, tuple[str, str]]:
        reader = self._searcher.reader()
        sources, years = reader.column_reader("source"), reader.column_reader("year")
        return {d: (_text(sources[d]), _text(years[d])) for d in docnums}

    def _suggest(self, text: str, keywords: list[str], *, with_evidence: bool) -> str | None:
        key = (text, with_evidence)
        if key in self._suggestions:
            self._suggestions.move_to_end(key)
            return self._suggestions[key]
        evidence = Evidence(self._searcher, self._store, _phrase_text) if with_evidence \
            else None
        found = suggest(self._searcher, keywords, evidence, query=text)
        self._suggestions[key] = found
        if len(self._suggestions) > SUGGESTIONS_KEPT:
            self._suggestions.popitem(last=False)
        return found

    def _rank(self, parsed: ParsedQuery, compiled: Compiled, flt: Any, sort: str,
              want: int | None, budget_ms: float | None = None,
              partial: bool | None = None, facets: bool = True,
              grow: Callable[[Callable[[int], bool]], int] | None = None) -> Ranked | None:
        """The result set in its order, at least its first `want` (None: all of it).

        `grow(holds)`: how many more than `want` to rank, given whether a docnum is in the
        set (reprint grouping); the whole set is ranked when the engine cannot tell."""
        if compiled.query is None or not self._searcher.doc_count():
            return None  # an empty index has no id column to read
        plan = fast_plan(parsed, self._compiler) if self.ranking.fast_path else None
        if plan is not None:
            return self._rank_fast(plan, compiled, flt, sort, want, budget_ms is not None,
                                   partial, facets, grow)
        want = None if grow is not None else want
        return self._rank_whoosh(compiled, flt, sort, want, budget_ms, partial)

    def _rank_fast(self, plan: FastPlan, compiled: Compiled, flt: Any, sort: str,
                   want: int | None, hurry: bool, partial: bool | None,
                   facets: bool, grow: Callable[[Callable[[int], bool]], int] | None = None
                   ) -> Ranked:
        """Keyword queries: term-at-a-time BM25F (indexer.whoosh.fastpath), exact and quick.

        `hurry` (a time-budgeted search, e.g. each keystroke): re-rank a shallower top.
        """
        searcher = self._searcher
        allowed = _docset(searcher, [q for q in (flt, plan.required) if q is not None])
        excluded = _docset(searcher, [plan.excluded]) if plan.excluded is not None else None
        outcome = self._fast.run(searcher, plan.keywords, allowed, excluded)
        relaxed = relaxes(len(plan.keywords), outcome.all_terms, outcome.total, partial,
                          question=plan.question)
        only = not relaxed
        total = outcome.total if relaxed else outcome.all_terms
        holds = outcome.holds(only) if grow is not None and want is not None else None
        if holds is not None and grow is not None and want is not None:
            want += grow(holds)
        k = total if want is None else min(want, total)
        if sort == "date":
            docs = outcome.by_date(k, only)
        else:
            depth = HURRIED_RERANK_DEPTH if hurry else self.ranking.rerank_depth
            top = ranked_top(outcome, max(k, depth), only, not plan.question)
            docs = self._reranked(top, compiled, depth)[:k]
        found = outcome.facets(only) if facets else {"source": {}, "year": {}}
        return Ranked(docs, total, outcome.all_terms, relaxed, True, found, holds)

    def _rank_whoosh(self, compiled: Compiled, flt: Any, sort: str, want: int | None,
                     budget_ms: float | None, partial: bool | None) -> Ranked:
        """Other queries through Whoosh: every keyword required first; when fewer than
        RELAX_BELOW articles hold them all, the ranking that adds articles holding only
        some of them (all-keyword ones still first)."""
        started = time.perf_counter()
        if compiled.strict is None:
            return self._run(compiled, flt, sort, want, budget_ms)
        strict = Compiled(compiled.strict, compiled.highlight, compiled.prefixes,
                          keywords=compiled.keywords)
        ranked = self._run(strict, flt, sort, want, budget_ms)
        need = 2  # several soft clauses: `strict` is only set then
        if not ranked.complete or not relaxes(need, ranked.total, ranked.total + 1, partial):
            return ranked
        if budget_ms is not None:
            budget_ms = max(1.0, budget_ms - (time.perf_counter() - started) * 1000)
        wider = self._run(compiled, flt, sort, want, budget_ms)
        if not wider.complete or wider.total <= ranked.total:
            return ranked if wider.complete else wider
        wider.all_terms, wider.relaxed = ranked.total, True
        return wider

    def _run(self, compiled: Compiled, flt: Any, sort: str, want: int | None,
             budget_ms: float | None) -> Ranked:
        from whoosh import sorting

        searcher = self._searcher
        facets = {
            "source": sorting.FieldFacet("source", maptype=sorting.Count),
            "year": sorting.FieldFacet("year", maptype=sorting.Count),
        }
        depth = self.ranking.rerank_depth if sort == "relevance" and compiled.keywords else 1
        limit = None if want is None else max(want, depth, 1)
        kwargs: dict[str, Any] = {"limit": limit, "groupedby": facets, "filter": flt}
        if sort == "date":
            kwargs["sortedby"] = [sorting.FieldFacet("published", reverse=True),
                                  sorting.FieldFacet("id")]
        collector = searcher.collector(**kwargs)
        if budget_ms is not None:
            collector = _budgeted(collector, budget_ms)
        complete = True
        try:
            searcher.search_with_collector(compiled.query, collector)
        except _OutOfTime:
            complete = False
        results = collector.results()
        total = len(results) if complete else results.scored_length()
        if not complete:
            total = max(total, _counted(collector))
        found: dict[str, dict[str, int]] = {}
        for name in ("source", "year"):
            groups = results.groups(name)
            found[name] = {str(k): int(v) for k, v in
                           sorted(groups.items(), key=lambda kv: (-kv[1], str(kv[0])))
                           if k is not None}
        bonus = self.ranking.all_terms_bonus
        ranked = []
        for i in range(results.scored_length()):
            score = results.score(i) or 0.0 if sort == "relevance" else 0.0  # date: a key
            tier, rest = divmod(score, bonus) if sort == "relevance" and bonus else (0, score)
            ranked.append((results.docnum(i), rest, int(tier)))
        if sort == "relevance" and compiled.keywords:
            docs = self._reranked(ranked, compiled, self.ranking.rerank_depth)
        else:
            docs = [(d, s) for d, s, _ in ranked]
        return Ranked(docs, total, total, False, complete, found)

    def _reranked(self, candidates: list[tuple[int, float, int]], compiled: Compiled,
                  depth: int) -> list[tuple[int, float]]:
        """The first `depth` candidates re-ranked, then the others in their order: a
        fixed depth, so that every page of a walk slices the same order."""
        head = self._rerank(candidates[:depth], compiled) if depth else []
        return head + [(d, s) for d, s, _ in candidates[depth:]]

    def _rerank(self, candidates: list[tuple[int, float, int]],
                compiled: Compiled) -> list[tuple[int, float]]:
        if not candidates:  # e.g. an empty index, which has no id column to read
            return []
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
        return self._with_stories(hits)

    def _with_stories(self, hits: list[Hit]) -> list[Hit]:
        return with_stories(hits, self._store)

    def search_ids(self, query: str, sources: Sequence[str] = (), since: DateLike = None,
                   until: DateLike = None, partial: bool | None = None,
                   sort: str = "relevance") -> list[str]:
        """The id of every article of the result set, in the order of `search`'s pages.

        `partial=None`: exactly the articles `search` counts in its `total_articles` (its
        `total` with group=False; articles holding only some keywords included when the
        search relaxes). `partial=False`: only the
        articles holding every keyword (watches: "hydrogène vert" must not report every
        article saying "vert"). `partial=True`: the relaxed set, whatever its size.
        """
        if sort not in SORTS:
            raise BadQuery(f"tri inconnu : {sort!r} (relevance ou date)")
        flt = _filter(sources, since, until)
        with self._lock:
            parsed = _parse_cached(query)
            compiled = self._compiler.compile(parsed)
            ranked = self._rank(parsed, compiled, flt, sort, None, partial=partial,
                                facets=False)
            if ranked is None:
                return []
            column = self._searcher.reader().column_reader("id")
            return [_text(column[docnum]) for docnum, _ in ranked.docs]

    def hits(self, ids: Sequence[str], query: str = "") -> list[Hit]:
        """Hits for the articles `ids`, in that order (snippets marking `query`'s words);
        ids the index does not hold are left out."""
        with self._lock:
            compiled = self._compiler.compile(_parse_cached(query)) if query else Compiled(None)
            page = []
            for aid in ids:
                docnum = self._searcher.document_number(id=aid)
                if docnum is not None:
                    page.append((docnum, 0.0))
            return self._hits(page, compiled, True)

    def more_like_this(self, article_id: str, limit: int = 10) -> SearchResult:
        """Articles like `article_id` (its most distinctive words), itself excluded."""
        from indexer.similar import similar_query

        start = time.perf_counter()
        with self._lock:
            article = self._store.get(article_id)
            result = SearchResult(query=f"like:{article_id}", total=0, took_ms=0.0, hits=[],
                                  facets={"source": {}, "year": {}})
            if article is None:
                result.notes.append(f"aucun article {article_id} dans le corpus")
            else:
                q, stems = similar_query(self._searcher, article)
                if q is not None:
                    from whoosh import query as wq

                    q = wq.AndNot(q, wq.Term("id", article.id))
                    compiled = Compiled(q, highlight=set(stems))
                    ranked = self._run(compiled, None, "relevance", limit, None)
                    result.total, result.all_terms = ranked.total, ranked.total
                    result.facets = ranked.facets
                    result.hits = self._hits(ranked.docs[:limit], compiled, True)
        result.took_ms = (time.perf_counter() - start) * 1000
        return result

    # -- fields and phrases -----------------------------------------------------------------

    def _field_terms(self, fieldname: str, value: str) -> list[str]:
        """The indexed values of `fieldname` equal to `value`, accents and case aside
        (`rubrique:energie` finds the section "Énergie"). Read once per index version."""
        values = self._field_values.get(fieldname)
        if values is None:
            values = {}
            for raw in self._searcher.reader().lexicon(fieldname):
                term = _text(raw)
                values.setdefault(fold(term), []).append(term)
            self._field_values[fieldname] = values
        return values.get(fold(value), [])

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
