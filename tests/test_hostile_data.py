"""Bad values and damaged files never take the home down (dates, JSON lines, CSV, the
terminal, export paths, the corpus file)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

import indexer
from corpus import Article, Home, Store, StoreError
from tests.articles import make_article
from tests.crawlsite import Site, article_html
from tests.test_crawl_cli import write_sources
from tui.cli import main

FAR_FUTURE = "9999-12-31T23:59:59-12:00"
FAR_PAST = "0001-01-01T00:00:00+14:00"


def cli(home: Home, *args: str) -> int:
    return main(["--home", str(home.root), *args])


def write_jsonl(path: Path, records: list[dict[str, Any] | str]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def record(i: int, **changes: Any) -> dict[str, Any]:
    data = make_article(i, words=30).to_json()
    data.update(changes)
    return data


# -- dates -------------------------------------------------------------------------------

def test_absurd_dates_are_dropped_with_a_note_and_indexing_goes_on(
        home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [
        record(1, published=FAR_FUTURE), record(2, published=FAR_PAST, modified=FAR_FUTURE),
        record(3, published="1899-12-31T23:00:00+00:00"), record(4)])
    assert cli(home, "import", str(src)) == 0
    err = capsys.readouterr().err
    assert ("ligne 1 : date published 9999-12-31T23:59:59-12:00 écartée : plus d’un jour "
            "dans le futur") in err
    assert "ligne 2 : date published 0001-01-01T00:00:00+14:00 écartée : antérieure à 1900" in err
    assert "ligne 3 : date published" in err and "4 nouveaux" in err
    with Store.open(home.corpus_db) as store:
        dates = {a.title: a.published for a in store.iter_articles()}
    assert sorted(d is None for d in dates.values()) == [False, True, True, True]
    assert indexer.search_ids("question", home=home).__len__() == 4   # all four indexed
    assert cli(home, "index", "--rebuild") == 0
    assert "index reconstruit : 4 articles" in capsys.readouterr().out


def test_dates_are_checked_wherever_an_article_is_made() -> None:
    """Extraction and a feed's or sitemap's hint make Articles too (`replace`)."""
    base = make_article(1)
    hint = datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-12)))
    hinted = base.replace(published=hint)
    assert hinted.published is None and "plus d’un jour dans le futur" in hinted.notes[0]
    near = datetime.now(UTC) + timedelta(hours=20)      # a site's clock a little ahead
    assert base.replace(published=near).published == near
    assert base.replace(published=datetime(1900, 1, 1, tzinfo=UTC)).published is not None
    assert Article(url="https://a.example/x", text="t", modified=FAR_PAST).modified is None


def test_a_hostile_sitemap_date_does_not_freeze_crawls(
        home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Site() as site:
        undated = article_html("Article sans date", published="").replace(
            '<time datetime="">2 mars 2026</time>', "")
        assert "<time" not in undated
        site.page("/2026/03/article-0", undated)
        news = f"""<?xml version="1.0"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
                xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
        <url><loc>{site.base}/2026/03/article-0</loc><news:news>
        <news:publication_date>{FAR_FUTURE}</news:publication_date></news:news></url>
        </urlset>"""
        site.page("/sitemap.xml", news, "application/xml")
        sources = write_sources(tmp_path / "sources.toml", site, 0,
                                extra=f'sitemaps = ["{site.base}/sitemap.xml"]')
        assert cli(home, "crawl", "--sources", str(sources)) == 0, capsys.readouterr().err
        assert "1 nouvel article" in capsys.readouterr().out
        assert cli(home, "crawl", "--sources", str(sources)) == 0   # and the next one too
    with Store.open(home.corpus_db) as store:
        (article,) = list(store.iter_articles())
    assert article.published is None
    assert indexer.search_ids("article", home=home) == [article.id]


def test_an_absurd_date_stored_by_an_older_veille_is_indexed_without_it(home: Home) -> None:
    home.ensure()
    with Store.open(home.corpus_db) as store:
        store.upsert_many([make_article(1), make_article(2)])
    conn = sqlite3.connect(home.corpus_db)
    with conn:
        conn.execute("UPDATE articles SET published=?", (FAR_FUTURE,))
    conn.close()
    report = indexer.update_index(home, rebuild=True)
    assert report.documents == 2 and not report.skipped
    with indexer.Searcher(home) as searcher:
        assert searcher.search("question", sort="date").total == 2


def test_an_article_the_indexer_cannot_take_is_skipped_and_counted(
        home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    from indexer.whoosh import indexing  # the engine turns articles into its documents

    home.ensure()
    with Store.open(home.corpus_db) as store:
        store.upsert_many([make_article(i) for i in range(5)])
    poisoned = make_article(3).id
    real = indexing.document

    def document(article: Article) -> dict[str, Any]:
        if article.id == poisoned:
            raise OverflowError("date value out of range")
        return real(article)

    monkeypatch.setattr(indexing, "document", document)
    report = indexer.update_index(home, rebuild=True)
    assert report.documents == 4 and report.skipped == [poisoned]
    assert "1 article impossible à indexer" in report.summary()
    with Store.open(home.corpus_db) as store:
        store.upsert(make_article(3).replace(title="Changé"))
        store.upsert(make_article(9))
    report = indexer.update_index(home)          # the incremental path isolates it too
    assert report.added == 1 and report.skipped == [poisoned]
    assert report.documents == 5


# -- JSON lines --------------------------------------------------------------------------

def test_a_pathological_json_line_is_one_bad_line(
        home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [
        record(1), "[" * 100_000, '{"a":' * 50_000, record(2),
        json.dumps({**record(3), "tags": [[["x"]]]})])
    assert cli(home, "import", str(src), "--no-index") == 2
    err = capsys.readouterr().err
    assert "ligne 2 : plus de 64 niveaux d’imbrication" in err
    assert "ligne 3 : plus de 64 niveaux d’imbrication" in err
    assert "3 nouveaux" in err and "2 lignes incorrectes" in err and "Traceback" not in err


def test_an_oversized_line_is_skipped_without_being_held(
        home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.cli.commands import import_

    monkeypatch.setattr(import_, "MAX_LINE_BYTES", 4096)
    huge = json.dumps(record(2, text="mot " * 5000))
    src = write_jsonl(tmp_path / "in.jsonl", [record(1), huge, record(3)])
    assert cli(home, "import", str(src), "--no-index") == 2
    err = capsys.readouterr().err
    assert "ligne 2 : plus de" in err and "2 nouveaux" in err


# -- what reaches a terminal or a spreadsheet --------------------------------------------

def test_csv_cells_that_look_like_formulas_are_neutralised(
        home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    titles = ['=HYPERLINK("http://evil/","clic")', "+33 1 23", "-2 %", "@SUM(A1)",
              "\tcaché", "Normal = sûr"]
    home.ensure()
    with Store.open(home.corpus_db) as store:
        store.upsert_many([make_article(i).replace(title=t) for i, t in enumerate(titles)])
        conn = store._conn
        conn.execute("UPDATE articles SET title=? WHERE title=?", ("\rretour", "caché"))
    assert cli(home, "export", "--format", "csv") == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out, newline="")))
    got = {r["title"] for r in rows}
    assert got == {"'=HYPERLINK(\"http://evil/\",\"clic\")", "'+33 1 23", "'-2 %",
                   "'@SUM(A1)", "'\nretour", "Normal = sûr"}


def test_show_sanitises_every_printed_string(
        home: Home, capsys: pytest.CaptureFixture[str]) -> None:
    article = make_article(1).replace(url="https://pre\x1bcsse.example.ma/a",
                                      title="Titre")
    assert "\x1b" in article.url          # the URL keeps it: only the display strips it
    home.ensure()
    with Store.open(home.corpus_db) as store:
        store.upsert(article)
    assert cli(home, "show", article.id) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "https://precsse.example.ma/a" in out
    assert cli(home, "show", article.id, "--json") == 0
    raw = capsys.readouterr().out
    assert "\x1b" not in raw and json.loads(raw)["url"] == article.url


# -- home files are off limits -----------------------------------------------------------

@pytest.fixture
def stocked(home: Home) -> Home:
    home.ensure()
    with Store.open(home.corpus_db) as store:
        store.upsert_many([make_article(i) for i in range(4)])
    indexer.update_index(home)
    return home


@pytest.mark.parametrize("target", ["corpus.sqlite3", "corpus.sqlite3-wal",
                                    "crawl.sqlite3", "index/CURRENT", "index/x.jsonl",
                                    "writer.lock", "link-to-corpus"])
def test_export_output_refuses_the_homes_data(
        stocked: Home, target: str, capsys: pytest.CaptureFixture[str]) -> None:
    (stocked.root / "link-to-corpus").symlink_to(stocked.corpus_db)
    before = stocked.corpus_db.read_bytes()
    assert cli(stocked, "export", "--output", str(stocked.root / target)) == 2
    err = capsys.readouterr().err
    assert "refus d’écrire sur les données du dossier" in err
    assert stocked.corpus_db.read_bytes() == before
    assert cli(stocked, "stats") == 0 and "4 articles" in capsys.readouterr().out


def test_export_output_through_a_relative_path_is_refused(
        stocked: Home, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(stocked.index_dir)
    assert cli(stocked, "export", "-o", "../corpus.sqlite3") == 2
    assert cli(stocked, "export", "-o", str(stocked.root.parent / "sauvegarde.jsonl")) == 0
    assert "4 articles exportés" in capsys.readouterr().err


def test_an_emptied_corpus_file_is_refused_not_recreated(
        stocked: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stocked.corpus_db.write_bytes(b"")              # what `export -o corpus` used to do
    for command in (["stats"], ["search", "question"], ["index", "--rebuild"]):
        cli(stocked, *command)
        out, err = capsys.readouterr()
        assert "est vide (0 octet)" in out + err and "unexpected" not in err
    src = write_jsonl(tmp_path / "in.jsonl", [record(1)])
    assert cli(stocked, "import", str(src)) == 1
    err = capsys.readouterr().err
    assert "est vide (0 octet)" in err and "Restaurez-le depuis une sauvegarde" in err
    assert stocked.corpus_db.stat().st_size == 0   # not re-initialised as a new corpus


def test_a_foreign_sqlite_file_is_refused_untouched(home: Home) -> None:
    home.ensure()
    conn = sqlite3.connect(home.corpus_db)
    with conn:
        conn.execute("CREATE TABLE notes(x)")
    conn.close()
    before = home.corpus_db.read_bytes()
    with pytest.raises(StoreError, match="autre programme"):
        Store.open(home.corpus_db)
    assert home.corpus_db.read_bytes() == before


def test_a_rebuild_does_not_empty_a_full_index_unless_forced(
        stocked: Home, capsys: pytest.CaptureFixture[str]) -> None:
    stocked.corpus_db.unlink()
    Store.open(stocked.corpus_db).close()           # a new, empty corpus in its place
    assert cli(stocked, "index", "--rebuild") == 2
    err = capsys.readouterr().err
    assert "ne contient aucun article mais l’index en contient 4" in err and "--force" in err
    assert indexer.index_state(stocked).documents == 4
    assert cli(stocked, "index") == 2               # an update would rebuild: same refusal
    assert cli(stocked, "index", "--rebuild", "--force") == 0
    assert indexer.index_state(stocked).documents == 0


def test_an_index_of_another_corpus_is_rebuilt(stocked: Home) -> None:
    stocked.corpus_db.unlink()
    with Store.open(stocked.corpus_db) as store:
        store.upsert_many([make_article(10), make_article(11)])
    report = indexer.update_index(stocked)
    assert report.rebuilt and report.documents == 2 and "autre corpus" in report.reason


def test_garbage_inside_the_corpus_file_is_the_clean_corpus_message(
        home: Home, capsys: pytest.CaptureFixture[str]) -> None:
    home.ensure()
    with Store.open(home.corpus_db) as store:
        store.upsert_many([make_article(i, words=400) for i in range(60)])
    indexer.update_index(home)
    size = home.corpus_db.stat().st_size
    with open(home.corpus_db, "r+b") as fh:         # keep the header, ruin the pages
        fh.seek(size // 3)
        fh.write(b"\xde\xad\xbe\xef" * (size // 12))
    outcomes = []
    for command in (["search", "question"], ["export"], ["show", make_article(5).id]):
        code = cli(home, *command)
        err = capsys.readouterr().err
        outcomes.append(code)
        assert "unexpected error" not in err and "Traceback" not in err
        if code:
            assert "le corpus" in err and "abîmé" in err or "n’est pas un corpus" in err
    assert any(outcomes)
    assert cli(home, "stats") == 0
