"""`search_ids`: strict for watches; with `partial`, exactly the set a relaxed search counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus import Article, Home, Store
from indexer import Searcher, update_index

TEXTS = [
    "Les câbleurs de Kénitra réclament une hausse des salaires.",
    "Les équipementiers automobiles de Tanger recrutent des opérateurs.",
    "Une usine de faisceaux pour l’industrie automobile ouvre à Menzel Bourguiba.",
    "Le port de Radès modernise ses portiques à conteneurs.",
]


@pytest.fixture
def home(tmp_path: Path) -> Home:
    home = Home.resolve(tmp_path / "home")
    with Store.open(home.corpus_db) as store:
        store.upsert_many(Article(url=f"https://presse.example.tn/2025/{i}", title=f"Brève {i}",
                                  text=text) for i, text in enumerate(TEXTS))
    update_index(home)
    return home


@pytest.mark.parametrize("query", ["câbleurs automobiles", "câbleurs OR automobile"])
def test_partial_ids_are_what_a_relaxed_search_counts(home: Home, query: str) -> None:
    with Searcher(home) as searcher:
        result = searcher.search(query, limit=10)
        ids = searcher.search_ids(query, partial=True)
        assert result.total == 3
        assert set(ids[:result.total]) == {h.id for h in result.hits}
        assert len(ids) == 3


def test_strict_ids_require_every_keyword(home: Home) -> None:
    with Searcher(home) as searcher:
        assert searcher.search_ids("câbleurs automobiles", partial=False) == []
        assert len(searcher.search_ids("automobiles", partial=False)) == 2
        # by default, the set the search counts (relaxed here: no article holds both)
        assert len(searcher.search_ids("câbleurs automobiles")) == 3
