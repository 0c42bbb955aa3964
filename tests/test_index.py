"""Incremental indexing, atomic rebuilds, damaged indexes and the index state."""

from __future__ import annotations

from pathlib import Path

import pytest

import indexer
from corpus import Article, Home, Store, WriterLock
from corpus.errors import LockHeld


def art(n: int, text: str, **kw: str) -> Article:
    return Article(url=f"https://presse.example/2025/{n}", title=f"Article {n}", text=text,
                   source="presse", published="2025-02-01", **kw)


@pytest.fixture
def home(tmp_path: Path) -> Home:
    home = Home.resolve(tmp_path / "home").ensure()
    with Store.open(home.corpus_db) as store:
        store.upsert_many([art(1, "Le nickel calédonien"), art(2, "Le cobalt congolais")])
    return home


def ids(home: Home, query: str) -> list[str]:
    return indexer.search_ids(query, home=home)


def test_incremental_new_changed_deleted(home: Home) -> None:
    first = indexer.update_index(home)
    assert first.rebuilt and first.documents == 2
    with Store.open(home.corpus_db) as store:
        store.upsert(art(3, "Le lithium argentin"))
        store.upsert(art(1, "Le manganèse gabonais"))
        store.delete(art(2, "").url)
        seq = store.last_seq()
    report = indexer.update_index(home)
    assert (report.added, report.updated, report.deleted) == (1, 1, 1)
    assert report.documents == 2 and report.seq == seq and not report.rebuilt
    assert ids(home, "lithium") == [art(3, "x").id]
    assert ids(home, "manganese") == [art(1, "x").id]
    assert ids(home, "nickel") == [] and ids(home, "cobalt") == []
    with indexer.Searcher(home) as searcher:     # the fast keyword path sees it too
        assert searcher.search("cobalt").total == 0
        assert [h.id for h in searcher.search("lithium OR cobalt").hits] == [art(3, "x").id]
    again = indexer.update_index(home)          # idempotent
    assert (again.added, again.updated, again.deleted) == (0, 0, 0)
    assert "index à jour" in again.summary()
    state = indexer.index_state(home)
    assert state.exists and state.documents == 2 and state.behind == 0
    assert state.seq == seq and state.built_at


def test_index_state_reports_lag(home: Home) -> None:
    assert indexer.index_state(home).exists is False
    indexer.update_index(home)
    with Store.open(home.corpus_db) as store:
        store.upsert(art(9, "Le zinc"))
    assert indexer.index_state(home).behind == 1
    assert indexer.index_state(home, corpus_seq=10).behind == 10 - 2


def test_rebuild_swaps_while_a_searcher_is_open(home: Home) -> None:
    indexer.update_index(home)
    with indexer.Searcher(home) as searcher:
        assert searcher.search("nickel").total == 1
        with Store.open(home.corpus_db) as store:
            store.upsert(art(4, "Le nickel indonésien"))
        report = indexer.update_index(home, rebuild=True)
        assert report.rebuilt and report.documents == 3
        assert searcher.search("nickel").total == 1     # still the old version, still works
        assert searcher.refresh()
        assert searcher.search("nickel").total == 2
        assert searcher.doc_count() == 3
    versions = [p.name for p in home.index_dir.iterdir() if p.name.startswith("v")]
    assert len(versions) == 1                            # the old version is gone


def test_interrupted_rebuild_leaves_the_live_index(home: Home,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    indexer.update_index(home)
    from indexer import update

    def boom(store: Store):  # type: ignore[no-untyped-def]
        yield art(5, "partiel")
        raise KeyboardInterrupt

    monkeypatch.setattr(update, "newest_first", boom)
    with pytest.raises(KeyboardInterrupt):
        indexer.update_index(home, rebuild=True)
    assert ids(home, "nickel")                          # the live index still answers
    assert len([p for p in home.index_dir.iterdir() if p.name.startswith("v")]) == 1


def test_damaged_index_says_how_to_rebuild(home: Home) -> None:
    indexer.update_index(home)
    (home.index_dir / "CURRENT").write_text("garbage")
    with pytest.raises(indexer.IndexCorrupt, match="veille index --rebuild"):
        indexer.search("nickel", home=home)
    assert indexer.index_state(home).error is not None
    report = indexer.update_index(home)                 # `veille index` repairs it
    assert report.rebuilt and ids(home, "nickel")


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_damaged_segment_files(home: Home) -> None:
    """(Whoosh itself leaves the damaged file open: its warning is ignored here.)"""
    indexer.update_index(home)
    version = home.index_dir / (home.index_dir / "CURRENT").read_text().strip()
    for path in version.iterdir():
        if path.suffix in (".toc",):
            path.write_bytes(b"\x00garbage")
    with pytest.raises(indexer.IndexCorrupt, match="rebuild"):
        indexer.search("nickel", home=home)


def test_lock_is_taken_unless_told(home: Home) -> None:
    with WriterLock(home):
        with pytest.raises(LockHeld):
            indexer.update_index(home)
        assert indexer.update_index(home, lock=False).documents == 2


def test_progress_is_reported(home: Home) -> None:
    seen: list[tuple[int, int | None]] = []
    indexer.update_index(home, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (2, 2)


def test_refresh_picks_up_new_articles_and_keeps_working(tmp_path: Path) -> None:
    from corpus import Article, Home, Store
    from indexer import Searcher, update_index

    home = Home.resolve(tmp_path / "refresh-home")

    def add(n: int) -> None:
        with Store.open(home.corpus_db) as store:
            store.upsert(Article(url=f"https://presse.example.ma/2025/{n}", title=f"Usine {n}",
                                 text=f"L’usine numéro {n} produit du ciment bas carbone."))
        update_index(home)

    add(1)
    with Searcher(home) as searcher:
        assert searcher.search("ciment").total == 1
        assert searcher.refresh() is False
        add(2)
        assert searcher.refresh() is True
        assert searcher.search("ciment").total == 2
        add(3)
        assert searcher.refresh() is True
        assert searcher.search("ciment").total == 3
    # closing after refreshes raised ReaderClosed before
