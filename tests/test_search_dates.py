"""Hits carry the publication date as the site gave it (its UTC offset), not the index's UTC."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from corpus import Article, Home, Store
from indexer import Searcher, update_index


@pytest.mark.parametrize("snippets", [True, False])
def test_hit_dates_keep_the_sites_offset(tmp_path: Path, snippets: bool) -> None:
    home = Home.resolve(tmp_path / "home")
    published = datetime.fromisoformat("2026-01-20T00:30:00+01:00")
    with Store.open(home.corpus_db) as store:
        store.upsert(Article(url="https://ports.example.ma/2026/01/tanger-med", title="Tanger Med",
                             text="Tanger Med a traité 11 millions de conteneurs.",
                             published=published))
    update_index(home)
    with Searcher(home) as searcher:
        hit = searcher.search("conteneurs", snippets=snippets).hits[0]
    assert hit.published == published
    assert hit.published is not None and hit.published.utcoffset() == published.utcoffset()
    assert hit.published.day == 20
    assert hit.to_json()["published"] == "2026-01-20T00:30:00+01:00"
