"""`veille crawl` end to end (real extractor, real CLI) against hostile and tricky pages
served on 127.0.0.1: briefs kept, non-articles skipped with their reason, bombs and
pathological pages bounded, secrets redacted, state pruned."""

from __future__ import annotations

import gzip
import json
import sqlite3
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from corpus import Article, Home, Store
from crawler.state import CrawlState
from tests.crawlsite import Response, Site
from tui.cli import main

UA = "veille-test/1.0 (+mailto:test@example.org)"
GOOD = ("<!doctype html><html lang=fr><head><meta charset=utf-8><title>{t}</title></head>"
        "<body><article><h1>{t}</h1><time datetime='2026-03-02T09:00:00+01:00'>2 mars</time>"
        "{body}</article></body></html>")
BRIEF_TEXT = ("Le port de Tanger Med a reçu sa première cargaison d’ammoniac vert. "
              "Le terminal vise 200 000 tonnes par an dès 2027.")
LONG = "".join(f"<p>Paragraphe {i} : l’usine de Kénitra augmente sa production de câbles "
               "pour l’automobile et recrute deux cents techniciens cette année.</p>"
               for i in range(6))


@pytest.fixture
def site() -> Iterator[Site]:
    with Site() as s:
        yield s


def html(site: Site, path: str, body: str | bytes, **headers: str) -> None:
    data = body.encode() if isinstance(body, str) else body
    site.route(path, lambda req: Response(200, data, {"Content-Type": "text/html; charset=utf-8",
                                                       **headers}))


def sources(tmp: Path, site: Site, paths: list[str], *, url: str | None = None,
            extra: str = "", crawler: str = "") -> Path:
    links = "".join(f'<a href="{p}">{p}</a>' for p in paths)
    site.page("/liste", f"<html><body>{links}</body></html>")
    path = tmp / "sources.toml"
    path.write_text(f"""
[crawler]
user_agent = "{UA}"
delay = 0
timeout = 2
retries = 0
{crawler}

[[source]]
name = "essai"
url = "{url or site.base + '/'}"
start_urls = ["{site.base}/liste"]
{extra}
""", encoding="utf-8")
    return path


def crawl(home: Home, path: Path, *args: str) -> int:
    return main(["--home", str(home.root), "crawl", "--sources", str(path), "--no-index",
                 *args])


def articles(home: Home) -> dict[str, Article]:
    with Store.open(home.corpus_db) as store:
        return {a.url.rsplit("/", 1)[-1]: a for a in store.iter_articles()}


def test_a_two_sentence_brief_is_stored_and_a_listing_skipped_with_its_reason(
        site: Site, home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    html(site, "/2026/03/breve-ammoniac", GOOD.format(t="Ammoniac vert à Tanger Med",
                                                      body=f"<p>{BRIEF_TEXT}</p>"))
    teasers = "".join(f'<h2><a href="/2026/03/a-{i}">Titre {i}</a></h2>' for i in range(10))
    html(site, "/2026/03/rubrique-energie", f"<html><body><h1>Énergie</h1>{teasers}</body></html>")
    html(site, "/2026/03/page-vide", "<html><body><div></div></body></html>")
    path = sources(tmp_path, site, ["/2026/03/breve-ammoniac", "/2026/03/rubrique-energie",
                                    "/2026/03/page-vide"],
                   extra='article_pattern = "/2026/03/"\ndepth = 0')
    assert crawl(home, path, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    brief = articles(home)["breve-ammoniac"]
    assert brief.title == "Ammoniac vert à Tanger Med"
    assert brief.published is not None
    assert "200 000 tonnes" in brief.text
    assert data["new"] == 1 and data["skipped"] == 2
    assert data["skip_reasons"] == {"listing page": 1, "no text": 1}
    listed = {p["url"].rsplit("/", 1)[-1]: p["reason"] for p in data["skipped_pages"]}
    assert listed == {"rubrique-energie": "listing page", "page-vide": "no text"}
    other = Home.resolve(tmp_path / "autre")
    assert crawl(other, path) == 0
    line = capsys.readouterr().out
    assert "2 pages ignorées (1 page de liste, 1 page sans texte)" in line and line.count("\n") == 1
    log = (home.log_dir / "veille.log").read_text(encoding="utf-8")
    assert "skipped " + site.url("/2026/03/rubrique-energie") + ": listing page" in log


def test_paywalled_article_is_stored_with_its_flag(site: Site, home: Home, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Acier",'
          ' "isAccessibleForFree": false}</script>')
    page = GOOD.format(t="Acier vert : le plan de Maghreb Steel",
                       body=f"<p>{BRIEF_TEXT}</p><div class='paywall'>Réservé aux abonnés</div>")
    html(site, "/2026/03/acier", page.replace("</head>", ld + "</head>"))
    path = sources(tmp_path, site, ["/2026/03/acier"], extra='article_pattern = "/2026/03/"')
    assert crawl(home, path, "--quiet") == 0
    article = articles(home)["acier"]
    assert article.paywalled is True
    assert article.to_json()["paywalled"] is True
    assert "Tanger Med" in article.text
    from tui.app.widgets.preview import article_content
    from tui.render import format_article_text

    assert "réservé aux abonnés" in article_content(article, set()).plain
    assert "réservé aux abonnés" in format_article_text(article)


def test_bombs_and_pathological_pages_stay_bounded_next_to_a_good_article(
        site: Site, home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import psutil

    html(site, "/2026/03/bon-article", GOOD.format(t="Câblage : Kénitra recrute", body=LONG))
    zeros = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    inner = b"".join(zeros.compress(bytes(1 << 20)) for _ in range(1024)) + zeros.flush()
    html(site, "/2026/03/bombe", gzip.compress(inner), **{"Content-Encoding": "gzip, gzip"})
    html(site, "/2026/03/mauvais-gzip", b"\x1f\x8b\x08\x00garbage" * 20,
         **{"Content-Encoding": "gzip"})
    attributes = " ".join(f'data-x{i}="{i}"' for i in range(150_000))
    html(site, "/2026/03/attributs", f"<html><body><div {attributes}>x</div>{LONG}</body></html>")
    path = sources(tmp_path, site, ["/2026/03/bombe", "/2026/03/mauvais-gzip",
                                    "/2026/03/attributs", "/2026/03/bon-article"],
                   extra='article_pattern = "/2026/03/"', crawler="max_bytes = 4_000_000")
    before = psutil.Process().memory_info().rss
    assert crawl(home, path, "--json") == 0
    grown = psutil.Process().memory_info().rss - before
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert "bon-article" in articles(home)
    assert data["failed"] == 2 and data["seconds"] < 20
    assert "attributs" in articles(home)   # its prose survives the attribute cap
    assert any("bombe" in e and "max_bytes" in e for e in data["errors"])
    assert any("mauvais-gzip" in e and "bad gzip data" in e for e in data["errors"])
    assert "Traceback" not in err and err == ""
    assert grown < 150_000_000, f"RSS grew by {grown:,} bytes"


def test_sigterm_is_prompt_while_a_page_takes_long_to_parse(
        site: Site, home: Home, tmp_path: Path) -> None:
    import signal
    import subprocess
    import time

    from tests.conftest import veille_exe

    html(site, "/2026/03/bon-article", GOOD.format(t="Câblage : Kénitra recrute", body=LONG))
    nested = "<div>" * 400_000 + "texte" + "</div>" * 400_000
    html(site, "/2026/03/lente", f"<html><body>{nested}</body></html>")
    path = sources(tmp_path, site, ["/2026/03/lente", "/2026/03/bon-article"],
                   extra='article_pattern = "/2026/03/"', crawler="max_bytes = 10_000_000")
    proc = subprocess.Popen([veille_exe(), "--home", str(home.root), "crawl", "--sources",
                             str(path), "--no-index"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert site.wait_for_hits(4, timeout=30)
    assert proc.poll() is None          # still busy: the slow page is being analysed
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert time.monotonic() - started < 5
    assert proc.returncode == 130, err
    assert err == "veille: arrêté par SIGTERM\n", err


def test_a_password_in_the_source_url_is_never_printed(site: Site, home: Home,
                                                      tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    secret_url = site.base.replace("http://", "http://redac:s3cr3t-pass@") + "/"
    site.page("/robots.txt", "", status=500)
    path = sources(tmp_path, site, [], url=secret_url)
    path.write_text(path.read_text().replace(f'start_urls = ["{site.base}/liste"]',
                                             f'start_urls = ["{secret_url}liste"]'))
    assert crawl(home, path, "--json") == 1
    out, err = capsys.readouterr()
    log = (home.log_dir / "veille.log").read_text(encoding="utf-8")
    for text in (out, err, log):
        assert "s3cr3t-pass" not in text
    data = json.loads(out)
    assert data["sources_failed"] == 1 and data["failed"] == 1
    assert data["failed_sources"] == ["essai"]


def test_crawl_state_is_pruned_and_shown_by_stats(site: Site, home: Home, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = sources(tmp_path, site, [], extra='article_pattern = "/2026/03/"',
                   crawler="max_pending = 100")
    home.ensure()
    old = (datetime.now(UTC) - timedelta(days=40)).isoformat(timespec="seconds")
    with CrawlState.open(home) as state, state.transaction():
        state.discovered("essai", "article", [(f"{site.base}/2026/03/vieux-{i}", None, "")
                                              for i in range(5)], seen_at=old)
        state.discovered("essai", "article", [(f"{site.base}/2026/03/neuf-{i}", None, "")
                                              for i in range(300)])
        for _ in range(3):
            state.failed(f"{site.base}/2026/03/disparu", "essai", "article", "HTTP 404",
                         gone=True)
        state.failed(f"{site.base}/2026/03/encore", "essai", "article", "HTTP 404", gone=True)
    assert crawl(home, path, "--max-pages", "1", "--quiet") == 0
    with sqlite3.connect(home.crawl_db) as conn:
        urls = {r[0].rsplit("/", 1)[-1]: r[1] for r in conn.execute("SELECT url, status FROM urls")}
    assert not any(u.startswith("vieux-") for u in urls)
    assert sum(1 for s in urls.values() if s == "pending") <= 100
    assert "disparu" not in urls and urls["encore"] == "gone"
    assert main(["--home", str(home.root), "stats", "--json"]) == 0
    state = json.loads(capsys.readouterr().out)["crawl_state"]
    assert state["urls"] == len(urls) and state["bytes"] > 0
    assert state["by_status"]["pending"] <= 100
    assert main(["--home", str(home.root), "stats"]) == 0
    assert "état du crawl : " in capsys.readouterr().out


def test_a_page_whose_analysis_never_ends_is_abandoned(site: Site, home: Home) -> None:
    import crawler
    from tests.crawlsite import article_html, stalling_extract
    from tests.test_crawl import sources_for

    html(site, "/2026/03/lente", article_html("Une page sans fin"))
    for i in range(3):
        html(site, f"/2026/03/bonne-{i}", article_html(f"Bonne page {i}"))
    links = "".join(f'<a href="/2026/03/{p}">{p}</a>' for p in
                    ("lente", "bonne-0", "bonne-1", "bonne-2"))
    site.page("/liste", f"<html><body>{links}</body></html>")
    report = crawler.crawl(home, sources_for(site.base, f'start_urls = ["{site.base}/liste"]\n'
                                             'article_pattern = "/2026/03/"'),
                           extractor=stalling_extract)
    assert report.new == 3 and report.failed == 1
    assert any("lente" in e and "parsing took longer than 2 s, abandoned" in e
               for e in report.errors), report.errors
