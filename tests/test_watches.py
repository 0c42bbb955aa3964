"""Saved searches: what is new, exactly once, by arrival in the corpus."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

import indexer
from corpus import Article, Home, Store
from indexer.watches import WatchBook, WatchError
from tui.cli import main


def article(n: int, title: str, text: str, source: str = "usine-maghreb",
            published: str = "2025-03-12T09:00:00+01:00") -> Article:
    return Article(url=f"https://{source}.example.ma/2025/03/article-{n}", title=title,
                   text=text, source=source, published=datetime.fromisoformat(published),
                   author="Salma Idrissi", language="fr")


BASE = [
    article(1, "Hydrogène vert : le Maroc signe avec un consortium allemand",
            "Le projet d’hydrogène vert de Guelmim prévoit 10 GW d’électrolyseurs."),
    article(2, "Data centers : Benguérir accueille un campus IA",
            "Le campus de calcul consommera 50 MW d’électricité renouvelable."),
    article(3, "Phosphates : la production de Khouribga progresse",
            "Les exportations d’engrais phosphatés ont progressé de 8 %.", source="dakar-eco"),
]
ARRIVALS = [
    article(10, "Ammoniac et hydrogène : Tarfaya lance son électrolyseur",
            "Les électrolyseurs produiront de l’hydrogène vert pour l’ammoniac."),
    article(11, "Câblage automobile : Tanger recrute 2 000 opérateurs",
            "Les équipementiers de Tanger Automotive City embauchent."),
    article(12, "Hydrogènes verts : Dakar étudie une filière",
            "Le Sénégal veut produire de l’hydrogène vert à Ndayane.", source="dakar-eco"),
]


def store_and_index(home: Home, articles: list[Article]) -> None:
    with Store.open(home.corpus_db) as store:
        store.upsert_many(articles)
    indexer.update_index(home)


@pytest.fixture
def watched_home(home: Home) -> Home:
    store_and_index(home, BASE)
    with WatchBook(home) as book:
        book.add("h2", "hydrogène vert")
        book.add("h2-dakar", "hydrogène", sources=["dakar-eco"])
        book.add("auto", "automobile")
    return home


def ids(*arts: Article) -> set[str]:
    return {a.id for a in arts}


def test_existing_articles_are_not_new(watched_home: Home) -> None:
    with WatchBook(watched_home) as book:
        assert book.unread_counts() == {"auto": 0, "h2": 0, "h2-dakar": 0}
        nothing = {"new": 0, "ids": [], "stories": [], "reprises": []}
        assert book.report_arrivals() == {"auto": nothing, "h2": nothing, "h2-dakar": nothing}


def test_arrivals_are_new_in_the_right_watches_and_reported_once(watched_home: Home) -> None:
    store_and_index(watched_home, ARRIVALS)
    with WatchBook(watched_home) as book:
        assert set(book.unread("h2")) == ids(ARRIVALS[0], ARRIVALS[2])
        assert set(book.unread("h2-dakar")) == ids(ARRIVALS[2])
        assert set(book.unread("auto")) == ids(ARRIVALS[1])
        first = book.report_arrivals()
        assert {k: v["new"] for k, v in first.items()} == {"h2": 2, "h2-dakar": 1, "auto": 1}
        assert set(first["h2"]["ids"]) == ids(ARRIVALS[0], ARRIVALS[2])
        again = book.report_arrivals()
        assert {k: v["new"] for k, v in again.items()} == {"h2": 0, "h2-dakar": 0, "auto": 0}
        # Reporting is not reading: they stay unread until marked seen.
        assert len(book.unread("h2")) == 2
        assert book.mark_seen("h2") == 2
        assert book.unread("h2") == []
        assert len(book.unread("h2-dakar")) == 1


def test_edits_and_recrawls_do_not_make_an_article_new_again(watched_home: Home) -> None:
    edited = BASE[1].replace(text=BASE[1].text + " Il produira aussi de l’hydrogène vert.")
    store_and_index(watched_home, [edited, BASE[0]])
    with WatchBook(watched_home) as book:
        assert book.unread("h2") == []
        assert book.report_arrivals()["h2"]["new"] == 0


def test_an_article_not_indexed_yet_is_reported_once_indexed(watched_home: Home) -> None:
    with Store.open(watched_home.corpus_db) as store:
        store.upsert(ARRIVALS[0])  # stored, index not updated (crawl --no-index)
    with WatchBook(watched_home) as book:
        assert book.report_arrivals()["h2"]["new"] == 0
        book.mark_seen("h2")  # cannot mark unseen-able articles as seen
    indexer.update_index(watched_home)
    with WatchBook(watched_home) as book:
        assert book.report_arrivals()["h2"]["ids"] == [ARRIVALS[0].id]
        assert book.unread("h2") == [ARRIVALS[0].id]


def test_bad_names_queries_and_duplicates_are_refused(watched_home: Home) -> None:
    with WatchBook(watched_home) as book:
        with pytest.raises(WatchError, match="mal formée"):
            book.add("q", '"hydrogène vert')
        with pytest.raises(WatchError, match="existe déjà"):
            book.add("h2", "hydrogène")
        with pytest.raises(WatchError, match="nom de veille incorrect"):
            book.add("a b", "hydrogène")
        with pytest.raises(WatchError, match="aucune veille"):
            book.remove("absent")


def test_cli_add_list_show_seen_rm(watched_home: Home,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    h = ["--home", str(watched_home.root)]
    assert main([*h, "watch", "add", "bad", "date:[2025 TO"]) == 2
    assert "mal formée" in capsys.readouterr().err
    assert main([*h, "watch", "add", "x", "usine", "--since", "hier"]) == 2
    capsys.readouterr()
    store_and_index(watched_home, ARRIVALS)

    assert main([*h, "watch", "list", "--json"]) == 0
    listed = {w["name"]: w for w in json.loads(capsys.readouterr().out)["watches"]}
    assert listed["h2"]["new"] == 2 and listed["h2-dakar"]["sources"] == ["dakar-eco"]

    assert main([*h, "watch", "show", "h2", "--new", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert {r["id"] for r in shown["results"]} == ids(ARRIVALS[0], ARRIVALS[2])
    assert all(r["new"] for r in shown["results"])

    assert main([*h, "watch", "show", "h2", "--new", "--format", "markdown"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("## Veille « h2 » : 2 nouveaux sujets")
    assert "[Ammoniac et hydrogène : Tarfaya lance son électrolyseur]" in md
    assert "**" in md  # matched words in bold

    assert main([*h, "watch", "show", "h2", "--new", "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and all(json.loads(x)["watch"] == "h2" for x in lines)

    assert main([*h, "watch", "show", "h2"]) == 0
    text = capsys.readouterr().out
    assert "dont 2 nouveaux" in text and "● " in text

    assert main([*h, "watch", "seen", "h2"]) == 0
    assert "2 articles marqués comme vus" in capsys.readouterr().err
    assert main([*h, "watch", "show", "h2", "--new", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["results"] == []

    assert main([*h, "watch", "rm", "h2"]) == 0
    assert main([*h, "watch", "rm", "h2"]) == 2
    assert "aucune veille nommée 'h2'" in capsys.readouterr().err


def test_markdown_digest_escapes_titles(watched_home: Home,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    hostile = article(20, "[bold]Hydrogène vert[/] *alerte* <script>",
                      "De l’hydrogène vert, encore.")
    store_and_index(watched_home, [hostile])
    assert main(["--home", str(watched_home.root), "watch", "show", "h2", "--new",
                 "--format", "markdown"]) == 0
    md = capsys.readouterr().out
    assert r"\[bold\]Hydrogène vert\[/\] \*alerte\* \<script\>" in md


def test_watches_survive_reopening(watched_home: Home) -> None:
    with WatchBook(watched_home) as book:
        before = book.list()
    with WatchBook(watched_home) as book:
        assert book.list() == before
        assert before[0].created_at <= datetime.now(UTC)


def test_reading_watches_of_a_home_without_any_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "nothing"
    assert main(["--home", str(root), "watch", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"watches": []}
    assert main(["--home", str(root), "watch", "show", "h2"]) == 2
    assert "aucune veille nommée 'h2'" in capsys.readouterr().err
    assert not root.exists()
