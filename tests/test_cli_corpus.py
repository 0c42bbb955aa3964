"""The `veille` command's corpus side: import, export, show, stats, exit codes, the lock."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from pathlib import Path

import pytest

from corpus import Article, Home, Store, WriterLock
from tests.articles import make_article
from tests.conftest import veille_exe
from tui.cli.program import build_parser, command_modules, main


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([veille_exe(), *args], input=stdin, capture_output=True, timeout=120)


def tricky_articles() -> list[Article]:
    base = make_article(7)
    return [
        base.replace(url="https://presse.example.ma/a", title="L’usine « verte » de Kénitra 🚗",
                     text="Aujourd’hui, l’œuvre des PME ✨ s’accélère.\n\nDeuxième paragraphe."),
        base.replace(url="https://presse.example.sn/b", title="Énergie : ça démarre à Dakar",
                     lead="Première pierre — enfin", author="Aïssatou Bâ", tags=["énergie", "🌍"]),
        make_article(8),
    ]


def test_import_export_round_trips_byte_for_byte(home: Home, tmp_path: Path) -> None:
    arts = sorted(tricky_articles(), key=lambda a: a.id)
    src = tmp_path / "in.jsonl"
    src.write_text("".join(a.dumps() + "\n" for a in arts), encoding="utf-8")
    r = run_cli("--home", str(home.root), "import", str(src), "--no-index")
    assert r.returncode == 0, r.stderr
    assert b"3 nouveaux" in r.stderr
    out = run_cli("--home", str(home.root), "export")
    assert out.returncode == 0, out.stderr
    assert out.stdout == src.read_bytes()
    # Importing the same file again changes nothing.
    again = run_cli("--home", str(home.root), "import", str(src), "--no-index")
    assert again.returncode == 0 and "3 inchangés".encode() in again.stderr


def test_import_reports_bad_lines_and_keeps_good_ones(home: Home,
                                                      capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    lines = [make_article(i, words=30).dumps() for i in range(100)]
    lines[9] = "{not json"
    lines[41] = json.dumps({"url": "https://x.fr/no-text"})
    lines[76] = json.dumps({"url": "https://x.fr/bad-date", "text": "t", "published": "hier"})
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = main(["--home", str(home.root), "import", str(src), "--no-index"])
    err = capsys.readouterr().err
    assert code == 2
    assert "ligne 10 : JSON incorrect" in err
    assert "ligne 42 : 'text' manquant" in err
    assert "ligne 77 : 'published' n’est pas une date ISO 8601" in err
    with Store.open(home.corpus_db) as store:
        assert store.count() == 97


def test_import_from_stdin_and_not_utf8_line(home: Home) -> None:
    bad = b'{"url": "https://a.fr/x", "text": "caf\xe9"}\n'
    data = (make_article(1).dumps() + "\n").encode() + bad
    r = run_cli("--home", str(home.root), "import", "-", "--no-index", stdin=data)
    assert r.returncode == 2
    assert b"ligne 2 : pas du texte UTF-8" in r.stderr
    assert b"Traceback" not in r.stderr
    with Store.open(home.corpus_db) as store:
        assert store.count() == 1


def test_import_unreadable_file_is_one_line_exit_2(
    home: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--home", str(home.root), "import", "/nonexistent/file.jsonl"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "lecture impossible de /nonexistent/file.jsonl" in err


def test_export_csv_has_header_and_rows(home: Home, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(home.corpus_db) as store:
        store.upsert_many(tricky_articles())
    assert main(["--home", str(home.root), "export", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 3
    titles = {r["title"] for r in rows}
    assert "L’usine « verte » de Kénitra 🚗" in titles
    assert any(r["tags"] == "énergie; 🌍" for r in rows)


def test_export_to_file(home: Home, tmp_path: Path) -> None:
    with Store.open(home.corpus_db) as store:
        store.upsert_many([make_article(i) for i in range(5)])
    out = tmp_path / "out.jsonl"
    assert main(["--home", str(home.root), "export", "--output", str(out)]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5


def test_show_by_id_url_and_json(home: Home, capsys: pytest.CaptureFixture[str]) -> None:
    a = tricky_articles()[0]
    with Store.open(home.corpus_db) as store:
        store.upsert(a)
    assert main(["--home", str(home.root), "show", a.id]) == 0
    text = capsys.readouterr().out
    assert "L’usine « verte » de Kénitra 🚗" in text and "Deuxième paragraphe." in text
    assert main(["--home", str(home.root), "show", a.url + "?utm_medium=x", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown.pop("story"), shown.pop("reprints")) == (1, [])  # a story of its own
    assert shown == a.to_json()
    assert main(["--home", str(home.root), "show", "0000000000000000"]) == 2
    assert "aucun article" in capsys.readouterr().err


def test_stats_counts_sources(home: Home, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(home.corpus_db) as store:
        store.upsert_many([make_article(i) for i in range(6)])
    assert main(["--home", str(home.root), "stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["articles"] == 6
    assert {name: s["articles"] for name, s in data["sources"].items()} == {
        "source-0": 2, "source-1": 2, "source-2": 2}
    assert data["first_published"].startswith("2024-01-01")
    assert main(["--home", str(home.root), "stats"]) == 0
    assert "6 articles" in capsys.readouterr().out


@pytest.mark.parametrize("command", [["show", "abc"], ["export"], ["stats"]])
def test_empty_home_exits_3_with_a_hint(home: Home, command: list[str],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--home", str(home.root), *command]) == 3
    err = capsys.readouterr().err
    assert "rien à chercher pour l’instant" in err and "veille import" in err
    assert not home.corpus_db.exists()


def test_corrupted_corpus_is_one_line_no_traceback(home: Home) -> None:
    home.ensure()
    home.corpus_db.write_bytes(b"garbage" * 1000)
    r = run_cli("--home", str(home.root), "show", "0123456789abcdef")
    assert r.returncode == 1
    assert "n’est pas un corpus Veille ou est abîmé".encode() in r.stderr
    assert b"Traceback" not in r.stderr and r.stderr.count(b"\n") == 1
    # stats still runs, and says what is broken
    r = run_cli("--home", str(home.root), "stats")
    assert r.returncode == 0, r.stderr
    assert b"illisible" in r.stdout
    assert "n’est pas un corpus Veille ou est abîmé".encode() in r.stdout
    assert b"Traceback" not in r.stderr


def test_second_writer_exits_75_naming_the_holder(home: Home, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(make_article(1).dumps() + "\n", encoding="utf-8")
    with WriterLock(home):
        r = run_cli("--home", str(home.root), "import", str(src), "--no-index")
    assert r.returncode == 75
    assert f"PID {os.getpid()}".encode() in r.stderr
    # Once released, the import goes through.
    assert run_cli("--home", str(home.root), "import", str(src), "--no-index").returncode == 0


def test_bad_usage_is_one_line_exit_2() -> None:
    r = run_cli("search")
    assert r.returncode == 2
    assert r.stderr.count(b"\n") == 1 and b"obligatoires manquants" in r.stderr
    r = run_cli("frobnicate")
    assert r.returncode == 2 and r.stderr.count(b"\n") == 1


def test_every_subcommand_has_help() -> None:
    parser = build_parser()
    names = {m.NAME for m in command_modules()}
    assert names >= {"tui", "crawl", "import", "index", "search", "show", "extract", "stats",
                     "export", "demo", "watch"}
    for module in command_modules():
        assert module.HELP and module.DESCRIPTION, module.NAME
    help_text = parser.format_help()
    for name in names:
        assert name in help_text
    r = run_cli("--help")
    assert r.returncode == 0 and b"import" in r.stdout
