"""A page never holds more hits than the result set counts, whatever the ranking path
(questions are ranked without the all-keywords tier: their top reaches past the set)."""

from __future__ import annotations

import pytest

import indexer
from corpus import Article, Home, Store

QUESTION = "Quelle est la production de nickel de la Nouvelle-Calédonie ?"


@pytest.fixture
def indexed(home: Home) -> Home:
    home.ensure()
    texts = ["La production de nickel de la Nouvelle-Calédonie recule.",
             "Le nickel indonésien progresse.", "La production de ciment baisse.",
             "La Calédonie attend des touristes.", "Une production record de cobalt."]
    with Store.open(home.corpus_db) as store:
        store.upsert_many([Article(url=f"https://presse.example/n/{i}", title=f"Article {i}",
                                   text=t, source="presse", published="2025-03-01")
                           for i, t in enumerate(texts)])
    indexer.update_index(home)
    return home


def test_only_complete_matches_fill_the_page(indexed: Home) -> None:
    with indexer.Searcher(indexed) as searcher:
        strict = searcher.search(QUESTION, limit=10, partial=False)
        assert strict.total == 1 and len(strict.hits) == 1
        assert strict.hits[0].url.endswith("/n/0")
        assert searcher.search_ids(QUESTION, partial=False) == [strict.hits[0].id]
        relaxed = searcher.search(QUESTION, limit=10)
        assert relaxed.relaxed and len(relaxed.hits) == relaxed.total > 1
