"""The demo press sites: data loading, robots, sitemaps, feeds, listings, 304s, encodings."""

from __future__ import annotations

import re
import socket
import urllib.robotparser
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest
from bs4 import BeautifulSoup

from tui.demo import (
    SITE_NAMES,
    DemoArticle,
    DemoDataError,
    DemoPortBusy,
    DemoSites,
    load_articles,
    load_judged_queries,
    read_ports,
    site_named,
    sources_toml,
)

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HOSTILE_TITLE = "Rabat & Dakar : <script>alert(1)</script> [bold red]ALERTE[/] « 4.0 »"


def make(site: str, n: int, **changes: object) -> DemoArticle:
    """Article n of `site`: dated n days after 1 March 2025, 3 paragraphs."""
    published = datetime.fromisoformat("2025-03-01T09:30:00+01:00") + timedelta(days=n)
    fields: dict[str, object] = dict(
        slug=f"article-{n}", site=site, title=f"Titre {n} de {site} : l’usine d’œufs",
        lead=f"Chapô {n} : l’industrie « bouge » à Thiès, été 2025.",
        body=(f"Premier paragraphe {n} avec l’apostrophe ’ et des « guillemets ».",
              f"Deuxième paragraphe {n} : 1 200 emplois, 4.0, COP28 et H2 à Tanger.",
              f"Troisième paragraphe {n}, le dernier, signé à Dakar."),
        author="Aminata Diop", published=published, modified=None,
        section="Énergie" if n % 2 else "Industrie", tags=("hydrogène", f"tag{n % 3}"),
        language="fr",
    )
    fields.update(changes)
    return DemoArticle(**fields)  # type: ignore[arg-type]


def sample_articles() -> list[DemoArticle]:
    out = []
    for site in SITE_NAMES:
        out += [make(site, n) for n in range(1, 15)]
    out.append(make("dakar-eco", 20, slug="hostile", title=HOSTILE_TITLE,
                    modified=datetime.fromisoformat("2025-04-02T10:00:00+00:00")))
    out.append(make("energies-afrique", 21, slug="english", language="en",
                    title="Morocco’s green hydrogen offer draws bidders"))
    return out


@pytest.fixture(scope="module")
def sites() -> Iterator[DemoSites]:
    with DemoSites(sample_articles()) as running:
        yield running


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5) as c:
        yield c


def get(client: httpx.Client, sites: DemoSites, site: str, path: str,
        **headers: str) -> httpx.Response:
    return client.get(sites.base_url(site) + path, headers=headers)


# -- the bundled data ----------------------------------------------------------------------

def test_bundled_corpus_is_what_the_demo_promises() -> None:
    articles = load_articles()
    keys = {a.key for a in articles}
    assert len(keys) == len(articles) >= 80
    assert {a.site for a in articles} == set(SITE_NAMES)
    assert {a.published.year for a in articles} == {2024, 2025, 2026}
    assert [a.language for a in articles].count("en") >= 1
    assert sum(1 for a in articles if a.modified and a.modified > a.published) >= 3
    for a in articles:
        words = len(f"{a.lead} {a.text}".split())
        assert 300 <= words <= 900, (a.key, words)
    queries = load_judged_queries()
    assert len(queries) >= 25
    for q in queries:
        assert set(q.expected) <= keys, f"{q.query!r} expects unknown articles"
        assert set(q.sources) <= set(SITE_NAMES), q.query


def test_a_malformed_data_line_is_named(tmp_path: Path) -> None:
    good = ('{"slug": "a", "site": "dakar-eco", "title": "T", "lead": "L", "body": ["p"], '
            '"author": "A", "published": "2025-01-01"}')
    (tmp_path / "x.jsonl").write_text(good + "\n{oops\n", encoding="utf-8")
    with pytest.raises(DemoDataError, match=r"x\.jsonl:2"):
        load_articles(tmp_path)
    (tmp_path / "x.jsonl").write_text(good.replace('"body": ["p"]', '"body": "p"'),
                                      encoding="utf-8")
    with pytest.raises(DemoDataError, match=r"x\.jsonl:1: 'body'"):
        load_articles(tmp_path)


def test_every_bundled_page_renders() -> None:
    with DemoSites() as running, httpx.Client(timeout=5) as c:
        for a in running.articles:
            r = c.get(running.listed_url(a.key))
            assert r.status_code == 200, a.key


# -- robots, sitemaps, feeds, listings ----------------------------------------------------

def test_robots_txt_disallows_admin_and_names_the_sitemap(sites: DemoSites,
                                                          client: httpx.Client) -> None:
    for spec in sites.sites:
        base = sites.base_url(spec.name)
        text = get(client, sites, spec.name, "/robots.txt").text
        assert f"Sitemap: {base}{spec.sitemap_path}" in text
        robots = urllib.robotparser.RobotFileParser()
        robots.parse(text.splitlines())
        assert not robots.can_fetch("veille", base + spec.admin_path + "login")
        assert robots.can_fetch("veille", sites.listed_url(f"{spec.name}/article-1"))
        assert get(client, sites, spec.name, spec.admin_path).status_code == 200


def _sitemap_urls(client: httpx.Client, url: str) -> set[str]:
    root = ET.fromstring(client.get(url).content)
    if root.tag == SM + "sitemapindex":
        out: set[str] = set()
        for loc in root.iter(SM + "loc"):
            out |= _sitemap_urls(client, loc.text or "")
        return out
    return {loc.text or "" for loc in root.iter(SM + "loc")}


def test_sitemaps_list_every_article_and_one_is_an_index(sites: DemoSites,
                                                         client: httpx.Client) -> None:
    kinds = set()
    for spec in sites.sites:
        first = get(client, sites, spec.name, spec.sitemap_path)
        kinds.add(ET.fromstring(first.content).tag)
        urls = _sitemap_urls(client, sites.base_url(spec.name) + spec.sitemap_path)
        expected = {sites.listed_url(a.key) for a in sites.articles if a.site == spec.name}
        assert expected <= urls, spec.name
    assert kinds == {SM + "urlset", SM + "sitemapindex"}
    amp = {u for u in _sitemap_urls(client, sites.base_url("tunis-industrie") + "/sitemap.xml")
           if "/article/" in u}
    assert amp and all("/amp/" in u for u in amp)


def test_feeds_hold_the_latest_articles(sites: DemoSites, client: httpx.Client) -> None:
    import feedparser

    for spec in sites.sites:
        r = get(client, sites, spec.name, spec.feed_path)
        assert r.status_code == 200 and "xml" in r.headers["content-type"]
        feed = feedparser.parse(r.content)
        assert not feed.bozo, (spec.name, feed.get("bozo_exception"))
        mine = sorted((a for a in sites.articles if a.site == spec.name),
                      key=lambda a: a.published, reverse=True)
        assert len(feed.entries) == min(spec.feed_items, len(mine))
        assert feed.entries[0].title == mine[0].title
        assert feed.entries[0].link.split("?")[0] == sites.article_url(mine[0].key)
    atom = get(client, sites, "courrier-industriel", "/feeds/une.atom").text
    assert atom.lstrip().startswith("<?xml") and "<feed xmlns" in atom
    assert "utm_source=rss" in get(client, sites, "energies-afrique", "/rss.xml").text


def _links(html: str) -> tuple[set[str], str | None]:
    soup = BeautifulSoup(html, "lxml")
    teasers = {a["href"] for a in soup.select(".teaser h2 a")}
    nxt = soup.select_one('a[rel="next"]')
    return {str(t) for t in teasers}, str(nxt["href"]) if nxt else None


def test_listings_paginate_over_every_article(sites: DemoSites, client: httpx.Client) -> None:
    for spec in sites.sites:
        seen: set[str] = set()
        path: str | None = "/"
        pages = 0
        while path:
            r = get(client, sites, spec.name, path)
            assert r.status_code == 200, (spec.name, path)
            found, path = _links(r.text)
            assert found and not found & seen
            seen |= found
            pages += 1
        expected = {spec.listed_path_of(a) for a in sites.articles if a.site == spec.name}
        assert seen == expected, spec.name
        assert pages == -(-len(expected) // spec.per_page) > 1
    section = site_named("usine-maghreb").section_listing_path("Énergie", 2)
    assert section == "/category/energie/page/2/"
    assert get(client, sites, "usine-maghreb", section).status_code == 200


# -- HTTP behaviour -----------------------------------------------------------------------

def test_conditional_get_answers_304_and_is_counted(sites: DemoSites,
                                                    client: httpx.Client) -> None:
    url = sites.article_url("usine-maghreb/article-3")
    before = sites.stats("usine-maghreb")
    first = client.get(url)
    etag, lastmod = first.headers["etag"], first.headers["last-modified"]
    assert first.status_code == 200 and etag.startswith('"')
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-None-Match": f'"x", W/{etag}'}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": lastmod}).status_code == 304
    older = format_datetime(datetime.fromisoformat("2020-01-01T00:00:00+00:00"), usegmt=True)
    assert client.get(url, headers={"If-Modified-Since": older}).status_code == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110).
    both = {"If-None-Match": '"other"', "If-Modified-Since": lastmod}
    assert client.get(url, headers=both).status_code == 200
    after = sites.stats("usine-maghreb")
    assert after.not_modified - before.not_modified == 3
    assert after.conditional - before.conditional == 5
    for path in ("/feed/", "/sitemap_index.xml", "/", "/robots.txt"):
        r = get(client, sites, "usine-maghreb", path)
        assert get(client, sites, "usine-maghreb", path,
                   **{"If-None-Match": r.headers["etag"]}).status_code == 304


def test_same_articles_same_port_same_bytes() -> None:
    articles = sample_articles()
    with DemoSites(articles) as one:
        ports = one.ports
        page = one.resource("dakar-eco", "/rss")
    with DemoSites(articles, ports=ports) as two:
        assert two.ports == ports
        again = two.resource("dakar-eco", "/rss")
    assert page is not None and again is not None and page.etag == again.etag


def test_a_busy_port_is_refused() -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        with pytest.raises(DemoPortBusy, match=str(port)):
            DemoSites(sample_articles(), ports={"dakar-eco": port}).start()


def test_unknown_paths_404_and_tracking_parameters_are_ignored(sites: DemoSites,
                                                               client: httpx.Client) -> None:
    assert get(client, sites, "dakar-eco", "/nulle-part").status_code == 404
    url = sites.article_url("energies-afrique/article-2")
    r = client.get(url + "?utm_source=rss&utm_medium=flux")
    assert r.status_code == 200
    head = client.head(url)
    assert head.status_code == 200 and head.content == b""


def test_stop_closes_every_port() -> None:
    running = DemoSites(sample_articles()).start()
    ports = list(running.ports.values())
    with httpx.Client() as c:   # a kept-alive connection must not keep the server up
        c.get(running.base_url("dakar-eco") + "/")
        running.stop()
    for port in ports:
        with socket.socket() as s, pytest.raises(ConnectionRefusedError):
            s.connect(("127.0.0.1", port))


# -- pages --------------------------------------------------------------------------------

def test_windows_1252_site_declares_it_only_in_the_page(sites: DemoSites,
                                                        client: httpx.Client) -> None:
    r = client.get(sites.article_url("ports-logistique/article-4"))
    assert "charset" not in r.headers["content-type"]
    raw = r.content
    assert b'http-equiv="Content-Type" content="text/html; charset=windows-1252"' in raw
    assert "l’apostrophe ’ et des « guillemets »".encode("cp1252") in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "œufs" in raw.decode("cp1252")
    feed = get(client, sites, "ports-logistique", "/rss/news.xml").content
    assert feed.startswith(b'<?xml version="1.0" encoding="windows-1252"?>')


def test_amp_pages_point_to_their_canonical(sites: DemoSites, client: httpx.Client) -> None:
    key = "tunis-industrie/article-5"
    amp = BeautifulSoup(client.get(sites.listed_url(key)).text, "lxml")
    assert "/amp/" in sites.listed_url(key)
    assert amp.html is not None and amp.html.has_attr("amp")
    canonical = amp.find("link", rel="canonical")
    assert canonical is not None and canonical["href"] == sites.article_url(key)
    normal = BeautifulSoup(client.get(sites.article_url(key)).text, "lxml")
    amphtml = normal.find("link", rel="amphtml")
    assert amphtml is not None and amphtml["href"] == sites.listed_url(key)


STRUCTURE = {
    "usine-maghreb": ['application/ld+json', '"@graph"', '"NewsArticle"', "entry-content"],
    "energies-afrique": ['property="article:published_time"', 'property="og:title"'],
    "courrier-industriel": ['itemprop="articleBody"', 'itemprop="datePublished"',
                            'itemprop="author"'],
    "dakar-eco": ["Par Aminata Diop", "Publié le 4 mars 2025 à 09h30"],
    "tunis-industrie": ['rel="amphtml"', '"articleBody"'],
    "ports-logistique": ['name="author"', "04/03/2025"],
}
BOILERPLATE = ["cookie-consent", "À lire aussi", "Partager cet article", "site-footer",
               "main-menu", "Les plus lus"]


@pytest.mark.parametrize("site", SITE_NAMES)
def test_article_pages_have_their_house_style_and_boilerplate(
        site: str, sites: DemoSites, client: httpx.Client) -> None:
    html = client.get(sites.article_url(f"{site}/article-3")).content.decode(
        site_named(site).encoding)
    for marker in STRUCTURE[site]:
        assert marker in html, (site, marker)
    assert sum(marker in html for marker in BOILERPLATE) >= 4
    for n in ("Premier", "Deuxième", "Troisième"):
        assert f"{n} paragraphe 3" in html
    if site != "dakar-eco":
        assert "application/ld+json" not in html or site in ("usine-maghreb",
                                                             "tunis-industrie")
    assert site_named(site).admin_path in html  # linked, though robots.txt forbids it


def test_hostile_text_is_escaped(sites: DemoSites, client: httpx.Client) -> None:
    html = client.get(sites.article_url("dakar-eco/hostile")).text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Mis à jour le 2 avril 2025 à 10h00" in html
    listing = get(client, sites, "dakar-eco", "/").text
    assert "<script>alert" not in listing
    assert "<script>alert" not in get(client, sites, "dakar-eco", "/rss").text


def test_english_article_says_so(sites: DemoSites, client: httpx.Client) -> None:
    html = client.get(sites.article_url("energies-afrique/english")).text
    assert re.search(r'<html lang="en"', html)
    assert 'content="en_GB"' in html


def test_sources_file_round_trips_its_ports(sites: DemoSites, tmp_path: Path) -> None:
    from crawler.sources import parse_sources

    text = sources_toml(sites)
    path = tmp_path / "demo-sources.toml"
    path.write_text(text, encoding="utf-8")
    assert read_ports(path) == sites.ports
    parsed = parse_sources(text)
    assert [s.name for s in parsed.sources] == [s.name for s in sites.sites]
    assert read_ports(tmp_path / "absent.toml") == {}
    (tmp_path / "mine.toml").write_text("[crawler]\n", encoding="utf-8")
    with pytest.raises(DemoDataError, match="not written by"):
        read_ports(tmp_path / "mine.toml")
