"""Hits carry the publication date as the site gave it (its UTC offset), not the index's UTC."""

from __future__ import annotations

from datetime import UTC, datetime
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


def test_years_filter_any_of_them_and_nothing_between(tmp_path: Path) -> None:
    """`years=` (the workbench's year facet): published in one of the years, the years
    between left out; combined with since/until and sources as any other filter."""
    home = Home.resolve(tmp_path / "home")
    home.ensure()
    with Store.open(home.corpus_db) as store:
        store.upsert_many([
            Article(url=f"https://usine.example/{year}-{n}", title=f"Hydrogène vert {year}",
                    text="L’électrolyseur entre en service.", source=f"s{n}",
                    published=datetime(year, 6, 1 + n, tzinfo=UTC))
            for year in (2023, 2024, 2025) for n in (1, 2)])
    update_index(home)
    with Searcher(home) as searcher:
        result = searcher.search("hydrogène", years=(2025, 2023), limit=10)
        assert result.total == 4
        assert {h.published.year for h in result.hits if h.published} == {2023, 2025}
        assert {str(y): n for y, n in result.facets["year"].items()} == {"2023": 2, "2025": 2}
        ids = searcher.search_ids("hydrogène", years=(2023, 2025), sort="date")
        assert set(ids) == {h.id for h in result.hits}
        both = searcher.search("hydrogène", years=(2023, 2025), sources=["s1"])
        assert both.total == 2
        assert searcher.search("hydrogène", years=(2023, 2025), since="2024").total == 2
