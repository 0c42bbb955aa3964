"""robots.txt rules for our user agent (protego), and what each robots.txt status means."""

from __future__ import annotations

from crawler.robots import Robots

UA = "veille/0.1 (+mailto:test@example.org)"

RULES = """
# a comment
User-agent: Googlebot
Disallow: /

User-agent: veille
Disallow: /private/
Allow: /private/public-*.html$
Disallow: /*?print=
Crawl-delay: 2.5

User-agent: *
Disallow: /everything-else/

Sitemap: https://www.example.com/sitemap_index.xml
Sitemap: https://www.example.com/news-sitemap.xml.gz
"""


def test_our_group_applies_with_wildcards_and_allow_precedence() -> None:
    robots = Robots.parse(RULES, UA)
    assert robots.can_fetch("https://www.example.com/2026/03/article")
    assert not robots.can_fetch("https://www.example.com/private/memo")
    assert robots.can_fetch("https://www.example.com/private/public-note.html")
    assert not robots.can_fetch("https://www.example.com/private/public-note.html?x=1")
    assert not robots.can_fetch("https://www.example.com/2026/03/article?print=1")
    # the * group is not ours when a group names us
    assert robots.can_fetch("https://www.example.com/everything-else/a")


def test_crawl_delay_and_sitemaps() -> None:
    robots = Robots.parse(RULES, UA)
    assert robots.delay() == 2.5
    assert robots.sitemaps == ["https://www.example.com/sitemap_index.xml",
                               "https://www.example.com/news-sitemap.xml.gz"]


def test_star_group_and_request_rate() -> None:
    robots = Robots.parse("User-agent: *\nDisallow: /admin\nRequest-rate: 1/4\n", UA)
    assert not robots.can_fetch("https://x.fr/admin/login")
    assert not robots.can_fetch("https://x.fr/administration-publique-article")
    assert robots.delay() == 4.0


def test_allow_all_and_deny_all() -> None:
    assert Robots.allow_all(UA).can_fetch("https://x.fr/anything")
    assert Robots.allow_all(UA).delay() == 0.0
    denied = Robots.deny_all(UA, "robots.txt unreachable")
    assert not denied.can_fetch("https://x.fr/")
    assert denied.disallow_all and denied.reason == "robots.txt unreachable"


def test_empty_or_garbage_robots_allows_everything() -> None:
    assert Robots.parse("", UA).can_fetch("https://x.fr/a")
    assert Robots.parse("<html><body>not robots</body></html>", UA).can_fetch("https://x.fr/a")


def test_absurd_crawl_delays_are_bounded() -> None:
    from crawler.robots import MAX_CRAWL_DELAY

    assert Robots.parse("User-agent: *\nCrawl-delay: 1e9\n", "veille").delay() == MAX_CRAWL_DELAY
    assert Robots.parse("User-agent: *\nRequest-rate: 1/1000000\n", "veille").delay() \
        == MAX_CRAWL_DELAY
    for value in ("nan", "inf", "-5"):
        assert Robots.parse(f"User-agent: *\nCrawl-delay: {value}\n", "veille").delay() == 0
