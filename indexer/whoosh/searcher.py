"""The Whoosh `SearchEngine`: one open index, searched by the fast path (plain keyword
queries, indexer.whoosh.fastpath) or by Whoosh's matchers (everything else)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from indexer.analysis import fold
from indexer.engine import (
    Candidate,
    Compiled,
    DocNum,
    IndexedDoc,
    Matches,
    PhraseCheck,
    SearchFilters,
)
from indexer.query import ParsedQuery
from indexer.ranking import Ranking, relaxes
from indexer.whoosh import storage
from indexer.whoosh.budget import OutOfTime, budgeted, counted
from indexer.whoosh.compile import Compiler
from indexer.whoosh.fastpath import FastPlan, FastScorer, fast_plan, ranked_top
from indexer.whoosh.filters import filter_query
from indexer.whoosh.lookups import first_docs, words_within
from indexer.whoosh.weighting import weighting


def _no_facets() -> dict[str, dict[str, int]]:
    return {"source": {}, "year": {}}


class WhooshSearcher:
    """`indexer.engine.SearchEngine` over a Whoosh index directory."""

    def __init__(self, ranking: Ranking, phrase_check: PhraseCheck) -> None:
        self.ranking = ranking
        self._ix: Any = None
        self._searcher: Any = None
        self._compiler = Compiler(ranking, phrase_check, self._field_terms)
        self._fast = FastScorer(ranking.k1, ranking.b, ranking.title_boost)
        self._field_values: dict[str, dict[str, list[str]]] = {}
        self._ids: Any = None   # the id column's reader, for this index version

    # -- lifecycle -----------------------------------------------------------------------

    def reopen(self, version: Path) -> None:
        """Open `version` afresh (the previous one is closed once this one is open)."""
        ix = storage.open_dir(version)
        try:
            searcher = ix.searcher(weighting=weighting(self.ranking))
        except BaseException:
            ix.close()
            raise
        self._close_index()
        self._ix, self._searcher = ix, searcher
        self._fast.forget()  # decoded postings stay valid: segments are immutable
        self._fast.files.use(Path(version))
        self._field_values = {}
        self._ids = None

    def up_to_date(self) -> bool:
        # The caller reopens rather than use Whoosh's refresh(): its fresh searcher shares
        # the segment readers of the old one, which closing the old one would close.
        return bool(self._searcher.up_to_date())

    def close(self) -> None:
        self._close_index()
        self._fast.files.close()

    def _close_index(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        if self._ix is not None:
            self._ix.close()
        self._ix = self._searcher = None

    # -- term statistics -------------------------------------------------------------------

    def doc_count(self) -> int:
        return int(self._searcher.doc_count())

    def doc_frequency(self, fieldname: str, term: str) -> int:
        return int(self._searcher.reader().doc_frequency(fieldname, term))

    def terms_within(self, fieldname: str, text: str, maxdist: int,
                     prefix: int = 0) -> Iterator[str]:
        for term in words_within(self._searcher.reader(), fieldname, text, maxdist,
                                 prefix=prefix):
            yield _text(term)

    def idf(self, term: str) -> float:
        return float(self._searcher.idf("text", term))

    def titles_with_phrase(self, stems: Sequence[str], limit: int | None = None) -> int:
        from whoosh import query as wq

        return len(first_docs(self._searcher, wq.Phrase("title", list(stems)), limit))

    def docs_with_all(self, stems: Sequence[str], limit: int | None = None) -> list[DocNum]:
        from whoosh import query as wq

        # ascending docnums (segment after segment, each in order): the first `limit`
        # without intersecting the rest of the postings
        return first_docs(self._searcher, wq.And([wq.Term("text", s) for s in stems]), limit)

    # -- documents ---------------------------------------------------------------------------

    def stored(self, docs: Sequence[DocNum]) -> list[IndexedDoc]:
        found = []
        for docnum in docs:
            fields = self._searcher.stored_fields(docnum)
            found.append(IndexedDoc(
                id=fields["id"], url=fields.get("url", ""), title=fields.get("title", ""),
                source=fields.get("source", ""), published=fields.get("published"),
                author=fields.get("author", "")))
        return found

    def ids(self, docs: Sequence[DocNum]) -> list[str]:
        if not docs:  # an empty index has no id column to read
            return []
        if self._ids is None:
            # opened once per index version: opening it reads the offset of every
            # document (2.6 ms a search at 11,000 articles under cProfile, linear in size)
            self._ids = self._searcher.reader().column_reader("id")
        return [_text(self._ids[d]) for d in docs]

    def docnum(self, article_id: str) -> DocNum | None:
        found = self._searcher.document_number(id=article_id)
        return None if found is None else int(found)

    # -- searching -----------------------------------------------------------------------

    def compile(self, parsed: ParsedQuery) -> Compiled:
        return self._compiler.compile(parsed)

    def plan(self, parsed: ParsedQuery) -> FastPlan | None:
        """The fast path's plan of `parsed` (None: Whoosh's matchers answer it)."""
        return fast_plan(parsed, self._compiler) if self.ranking.fast_path else None

    def search(self, compiled: Compiled, filters: SearchFilters, *, sort: str,
               want: int | None, depth: int, budget_ms: float | None,
               partial: bool | None, facets: bool = True,
               grow: Callable[[Callable[[DocNum], bool]], int] | None = None) -> Matches:
        flt = filter_query(filters)
        plan = self.plan(compiled.source) if compiled.source is not None else None
        if plan is not None:
            return self._fast_matches(plan, flt, sort, want, depth, partial, facets, grow)
        if grow is None or want is None:
            return self._matcher_search(compiled, flt, sort, want, depth, budget_ms, partial)
        found = self._matcher_search(compiled, flt, sort, None, depth, budget_ms, partial)
        found.whole = True  # Whoosh's matchers cannot tell membership unranked
        return found

    def _fast_matches(self, plan: FastPlan, flt: Any, sort: str, want: int | None,
                      depth: int, partial: bool | None, facets: bool,
                      grow: Callable[[Callable[[DocNum], bool]], int] | None = None
                      ) -> Matches:
        """Keyword queries: term-at-a-time BM25F (indexer.whoosh.fastpath), exact and
        quick: the budget does not apply."""
        from whoosh import query as wq

        searcher = self._searcher
        filters = [q for q in (flt, plan.required) if q is not None]
        allowed = (filters[0] if len(filters) == 1 else wq.And(filters)) if filters else None
        outcome = self._fast.run(searcher, plan.keywords, allowed, plan.excluded)
        relaxed = relaxes(len(plan.keywords), outcome.all_terms, outcome.total, partial,
                          question=plan.question)
        only = not relaxed
        total = outcome.total if relaxed else outcome.all_terms
        holds = outcome.holds(only) if grow is not None and want is not None else None
        grown = grow(holds) if grow is not None and holds is not None else 0
        k = total if want is None else min(want + grown, total)
        if sort == "date":
            candidates = [(d, s, 0) for d, s in outcome.by_date(k, only)]
        else:
            candidates = ranked_top(outcome, max(k, depth), only, not plan.question)
        found = outcome.facets(only) if facets else _no_facets()
        return Matches(candidates, total, outcome.all_terms, relaxed, True, False, found,
                       holds, grown)

    def _matcher_search(self, compiled: Compiled, flt: Any, sort: str, want: int | None,
                        depth: int, budget_ms: float | None,
                        partial: bool | None) -> Matches:
        """Other queries through Whoosh: every keyword required first; when fewer than
        RELAX_BELOW articles hold them all, the ranking that adds articles holding only
        some of them (all-keyword ones still first)."""
        started = time.perf_counter()
        if compiled.strict is None:
            return self._run(compiled.query, flt, sort, want, depth, budget_ms)
        ranked = self._run(compiled.strict, flt, sort, want, depth, budget_ms)
        need = 2  # several soft clauses: `strict` is only set then
        if not ranked.complete or not relaxes(need, ranked.total, ranked.total + 1, partial):
            return ranked
        if budget_ms is not None:
            budget_ms = max(1.0, budget_ms - (time.perf_counter() - started) * 1000)
        wider = self._run(compiled.query, flt, sort, want, depth, budget_ms)
        if not wider.complete or wider.total <= ranked.total:
            return ranked if wider.complete else wider
        wider.all_terms, wider.relaxed = ranked.total, True
        return wider

    def similar(self, terms: Sequence[tuple[str, float]], exclude_id: str,
                want: int) -> Matches:
        from whoosh import query as wq

        if not terms:
            return Matches([], 0, 0, facets=_no_facets())
        query = wq.Or([wq.Term("text", stem, boost=weight) for stem, weight in terms])
        return self._run(wq.AndNot(query, wq.Term("id", exclude_id)), None, "relevance",
                         want, 0, None)

    def _run(self, query: Any, flt: Any, sort: str, want: int | None, depth: int,
             budget_ms: float | None) -> Matches:
        from whoosh import sorting

        searcher = self._searcher
        facets = {
            "source": sorting.FieldFacet("source", maptype=sorting.Count),
            "year": sorting.FieldFacet("year", maptype=sorting.Count),
        }
        limit = None if want is None else max(want, depth, 1)
        kwargs: dict[str, Any] = {"limit": limit, "groupedby": facets, "filter": flt}
        if sort == "date":
            kwargs["sortedby"] = [sorting.FieldFacet("published", reverse=True),
                                  sorting.FieldFacet("id")]
        collector = searcher.collector(**kwargs)
        if budget_ms is not None:
            collector = budgeted(collector, budget_ms)
        complete = True
        try:
            searcher.search_with_collector(query, collector)
        except OutOfTime:
            complete = False
        results = collector.results()
        total = len(results) if complete else results.scored_length()
        if not complete:
            total = max(total, counted(collector))
        return Matches(self._candidates(results, sort), total, total, False, complete,
                       budget_ms is not None, _facets(results))

    def _candidates(self, results: Any, sort: str) -> list[Candidate]:
        bonus = self.ranking.all_terms_bonus
        found = []
        for i in range(results.scored_length()):
            score = results.score(i) or 0.0 if sort == "relevance" else 0.0  # date: a key
            tier, rest = divmod(score, bonus) if sort == "relevance" and bonus else (0, score)
            found.append((int(results.docnum(i)), rest, int(tier)))
        return found

    # -- fields ------------------------------------------------------------------------------

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


def _facets(results: Any) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {}
    for name in ("source", "year"):
        groups = results.groups(name)
        found[name] = {str(k): int(v) for k, v in
                       sorted(groups.items(), key=lambda kv: (-kv[1], str(kv[0])))
                       if k is not None and _text(k)}  # undated: no year
    return found


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)
