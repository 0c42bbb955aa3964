"""End to end: serve the demo press sites, crawl them, index, search the judged queries.

One crawled home is shared by the module (crawl, index, re-crawl, re-index once); each test
then checks one promise of the pipeline against it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest

from corpus import Article, Home, Store, article_id, clean_line
from tui.demo import (
    DemoArticle,
    DemoSites,
    JudgedQuery,
    RequestStats,
    load_judged_queries,
    site_named,
    sources_toml,
)

JUDGED = load_judged_queries()
BOILERPLATE = ("À lire aussi", "Sur le même sujet", "Partager cet article", "Tout accepter",
               "Tous droits réservés", "Je m’inscris", "Les plus lus", "Espace rédaction",
               "Laisser un commentaire", "Page suivante")
MOJIBAKE = re.compile("Ã©|Ã¨|â€™|â€|Â«|Â»|\ufffd")


@dataclass
class Crawled:
    sites: DemoSites
    home: Home
    first: Any              # crawler.CrawlReport of the first run
    second: Any             # ... of the re-crawl
    first_stats: RequestStats
    second_stats: RequestStats
    count_after_first: int
    count_after_second: int
    reindex: Any            # indexer.IndexReport of the index update after the re-crawl
    seconds: float


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    from crawler import crawl, parse_sources
    from indexer import update_index

    start = time.monotonic()
    home = Home.resolve(tmp_path_factory.mktemp("demo-e2e") / "home").ensure()
    with DemoSites() as sites:
        sources = parse_sources(sources_toml(sites), "demo-sources.toml")
        first = crawl(home, sources)
        update_index(home)
        first_stats = sites.stats()
        count1 = _count(home)
        sites.reset_stats()
        second = crawl(home, sources)
        second_stats = sites.stats()
        reindex = update_index(home)
        yield Crawled(sites, home, first, second, first_stats, second_stats, count1,
                      _count(home), reindex, time.monotonic() - start)


def _count(home: Home) -> int:
    with Store.open(home.corpus_db, create=False) as store:
        return store.count()


def stored(crawled: Crawled, key: str) -> Article | None:
    with Store.open(crawled.home.corpus_db, create=False) as store:
        return store.get(crawled.sites.article_url(key))


def articles_of(crawled: Crawled, site: str) -> list[DemoArticle]:
    return [a for a in crawled.sites.articles if a.site == site]


# -- the crawl -----------------------------------------------------------------------------

def test_every_demo_article_is_stored_once_under_its_canonical_url(crawled: Crawled) -> None:
    missing = [a.key for a in crawled.sites.articles if stored(crawled, a.key) is None]
    assert not missing, f"not stored: {missing}"
    assert crawled.count_after_first == len(crawled.sites.articles)
    assert crawled.first.new == len(crawled.sites.articles)
    assert crawled.first.failed == 0, crawled.first.errors


def test_the_rerun_adds_nothing_and_revalidates_with_304s(crawled: Crawled) -> None:
    assert crawled.second.new == 0
    assert crawled.second.updated == 0
    assert crawled.count_after_second == crawled.count_after_first
    assert crawled.reindex.added == 0 and crawled.reindex.updated == 0
    stats = crawled.second_stats
    assert stats.not_modified > 0
    assert stats.conditional == stats.not_modified, "a conditional request was not a 304"
    pages_served_again = stats.by_kind[("article", 200)] + stats.by_kind[("amp", 200)]
    assert pages_served_again == 0, "known articles were downloaded again"


def test_robots_txt_is_obeyed_and_the_user_agent_sent(crawled: Crawled) -> None:
    for stats in (crawled.first_stats, crawled.second_stats):
        assert stats.by_kind[("admin", 200)] == 0, "fetched a path robots.txt disallows"
        assert set(stats.user_agents) == {"veille-demo/0.1 (+local demo; no network)"}


def test_amp_pages_are_stored_under_their_canonical_url(crawled: Crawled) -> None:
    tunis = articles_of(crawled, "tunis-industrie")
    assert tunis
    with Store.open(crawled.home.corpus_db, create=False) as store:
        urls = [a.url for a in store.iter_articles()]
    assert not [u for u in urls if "/amp/" in u]
    assert crawled.first_stats.by_kind[("amp", 200)] >= len(tunis)


def test_the_windows_1252_site_comes_out_right(crawled: Crawled) -> None:
    site = "ports-logistique"
    assert site_named(site).encoding == "windows-1252"
    written = articles_of(crawled, site)
    assert written
    for demo in written:
        art = stored(crawled, demo.key)
        assert art is not None
        assert art.title == clean_line(demo.title)
        assert not MOJIBAKE.search(art.title + art.text), demo.key
        for para in (demo.body[0], demo.body[-1]):
            assert clean_line(para) in clean_line(art.text), demo.key
    sample = "".join(demo.text for demo in written)
    assert all(ch in sample for ch in "’«»é"), "the demo data lacks the characters to test"


def test_near_duplicates_are_both_stored(crawled: Crawled) -> None:
    pairs = near_duplicates(crawled.sites.articles)
    assert pairs, "the demo corpus has no reprinted dispatch"
    for a, b in pairs:
        one, two = stored(crawled, a.key), stored(crawled, b.key)
        assert one is not None and two is not None and one.id != two.id


def test_the_english_article_is_stored_as_english(crawled: Crawled) -> None:
    english = [a for a in crawled.sites.articles if a.language == "en"]
    assert english
    for demo in english:
        art = stored(crawled, demo.key)
        assert art is not None and art.language == "en", demo.key
    french = stored(crawled, next(a.key for a in crawled.sites.articles if a.language == "fr"))
    assert french is not None and french.language == "fr"


def test_extraction_is_faithful_on_every_template(crawled: Crawled) -> None:
    problems = []
    for demo in crawled.sites.articles:
        art = stored(crawled, demo.key)
        if art is None:
            continue
        where = f"{demo.key}:"
        if art.title != clean_line(demo.title):
            problems.append(f"{where} title {art.title!r}")
        text = clean_line(art.text)
        for para in (demo.body[0], demo.body[len(demo.body) // 2], demo.body[-1]):
            if clean_line(para) not in text:
                problems.append(f"{where} body lacks {para[:50]!r}")
        junk = [b for b in BOILERPLATE if b in art.text and b not in demo.text]
        if junk:
            problems.append(f"{where} boilerplate {junk}")
        if art.author != demo.author:
            problems.append(f"{where} author {art.author!r}")
        if not _same_day(art.published, demo.published):
            problems.append(f"{where} published {art.published} != {demo.published}")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])


def _same_day(got: datetime | None, want: datetime) -> bool:
    if got is None:
        return False
    return abs(got.date() - want.date()) <= timedelta(days=1) and abs(
        (got - want).total_seconds()) < 36 * 3600


def test_the_whole_module_stays_fast(crawled: Crawled) -> None:
    assert crawled.seconds < 60


# -- the judged queries --------------------------------------------------------------------

@pytest.mark.parametrize("judged", JUDGED, ids=[f"{q.kind}:{q.query}" for q in JUDGED])
def test_judged_query_finds_its_article_in_the_top_3(judged: JudgedQuery,
                                                     crawled: Crawled) -> None:
    import indexer

    result = indexer.search(judged.query, home=crawled.home, limit=3, sources=judged.sources,
                            since=judged.since, until=judged.until)
    wanted = {article_id(crawled.sites.article_url(key)): key for key in judged.expected}
    got = [hit.id for hit in result.hits]
    assert set(got) & set(wanted), (
        f"{judged.query!r} ({judged.kind}) expected one of {list(wanted.values())}, "
        f"got {[hit.url for hit in result.hits]}")


# -- near-duplicate detection (for the reprinted agency dispatches) ------------------------

def _shingles(text: str, size: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + size]) for i in range(max(0, len(words) - size + 1))}


def near_duplicates(articles: list[DemoArticle],
                    threshold: float = 0.3) -> list[tuple[DemoArticle, DemoArticle]]:
    """Pairs of articles on different sites sharing much of their text (Jaccard)."""
    shingles = [(a, _shingles(a.text)) for a in articles]
    pairs = []
    for i, (a, sa) in enumerate(shingles):
        for b, sb in shingles[i + 1:]:
            if a.site != b.site and sa and sb and len(sa & sb) / len(sa | sb) >= threshold:
                pairs.append((a, b))
    return pairs

