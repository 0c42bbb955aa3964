"""`veille extract FILE.html|URL [--url URL] [--json]`: output, exit codes, nothing stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus import Home
from tests.crawlsite import Site
from tui.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "extraction"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_file_to_json(capsys: pytest.CaptureFixture[str], home: Home) -> None:
    code, out, err = run(capsys, "--home", str(home.root), "extract",
                         str(FIXTURES / "wordpress_classic.html"), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["title"] == "OCP lance sa première unité d’hydrogène vert à Jorf Lasfar"
    assert data["author"] == "Claire Martin"
    assert data["published"] == "2025-03-12T14:05:00+01:00"
    # No --url: the page's canonical link names the article.
    assert data["url"] == "https://www.usine-demo.ma/2025/03/12/ocp-hydrogene-vert-jorf-lasfar/"
    assert data["source"] == ""
    assert not home.corpus_db.exists(), "extract stores nothing"


def test_file_with_url_to_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "extract", str(FIXTURES / "custom_cms_chapo.html"),
                         "--url", "https://www.quotidien-eco.ma/transport/rames")
    assert code == 0, err
    assert out.startswith("Grande vitesse : 18 rames de plus pour rejoindre Marrakech\n")
    assert "3 avril 2025 à 9h15 · par N. Tazi" in out
    assert "mis à jour le 3 avril 2025 à 18h40" in out
    assert "https://www.quotidien-eco.ma/transport/rames" in out
    assert "sous la barre des quatre heures" in out


def test_json_without_any_url_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "extract", str(FIXTURES / "no_structured.html"), "--json")
    assert code == 2
    assert "--url" in err and len(err.strip().splitlines()) == 1


def test_missing_file_exits_2_with_one_line(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    code, out, err = run(capsys, "extract", str(tmp_path / "absent.html"))
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [f"veille: fichier introuvable : {tmp_path / 'absent.html'}"]


def test_directory_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "extract", str(tmp_path))
    assert code == 2 and "dossier" in err


@pytest.mark.parametrize("name, reason", [("listing_section", "page de liste"),
                                          ("error_404", "page d’erreur"),
                                          ("spa_shell", "texte")])
def test_not_an_article_exits_1_with_the_reason(capsys: pytest.CaptureFixture[str], name: str,
                                                reason: str) -> None:
    code, out, err = run(capsys, "extract", str(FIXTURES / f"{name}.html"))
    assert code == 1 and out == ""
    assert err.startswith("veille: pas un article : ") and reason in err


def test_help_documents_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["extract", "--help"])
    out = capsys.readouterr().out
    assert "1 la page n’est pas un article" in out and "2 fichier illisible" in out


def test_url_is_fetched_once_with_the_user_agent(capsys: pytest.CaptureFixture[str]) -> None:
    data = (FIXTURES / "windows1252_undeclared.html").read_bytes()
    with Site() as site:
        site.page("/article", data, content_type="text/html; charset=windows-1252")
        url = site.url("/article")
        code, out, err = run(capsys, "extract", url, "--json")
        hits = site.hits_for("/article")
    assert code == 0, err
    assert len(hits) == 1 and hits[0].headers.get("user-agent", hits[0].headers.get(
        "User-Agent")) == "veille/0.1"
    article = json.loads(out)
    assert article["url"] == url
    assert "minoteries s'inquiètent" in article["text"]


def test_http_error_and_unreachable_host_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with Site() as site:
        site.page("/gone", "<p>gone</p>", status=404)
        code, _, err = run(capsys, "extract", site.url("/gone"))
        assert code == 2 and "HTTP 404" in err
        dead = site.url("/x")
    code, _, err = run(capsys, "extract", dead)
    assert code == 2 and err.startswith("veille: récupération impossible")


def test_page_text_cannot_inject_terminal_escapes(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    page = tmp_path / "evil.html"
    paragraph = ("<p>Un paragraphe\x1b[2J assez long [bold red]pour compter[/] "
                 "\x1b]0;pwn\x07 ici.</p>")
    page.write_text("<html><body><h1>Titre\x1b[31m</h1>" + paragraph * 8 + "</body></html>")
    code, out, _ = run(capsys, "extract", str(page), "--url", "https://x.ma/a")
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out
    assert "[bold red]pour compter[/]" in out  # printed as plain text, never interpreted
