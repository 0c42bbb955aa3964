"""Authors as a list: bylines naming several journalists, the Article JSON's `authors`
beside the joined `author`, the store's round trip and `auteur:` searching each name."""

from __future__ import annotations

import pytest

import indexer
from corpus import Article, Home, Store
from crawler.extraction import extract_page
from crawler.extraction.authors import join_names, split_names

URL = "https://www.presse-demo.fr/industrie/2025/03/usine"
PROSE = (
    "<p>Le groupe a inauguré jeudi sa nouvelle ligne de production dans la zone franche, "
    "un investissement de 120 millions d’euros étalé sur trois ans, selon la direction.</p>"
    "<p>Les premiers modules sortiront des chaînes au printemps ; la direction vise une "
    "cadence de deux mille unités par mois d’ici à la fin de l’année prochaine.</p>"
)


def page(byline: str, head: str = "") -> str:
    return (f"<html lang='fr'><head><title>Une usine de batteries</title>{head}</head><body>"
            f"<article><h1>Une usine de batteries</h1><p class='byline'>{byline}</p>"
            f"{PROSE}</article></body></html>")


@pytest.mark.parametrize(("byline", "names"), [
    ("Claire Martin et Jean Dupont", ["Claire Martin", "Jean Dupont"]),
    ("Claire Martin, Jean Dupont et Nadia Benali",
     ["Claire Martin", "Jean Dupont", "Nadia Benali"]),
    ("Martin, Claire", ["Martin, Claire"]),      # surname, first name: one person
    ("Claire Martin", ["Claire Martin"]),
    ("Claire Martin & Jean Dupont", ["Claire Martin", "Jean Dupont"]),
])
def test_split_names(byline: str, names: list[str]) -> None:
    assert split_names(byline) == names


def test_join_names_cleans_and_deduplicates() -> None:
    assert join_names(["Par Claire Martin et Jean Dupont", "Jean Dupont"]) == \
        ["Claire Martin", "Jean Dupont"]


def test_byline_with_two_journalists() -> None:
    result = extract_page(page("Par Claire Martin et Jean Dupont, à Lyon"), URL)
    assert result.authors == ["Claire Martin", "Jean Dupont"]
    assert result.author == "Claire Martin, Jean Dupont"
    article = result.article()
    assert article is not None
    assert article.to_json()["authors"] == ["Claire Martin", "Jean Dupont"]
    assert article.to_json()["author"] == "Claire Martin, Jean Dupont"


def test_jsonld_author_list() -> None:
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "author": '
            '[{"@type": "Person", "name": "Hélène Roux"}, {"@type": "Person", '
            '"name": "Karim Alaoui"}]}</script>')
    result = extract_page(page("Rédaction", head), URL)
    assert result.authors == ["Hélène Roux", "Karim Alaoui"]


def test_article_json_round_trip_and_old_records() -> None:
    a = Article.from_json({"url": URL, "text": "Texte.", "authors": ["A. Roux", "B. Said"]})
    assert a.author == "A. Roux, B. Said"
    assert Article.from_json(a.to_json()) == a
    old = Article.from_json({"url": URL, "text": "Texte.", "author": "Claire Martin"})
    assert old.authors == ["Claire Martin"]
    with pytest.raises(Exception, match="authors"):
        Article.from_json({"url": URL, "text": "Texte.", "authors": 3})


def test_store_keeps_the_list(tmp_path) -> None:  # type: ignore[no-untyped-def]
    home = Home.resolve(tmp_path / "home")
    home.ensure()
    a = Article.from_json({"url": URL, "text": "Texte.", "authors": ["A. Roux", "B. Said"]})
    with Store.open(home.corpus_db) as store:
        store.upsert_many([a])
        (back,) = list(store.iter_articles())
    assert back.authors == ["A. Roux", "B. Said"]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    home = Home.resolve(tmp_path_factory.mktemp("authors") / "home")
    home.ensure()
    articles = [
        {"url": URL, "title": "Batteries à Lyon", "text": "Une usine de batteries ouvre.",
         "authors": ["Claire Martin", "Jean Dupont"]},
        {"url": URL + "-2", "title": "Acier vert", "text": "Un four électrique démarre.",
         "authors": ["Jean Martin"]},
    ]
    with Store.open(home.corpus_db) as store:
        store.upsert_many(Article.from_json(a) for a in articles)
    indexer.update_index(home)
    with indexer.Searcher(home) as s:
        yield s


@pytest.mark.parametrize(("query", "titles"), [
    ('auteur:"Jean Dupont"', ["Batteries à Lyon"]),
    ('auteur:"Claire Martin"', ["Batteries à Lyon"]),
    ('auteur:"Jean Martin"', ["Acier vert"]),
    ('auteur:"Martin Jean"', []),            # the end of one name and the start of the next
    ("auteur:martin", ["Acier vert", "Batteries à Lyon"]),
])
def test_auteur_searches_each_author(searcher, query: str,  # type: ignore[no-untyped-def]
                                     titles: list[str]) -> None:
    found = sorted(h.title for h in searcher.search(query, limit=10).hits)
    assert found == titles
