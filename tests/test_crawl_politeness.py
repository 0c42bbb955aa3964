"""Politeness measured at the server (a process of its own): robots.txt first, its
Crawl-delay from the very next request, and slowing down when the host struggles."""

from __future__ import annotations

import itertools
import logging

import pytest

from corpus import Home
from tests.crawlsite import StaticSite, article_html
from tests.test_crawl import run, sources_for, stored


def article_routes(n: int, delay: float = 0.0) -> dict[str, dict[str, object]]:
    links = "".join(f'<a href="/2026/03/brief-{i}">{i}</a>' for i in range(n))
    routes: dict[str, dict[str, object]] = {
        "/liste": {"body": f"<html><body>{links}</body></html>"}}
    for i in range(n):
        routes[f"/2026/03/brief-{i}"] = {"sequence": [{
            "body": article_html(f"Brève {i} sur l’hydrogène vert"), "delay": delay}]}
    return routes


def listing(base: str, extra: str = "") -> str:
    return f'start_urls = ["{base}/liste"]\narticle_pattern = "/2026/"\n{extra}'


def gaps(starts: list[float]) -> list[float]:
    return [b - a for a, b in itertools.pairwise(starts)]


def test_crawl_delay_spaces_the_first_request_after_robots(home: Home) -> None:
    routes = article_routes(3)
    routes["/robots.txt"] = {"body": "User-agent: *\nCrawl-delay: 0.3\n",
                             "content_type": "text/plain"}
    with StaticSite(routes) as site:
        report = run(home, sources_for(site.base, listing(site.base, "delay = 0.1")))
        hits = site.hits()
    assert report.new == 3
    assert hits[0].path == "/robots.txt"
    starts = [h.started for h in hits]
    assert min(gaps(starts)) >= 0.3 - 0.01, gaps(starts)


def test_the_source_delay_wins_when_larger(home: Home) -> None:
    routes = article_routes(2)
    routes["/robots.txt"] = {"body": "User-agent: *\nCrawl-delay: 0.05\n",
                             "content_type": "text/plain"}
    with StaticSite(routes) as site:
        run(home, sources_for(site.base, listing(site.base, "delay = 0.25")))
        hits = site.hits()
    assert hits[0].path == "/robots.txt"
    assert min(gaps([h.started for h in hits])) >= 0.25 - 0.01


def test_429_and_503_slow_the_crawl_down_and_honour_retry_after(
        home: Home, caplog: pytest.LogCaptureFixture) -> None:
    routes = article_routes(4)
    routes["/2026/03/brief-0"] = {"sequence": [
        {"status": 503, "headers": {"Retry-After": "1"}},
        {"body": article_html("Brève 0 sur l’hydrogène vert")}]}
    routes["/2026/03/brief-1"] = {"sequence": [
        {"status": 429}, {"body": article_html("Brève 1 sur l’hydrogène vert")}]}
    caplog.set_level(logging.INFO)
    with StaticSite(routes) as site:
        report = run(home, sources_for(site.base, listing(site.base), per_host=1, retries=2))
        hits = site.hits()
    assert report.new == 4 and report.failed == 0
    after = [h.started for h in hits]
    first_503 = next(i for i, h in enumerate(hits) if h.path == "/2026/03/brief-0")
    assert after[first_503 + 1] - after[first_503] >= 1.0 - 0.01   # Retry-After: 1
    # Once slowed down, the host is not hammered: every later start is spaced out.
    assert min(gaps(after[first_503:])) >= 0.5 - 0.01, gaps(after)
    assert "answers HTTP 503: slowing down" in caplog.text or \
        "answers HTTP 429: slowing down" in caplog.text


def test_a_slow_host_gets_spaced_requests(home: Home,
                                          caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    with StaticSite(article_routes(5, delay=0.4)) as site:
        report = run(home, sources_for(site.base, listing(site.base), per_host=2))
        hits = site.hits()
    assert report.new == 5
    articles = [h.started for h in hits if h.path.startswith("/2026/")]
    # Latency 0.4 s with 2 in flight: the adaptive delay grows towards 0.2 s.
    assert max(gaps(sorted(articles))[2:]) >= 0.1
    assert "to answer: slowing down" in caplog.text
    assert len(stored(home)) == 5
