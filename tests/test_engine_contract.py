"""The contract every search engine behind `indexer.engine` must keep.

Parametrised over engine factories (`ENGINES`): a new engine adds its factory and must
pass every test here, through the engine interface alone (no Searcher, no CLI): indexing,
deleting, exact results, filters, facets, sorts, budgets, term statistics, stored
fields, more-like-this, reopening.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from corpus import Article
from indexer.analysis import DEFAULT_CHAIN
from indexer.engine import Engine, SearchEngine, SearchFilters
from indexer.query import parse
from indexer.ranking import Ranking


def _whoosh() -> Engine:
    from indexer.whoosh import WHOOSH

    return WHOOSH


ENGINES: dict[str, Callable[[], Engine]] = {"whoosh": _whoosh}

ARTICLES = [
    Article(url="https://usine.example/1", title="Le nickel calédonien en crise",
            text="Les usines de nickel ferment : le nickel calédonien souffre.",
            source="usine", published="2025-03-04T09:00:00+01:00", author="Claire Martin"),
    Article(url="https://usine.example/2", title="Batteries : le cobalt et le nickel",
            text="Le cobalt congolais reste cher ; le nickel aussi.",
            source="usine", published="2024-11-20T10:00:00+01:00"),
    Article(url="https://mines.example/3", title="Hydrogène vert au Maroc",
            text="L’hydrogène vert marocain attend ses électrolyseurs.",
            source="mines", published="2025-01-15T08:00:00+00:00", tags=["énergie"]),
    Article(url="https://mines.example/4", title="Électrolyseurs européens",
            text="Les électrolyseurs européens et l’hydrogène vert face à la Chine.",
            source="mines", published="2025-02-10T08:00:00+00:00"),
    Article(url="https://mines.example/5", title="Ciment bas carbone",
            text="Le ciment bas carbone gagne les chantiers.",
            source="mines", published=None),
]
BY_ID = {a.id: a for a in ARTICLES}


def _phrase_check(ids: list[str], stems: list[str]) -> set[str]:
    found = set()
    for aid in ids:
        terms = DEFAULT_CHAIN.terms(f"{BY_ID[aid].title}\n{BY_ID[aid].text}")
        if any(terms[i:i + len(stems)] == stems for i in range(len(terms))):
            found.add(aid)
    return found


@pytest.fixture(params=sorted(ENGINES))
def engine(request: pytest.FixtureRequest) -> Engine:
    return ENGINES[request.param]()


@pytest.fixture
def version(engine: Engine, tmp_path: Path) -> Path:
    path = tmp_path / "v000001"
    path.mkdir()
    index = engine.create(path)
    builder = index.builder(1)
    for article in ARTICLES:
        builder.add(article)
    builder.commit()
    builder.close()
    assert index.doc_count() == len(ARTICLES)
    index.close()
    return path


@pytest.fixture
def searcher(engine: Engine, version: Path) -> Iterator[SearchEngine]:
    opened = engine.searcher(version, Ranking(), _phrase_check)
    yield opened
    opened.close()


NO_FILTERS = SearchFilters()


def ids_of(searcher: SearchEngine, query: str, filters: SearchFilters = NO_FILTERS,
           sort: str = "relevance", budget_ms: float | None = None) -> list[str]:
    found = searcher.search(searcher.compile(parse(query)), filters, sort=sort, want=None,
                            depth=0, budget_ms=budget_ms, partial=None)
    return searcher.ids([d for d, _, _ in found.candidates])


def test_keyword_results_are_exact_and_ranked(searcher: SearchEngine) -> None:
    nickel = ids_of(searcher, "nickel")
    assert set(nickel) == {ARTICLES[0].id, ARTICLES[1].id}
    assert nickel[0] == ARTICLES[0].id   # in the title and twice more in the text
    assert ids_of(searcher, "introuvable") == []


def test_every_keyword_first_then_relaxed(searcher: SearchEngine) -> None:
    compiled = searcher.compile(parse("nickel cobalt"))
    found = searcher.search(compiled, SearchFilters(), sort="relevance", want=10, depth=0,
                            budget_ms=None, partial=None)
    assert found.all_terms == 1 and found.candidates[0][2] == 1   # tier: every keyword
    assert searcher.ids([found.candidates[0][0]]) == [ARTICLES[1].id]
    assert found.relaxed and found.total == 2
    strict = searcher.search(compiled, SearchFilters(), sort="relevance", want=10, depth=0,
                             budget_ms=None, partial=False)
    assert not strict.relaxed and strict.total == 1


def test_phrases_prefixes_fields_and_exclusions(searcher: SearchEngine) -> None:
    assert set(ids_of(searcher, '"hydrogène vert"')) == {ARTICLES[2].id, ARTICLES[3].id}
    assert ids_of(searcher, '"vert hydrogène"') == []
    assert set(ids_of(searcher, "électroly*")) == {ARTICLES[2].id, ARTICLES[3].id}
    assert ids_of(searcher, "hydrogène -maroc") == [ARTICLES[3].id]
    assert ids_of(searcher, "auteur:martin") == [ARTICLES[0].id]
    assert ids_of(searcher, "tag:energie") == [ARTICLES[2].id]


def test_filters_restrict_sources_and_dates(searcher: SearchEngine) -> None:
    assert set(ids_of(searcher, "nickel OR hydrogène", SearchFilters(sources=("mines",)))) \
        == {ARTICLES[2].id, ARTICLES[3].id}
    in_2025 = SearchFilters(start=datetime(2025, 1, 1), end=datetime(2025, 12, 31, 23, 59))
    assert set(ids_of(searcher, "nickel", in_2025)) == {ARTICLES[0].id}
    assert ids_of(searcher, "ciment", in_2025) == []   # undated: outside any period
    november, march = ((datetime(2024, 11, 1), datetime(2024, 11, 30, 23, 59)),
                       (datetime(2025, 3, 1), datetime(2025, 3, 31, 23, 59)))
    apart = SearchFilters(periods=(november, march))   # any of them, nothing between
    assert set(ids_of(searcher, "nickel", apart)) == {ARTICLES[0].id, ARTICLES[1].id}
    assert ids_of(searcher, "nickel", SearchFilters(periods=(march,))) == [ARTICLES[0].id]
    assert ids_of(searcher, "hydrogène", apart) == []


def test_facets_count_the_whole_result_set(searcher: SearchEngine) -> None:
    for query in ("nickel OR hydrogène", '"hydrogène vert" OR nickel'):
        found = searcher.search(searcher.compile(parse(query)), SearchFilters(),
                                sort="relevance", want=1, depth=0, budget_ms=None,
                                partial=None)
        assert found.total == 4
        assert found.facets["source"] == {"mines": 2, "usine": 2}
        assert found.facets["year"] == {"2025": 3, "2024": 1}


def test_date_sort_is_newest_first(searcher: SearchEngine) -> None:
    order = ids_of(searcher, "nickel OR hydrogène", sort="date")
    assert order == [ARTICLES[0].id, ARTICLES[3].id, ARTICLES[2].id, ARTICLES[1].id]


def test_a_generous_budget_changes_nothing(searcher: SearchEngine) -> None:
    for query in ("nickel", '"hydrogène vert" OR ciment'):
        compiled = searcher.compile(parse(query))
        found = searcher.search(compiled, SearchFilters(), sort="relevance", want=None,
                                depth=0, budget_ms=10_000.0, partial=None)
        assert found.complete
        assert searcher.ids([d for d, _, _ in found.candidates]) == ids_of(searcher, query)


def test_want_and_depth_bound_the_candidates(searcher: SearchEngine) -> None:
    compiled = searcher.compile(parse("nickel OR hydrogène OR ciment"))
    few = searcher.search(compiled, SearchFilters(), sort="relevance", want=1, depth=0,
                          budget_ms=None, partial=None)
    deep = searcher.search(compiled, SearchFilters(), sort="relevance", want=1, depth=3,
                           budget_ms=None, partial=None)
    assert few.total == deep.total == 5
    assert len(few.candidates) >= 1 and len(deep.candidates) >= 3
    assert deep.candidates[:1] == few.candidates[:1]


@pytest.mark.parametrize("query", ["nickel OR hydrogène OR ciment", "nickel hydrogène"])
def test_grow_ranks_more_or_the_whole_set(searcher: SearchEngine, query: str) -> None:
    """Reprint grouping asks for `grow` more candidates than `want`, told which documents
    are in the set; an engine that cannot tell ranks the whole set (`whole`)."""
    compiled = searcher.compile(parse(query))
    whole = searcher.search(compiled, SearchFilters(), sort="relevance", want=None, depth=0,
                            budget_ms=None, partial=True)
    members = {d for d, _, _ in whole.candidates}
    asked: list[bool] = []

    def grow(holds: Callable[[int], bool]) -> int:
        asked.append(True)
        assert {d for d in range(len(ARTICLES) + 5) if holds(d)} == members
        return 2

    found = searcher.search(compiled, SearchFilters(), sort="relevance", want=1, depth=0,
                            budget_ms=None, partial=True, grow=grow)
    assert found.total == whole.total
    if found.whole:
        assert not asked and [d for d, _, _ in found.candidates] == [
            d for d, _, _ in whole.candidates]
    else:
        assert asked and found.grown == 2 and found.holds is not None
        assert len(found.candidates) >= min(3, whole.total)
        assert found.candidates[:3] == whole.candidates[:3]


def test_term_statistics(searcher: SearchEngine) -> None:
    stem = DEFAULT_CHAIN.term("nickel")
    assert stem is not None
    assert searcher.doc_count() == len(ARTICLES)
    assert searcher.doc_frequency("text", stem) == 2
    assert searcher.doc_frequency("text", "introuvabl") == 0
    assert searcher.idf("ciment") > searcher.idf(stem) > 0   # the rarer, the heavier
    assert "ciment" in set(searcher.terms_within("words", "cimment", 1, prefix=2))
    assert searcher.titles_with_phrase(DEFAULT_CHAIN.terms("hydrogène vert")) == 1
    both = searcher.docs_with_all(DEFAULT_CHAIN.terms("hydrogène électrolyseurs"))
    assert both == sorted(both)   # in index order
    assert set(searcher.ids(both)) == {ARTICLES[2].id, ARTICLES[3].id}


def test_stored_fields_and_document_numbers(searcher: SearchEngine) -> None:
    docnum = searcher.docnum(ARTICLES[0].id)
    assert docnum is not None and searcher.docnum("absent") is None
    (doc,) = searcher.stored([docnum])
    assert (doc.id, doc.url, doc.title, doc.source, doc.author) == (
        ARTICLES[0].id, ARTICLES[0].url, ARTICLES[0].title, "usine", "Claire Martin")
    assert doc.published == datetime(2025, 3, 4, 8, 0)   # naive UTC
    assert searcher.ids([docnum]) == [ARTICLES[0].id]


def test_more_like_this_excludes_the_article(searcher: SearchEngine) -> None:
    terms = [(DEFAULT_CHAIN.term("nickel") or "", 1.0), (DEFAULT_CHAIN.term("cobalt") or "", 0.5)]
    found = searcher.similar(terms, ARTICLES[0].id, 10)
    assert searcher.ids([d for d, _, _ in found.candidates]) == [ARTICLES[1].id]
    assert found.total == 1
    assert searcher.similar([], ARTICLES[0].id, 10).total == 0


def test_updates_deletes_and_reopening(engine: Engine, version: Path,
                                       searcher: SearchEngine) -> None:
    index = engine.open(version)
    updater = index.updater()
    assert updater.known(ARTICLES[1].id) and not updater.known("absent")
    updater.delete(ARTICLES[1].id)
    extra = Article(url="https://usine.example/6", title="Nickel indonésien",
                    text="Le nickel indonésien inonde le marché.", source="usine",
                    published="2025-05-01")
    updater.add(extra)
    updater.commit()
    updater.close()
    assert index.doc_count() == len(ARTICLES)
    index.close()
    assert not searcher.up_to_date()
    assert set(ids_of(searcher, "nickel")) == {ARTICLES[0].id, ARTICLES[1].id}  # a snapshot
    searcher.reopen(version)
    assert searcher.up_to_date()
    assert set(ids_of(searcher, "nickel")) == {ARTICLES[0].id, extra.id}


def test_a_cancelled_update_writes_nothing(engine: Engine, version: Path) -> None:
    index = engine.open(version)
    updater = index.updater()
    updater.delete(ARTICLES[0].id)
    updater.cancel()
    updater.close()
    assert index.doc_count() == len(ARTICLES)
    index.close()


def test_prepare_is_repeatable_and_changes_no_answer(engine: Engine, version: Path) -> None:
    queries = ["nickel", "hydrogène vert", "nickel OR ciment", "électroly*", "nickel -cobalt"]

    def answers() -> list[list[str]]:
        opened = engine.searcher(version, Ranking(), _phrase_check)
        try:
            return [ids_of(opened, q) for q in queries]
        finally:
            opened.close()

    before = answers()
    engine.prepare(version)
    engine.prepare(version)  # again: nothing to do, nothing broken
    assert answers() == before
