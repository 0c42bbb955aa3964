"""The `veille search` / `veille index` command-line contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from corpus import Home, WriterLock
from tests.test_search import ARTICLES, build
from tui.cli import main


@pytest.fixture
def built(tmp_path: Path) -> Home:
    home = Home.resolve(tmp_path / "home")
    build(home)
    return home


def test_json_shape(built: Home, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--home", str(built.root), "search", "énergies", "--json", "--limit", "2"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"query", "total", "all_terms", "relaxed", "took_ms", "complete",
                        "results", "facets", "suggestion", "grouped", "total_articles",
                        "total_stories", "facets_articles"}
    assert out["grouped"] is True and out["total"] == out["total_stories"]
    assert out["query"] == "énergies" and out["complete"] is True and out["total"] >= 2
    assert len(out["results"]) == 2
    assert set(out["results"][0]) == {"id", "url", "title", "source", "published", "author",
                                      "score", "snippet", "story", "reprints",
                                      "reprint_count", "story_size"}
    assert "<mark>" in out["results"][0]["snippet"]
    assert set(out["facets"]) == {"source", "year"}


def test_plain_output_is_readable_without_escapes(built: Home,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--home", str(built.root), "search", "charbon", "--sort", "date"]) == 0
    out = capsys.readouterr().out
    assert "  1. 20/03/2025  energie-hebdo  Après la COP28" in out
    assert "<mark>" not in out and "\x1b" not in out
    assert "résultats" in out


def test_filters_and_suggestion(built: Home, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--home", str(built.root), "search", "énergie", "--source", "agro-actu",
                 "--since", "2020", "--until", "2022", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [r["source"] for r in out["results"]] == ["agro-actu"]
    assert main(["--home", str(built.root), "search", "hydrogne", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["suggestion"] == "hydrogène"


@pytest.mark.parametrize("args", [["--since", "2025-13-01"], ["--until", "hier"]])
def test_bad_date_exits_2(built: Home, args: list[str],
                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--home", str(built.root), "search", "x", *args]) == 2
    assert "formes acceptées" in capsys.readouterr().err


def test_empty_home_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--home", str(tmp_path / "none"), "search", "x"]) == 3
    assert "veille" in capsys.readouterr().err
    assert main(["--home", str(tmp_path / "none"), "index"]) == 3


def test_corpus_without_index_exits_3(built: Home, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    shutil.rmtree(built.index_dir)
    assert main(["--home", str(built.root), "search", "x"]) == 3
    assert "veille index" in capsys.readouterr().err


def test_index_command_and_lock(built: Home, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--home", str(built.root), "index"]) == 0
    assert capsys.readouterr().out.startswith(f"index à jour : {len(ARTICLES)} articles")
    assert main(["--home", str(built.root), "index", "--rebuild"]) == 0
    assert "index reconstruit" in capsys.readouterr().out
    with WriterLock(built):
        assert main(["--home", str(built.root), "index"]) == 75


def test_search_json_does_not_import_textual(built: Home) -> None:
    code = (
        "import sys, io, contextlib\n"
        "from tui.cli import main\n"
        "buf = io.StringIO()\n"
        "with contextlib.redirect_stdout(buf):\n"
        f"    rc = main(['--home', {str(built.root)!r}, 'search', 'énergie', '--json'])\n"
        "assert rc == 0, rc\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
        "assert '\"results\"' in buf.getvalue()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr


def test_search_json_loads_neither_the_ui_nor_the_other_commands(built: Home) -> None:
    # A cold `veille search --json` pays for every module it imports (issue 17: ≤ 500 ms
    # at a million articles): no Textual or Rich, no other command's module, no export
    # writers, no agency patterns (they compile when imported), no package metadata.
    code = (
        "import contextlib, io, json, sys\n"
        "sys.modules['click'] = None\n"  # httpx's CLI, installed for the tests only
        "from tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    code = main(['--home', {str(built.root)!r}, 'search', 'énergie', '--json'])\n"
        "assert code == 0 and json.loads(out.getvalue())['total'] > 0\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    loaded = set(json.loads(proc.stdout))
    assert "indexer.searching" in loaded  # it did search
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "rich", "httpx")}
    assert {m for m in loaded if m.startswith("tui.cli.commands.")} <= {
        "tui.cli.commands.search", "tui.cli.commands._shared", "tui.cli.commands._grouping"}
    unwanted = {"tui.formats.table", "tui.formats.digest", "tui.app", "corpus.agency",
                "importlib.metadata", "crawler"}
    assert not loaded & unwanted
