"""Whole crawls, in process, against scripted sites on 127.0.0.1.

These tests use a tiny stand-in extractor (tests.crawlsite.simple_extract) so that they test
the crawler, not the extraction heuristics; tests/test_crawl_cli.py runs the real thing.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest

import crawler
from corpus import Home, Store
from crawler import CrawlReport, Sources
from tests.crawlsite import (
    Request,
    Response,
    Site,
    StaticSite,
    article_html,
    rss,
    simple_extract,
)

UA = "veille-test/1.0 (+mailto:test@example.org)"
PATTERN = "article_pattern = '/20\\d\\d/\\d\\d/'"


@pytest.fixture
def site() -> Iterator[Site]:
    with Site() as s:
        yield s


def sources_for(base: str, source: str = "", name: str = "test", **settings: Any) -> Sources:
    values: dict[str, Any] = {"user_agent": f'"{UA}"', "delay": 0, "timeout": 1, "retries": 1,
                              "backoff": 0.01, "max_bytes": 100_000, **settings}
    table = "\n".join(f"{k} = {v}" for k, v in values.items())
    return crawler.parse_sources(f"""
[crawler]
{table}

[[source]]
name = "{name}"
url = "{base}/"
{source}
""")


def run(home: Home, sources: Sources, **kwargs: Any) -> CrawlReport:
    return crawler.crawl(home, sources, extractor=simple_extract, **kwargs)


def stored(home: Home) -> dict[str, Any]:
    with Store.open(home.corpus_db) as store:
        return {a.url: a for a in store.iter_articles()}


def add_articles(site: Site, n: int, prefix: str = "/2026/03/article-") -> list[str]:
    urls = []
    for i in range(n):
        site.page(f"{prefix}{i}", article_html(f"Article numéro {i}"))
        urls.append(site.url(f"{prefix}{i}"))
    return urls


def test_feed_sitemap_and_listing_end_to_end(site: Site, home: Home) -> None:
    b = site.base
    feed_urls = add_articles(site, 2, "/2026/03/flux-")
    site.page("/rss.xml", rss([(u, f"Flux {i}") for i, u in enumerate(feed_urls)]),
              "application/rss+xml")
    site.page("/robots.txt", f"User-agent: *\nDisallow: /2026/03/prive\n"
                             f"Sitemap: {b}/sitemap.xml\n", "text/plain")
    add_articles(site, 1, "/2026/03/plan-")
    add_articles(site, 1, "/2026/03/prive-")
    site.page("/sitemap.xml", f"""<?xml version="1.0"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc>{b}/2026/03/plan-0</loc></url><url><loc>{b}/2026/03/prive-0</loc></url>
        </urlset>""", "application/xml")
    add_articles(site, 3, "/2026/03/liste-")
    site.page("/industrie/", '<a href="/2026/03/liste-0">0</a><a href="/2026/03/liste-1">1</a>'
              '<a href="/industrie/?page=2">Suivant</a><a href="/contact">contact</a>')
    site.page("/industrie/?page=2", '<a href="/2026/03/liste-2">2</a>')
    sources = sources_for(b, f'feeds = ["{b}/rss.xml"]\nstart_urls = ["{b}/industrie/"]\n'
                             f"{PATTERN}")
    report = run(home, sources)
    urls = set(stored(home))
    assert urls == {b + p for p in ("/2026/03/flux-0", "/2026/03/flux-1", "/2026/03/plan-0",
                                    "/2026/03/liste-0", "/2026/03/liste-1", "/2026/03/liste-2")}
    assert report.new == 6 and report.failed == 0 and len(report.new_ids) == 6
    assert report.per_source["test"].status == "ok"
    assert site.hits_for("/2026/03/prive-0") == []          # robots.txt obeyed
    assert report.per_source["test"].skipped == 1
    from crawler.state import CrawlState

    with CrawlState.open(home) as state:
        assert state.get(b + "/2026/03/prive-0") is None
        assert state.get(b + "/2026/03/plan-0").status == "stored"  # type: ignore[union-attr]
    assert site.hits_for("/contact") == []                   # not an article: not fetched
    assert all(h.headers["user-agent"] == UA for h in site.hits)
    assert site.hits[0].path == "/robots.txt"
    articles = stored(home)
    assert all(a.source == "test" for a in articles.values())
    assert articles[b + "/2026/03/flux-0"].title == "Article numéro 0"


def test_crawl_delay_of_robots_is_obeyed_measured_by_the_server(home: Home) -> None:
    routes: dict[str, dict[str, Any]] = {
        "/robots.txt": {"body": "User-agent: veille-test\nCrawl-delay: 0.2\n",
                        "content_type": "text/plain"},
        "/liste": {"body": "".join(f'<a href="/2026/03/a-{i}">{i}</a>' for i in range(4))},
    }
    for i in range(4):
        routes[f"/2026/03/a-{i}"] = {"body": article_html(f"A{i}")}
    with StaticSite(routes) as static:
        sources = sources_for(static.base, f'start_urls = ["{static.base}/liste"]\n{PATTERN}',
                              per_host=4)
        report = run(home, sources)
        hits = static.hits()
    assert report.new == 4
    starts = sorted(h.started for h in hits)
    assert len(starts) == 6 and all(h.headers["user-agent"] == UA for h in hits)
    gaps = [b - a for a, b in itertools.pairwise(starts[1:])]   # after robots.txt was read
    assert min(gaps) >= 0.2 - 0.04, gaps


def test_windows_1252_page_without_http_charset(site: Site, home: Home) -> None:
    text = "L’usine « verte » de Dunkerque : œuvre collective, cœur du projet, déjà rentable."
    html = article_html("Sidérurgie : l’acier décarboné", paragraphs=[text], charset=None)
    site.page("/2026/03/acier", html.encode("cp1252"), "text/html")
    site.page("/liste", '<a href="/2026/03/acier">acier</a>')
    run(home, sources_for(site.base, f'start_urls = ["{site.base}/liste"]\n{PATTERN}'))
    (article,) = stored(home).values()
    assert article.title == "Sidérurgie : l’acier décarboné"
    assert text in article.text


def test_tracking_parameters_and_amp_page_give_one_article(site: Site, home: Home) -> None:
    b = site.base
    canonical = f"{b}/2026/03/hydrogene"
    site.page("/2026/03/hydrogene", article_html("Hydrogène vert", canonical=canonical))
    site.page("/2026/03/hydrogene/amp", article_html("Hydrogène vert (AMP)",
                                                      canonical=canonical))
    site.page("/rss.xml", rss([(f"{b}/2026/03/hydrogene/amp", "AMP"),
                               (f"{b}/2026/03/hydrogene?utm_source=rss&xtor=RSS-3", "Tracké")]),
              "application/rss+xml")
    site.page("/liste", f'<a href="{b}/2026/03/hydrogene?fbclid=abc#comments">x</a>'
                        f'<a href="/2026/03/hydrogene/amp?gclid=1">amp</a>')
    sources = sources_for(b, f'feeds = ["{b}/rss.xml"]\nstart_urls = ["{b}/liste"]\n{PATTERN}')
    report = run(home, sources)
    articles = stored(home)
    assert list(articles) == [canonical]
    assert articles[canonical].title == "Hydrogène vert"     # from the canonical page itself
    assert report.new == 1
    assert len(site.hits_for("/2026/03/hydrogene")) == 1
    assert all("utm_source" not in h.path and "fbclid" not in h.path for h in site.hits)
    # a re-crawl goes straight to the canonical URL, and stores nothing twice
    report = run(home, sources)
    assert report.new == 0 and len(stored(home)) == 1
    assert len(site.hits_for("/2026/03/hydrogene/amp")) == 1


def test_etag_and_304_on_recrawl(site: Site, home: Home) -> None:
    conditional = []

    def etagged(i: int):  # type: ignore[no-untyped-def]
        body = article_html(f"Article {i}").encode()

        def handler(req: Request) -> Response:
            if "if-none-match" in req.headers:
                conditional.append(req.path)
                if req.headers["if-none-match"] == f'"v{i}"':
                    return Response(304, headers={"ETag": f'"v{i}"'})
            return Response(200, body, {"ETag": f'"v{i}"', "Content-Type": "text/html"})
        return handler

    for i in range(3):
        site.route(f"/2026/03/e-{i}", etagged(i))
    site.page("/rss.xml", rss([(site.url(f"/2026/03/e-{i}"), str(i)) for i in range(3)]),
              "application/rss+xml")
    sources = sources_for(site.base, f'feeds = ["{site.base}/rss.xml"]')
    first = run(home, sources)
    assert first.new == 3 and conditional == []
    second = run(home, sources)
    assert (second.new, second.updated, second.unchanged) == (0, 0, 3)
    assert sorted(conditional) == [f"/2026/03/e-{i}" for i in range(3)]
    with Store.open(home.corpus_db) as store:
        assert store.count() == 3
        assert all(store.record(a.id).revision == 1 for a in store.iter_articles())  # type: ignore[union-attr]


def test_changed_article_is_updated_not_duplicated(site: Site, home: Home) -> None:
    version = {"n": 1}
    site.route("/2026/03/evolutif", lambda req: Response(200, article_html(
        "Titre", paragraphs=[f"Version {version['n']} du texte, assez longue pour compter."]
    ).encode(), {"Content-Type": "text/html; charset=utf-8"}))
    site.page("/2026/03/stable", article_html("Stable"))
    site.page("/rss.xml", rss([(site.url("/2026/03/evolutif"), "1"),
                               (site.url("/2026/03/stable"), "2")]), "application/rss+xml")
    sources = sources_for(site.base, f'feeds = ["{site.base}/rss.xml"]')
    assert run(home, sources).new == 2
    version["n"] = 2
    report = run(home, sources)
    assert (report.new, report.updated, report.unchanged) == (0, 1, 1)
    articles = stored(home)
    assert len(articles) == 2
    assert "Version 2" in articles[site.url("/2026/03/evolutif")].text
    with Store.open(home.corpus_db) as store:
        record = store.record(site.url("/2026/03/evolutif"))
        assert record is not None and record.revision == 2


def test_misbehaving_pages_fail_alone(site: Site, home: Home) -> None:
    with Site("127.0.0.2") as other:
        other.page("/2026/03/ailleurs", article_html("Ailleurs"))
        good = add_articles(site, 2)
        site.page("/2026/03/panne", "erreur", status=500)
        site.route("/2026/03/fige", lambda req: Response(hang=True))
        site.page("/2026/03/boucle", "", status=302, headers={"Location": "/2026/03/boucle2"})
        site.page("/2026/03/boucle2", "", status=302, headers={"Location": "/2026/03/boucle"})
        site.page("/2026/03/fuite", "", status=302,
                  headers={"Location": other.url("/2026/03/ailleurs")})
        site.route("/2026/03/enorme", lambda req: Response(
            200, headers={"Content-Type": "text/html"}, chunks=(b"x" * 65536 for _ in range(100))))
        site.page("/2026/03/rapport", b"%PDF-1.7", "application/pdf")
        site.page("/2026/03/absent", "", status=404)
        bad = ["panne", "fige", "boucle", "fuite", "enorme", "rapport", "absent"]
        site.page("/rss.xml", rss([(u, "ok") for u in good] + [
            (site.url(f"/2026/03/{n}"), n) for n in bad] + [
            (other.url("/2026/03/ailleurs"), "ailleurs")]), "application/rss+xml")
        report = run(home, sources_for(site.base, f'feeds = ["{site.base}/rss.xml"]',
                                       timeout=0.3))
        assert other.hits == []
    assert report.new == 2 and set(stored(home)) == set(good)
    src = report.per_source["test"]
    assert src.status == "ok"
    assert src.failed == 6        # 500, hang, loop, off-host redirect, too large, 404
    assert src.skipped == 1       # the PDF
    assert len(site.hits_for("/2026/03/panne")) == 2   # retried once
    messages = " ".join(report.errors)
    for word in ("HTTP 500", "timed out", "redirect loop", "over max_bytes", "HTTP 404"):
        assert word in messages


def test_max_pages_leaves_the_rest_pending_for_the_next_run(site: Site, home: Home) -> None:
    urls = add_articles(site, 6)
    site.page("/rss.xml", rss([(u, "t") for u in urls]), "application/rss+xml")
    sources = sources_for(site.base, f'feeds = ["{site.base}/rss.xml"]')
    first = run(home, sources, max_pages=3)
    assert first.fetched == 3 and first.new == 2
    site.page("/rss.xml", rss([]), "application/rss+xml")     # the feed moved on
    second = run(home, sources)
    assert second.new == 4
    assert set(stored(home)) == set(urls)
    assert all(len(site.hits_for(u.removeprefix(site.base))) == 1 for u in urls)


def test_unreachable_robots_fails_the_source(site: Site, home: Home) -> None:
    site.page("/robots.txt", "indisponible", status=503)
    add_articles(site, 1)
    report = run(home, sources_for(site.base, f'start_urls = ["{site.base}/2026/03/article-0"]'))
    assert report.all_failed and report.failed_sources == ["test"]
    assert "robots.txt injoignable" in report.errors[0]
    assert [h.path for h in site.hits] == ["/robots.txt", "/robots.txt"]


def test_missing_robots_allows_everything(site: Site, home: Home) -> None:
    add_articles(site, 1)
    site.page("/liste", '<a href="/2026/03/article-0">0</a>')
    report = run(home, sources_for(site.base, f'start_urls = ["{site.base}/liste"]\n{PATTERN}'))
    assert report.new == 1 and not report.all_failed


def test_a_dead_source_fails_but_the_others_complete(site: Site, home: Home) -> None:
    with Site() as dead:
        dead_base = dead.base
    add_articles(site, 1)
    site.page("/liste", '<a href="/2026/03/article-0">0</a>')
    text = (f"""
[crawler]
user_agent = "{UA}"
delay = 0
timeout = 1
retries = 0
[[source]]
name = "vivant"
url = "{site.base}/"
start_urls = ["{site.base}/liste"]
{PATTERN}
[[source]]
name = "mort"
url = "{dead_base}/"
""")
    report = run(home, crawler.parse_sources(text))
    assert report.failed_sources == ["mort"] and not report.all_failed
    assert report.per_source["vivant"].new == 1
    summary = report.summary()
    assert "1 nouvel article" in summary and "1 source en échec : mort" in summary
    data = report.to_json()
    assert {"sources", "fetched", "new", "updated", "unchanged", "failed", "seconds"} <= set(data)
    assert data["per_source"]["mort"]["status"] == "failed"


def test_only_selects_sources_and_rejects_unknown_names(site: Site, home: Home) -> None:
    sources = sources_for(site.base)
    with pytest.raises(crawler.SourcesError, match="aucune source nommée 'x'"):
        run(home, sources, only=["x"])
    assert site.hits == []


def test_control_characters_never_reach_the_corpus(site: Site, home: Home) -> None:
    site.page("/2026/03/piege", article_html(
        "Titre \x1b[31mrouge\x1b[0m\u202e",
        paragraphs=["Texte\x07 avec \x1b]0;titre\x07 échappements."]))
    site.page("/liste", '<a href="/2026/03/piege">x</a>')
    run(home, sources_for(site.base, f'start_urls = ["{site.base}/liste"]\n{PATTERN}'))
    (article,) = stored(home).values()
    assert article.title == "Titre rouge"
    assert "\x1b" not in article.text and "\x07" not in article.text


def test_listing_links_to_other_hosts_are_never_followed(site: Site, home: Home) -> None:
    with Site("127.0.0.2") as other:
        other.page("/2026/03/dehors", article_html("Dehors"))
        site.page("/liste", f'<a href="{other.url("/2026/03/dehors")}">x</a>'
                            '<a href="/2026/03/article-0">0</a>')
        add_articles(site, 1)
        report = run(home, sources_for(site.base, f'start_urls = ["{site.base}/liste"]\n'
                                                  f"{PATTERN}\ndepth = 3"))
        assert other.hits == []
    assert report.new == 1


def test_depth_bounds_links_followed_from_articles(site: Site, home: Home) -> None:
    site.page("/liste", '<a href="/2026/03/n1">1</a>')
    site.page("/2026/03/n1", article_html("N1", links=["/2026/03/n2"]))
    site.page("/2026/03/n2", article_html("N2", links=["/2026/03/n3"]))
    site.page("/2026/03/n3", article_html("N3"))
    base = f'start_urls = ["{site.base}/liste"]\n{PATTERN}'
    run(home, sources_for(site.base, base))
    assert len(stored(home)) == 1
    run(home, sources_for(site.base, base + "\ndepth = 2"))
    assert len(stored(home)) == 2 and site.hits_for("/2026/03/n3") == []


def test_pagination_is_bounded(site: Site, home: Home) -> None:
    for i in range(10):
        site.page(f"/liste/{i}", f'<a href="/2026/03/p{i}">a</a><a href="/liste/{i + 1}">»</a>')
        site.page(f"/2026/03/p{i}", article_html(f"P{i}"))
    report = run(home, sources_for(site.base, f'start_urls = ["{site.base}/liste/0"]\n'
                                              f"{PATTERN}\nlisting_pages = 3"))
    assert report.new == 3
    assert site.hits_for("/liste/3") == []


def test_unchanged_body_without_validators_is_unchanged(site: Site, home: Home) -> None:
    add_articles(site, 2)
    site.page("/liste", '<a href="/2026/03/article-0">0</a><a href="/2026/03/article-1">1</a>')
    sources = sources_for(site.base, f'start_urls = ["{site.base}/liste"]\n{PATTERN}')
    run(home, sources)
    report = run(home, sources)
    assert (report.new, report.updated, report.unchanged) == (0, 0, 2)


def test_progress_is_reported(site: Site, home: Home) -> None:
    add_articles(site, 3)
    site.page("/rss.xml", rss([(site.url(f"/2026/03/article-{i}"), "t") for i in range(3)]),
              "application/rss+xml")
    calls: list[tuple[int, int | None, str | None]] = []
    run(home, sources_for(site.base, f'feeds = ["{site.base}/rss.xml"]'),
        progress=lambda done, total, detail: calls.append((done, total, detail)))
    assert [c[0] for c in calls] == [1, 2, 3, 4, 4]   # the last once everything is stored
    assert calls[-1][1] == 4 and "3 new" in (calls[-1][2] or "")


def test_the_package_extractor_and_its_canonical_url(site: Site, home: Home) -> None:
    b = site.base
    canonical = f"{b}/2026/03/hydrogene-vert-dunkerque"
    site.page("/2026/03/hydrogene-vert-dunkerque",
              article_html("Hydrogène vert : Dunkerque accélère", canonical=canonical))
    site.page("/2026/03/hydrogene-vert-dunkerque/amp",
              article_html("Hydrogène vert : Dunkerque accélère (AMP)", canonical=canonical))
    site.page("/liste", '<a href="/2026/03/hydrogene-vert-dunkerque/amp">amp</a>')
    report = crawler.crawl(home, sources_for(b, f'start_urls = ["{b}/liste"]\n{PATTERN}'))
    assert report.new == 1 and report.failed == 0
    (article,) = stored(home).values()
    assert article.url == canonical
    assert article.title == "Hydrogène vert : Dunkerque accélère"
    assert "l’hydrogène vert" in article.text and article.source == "test"


def test_sitemap_index_gzip_news_dates_and_conditional_get(site: Site, home: Home) -> None:
    import gzip
    from datetime import UTC, datetime

    b = site.base
    site.page("/2026/03/sans-date", article_html("Sans date", published=""))
    site.page("/2026/03/ancien", article_html("Ancien"))
    news = f"""<?xml version="1.0"?>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
            xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
    <url><loc>{b}/2026/03/sans-date</loc><news:news>
    <news:publication_date>2026-03-04T06:15:00Z</news:publication_date></news:news></url>
    </urlset>"""
    site.page("/sitemap-news.xml.gz", gzip.compress(news.encode()), "application/gzip")
    old = (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           f"<url><loc>{b}/2026/03/ancien</loc></url></urlset>").encode()
    conditional: list[str] = []

    def etagged(req: Request) -> Response:
        if req.headers.get("if-none-match") == '"s1"':
            conditional.append(req.path)
            return Response(304, headers={"ETag": '"s1"'})
        return Response(200, old, {"ETag": '"s1"', "Content-Type": "application/xml"})

    site.route("/sitemap-old.xml", etagged)
    site.page("/sitemap_index.xml", f"""<?xml version="1.0"?>
    <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>{b}/sitemap-news.xml.gz</loc></sitemap>
    <sitemap><loc>{b}/sitemap-old.xml</loc></sitemap></sitemapindex>""", "application/xml")
    site.page("/page-html", "<html><body>Ceci n'est pas un flux</body></html>")
    sources = sources_for(b, f'sitemaps = ["{b}/sitemap_index.xml"]\n'
                             f'feeds = ["{b}/page-html"]')
    report = run(home, sources)
    articles = stored(home)
    assert set(articles) == {f"{b}/2026/03/sans-date", f"{b}/2026/03/ancien"}
    assert articles[f"{b}/2026/03/sans-date"].published == datetime(2026, 3, 4, 6, 15,
                                                                     tzinfo=UTC)
    assert report.failed == 1 and "not a feed or a sitemap" in report.errors[0]
    run(home, sources)
    assert conditional == ["/sitemap-old.xml"]


def test_a_canonical_pointing_at_the_home_page_is_ignored(site: Site, home: Home) -> None:
    b = site.base
    for i in range(2):
        site.page(f"/2026/03/mal-{i}", article_html(f"Mal {i}", canonical=f"{b}/"))
    site.page("/", "<html><body>Accueil</body></html>")
    site.page("/liste", '<a href="/2026/03/mal-0">0</a><a href="/2026/03/mal-1">1</a>')
    report = run(home, sources_for(b, f'start_urls = ["{b}/liste"]\n{PATTERN}'))
    assert report.new == 2
    assert set(stored(home)) == {f"{b}/2026/03/mal-0", f"{b}/2026/03/mal-1"}
    assert site.hits_for("/") == []


def test_hosts_lets_a_source_read_its_feed_on_another_host(site: Site, home: Home) -> None:
    port = int(site.base.rsplit(":", 1)[1])
    with Site("127.0.0.2", port) as feeds:
        add_articles(site, 2)
        feeds.page("/robots.txt", "User-agent: *\nDisallow: /prive\n", "text/plain")
        feeds.page("/rss.xml", rss([(site.url(f"/2026/03/article-{i}"), "t") for i in range(2)]
                                   + [(feeds.url("/2026/03/ailleurs"), "autre hôte")]),
                   "application/rss+xml")
        feeds.page("/2026/03/ailleurs", article_html("Sur l'hôte des flux"))
        sources = sources_for(site.base, f'hosts = ["127.0.0.2"]\n'
                                         f'feeds = ["{feeds.url("/rss.xml")}"]')
        report = run(home, sources)
        assert [h.path for h in feeds.hits][:2] == ["/robots.txt", "/rss.xml"]
    assert report.new == 3 and report.failed == 0


def test_sitemap_lastmod_spares_a_revalidation(site: Site, home: Home) -> None:
    add_articles(site, 2)
    b = site.base
    site.page("/sitemap.xml", f"""<?xml version="1.0"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc>{b}/2026/03/article-0</loc><lastmod>2001-01-01</lastmod></url>
        <url><loc>{b}/2026/03/article-1</loc><lastmod>2999-01-01</lastmod></url>
        </urlset>""", "application/xml")
    sources = sources_for(b, f'sitemaps = ["{b}/sitemap.xml"]')
    assert run(home, sources).new == 2
    run(home, sources)
    assert len(site.hits_for("/2026/03/article-0")) == 1   # unchanged since: not asked again
    assert len(site.hits_for("/2026/03/article-1")) == 2   # modified since: re-validated
