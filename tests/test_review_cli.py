"""`veille selection` and `veille review`: the kept articles, and the press review files
opened again and checked for their structure (DOCX with python-docx, HTML with bs4)."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from bs4 import BeautifulSoup
from conftest import veille_exe
from test_tui_app import build_home, make_articles

from corpus import Home, Store
from tui.cli import main
from tui.selection import Entry, Selection


@pytest.fixture
def indexed(tmp_path: Path) -> Home:
    articles = make_articles()
    articles[0] = dataclasses.replace(articles[0], section="Énergie",
                                      tags=["hydrogène", "Maroc"])
    home = build_home(tmp_path / "home", articles)
    (home.sources_file).write_text(
        '[[source]]\nname = "usine-demo"\ntitle = "L’Usine Démo"\nurl = "https://u.example/"\n'
        '[[source]]\nname = "echos-demo"\ntitle = "Les Échos Démo"\n'
        'url = "https://e.example/"\n', encoding="utf-8")
    return home


def veille(home: Home, *args: str) -> int:
    return main(["--home", str(home.root), *args])


def ids_of(home: Home, query: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert veille(home, "search", query, "--json") == 0
    return [h["id"] for h in json.loads(capsys.readouterr().out)["results"]]


def test_selection_add_list_rm_clear(indexed: Home, capsys: pytest.CaptureFixture[str]) -> None:
    ids = ids_of(indexed, "date:>=2000", capsys)
    assert len(ids) == 8
    assert veille(indexed, "selection", "add", *ids[:3]) == 0
    assert "3 articles ajoutés ; 3 dans la sélection" in capsys.readouterr().err
    assert veille(indexed, "selection", "add", ids[0], ids[3]) == 0
    assert "1 article ajouté (1 y était déjà) ; 4 dans la sélection" in capsys.readouterr().err
    assert veille(indexed, "selection", "list", "--json") == 0
    listed = [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()]
    assert listed == [ids[0], ids[1], ids[2], ids[3]]  # the order they were kept
    assert veille(indexed, "selection", "rm", ids[1]) == 0
    assert veille(indexed, "selection", "list") == 0
    out = capsys.readouterr().out
    assert ids[1] not in out and ids[0] in out and "3 articles dans la sélection" in out
    assert veille(indexed, "selection", "clear") == 0
    assert "sélection vidée (3 articles)" in capsys.readouterr().err
    with Selection.open(indexed) as selection:
        assert selection.count() == 0


def test_selection_refuses_unknown_ids_whole(indexed: Home,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    ids = ids_of(indexed, "hydrogène", capsys)
    assert veille(indexed, "selection", "add", ids[0], "0123456789abcdef") == 2
    err = capsys.readouterr().err
    assert "0123456789abcdef" in err and "rien n’a été ajouté" in err
    assert len(err.strip().splitlines()) == 1
    assert not indexed.selection_db.exists() or Selection.open(indexed).count() == 0
    assert veille(indexed, "selection", "rm", ids[0]) == 2
    assert "n’est pas dans la sélection" in capsys.readouterr().err


def test_listing_an_empty_selection_creates_nothing(indexed: Home,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert veille(indexed, "selection", "list") == 0
    assert "la sélection est vide" in capsys.readouterr().err
    assert not indexed.selection_db.exists()


def test_a_damaged_selection_is_one_line_not_a_traceback(indexed: Home) -> None:
    indexed.selection_db.write_text("pas une base", encoding="utf-8")
    proc = subprocess.run([veille_exe(), "--home", str(indexed.root), "selection", "list"],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "n’est pas une sélection Veille" in proc.stderr and "Traceback" not in proc.stderr
    assert indexed.selection_db.read_text(encoding="utf-8") == "pas une base"


def test_selection_export_keeps_the_order(indexed: Home,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    ids = ids_of(indexed, "hydrogène", capsys)
    assert veille(indexed, "selection", "add", ids[2], ids[0]) == 0
    capsys.readouterr()
    assert veille(indexed, "selection", "export") == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in rows] == [ids[2], ids[0]]
    assert all(r["text"] for r in rows)


def test_review_docx_from_the_selection(indexed: Home, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    ids = ids_of(indexed, "hydrogène", capsys)
    with Selection.open(indexed) as selection:
        with Store.open(indexed.corpus_db) as store:
            selection.add([Entry.of(a) for i in ids[:3] if (a := store.get(i))])
    out = tmp_path / "revue.docx"
    assert veille(indexed, "review", "--from-selection", "--format", "docx",
                  "--output", str(out)) == 0
    document = docx.Document(str(out))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", "Revue de presse")
    assert ("Subtitle", "Articles sélectionnés") in paragraphs
    breaks = [i for i, p in enumerate(document.paragraphs) if 'w:br w:type="page"' in p._p.xml]
    first_group = next(i for i, (style, _) in enumerate(paragraphs) if style == "Heading 1")
    assert breaks and breaks[0] < first_group  # the title page comes first, alone
    titles = [text for style, text in paragraphs if style == "Heading 2"]
    assert len(titles) == 3
    groups = [text for style, text in paragraphs if style == "Heading 1"]
    assert set(groups) <= {"L’Usine Démo", "Les Échos Démo", "cacao-demo"}
    links = [r.target_ref for r in document.part.rels.values() if r.is_external]
    assert len(links) == 3 and all(link.startswith("https://") for link in links)
    metas = [text for _, text in paragraphs if " · " in text and "par Rédaction" in text]
    assert len(metas) == 3 and any(" 2025" in m or " 2024" in m for m in metas)
    assert document.core_properties.language == "fr-FR"


def test_review_html_from_a_query_is_self_contained(indexed: Home, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "revue.html"
    assert veille(indexed, "review", "--query", "hydrogène", "--output", str(out),
                  "--title", "Veille hydrogène") == 0
    assert "articles en" in capsys.readouterr().err
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    assert soup.html is not None and soup.html["lang"] == "fr"
    page = soup.select_one("header.title-page")
    assert page is not None and page.h1 is not None and page.h1.text == "Veille hydrogène"
    assert "Recherche « hydrogène »" in page.text and "Établie le" in page.text
    groups = soup.select("section.group")
    assert [g.h2.text for g in groups if g.h2] and all(g.select("article") for g in groups)
    articles = soup.select("article")
    assert len(articles) == 3  # what `veille search hydrogène` finds
    assert any(m.text.lower().startswith("hydrog") for m in soup.select("article mark"))
    for article in articles:
        assert article.h3 and article.select_one(".meta") and article.select_one(".cite a")
    assert not soup.find_all(["script", "link", "img", "iframe"])  # nothing to fetch
    assert all(a["href"].startswith(("https://", "#")) for a in soup.find_all("a"))
    assert "@media print" in (soup.style.text if soup.style else "")


def test_review_markdown_groups_by_theme(indexed: Home, tmp_path: Path) -> None:
    out = tmp_path / "revue.md"
    assert veille(indexed, "review", "--query", "hydrogène", "--group", "theme",
                  "--output", str(out)) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Revue de presse\n")
    assert "## Autres sujets" in text
    assert "**hydrogène**" in text.lower() or "**hydrogène vert**" in text.lower()
    assert text.count("Source : <https://") == 3


def test_review_refuses_bad_input(indexed: Home, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert veille(indexed, "review", "--from-selection", "-o", str(tmp_path / "r.docx")) == 2
    assert "la sélection est vide" in capsys.readouterr().err
    assert veille(indexed, "review", "--query", "x", "-o", str(tmp_path / "r.txt")) == 2
    assert "--format" in capsys.readouterr().err
    assert veille(indexed, "review", "--query", "hydrogène",
                  "-o", str(tmp_path / "nowhere" / "r.md")) == 2
    assert veille(indexed, "review", "--query", "zzzqqq", "-o", str(tmp_path / "r.md")) == 2
    assert not (tmp_path / "r.md").exists()
    with pytest.raises(SystemExit) as info:
        veille(indexed, "review", "--from-selection", "--query", "x", "-o", "r.md")
    assert info.value.code == 2


def test_only_review_imports_python_docx(indexed: Home, tmp_path: Path) -> None:
    code = ("import sys\nfrom tui.cli import main\n"
            f"main(['--home', {str(indexed.root)!r}, 'search', 'hydrogène', '--json'])\n"
            f"main(['--home', {str(indexed.root)!r}, 'trends', 'hydrogène', '--json'])\n"
            "print('docx' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert proc.stdout.strip().endswith("False")


def test_hostile_text_stays_text_in_every_format(tmp_path: Path) -> None:
    from corpus import Article

    hostile = Article(url="https://evil.example/a1", source="evil-demo",
                      title="<script>alert(1)</script> **gras** [lien](javascript:x)",
                      lead="Un <img src=x onerror=alert(1)> piège # titre",
                      text="Texte.", author="<b>Moi</b>", published="2025-03-01T10:00:00Z")
    home = build_home(tmp_path / "home", [hostile])
    with Selection.open(home) as selection:
        selection.add([Entry.of(hostile)])
    for fmt in ("html", "md"):
        out = tmp_path / f"r.{fmt}"
        assert veille(home, "review", "--from-selection", "-o", str(out)) == 0
        text = out.read_text(encoding="utf-8")
        if fmt == "md":
            assert r"\<script\>" in text and r"\<img" in text and r"\<b\>Moi" in text
            assert "1 article publié le" in text
            assert r"\*\*gras\*\*" in text and r"\[lien\]\(javascript:x\)" in text
            assert "1er mars 2025" in text
        else:
            soup = BeautifulSoup(text, "html.parser")
            assert not soup.find_all(["script", "img", "b"])
            assert "<script>alert(1)</script>" in soup.select_one("article h3").text  # type: ignore[union-attr]
