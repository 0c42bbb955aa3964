"""Operator, field and date-filtered queries on the fast path: the very results, scores,
totals and facets of the Whoosh path, on both fast-path engines (plain Python and numpy
bitmaps), over an index of several segments with deletions and undated articles."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime

import pytest

import indexer
from corpus import Article, Home, Store
from indexer.query import parse
from indexer.ranking import Ranking
from indexer.whoosh import fastpath
from indexer.whoosh.masks import segment_mask

COMPANIES = ["Le groupe Atlas Ciments", "La société Sud Énergie", "Le port de Tanger Med",
             "L’aciérie du Nord", "La coopérative Agrisol", "Le fabricant Moteurs Rif"]
ACTIONS = ["annonce une nouvelle usine", "investit dans l’hydrogène vert",
           "signe un contrat d’énergie solaire", "réduit sa production de ciment",
           "recrute deux cents ingénieurs", "exporte de l’acier vers l’Europe",
           "raccorde ses éoliennes au réseau", "ouvre un centre de données"]
DETAILS = ["La transition énergétique accélère dans l’industrie.",
           "Les syndicats saluent la création d’emplois.",
           "Le ministère de l’Industrie suit le dossier de près.",
           "Les prix de l’énergie pèsent sur les marges.",
           "Le chantier doit s’achever avant la fin de l’année.",
           "Les exportations de phosphate progressent encore.",
           "Une partie de l’électricité viendra de panneaux solaires.",
           "La logistique portuaire reste le point faible de la filière."]
SOURCES = ["usine-demo", "energie-hebdo", "agro-actu", "Tech-Éco"]


def articles(start: int, count: int, seed: int) -> list[dict[str, object]]:
    rng = random.Random(seed)
    out: list[dict[str, object]] = []
    for i in range(start, start + count):
        company, action = rng.choice(COMPANIES), rng.choice(ACTIONS)
        body = " ".join(rng.sample(DETAILS, rng.randint(2, 5)))
        doc: dict[str, object] = {
            "url": f"https://presse.example/{i}", "title": f"{company} {action}",
            "text": f"{company} {action}. {body} {rng.choice(DETAILS)}",
            "source": SOURCES[i % len(SOURCES)]}
        if i % 7:  # every seventh article is undated
            doc["published"] = f"{2019 + i % 6}-{1 + i % 12:02d}-{1 + i % 27:02d}T09:00:00Z"
        out.append(doc)
    return out


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    """Three segments (three index runs), an update and a deletion."""
    home = Home.resolve(tmp_path_factory.mktemp("ops") / "home").ensure()
    for start, count, seed in ((0, 40, 3), (40, 25, 4), (65, 15, 5)):
        with Store.open(home.corpus_db) as store:
            store.upsert_many(Article.from_json(a) for a in articles(start, count, seed))
            if start == 65:
                store.delete("https://presse.example/3")
                changed = articles(10, 1, 9)[0]
                changed["url"] = "https://presse.example/10"
                store.upsert(Article.from_json(changed))
        indexer.update_index(home)
    return home


@pytest.fixture(params=["python", "numpy"])
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "numpy":
        monkeypatch.setattr(fastpath, "NUMPY_FROM", 0)
    else:
        monkeypatch.setattr(fastpath, "NUMPY_FROM", 10**9)
    return str(request.param)


@pytest.fixture(scope="module")
def searchers(home: Home) -> Iterator[tuple[indexer.Searcher, indexer.Searcher]]:
    with indexer.Searcher(home) as fast, \
            indexer.Searcher(home, ranking=Ranking(fast_path=False)) as slow:
        yield fast, slow


QUERIES = [
    "énergie AND usine", "industrie ET énergie", "hydrogène OR solaire", "ciment OU acier usine",
    "énergie NOT solaire", "énergie SAUF ciment", "usine -hydrogène -acier", "+port énergie",
    "énergie -\"panneaux solaires\"", "usine -l’acier", "titre:usine énergie", "titre:ciment",
    "énergie date:2021", "usine date:[2020-01-01 TO 2022-06-30]", "énergie date:>=2023-03",
    "usine source:usine-demo", "énergie source:tech-eco", "énergie source:nulle-part",
    "hydrogène OR solaire date:2020 -ciment", "industrie AND énergie source:agro-actu",
    "énergie NOT énergie", "emplois OR exportations NOT usine date:<=2022",
]


def same(fast: indexer.SearchResult, slow: indexer.SearchResult) -> None:
    assert [h.id for h in fast.hits] == [h.id for h in slow.hits]
    # the same BM25F scores, up to a constant (Whoosh scores a filter clause as 1.0)
    gaps = {round(s.score % 1000 - f.score, 6) for f, s in zip(fast.hits, slow.hits,
                                                                strict=True)}
    assert len(gaps) <= 1
    assert (fast.total, fast.all_terms, fast.facets) == (slow.total, slow.all_terms,
                                                         slow.facets)


def by_date(fast: indexer.SearchResult, slow: indexer.SearchResult) -> None:
    """The same articles in the same order of dates (ties, such as undated articles, in
    an order of each path's own: docnums on the fast path, ids on Whoosh's)."""
    def groups(result: indexer.SearchResult) -> list[tuple[object, frozenset[str]]]:
        out: dict[object, set[str]] = {}
        for h in result.hits:
            out.setdefault(h.published, set()).add(h.id)
        return [(k, frozenset(v)) for k, v in out.items()]

    assert groups(fast) == groups(slow)
    assert (fast.total, fast.facets) == (slow.total, slow.facets)


@pytest.mark.parametrize("query", QUERIES)
def test_operator_queries_score_like_whoosh(searchers: tuple[indexer.Searcher, ...],
                                            engine: str, query: str) -> None:
    fast, slow = searchers
    assert fastpath.fast_plan(parse(query), fast.engine._compiler) is not None, query
    same(fast.search(query, limit=30), slow.search(query, limit=30))
    assert fast.search_ids(query) == slow.search_ids(query)
    by_date(fast.search(query, limit=100, sort="date"), slow.search(query, limit=100,
                                                                    sort="date"))


def test_the_fixture_is_not_trivial(searchers: tuple[indexer.Searcher, ...]) -> None:
    fast, _ = searchers
    assert len(fast.engine._searcher.reader().leaf_readers()) == 3
    assert fast.doc_count() == 79
    assert fast.search("énergie NOT solaire").total > 5
    assert fast.search("énergie date:2021").total > 2


@pytest.mark.parametrize(("query", "options"), [
    ("énergie", {"sources": ["energie-hebdo", "agro-actu"]}),
    ("usine OR acier", {"since": "2021-01-01", "until": "2023-12-31"}),
    ("énergie -solaire", {"until": "2021"}),
    ("titre:usine", {"sources": ["usine-demo"], "since": "2020"}),
])
def test_filter_options_score_like_whoosh(searchers: tuple[indexer.Searcher, ...],
                                          engine: str, query: str,
                                          options: dict[str, object]) -> None:
    fast, slow = searchers
    same(fast.search(query, limit=30, **options),  # type: ignore[arg-type]
         slow.search(query, limit=30, **options))  # type: ignore[arg-type]


def test_date_sort_with_undated_articles(searchers: tuple[indexer.Searcher, ...],
                                         engine: str) -> None:
    fast, slow = searchers
    a = fast.search("énergie OR usine", limit=80, sort="date")
    by_date(a, slow.search("énergie OR usine", limit=80, sort="date"))
    assert sum(h.published is None for h in a.hits) > 3
    page = fast.search("énergie OR usine", limit=5, offset=3, sort="date")
    assert [h.id for h in page.hits] == [h.id for h in a.hits[3:8]]


@pytest.mark.parametrize("build", [
    lambda wq: wq.Term("source", "agro-actu"),
    lambda wq: wq.Term("source", "absente"),
    lambda wq: wq.DateRange("published", datetime(2020, 3, 1), None),
    lambda wq: wq.DateRange("published", None, datetime(2021, 5, 1)),
    lambda wq: wq.DateRange("published", datetime(2020, 1, 1), datetime(2022, 1, 1),
                            startexcl=True, endexcl=True),
    lambda wq: wq.Or([wq.Term("text", "solair"), wq.Term("title", "cimen")]),
    lambda wq: wq.And([wq.Term("text", "energ"), wq.Term("source", "usine-demo")]),
    lambda wq: wq.AndNot(wq.Every(), wq.Term("text", "usin")),
    lambda wq: wq.Phrase("title", ["port", "tang"]),
    lambda wq: wq.Prefix("text", "hydro"),
])
def test_bitmaps_match_what_whoosh_matches(searchers: tuple[indexer.Searcher, ...],
                                           build: object) -> None:
    import numpy as np
    from whoosh import query as wq

    fast, _ = searchers
    q = build(wq)  # type: ignore[operator]
    top = fast.engine._searcher
    for sub, offset in top.leaf_searchers():
        seg = fast.engine._fast._segment(top, sub.reader())
        mask = segment_mask(np, q, sub, seg, fast.engine._fast._posting_ids)
        expected = {d for d in top.docs_for_query(q)
                    if offset <= d < offset + seg.doccount}
        assert {int(d) + offset for d in np.flatnonzero(mask)} - {
            d + offset for d in seg.deleted} == expected - {d + offset for d in seg.deleted}


def test_segments_read_in_bulk_hold_what_the_lists_hold(
        searchers: tuple[indexer.Searcher, ...], monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    fast, _ = searchers
    top = fast.engine._searcher
    for sub, _ in top.leaf_searchers():
        reader = sub.reader()
        monkeypatch.setattr(fastpath, "NUMPY_FROM", 0)
        bulk = fast.engine._fast._load(top, reader)
        monkeypatch.setattr(fastpath, "NUMPY_FROM", 10**9)
        plain = fast.engine._fast._load(top, reader)
        assert bulk.np_norms and not plain.np_norms   # each was read its own way
        for f in fastpath.FIELDS:
            assert np.allclose(bulk.norms[f], plain.norms[f], rtol=0, atol=1e-12)
        assert (bulk.source, bulk.year, bulk.published) == (
            plain.source, plain.year, plain.published)
        assert "" in bulk.year and len(set(bulk.source)) == len(SOURCES)
        for name in ("source", "year"):
            assert bulk.np_codes(name)[1] == plain.np_codes(name)[1]
            assert list(bulk.np_codes(name)[0]) == list(plain.np_codes(name)[0])
        assert list(bulk.np_column("published")) == list(plain.np_column("published"))


@pytest.mark.parametrize("limit", [1, 3, 20, None])
def test_first_docs_are_whooshs_without_reading_every_posting(home: Home, limit: int | None
                                                              ) -> None:
    # "Did you mean" asks for the first few articles holding two words, and whether one
    # headline holds a phrase: the same documents as Whoosh's docs_for_query (three
    # segments, a deletion, an update), walking the matchers lazily.
    import itertools

    from whoosh import query as wq

    from indexer.analysis import DEFAULT_CHAIN

    with indexer.Searcher(home) as searcher:
        engine = searcher.engine
        whoosh_searcher = engine._searcher  # type: ignore[attr-defined]
        pairs = [("énergie", "industrie"), ("usine", "nouvelle"), ("ciment", "acier"),
                 ("hydrogène", "vert"), ("inconnu", "énergie")]
        found = 0
        for a, b in pairs:
            stems = [DEFAULT_CHAIN.term(a) or a, DEFAULT_CHAIN.term(b) or b]
            both = wq.And([wq.Term("text", s) for s in stems])
            expected = list(itertools.islice(whoosh_searcher.docs_for_query(both), limit))
            assert engine.docs_with_all(stems, limit=limit) == expected
            found += len(expected) > 1
            phrase = wq.Phrase("title", stems)
            in_titles = list(itertools.islice(whoosh_searcher.docs_for_query(phrase), limit))
            assert engine.titles_with_phrase(stems, limit=limit) == len(in_titles)
        assert found >= (2 if limit != 1 else 0)  # pairs held by several articles


def test_terms_within_are_whooshs(home: Home) -> None:
    # "Did you mean"'s close words: Whoosh's own list, in its order, with the distance of
    # words too long or too short for `maxdist` never computed.
    with indexer.Searcher(home) as searcher:
        engine = searcher.engine
        reader = engine._searcher.reader()  # type: ignore[attr-defined]
        total = 0
        for word in ("energie", "usines", "acir", "ciments", "hydrogen", "vert", "xyzq"):
            for maxdist in (1, 2):
                expected = [t if isinstance(t, str) else t.decode("utf-8")
                            for t in reader.terms_within("words", word, maxdist, prefix=2)]
                assert list(engine.terms_within("words", word, maxdist, prefix=2)) == expected
                total += len(expected)
        assert total >= 5
