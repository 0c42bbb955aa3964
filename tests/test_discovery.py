"""Discovery parsers: sitemaps (index, gzip, news), feeds, links and pagination of pages."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest

from crawler.discovery import (
    DiscoveryError,
    clean_link,
    inflate,
    is_non_html,
    looks_like_article,
    page_links,
    parse_feed,
    parse_sitemap,
    xml_kind,
)

BASE = "https://www.example.com/"
URLSET = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://www.example.com/2026/03/hydrogene-vert-usine</loc>
       <lastmod>2026-03-03T10:00:00+01:00</lastmod></url>
  <url><loc> https://www.example.com/2026/03/acier-decarbone#top </loc>
    <news:news><news:publication><news:name>Démo</news:name><news:language>fr</news:language>
    </news:publication><news:publication_date>2026-03-02T08:30:00Z</news:publication_date>
    <news:title>L’acier décarboné</news:title></news:news></url>
  <url><loc>mailto:redaction@example.com</loc></url>
</urlset>""".encode()


def test_urlset_with_lastmod_and_news_dates() -> None:
    content = parse_sitemap(URLSET, BASE + "sitemap.xml")
    assert content.sitemaps == []
    first, second = content.pages
    assert first.url == "https://www.example.com/2026/03/hydrogene-vert-usine"
    assert first.modified == datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    assert first.published is None
    assert second.url == "https://www.example.com/2026/03/acier-decarbone"
    assert second.published == datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
    assert second.title == "L’acier décarboné"


def test_sitemap_index_and_gzip() -> None:
    index = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://www.example.com/sitemap-1.xml.gz</loc></sitemap>
      <sitemap><loc>/sitemap-news.xml</loc></sitemap></sitemapindex>"""
    content = parse_sitemap(gzip.compress(index), BASE + "sitemap.xml")
    assert content.sitemaps == ["https://www.example.com/sitemap-1.xml.gz",
                                "https://www.example.com/sitemap-news.xml"]
    assert xml_kind(gzip.compress(index)) == "sitemap"
    assert len(parse_sitemap(gzip.compress(URLSET), BASE).pages) == 2


def test_entity_declarations_are_refused() -> None:
    bomb = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
    <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
    <urlset><url><loc>https://www.example.com/&lol2;</loc></url></urlset>"""
    with pytest.raises(DiscoveryError, match="entities refused"):
        parse_sitemap(bomb, BASE)
    with pytest.raises(DiscoveryError, match="entities refused"):
        parse_feed(bomb.replace(b"urlset", b"rss"), BASE)


def test_gzip_bomb_is_capped() -> None:
    bomb = gzip.compress(b"<" + b" " * 5_000_000)
    with pytest.raises(DiscoveryError, match="more than 1,000,000 bytes"):
        inflate(bomb, limit=1_000_000)
    with pytest.raises(DiscoveryError, match="bad gzip"):
        inflate(b"\x1f\x8bnot gzip at all")


def test_not_a_sitemap() -> None:
    with pytest.raises(DiscoveryError, match="not a sitemap"):
        parse_sitemap(b"<html><body>hello</body></html>", BASE)
    with pytest.raises(DiscoveryError):
        parse_sitemap(b"", BASE)


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Flux</title><link>https://www.example.com/</link>
<item><title>L’usine du futur</title><link>https://www.example.com/2026/03/usine-du-futur?utm_source=rss</link>
<pubDate>Mon, 02 Mar 2026 10:00:00 +0100</pubDate></item>
<item><title>Relatif</title><link>/2026/03/lien-relatif</link></item>
<item><title>Sans lien</title></item>
</channel></rss>""".encode()

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title><id>urn:x</id>
<updated>2026-03-02T10:00:00Z</updated>
<entry><title>Énergie</title><id>urn:1</id><link rel="alternate" href="https://www.example.com/2026/03/energie"/>
<published>2026-03-01T07:00:00Z</published><updated>2026-03-02T07:00:00Z</updated></entry>
</feed>""".encode()


def test_rss_entries() -> None:
    links = parse_feed(RSS, BASE + "rss.xml", "application/rss+xml")
    assert [link.url for link in links] == [
        "https://www.example.com/2026/03/usine-du-futur?utm_source=rss",
        "https://www.example.com/2026/03/lien-relatif",
    ]
    assert links[0].title == "L’usine du futur"
    assert links[0].published == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert xml_kind(RSS) == "feed"


def test_atom_entries() -> None:
    (link,) = parse_feed(ATOM, BASE + "atom.xml")
    assert link.url == "https://www.example.com/2026/03/energie"
    assert link.title == "Énergie"
    assert link.published == datetime(2026, 3, 1, 7, 0, tzinfo=UTC)
    assert xml_kind(ATOM) == "feed"


def test_garbage_is_not_a_feed() -> None:
    assert xml_kind(b"\x00\x01binary") is None
    assert parse_feed(b"<html><body>rien</body></html>", BASE) == []


LISTING = """<!doctype html><html><head><base href="https://www.example.com/industrie/">
<link rel="canonical" href="https://www.example.com/industrie/">
</head><body>
<a href="../2026/03/robotique-collaborative-usines">Robotique</a>
<a href="/2026/03/robotique-collaborative-usines#commentaires">encore</a>
<a href="mailto:redaction@example.com">écrire</a>
<a href="javascript:void(0)">js</a>
<a href="#haut">haut</a>
<a href="tel:+33100000000">tel</a>
<a href="/rapport-annuel.pdf">PDF</a>
<a href="https://autre.example.net/2026/03/ailleurs">ailleurs</a>
<nav class="pagination"><a href="?page=2" class="next">Page suivante</a></nav>
</body></html>"""


def test_page_links_canonical_and_pagination() -> None:
    links = page_links(LISTING, "https://www.example.com/industrie/")
    assert links.canonical == "https://www.example.com/industrie/"
    assert links.next_pages == ["https://www.example.com/industrie/?page=2"]
    assert links.links == [
        "https://www.example.com/2026/03/robotique-collaborative-usines",
        "https://www.example.com/rapport-annuel.pdf",
        "https://autre.example.net/2026/03/ailleurs",
    ]


@pytest.mark.parametrize("html", [
    '<a href="/p/2" rel="next">2</a>',
    '<a href="/p/2">Suivant</a>',
    '<a href="/p/2">»</a>',
    '<a href="/p/2" aria-label="Page suivante"><svg/></a>',
])
def test_next_page_forms(html: str) -> None:
    assert page_links(f"<html><body>{html}</body></html>", BASE).next_pages == [
        "https://www.example.com/p/2"]


def test_link_rel_next_and_empty_pages() -> None:
    html = '<html><head><link rel="next" href="/page/2/"></head><body></body></html>'
    assert page_links(html, BASE).next_pages == ["https://www.example.com/page/2/"]
    assert page_links("", BASE).links == []
    assert page_links("   ", BASE).canonical is None


def test_clean_link() -> None:
    assert clean_link(" /a/b#c ", BASE) == "https://www.example.com/a/b"
    assert clean_link("JavaScript:alert(1)", BASE) is None
    assert clean_link("http://[::1", BASE) is None
    assert clean_link("//cdn.example.com/x", BASE) == "https://cdn.example.com/x"


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.example.com/2026/03/article", True),
    ("https://www.example.com/industrie/robotique-collaborative-dans-les-usines", True),
    ("https://www.example.com/article/un-titre.N2219876", True),
    ("https://www.example.com/economie/", False),
    ("https://www.example.com/tag/hydrogene-vert-et-bleu-et-gris", False),
    ("https://www.example.com/auteur/jean-pierre-de-la-fontaine", False),
    ("https://www.example.com/industrie/page/2", False),
    ("https://www.example.com/", False),
    ("https://www.example.com/2026/03/rapport-annuel-de-la-filiere.pdf", False),
])
def test_looks_like_article(url: str, expected: bool) -> None:
    assert looks_like_article(url) is expected


def test_non_html_extensions() -> None:
    assert is_non_html("https://x.fr/a/photo.JPG") and is_non_html("https://x.fr/doc.pdf")
    assert not is_non_html("https://x.fr/a/article.html")
