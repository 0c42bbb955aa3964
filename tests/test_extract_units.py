"""The extractor's parts: French dates, bylines, titles, lenient JSON-LD, decoding, language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from crawler.extraction import Extraction, decode_text, extract_page
from crawler.extraction.authors import clean_byline
from crawler.extraction.dates import LOCAL_TZ, date_from_url, find_dates, parse_date
from crawler.extraction.language import detect, normalise
from crawler.extraction.structured import load_json
from crawler.extraction.title import strip_site

NOW = datetime(2025, 5, 20, 15, 0, tzinfo=UTC)


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=LOCAL_TZ)  # type: ignore[misc]


@pytest.mark.parametrize("text, expected", [
    ("Publié le 12 mars 2025 à 14h05", paris(2025, 3, 12, 14, 5)),
    ("12/03/2025", paris(2025, 3, 12)),
    ("le 1er avril 2025 à 8h", paris(2025, 4, 1, 8, 0)),
    ("3 févr. 2025", paris(2025, 2, 3)),
    ("mercredi 7 mai 2025, 11:20", paris(2025, 5, 7, 11, 20)),
    ("12.03.2025 um 14:05 Uhr", paris(2025, 3, 12, 14, 5)),
    ("March 12, 2025", paris(2025, 3, 12)),
    ("2025-03-12T14:05:00+01:00", datetime(2025, 3, 12, 14, 5, tzinfo=UTC) - timedelta(hours=1)),
    ("2025-03-12T13:05:00Z", datetime(2025, 3, 12, 13, 5, tzinfo=UTC)),
    ("2025-03-12", paris(2025, 3, 12)),
    ("1741784700", datetime(2025, 3, 12, 13, 5, tzinfo=UTC)),
    ("il y a 3 heures", NOW - timedelta(hours=3)),
    ("il y a 2 jours", NOW - timedelta(days=2)),
    ("hier à 18h30", paris(2025, 5, 19, 18, 30)),
    ("31/02/2025", None),
    ("12 mars 2099", None),          # in the future: not a publication date
    ("en 1850, déjà", None),
    ("", None),
])
def test_parse_date(text: str, expected: datetime | None) -> None:
    assert parse_date(text, NOW) == expected


def test_find_dates_labels_published_and_modified() -> None:
    text = "Publié le 3 avril 2025 à 9h15 – Mis à jour le 3 avril 2025 à 18h40"
    kinds = [(kind, dt) for kind, dt, _ in find_dates(text, NOW)]
    assert kinds == [("published", paris(2025, 4, 3, 9, 15)),
                     ("modified", paris(2025, 4, 3, 18, 40))]


def test_month_first_dates_when_the_page_is_english() -> None:
    assert parse_date("03/04/2025", NOW, day_first=False) == paris(2025, 3, 4)
    assert parse_date("03/04/2025", NOW) == paris(2025, 4, 3)


def test_date_from_url() -> None:
    assert date_from_url("https://x.ma/2025/03/12/titre/") == paris(2025, 3, 12)
    assert date_from_url("https://x.ma/actu/2025-03-12-titre") == paris(2025, 3, 12)
    assert date_from_url("https://x.ma/actu/titre-12345") is None


@pytest.mark.parametrize("raw, name", [
    ("Par Claire Martin", "Claire Martin"),
    ("Par C. Martin, à Casablanca", "C. Martin"),
    ("par Claire Martin et Karim Benali", "Claire Martin et Karim Benali"),
    ("Par Claire Martin (claire.martin@exemple.ma), journaliste", "Claire Martin"),
    ("Par Claire Martin | Publié le 12 mars 2025 à 14h05", "Claire Martin"),
    ("Par Claire Martin, le 12/03/2025", "Claire Martin"),
    ("By John Carter | March 12, 2025", "John Carter"),
    ("Von Anna Schmidt, aktualisiert am 3. März", "Anna Schmidt"),
    ("Soumis par Yasmine Alaoui le mer 07/05/2025 - 11:20", "Yasmine Alaoui"),
    ("Texte : Nadia Lahlou", "Nadia Lahlou"),
    ("Voir tous les articles", ""),
    ("Zeige alle Beiträge von Petra Ruland", "Petra Ruland"),
    ("View all posts by Jane Doe", "Jane Doe"),
    ("AuthorAndreas Kalt", "Andreas Kalt"),
    ("admin", ""),
    ("12 mars 2025", ""),
    ("Par " + "très " * 40 + "long", ""),
])
def test_clean_byline(raw: str, name: str) -> None:
    assert clean_byline(raw) == name


@pytest.mark.parametrize("title, site, expected", [
    ("OCP lance son hydrogène vert – L’Usine Démo", "L’Usine Démo", "OCP lance son hydrogène vert"),
    ("L’Usine Démo | OCP lance son hydrogène vert", "L’Usine Démo", "OCP lance son hydrogène vert"),
    ("Tanger mise sur l’IA - Industrie - Industrie Maroc Hebdo", "Industrie Maroc Hebdo",
     "Tanger mise sur l’IA"),
    ("Deux ans en Macronie : une condamnation et six enquêtes", "",
     "Deux ans en Macronie : une condamnation et six enquêtes"),
    ("Le cloud souverain prend forme | numerique-demo.ma", "", "Le cloud souverain prend forme"),
])
def test_strip_site(title: str, site: str, expected: str) -> None:
    assert strip_site(title, [site], "www.numerique-demo.ma") == expected


def test_load_json_is_lenient() -> None:
    assert load_json('{"a": [1, 2,], }') == {"a": [1, 2]}
    assert load_json('<!-- {"a": 1} -->') == {"a": 1}
    assert load_json('{"a": 1} trailing garbage') == {"a": 1}
    assert load_json('{"a": "line\nbreak"}') == {"a": "line\nbreak"}
    assert load_json("{broken") is None
    assert load_json("[" * 50_000) is None


def test_decode_html_order_bom_declared_detected() -> None:
    text = "<p>Énergie éolienne à Tarfaya, été comme hiver : « déjà » 40 %</p>" * 5
    assert decode_text(b"\xef\xbb\xbf" + text.encode()) == text
    declared = '<meta charset="windows-1252">' + text
    assert decode_text(declared.encode("cp1252")) == declared
    assert decode_text(text.encode("cp1252"), "iso-8859-1") == text
    # A declaration that does not fit the bytes is not trusted.
    lying = '<meta charset="utf-8">' + text
    assert decode_text(lying.encode("cp1252")) == lying
    assert decode_text(text.encode("utf-16")) == text


def test_language() -> None:
    assert normalise("fr-FR") == "fr"
    assert normalise("fr_CA") == "fr"
    assert normalise("en-US,en;q=0.9") == "en"
    assert normalise("x") == ""
    assert detect("Le secteur de l’énergie est en pleine croissance dans les régions du "
                  "sud, selon une étude qui a été publiée par le ministère.") == "fr"
    assert detect("The energy sector is growing fast in the southern regions, according "
                  "to a study that was published by the ministry.") == "en"
    assert detect("42 17 99") == ""


def test_extract_page_reports_links_and_amp() -> None:
    html = ('<html amp lang="fr"><head><link rel="canonical" href="/a/b?utm_source=x">'
            '<link rel="amphtml" href="https://m.ex.ma/a/b.amp">'
            '<meta property="og:url" content="https://www.ex.ma/a/b"></head><body><article>'
            + "<p>Un paragraphe d’article assez long pour compter, avec du sens et des mots.</p>"
            * 5 + "</article></body></html>")
    page = extract_page(html, "https://www.ex.ma/a/b")
    assert isinstance(page, Extraction)
    assert page.canonical_url == "https://www.ex.ma/a/b?utm_source=x"
    assert page.og_url == "https://www.ex.ma/a/b"
    assert page.amp_url == "https://m.ex.ma/a/b.amp"
    assert page.is_amp and page.is_article and page.language == "fr"
    article = page.article()
    assert article is not None and article.source == ""
    assert page.article("https://www.ex.ma/a/b?utm_source=x").url == "https://www.ex.ma/a/b"


@pytest.mark.parametrize("line, furniture", [
    ("Accueil / Industrie / Énergie", True),
    ("Temps de lecture : 3 min", True),
    ("5 min read", True),
    ("Par Claire Martin", True),
    ("Publié le 12 mars 2025", True),
    ("Le contexte", False),
    ("Il a dit : oui / non / peut-être, puis il est parti.", False),
])
def test_lines_heading_a_body_that_are_furniture(line: str, furniture: bool) -> None:
    from crawler.extraction.page import _is_dateline

    assert _is_dateline(line) is furniture


def test_article_url_defaults_to_the_fetched_url() -> None:
    html = "<html><body>" + "<p>Un texte d’article assez long, avec des virgules, et du sens.</p>" \
        * 6 + "</body></html>"
    article = extract_page(html, "https://www.ex.ma/page").article()
    assert article is not None and article.url == "https://www.ex.ma/page"
