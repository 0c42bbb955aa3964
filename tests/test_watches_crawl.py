"""Watches after real crawls: new arrivals show up in the right watches, exactly once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus import Home
from indexer.watches import WatchBook
from tests.crawlsite import PARAGRAPHS, Site, article_html, rss
from tui.cli import main

H2 = ["L’électrolyseur de Tarfaya produira de l’hydrogène vert dès 2027, selon l’exploitant.",
      "Le consortium vise 200 000 tonnes d’ammoniac vert par an pour l’export."]
AUTO = ["Les équipementiers automobiles de Kénitra recrutent 1 500 opérateurs de câblage.",
        "La nouvelle ligne d’assemblage produira 90 000 véhicules électriques par an."]
CEMENT = ["Le cimentier augmente de 12 % sa capacité de clinker à Settat.",
          "Les fours seront alimentés en partie par des combustibles de substitution."]


class Press:
    """A small press site whose feed lists the articles published so far."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.items: list[tuple[str, str]] = []

    def publish(self, slug: str, title: str, paragraphs: list[str]) -> str:
        path = f"/2026/03/{slug}"
        self.site.page(path, article_html(title, paragraphs=[*paragraphs, *PARAGRAPHS[1:]]))
        self.items.append((self.site.url(path), title))
        self.site.page("/rss.xml", rss(self.items), "application/rss+xml")
        return self.site.url(path)


def crawl_json(home: Home, sources: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    capsys.readouterr()
    assert main(["--home", str(home.root), "crawl", "--sources", str(sources), "--json"]) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def test_new_articles_reported_once_in_the_right_watches(
    home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Site() as site:
        press = Press(site)
        press.publish("ciment-settat", "Ciment : Settat augmente sa capacité", CEMENT)
        old_h2 = press.publish("hydrogene-guelmim", "Hydrogène vert : Guelmim signe", H2)
        sources = tmp_path / "sources.toml"
        sources.write_text(f"""
[crawler]
user_agent = "veille-test/1.0"
timeout = 5

[[source]]
name = "presse"
url = "{site.base}/"
feeds = ["{site.url('/rss.xml')}"]
delay = 0
""", encoding="utf-8")
        first = crawl_json(home, sources, capsys)
        assert first["new"] == 2
        assert first.get("watches", {}) == {}

        assert main(["--home", str(home.root), "watch", "add", "h2", "hydrogène vert"]) == 0
        assert main(["--home", str(home.root), "watch", "add", "auto", "automobile"]) == 0

        new_h2 = press.publish("ammoniac-tarfaya", "Ammoniac et hydrogène à Tarfaya", H2[::-1])
        new_auto = press.publish("kenitra-cablage", "Kénitra : les câbleurs recrutent", AUTO)
        # The old hydrogen article is edited on the site: updated, never new again.
        site.page("/2026/03/hydrogene-guelmim", article_html(
            "Hydrogène vert : Guelmim signe (mis à jour)",
            paragraphs=[*H2, CEMENT[0], *PARAGRAPHS[1:]]))

        second = crawl_json(home, sources, capsys)
        assert second["new"] == 2 and second["updated"] == 1
        watches = second["watches"]
        assert isinstance(watches, dict)
        from corpus import article_id

        assert watches["h2"] == {"new": 1, "ids": [article_id(new_h2)]}
        assert watches["auto"] == {"new": 1, "ids": [article_id(new_auto)]}

        third = crawl_json(home, sources, capsys)
        assert third["new"] == 0
        assert third["watches"] == {"auto": {"new": 0, "ids": []}, "h2": {"new": 0, "ids": []}}

    with WatchBook(home) as book:
        assert book.unread("h2") == [article_id(new_h2)]
        assert article_id(old_h2) not in book.unread("h2")
