"""Every index problem leads to automatic recovery or to one line saying what to run, and
that command works; `stats` always runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import indexer
from corpus import Home, Store
from tests.articles import make_article
from tui.cli import main

# Whoosh leaves the file of a damaged segment open when it fails to read it (the garbage
# collector closes it): not ours to fix, and harmless in a CLI run.
pytestmark = [pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
              pytest.mark.filterwarnings("ignore::ResourceWarning")]


def cli(home: Home, *args: str) -> int:
    return main(["--home", str(home.root), *args])


@pytest.fixture
def stocked(home: Home) -> Home:
    home.ensure()
    with Store.open(home.corpus_db) as store:
        store.upsert_many([make_article(i) for i in range(6)])
    indexer.update_index(home)
    return home


def live(home: Home) -> Path:
    return home.index_dir / (home.index_dir / "CURRENT").read_text().strip()


def damage_segment(home: Home, how: str) -> None:
    version = live(home)
    segment = next(version.glob("*.seg"), None)
    if how == "truncated segment":
        assert segment is not None
        with open(segment, "r+b") as fh:
            fh.truncate(200)
    elif how == "missing segment":
        assert segment is not None
        segment.unlink()
    elif how == "truncated table of contents":
        toc = next(version.glob("_MAIN_*.toc"))
        toc.write_bytes(toc.read_bytes()[:40])
    elif how == "damaged pointer":
        (home.index_dir / "CURRENT").write_text("n'importe quoi\n")
    elif how == "damaged state":
        (version / "veille.json").write_text("{")


HOW = ["truncated segment", "missing segment", "truncated table of contents",
       "damaged pointer", "damaged state"]


@pytest.mark.parametrize("how", HOW)
def test_a_damaged_index_is_reported_then_rebuilt(
        stocked: Home, how: str, capsys: pytest.CaptureFixture[str]) -> None:
    damage_segment(stocked, how)
    # search says what to run ...
    code = cli(stocked, "search", "question")
    err = capsys.readouterr().err
    assert code == 1 and "veille index" in err and "unexpected error" not in err
    # ... stats still runs and says what is broken ...
    assert cli(stocked, "stats") == 0
    out, err = capsys.readouterr()
    assert "problème : index :" in out and "veille index" in out
    assert "unexpected error" not in err
    assert cli(stocked, "stats", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["articles"] == 6 and data["problems"]
    # ... and the command it names repairs it, without --rebuild.
    assert cli(stocked, "index") == 0
    assert "index reconstruit : 6 articles" in capsys.readouterr().out
    assert cli(stocked, "search", "question", "--json") == 0
    assert json.loads(capsys.readouterr().out)["total"] == 6
    assert cli(stocked, "stats", "--json") == 0
    assert json.loads(capsys.readouterr().out)["problems"] == []


def test_a_crawl_after_damage_repairs_the_index(stocked: Home) -> None:
    """The crawl's and import's own index update recovers the same way."""
    damage_segment(stocked, "truncated segment")
    with Store.open(stocked.corpus_db) as store:
        store.upsert(make_article(20))
    report = indexer.update_index(stocked)
    assert report.rebuilt and report.documents == 7 and "reconstruit car" in report.reason


def test_a_half_built_version_is_reported_and_removed(
        stocked: Home, capsys: pytest.CaptureFixture[str]) -> None:
    stray = stocked.index_dir / "v000042"            # what a killed rebuild leaves
    stray.mkdir()
    (stray / "MAIN_x.seg").write_bytes(b"\0" * 1000)
    assert cli(stocked, "stats", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["index"]["half_built"] == ["v000042"] and data["index"]["exists"]
    assert any("à moitié construite" in p for p in data["problems"])
    assert cli(stocked, "search", "question") == 0   # searches never mind it
    capsys.readouterr()
    assert cli(stocked, "index") == 0
    assert "index à jour" in capsys.readouterr().out
    assert not stray.exists() and live(stocked).exists()


def test_an_empty_index_searches_to_no_hits(home: Home, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """After a first crawl where everything failed: a corpus and an index, both empty."""
    empty = tmp_path / "vide.jsonl"
    empty.write_text("\n", encoding="utf-8")
    assert cli(home, "import", str(empty)) == 0
    assert indexer.index_state(home).exists
    for query in ("hydrogène", "hydrogène vert", "hydrogène OR vert", "title:usine",
                  '"port sec"', "-acier usine"):
        assert cli(home, "search", query, "--json") == 0, query
        assert json.loads(capsys.readouterr().out)["total"] == 0
    assert cli(home, "export", "--query", "hydrogène") == 0
    assert capsys.readouterr().out == ""
    assert indexer.search("hydrogène", home=home).total == 0
    assert indexer.search_ids("hydrogène vert", home=home, partial=True) == []
    assert cli(home, "stats") == 0
    assert "index : 0 document, à jour" in capsys.readouterr().out
