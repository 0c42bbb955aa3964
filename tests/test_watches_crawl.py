"""Watches after real crawls: new arrivals show up in the right watches, exactly once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus import Home
from indexer.watches import WatchBook
from tests.crawlsite import Site, article_html, rss
from tui.cli import main

H2 = ["L’électrolyseur de Tarfaya produira de l’hydrogène vert dès 2027, selon l’exploitant.",
      "Le consortium vise 200 000 tonnes d’ammoniac vert par an pour l’export.",
      "L’accord signé à Guelmim prévoit une usine de dessalement de l’eau de mer alimentée "
      "par les éoliennes du site, pour ne pas puiser dans la nappe de l’oued Noun.",
      "Quelque 1 200 emplois sont attendus pendant le chantier, puis 300 en exploitation, "
      "selon le conseil régional, qui finance la route d’accès au port."]
AUTO = ["Les équipementiers automobiles de Kénitra recrutent 1 500 opérateurs de câblage.",
        "La nouvelle ligne d’assemblage produira 90 000 véhicules électriques par an."]
TARFAYA = ["À Tarfaya, le terminal d’ammoniac accueillera ses premiers méthaniers en 2028, "
           "a indiqué mardi l’Agence nationale des ports lors d’une visite du chantier.",
           "Les cuves de stockage, d’une capacité de 60 000 tonnes, sont en construction "
           "sur la digue nord ; le quai de chargement sera allongé de 400 mètres.",
           "L’électricité viendra d’un parc éolien de 900 mégawatts raccordé en 2027, "
           "dont la moitié servira aux électrolyseurs installés à l’arrière du port.",
           "Les premiers contrats d’achat visent des engraissiers européens et indiens, "
           "qui réclament une traçabilité complète de l’origine renouvelable."]
CEMENT = ["Le cimentier augmente de 12 % sa capacité de clinker à Settat.",
          "Les fours seront alimentés en partie par des combustibles de substitution."]


class Press:
    """A small press site whose feed lists the articles published so far."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.items: list[tuple[str, str]] = []

    def publish(self, slug: str, title: str, paragraphs: list[str]) -> str:
        path = f"/2026/03/{slug}"
        # Each article its own text: a paragraph every page repeats would make short
        # articles reprints of each other (corpus/stories.py compares whole bodies).
        self.site.page(path, article_html(title, paragraphs=paragraphs))
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

        new_h2 = press.publish("ammoniac-tarfaya", "Ammoniac et hydrogène vert à Tarfaya",
                               TARFAYA)
        # The Guelmim dispatch again, reordered under another headline: a reprint of a
        # story the watch counted before, so « nouvelle reprise », not new.
        reprint = press.publish("guelmim-reprise", "Guelmim : l’accord sur l’hydrogène vert",
                                H2[::-1])
        new_auto = press.publish("kenitra-cablage", "Kénitra : les câbleurs recrutent", AUTO)
        # The old hydrogen article is edited on the site: updated, never new again.
        site.page("/2026/03/hydrogene-guelmim", article_html(
            "Hydrogène vert : Guelmim signe (mis à jour)",
            paragraphs=[*H2, CEMENT[0]]))

        second = crawl_json(home, sources, capsys)
        assert second["new"] == 3 and second["updated"] == 1
        watches = second["watches"]
        assert isinstance(watches, dict)
        from corpus import article_id

        assert watches["h2"] == {"new": 1, "ids": [article_id(new_h2)],
                                 "stories": [[article_id(new_h2)]],
                                 "reprises": [article_id(reprint)]}
        assert watches["auto"] == {"new": 1, "ids": [article_id(new_auto)],
                                   "stories": [[article_id(new_auto)]], "reprises": []}

        third = crawl_json(home, sources, capsys)
        assert third["new"] == 0
        nothing = {"new": 0, "ids": [], "stories": [], "reprises": []}
        assert third["watches"] == {"auto": nothing, "h2": nothing}

    with WatchBook(home) as book:
        assert set(book.unread("h2")) == {article_id(new_h2), article_id(reprint)}
        assert article_id(old_h2) not in book.unread("h2")
        assert book.unread_counts()["h2"] == 1  # the reprint is not a new story
        arrivals = book.arrivals("h2")
        assert arrivals.leads == [article_id(new_h2)]
        assert arrivals.reprises == [article_id(reprint)]
