"""Search behaviour on a small fixture corpus of French press articles written for it."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

import indexer
from corpus import Article, Home, Store

ARTICLES = [
    dict(url="https://usine.example/2025/01/hydrogene-maroc", source="usine-demo",
         title="Le Maroc mise sur l’hydrogène vert", published="2025-01-14T09:00:00+01:00",
         author="Hélène Martin", lead="Le royaume veut exporter de l’énergie propre.",
         text="Les industriels marocains investissent dans l’hydrogène vert et les énergies "
              "renouvelables. Aujourd’hui, l’OCP produit de l’ammoniac vert pour ses engrais."),
    dict(url="https://usine.example/2024/06/industrie-40", source="usine-demo",
         title="L’industrie 4.0 gagne les PME", published="2024-06-03T08:00:00+02:00",
         author="Jean Dupont",
         text="Les usines connectées s’équipent de la 5G privée et de l’IA. Une PME "
              "industrielle sur trois a lancé un projet de maintenance prédictive."),
    dict(url="https://energie.example/2025/03/cop28", source="energie-hebdo",
         title="Après la COP28, les énergéticiens accélèrent", published="2025-03-20T10:00:00Z",
         author="Marie Leroy",
         text="La COP28 a fixé l’objectif de tripler les renouvelables. Les centrales à "
              "charbon ferment en Europe, tandis que l’éolien en mer progresse."),
    dict(url="https://energie.example/2023/11/charbon", source="energie-hebdo",
         title="Le charbon résiste en Asie", published="2023-11-02T10:00:00Z",
         author="Marie Leroy",
         text="Malgré la COP27, les centrales au charbon tournent à plein régime en Asie. "
              "Le gaz naturel liquéfié reste cher."),
    dict(url="https://tech.example/2025/05/data-centers", source="tech-eco",
         title="Les data centers consomment toujours plus", published="2025-05-12T07:30:00Z",
         author="Paul Bernard",
         text="L’intelligence artificielle fait exploser la demande d’électricité des data "
              "centers. Les opérateurs signent des contrats d’énergie solaire."),
    dict(url="https://tech.example/2025/06/ia-usine", source="tech-eco",
         title="L’IA générative entre à l’usine", published="2025-06-30T07:30:00Z",
         author="Paul Bernard",
         text="Dans une usine automobile, l’intelligence artificielle détecte les défauts. "
              "Les télécommunications industrielles relient chaque machine."),
    dict(url="https://agro.example/2024/02/phosphates", source="agro-actu",
         title="Phosphates : la demande mondiale repart", published="2024-02-08T12:00:00Z",
         text="Le marché du phosphate profite de la reprise agricole. Le groupe marocain "
              "augmente ses capacités d’engrais."),
    dict(url="https://agro.example/2022/09/solaire", source="agro-actu",
         title="Des panneaux solaires au-dessus des vignes", published="2022-09-19T12:00:00Z",
         text="L’agrivoltaïsme protège les vignes de la chaleur. L’énergie solaire "
              "produite alimente la coopérative. La date de la vendange avance."),
]


def build(home: Home, articles: list[dict[str, str]] = ARTICLES) -> None:
    home.ensure()
    with Store.open(home.corpus_db) as store:
        store.upsert_many(Article.from_json(a) for a in articles)
    indexer.update_index(home)


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    home = Home.resolve(tmp_path_factory.mktemp("search") / "home")
    build(home)
    with indexer.Searcher(home) as s:
        yield s


def titles(result: indexer.SearchResult) -> list[str]:
    return [h.title for h in result.hits]


def find(searcher: indexer.Searcher, query: str, **kw: object) -> list[str]:
    return titles(searcher.search(query, limit=20, **kw))  # type: ignore[arg-type]


MAROC = "Le Maroc mise sur l’hydrogène vert"
IA_USINE = "L’IA générative entre à l’usine"
PME = "L’industrie 4.0 gagne les PME"
COP28 = "Après la COP28, les énergéticiens accélèrent"
CHARBON = "Le charbon résiste en Asie"
DATA = "Les data centers consomment toujours plus"
PHOS = "Phosphates : la demande mondiale repart"
SOLAIRE = "Des panneaux solaires au-dessus des vignes"


@pytest.mark.parametrize(("query", "must", "must_not"), [
    ("hydrogene", [MAROC], [PME]),
    ("energies renouvelables", [MAROC, COP28], [CHARBON]),
    ("marocaine", [MAROC, PHOS], [DATA]),
    ('"intelligence artificielle"', [DATA, IA_USINE], [PME]),
    ('"artificielle intelligence"', [], [DATA, IA_USINE]),
    ("charbon -asie", [COP28], [CHARBON]),
    ("charbon NOT asie", [COP28], [CHARBON]),
    ("charbon SAUF asie", [COP28], [CHARBON]),
    ("phosphates OR agrivoltaïsme", [PHOS, SOLAIRE], [MAROC, DATA]),
    ("(phosphate OU vignes) +marocain", [PHOS], [SOLAIRE, DATA]),
    ("title:charbon", [CHARBON], [COP28]),
    ("titre:usine", [IA_USINE], [PME]),
    ("titre:\"data centers\"", [DATA], [IA_USINE]),
    ("source:agro-actu", [PHOS, SOLAIRE], [MAROC]),
    ("author:leroy", [COP28, CHARBON], [DATA]),
    ("auteur:\"Hélène Martin\"", [MAROC], [COP28]),
    ("auteur:helene", [MAROC], [COP28]),
    ("date:2025 énergie", [MAROC, DATA], [SOLAIRE, COP28]),
    ("date:2024-02", [PHOS], [PME]),
    ("date:[2024-01-01 TO 2024-12-31]", [PME, PHOS], [MAROC, CHARBON]),
    ("date:[2025-03-01 TO *] usine", [IA_USINE], [PME]),
    ("hydro*", [MAROC], [PME]),
    ("télécom*", [IA_USINE], [DATA]),
    ("COP28", [COP28], [CHARBON]),
    ("COP27", [CHARBON], [COP28]),
    ("4.0", [PME], [IA_USINE]),
    ("5G", [PME], [COP28]),
    ("data", [DATA], [SOLAIRE]),
    ("date", [SOLAIRE], [DATA]),
    ("usine", [IA_USINE, PME], []),
    ("+charbon europe", [COP28], [SOLAIRE]),
    ("charbon AND europe", [COP28], [CHARBON]),
])
def test_query_syntax(searcher: indexer.Searcher, query: str, must: list[str],
                      must_not: list[str]) -> None:
    found = find(searcher, query)
    for title in must:
        assert title in found, (query, found)
    for title in must_not:
        assert title not in found, (query, found)


def test_all_keywords_first_without_losing_partial_matches(searcher: indexer.Searcher) -> None:
    result = searcher.search("charbon Europe", limit=10)
    assert titles(result)[0] == COP28          # holds both words
    assert CHARBON in titles(result)           # holds one: still found, after
    assert result.total == 2
    assert result.relaxed and result.all_terms == 1


def test_question_in_plain_french_finds_the_answer(searcher: indexer.Searcher) -> None:
    result = searcher.search("Quelle est la demande d'électricité des data centers ?")
    assert titles(result)[0] == DATA


@pytest.mark.parametrize("query", [
    "énergie", "charbon europe", "usine intelligence artificielle", "énergie -maroc",
    "solaire date:2022", "marocain source:agro-actu", "centrales charbon asie gaz",
    "charbon AND europe", "énergie ET renouvelable", "énergie OR charbon",
    "solaire OU éolien usine",
    "énergie AND renouvelable -charbon", "+charbon centrales", "énergie NOT charbon date:>=2022",
    "Quelle est la demande d'électricité des data centers ?",
    "Comment s'appelle l'usine de Tanger ?",
    "title:charbon", "titre:usine IA", "title:maroc hydrogène vert", "title:data énergie",
])
def test_fast_path_ranks_like_whoosh(searcher: indexer.Searcher, query: str) -> None:
    from indexer.ranking import Ranking

    fast = searcher.search(query, limit=20)
    with indexer.Searcher(searcher.home, ranking=Ranking(fast_path=False)) as slow_searcher:
        slow = slow_searcher.search(query, limit=20)
    assert [h.id for h in fast.hits] == [h.id for h in slow.hits]
    # same BM25F scores, up to a constant (Whoosh scores a filter clause as 1.0)
    gaps = {round(s.score % 1000 - f.score, 6) for f, s in zip(fast.hits, slow.hits, strict=True)}
    assert len(gaps) == 1
    assert (fast.total, fast.facets) == (slow.total, slow.facets)
    assert fast.hits


@pytest.mark.parametrize("query", [
    "charbon AND europe", "énergie OR charbon", "solaire OU éolien usine", "énergie NOT charbon",
    "+charbon centrales", "Quelle est la demande d'électricité des data centers ?",
    "titre:usine IA",
])
def test_boolean_queries_take_the_fast_path(searcher: indexer.Searcher, query: str) -> None:
    from indexer.query import parse
    from indexer.ranking import Ranking
    from indexer.whoosh.compile import Compiler
    from indexer.whoosh.fastpath import fast_plan

    assert fast_plan(parse(query), Compiler(Ranking(), lambda ids, stems: set())) is not None


def test_and_requires_both_words_or_either(searcher: indexer.Searcher) -> None:
    both = searcher.search("charbon AND europe", limit=10)
    assert titles(both) == [COP28] and both.total == 1
    either = searcher.search("charbon OR europe", limit=10)
    assert COP28 in titles(either) and CHARBON in titles(either) and either.total >= 2
    assert not any("every word" in n for n in either.notes)


def test_snippets_mark_inflected_forms_as_written(searcher: indexer.Searcher) -> None:
    hit = searcher.search("énergie renouvelable marocain").hits[0]
    assert hit.title == MAROC
    marked = re.findall(r"<mark>(.*?)</mark>", hit.snippet)
    assert "énergies" in marked and "renouvelables" in marked and "marocains" in marked
    assert "énergie" in marked                 # l’énergie: the elision stays outside
    assert "<mark>" not in re.sub(r"</?mark>", "", hit.snippet)


def test_facets_cover_the_whole_result_set(searcher: indexer.Searcher) -> None:
    result = searcher.search("énergie OR charbon OR usine", limit=1)
    assert len(result.hits) == 1
    assert sum(result.facets["source"].values()) == result.total
    assert sum(result.facets["year"].values()) == result.total
    assert result.facets["source"]["energie-hebdo"] == 2


def test_paging_and_date_sort(searcher: indexer.Searcher) -> None:
    everything = searcher.search("date:[2020-01-01 TO 2030-01-01]", limit=20, sort="date")
    dates = [h.published for h in everything.hits]
    assert len(dates) == len(ARTICLES) and dates == sorted(dates, reverse=True)  # type: ignore[type-var]
    page2 = searcher.search("date:[2020-01-01 TO 2030-01-01]", limit=3, offset=3, sort="date")
    assert [h.id for h in page2.hits] == [h.id for h in everything.hits[3:6]]
    assert page2.total == len(ARTICLES)


def test_filters(searcher: indexer.Searcher) -> None:
    assert find(searcher, "énergie", sources=["agro-actu"]) == [SOLAIRE]
    assert set(find(searcher, "énergie", since="2025-01-01", until="2025-04-01")) == {MAROC}
    assert find(searcher, "énergie", until="2022") == [SOLAIRE]
    with pytest.raises(indexer.BadQuery):
        searcher.search("énergie", since="2025-13-45")


def test_suggestion_from_real_words(searcher: indexer.Searcher) -> None:
    result = searcher.search("hydrogne")
    assert result.total == 0
    assert result.suggestion == "hydrogène"
    assert searcher.search("hydrogène").suggestion is None


def test_more_like_this(searcher: indexer.Searcher) -> None:
    first = searcher.search("title:charbon").hits[0]
    similar = searcher.more_like_this(first.id, limit=3)
    assert similar.hits and similar.hits[0].title == COP28
    assert first.id not in [h.id for h in similar.hits]


def test_search_ids_lists_every_match(searcher: indexer.Searcher) -> None:
    ids = searcher.search_ids("énergie OR charbon")
    assert len(ids) == searcher.search("énergie OR charbon").total == len(set(ids))
    assert len(searcher.search_ids("énergie")) == searcher.search("énergie").total


def test_search_ids_requires_every_keyword(searcher: indexer.Searcher) -> None:
    both = searcher.search_ids("charbon europe", partial=False)
    assert [searcher.search("charbon europe").hits[0].id] == both
    assert searcher.search_ids("charbon -europe", partial=False) == [
        searcher.search("title:charbon").hits[0].id]
    assert searcher.search_ids('"intelligence artificielle" usine', partial=False) == [
        searcher.search("titre:usine").hits[0].id]


def test_rerank_prefers_the_words_as_typed(tmp_path: Path) -> None:
    home = Home.resolve(tmp_path / "h")
    build(home, [
        dict(url="https://a.example/1", title="Bilan", source="a",
             text="Les sites industriels et les parcs industriels du nord."),
        dict(url="https://a.example/2", title="Bilan", source="a",
             text="La production industrielle du nord."),
    ])
    with indexer.Searcher(home) as s:
        assert [h.url for h in s.search("industriels").hits] == [
            "https://a.example/1", "https://a.example/2"]
        assert [h.url for h in s.search("production industrielle").hits][0] == (
            "https://a.example/2")
        assert [h.url for h in s.search("industrielle").hits] == [
            "https://a.example/2", "https://a.example/1"]


@pytest.mark.parametrize(("query", "note"), [
    ('"hydrogène vert', "guillemet non refermé"), ("(charbon OR gaz", "parenthèse non refermée"),
    ("OR", "opérateur OR isolé"), ("charbon NOT", "opérateur NOT isolé"),
    ("date:2025-13 charbon", "date illisible"), ("char\x1b[31mbon", "caractères de contrôle"),
])
def test_malformed_queries_are_searched_as_words_with_a_note(
        searcher: indexer.Searcher, query: str, note: str) -> None:
    result = searcher.search(query)
    assert any(note in n for n in result.notes)
    assert indexer.query_problems(query)


def test_well_formed_queries_have_no_problems() -> None:
    for query in ['"a b" -c', "title:x OR auteur:y", "date:[2025-01-01 TO 2025-06-30] z*"]:
        assert indexer.query_problems(query) == []


def test_no_string_makes_search_raise(searcher: indexer.Searcher) -> None:
    rng = random.Random(1234)
    alphabet = list('abcé’\'"()[]:*-+ ORNOTAND\\/\x00\x1b\n\t<>&|!~^{}?.,;') + ["date:", "title:",
                                                                                 " TO ", "OR "]
    for _ in range(400):
        query = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
        result = searcher.search(query, limit=5)
        assert result.total >= 0
        assert isinstance(indexer.query_problems(query), list)


def test_one_shot_search_and_missing_index(tmp_path: Path) -> None:
    home = Home.resolve(tmp_path / "h")
    with pytest.raises(indexer.NoIndex):
        indexer.search("x", home=home)
    home.ensure()
    Store.open(home.corpus_db).close()
    with pytest.raises(indexer.NoIndex, match="veille index"):
        indexer.search("x", home=home)


@pytest.mark.parametrize(("query", "start", "end"), [
    ('date:>="juin 2025"', "2025-06-01", None),
    ('date:>"juin 2025"', "2025-07-01", None),
    ('date:<="1er juin 2025"', None, "2025-06-01"),
    ('date:<"juin 2025"', None, "2025-05-31"),
    ("date:>=06/2025", "2025-06-01", None),
])
def test_date_comparisons_take_french_dates_in_quotes(query: str, start: str | None,
                                                     end: str | None) -> None:
    from datetime import date

    from indexer.query import DateRange, parse

    parsed = parse(f"usine {query}")
    assert parsed.notes == []
    ranges = [n for n in parsed.root.must if isinstance(n, DateRange)]
    assert ranges == [DateRange(date.fromisoformat(start) if start else None,
                                date.fromisoformat(end) if end else None)]
