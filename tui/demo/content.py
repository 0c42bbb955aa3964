"""Every resource of one demo site, rendered once: path -> bytes, type, ETag, Last-Modified.

Rendering is deterministic (no clock, no randomness), so the same articles give the same
bytes and the same ETags from one run to the next: that is what makes a re-crawl a series
of 304s.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from tui.demo.catalog import DemoArticle
from tui.demo.chrome import Page, admin_page, listing_page, not_found_page
from tui.demo.feeds import feed_document, robots_txt, sitemap_documents
from tui.demo.sites import SiteSpec
from tui.demo.templates import ArticleContext, amp_variant, render_article

SITE_EPOCH = datetime.fromisoformat("2024-01-01T00:00:00+00:00")
FEED_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}


@dataclass(frozen=True)
class Resource:
    """One response body with its validators. `kind` says what the page is."""

    body: bytes
    content_type: str
    last_modified: datetime
    kind: str                  # article, amp, listing, feed, sitemap, robots, admin
    article_key: str = ""

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:20] + '"'


@dataclass(frozen=True)
class SiteContent:
    site: SiteSpec
    base_url: str
    resources: dict[str, Resource]
    not_found: bytes
    html_type: str


def sections_of(articles: Sequence[DemoArticle]) -> list[str]:
    """The site's sections, most used first (the order of its menu)."""
    counts = Counter(a.section for a in articles)
    return sorted(counts, key=lambda s: (-counts[s], s))


def related_to(article: DemoArticle, others: Sequence[DemoArticle],
               limit: int = 3) -> list[DemoArticle]:
    """The site's articles closest to `article`: shared tags, then section, then date."""
    tags = {t.casefold() for t in article.tags}

    def score(other: DemoArticle) -> tuple[int, float, str]:
        shared = len(tags & {t.casefold() for t in other.tags})
        same_section = 1 if other.section == article.section else 0
        distance = abs((other.published - article.published).total_seconds())
        return (-(2 * shared + same_section), distance, other.slug)

    return sorted((o for o in others if o.key != article.key), key=score)[:limit]


def build_site(site: SiteSpec, base_url: str, articles: Sequence[DemoArticle]) -> SiteContent:
    """Render every page, feed and sitemap of `site` served at `base_url`."""
    page = Page(site=site, sections=sections_of(articles), base_url=base_url)
    newest = sorted(articles, key=lambda a: (a.published, a.slug), reverse=True)
    html_type = "text/html; charset=utf-8" if site.encoding == "utf-8" else "text/html"
    res: dict[str, Resource] = {}

    def html(text: str) -> bytes:
        return text.encode(site.encoding, errors="xmlcharrefreplace")

    for a in articles:
        ctx = ArticleContext(page=page, article=a, related=related_to(a, newest),
                             popular=[o for o in newest if o.key != a.key][:5])
        res[site.article_path_of(a)] = Resource(
            html(render_article(ctx)), html_type, a.last_change, "article", a.key)
        amp_path = site.amp_path_of(a)
        if amp_path:
            res[amp_path] = Resource(html(amp_variant(ctx)), html_type, a.last_change, "amp",
                                     a.key)
    _listings(page, newest, res, html, html_type)
    _machine_files(site, base_url, articles, res)
    res[site.admin_path] = Resource(html(admin_page(page)), html_type, SITE_EPOCH, "admin")
    return SiteContent(site, base_url, res, html(not_found_page(page)), html_type)


def _listings(page: Page, newest: Sequence[DemoArticle], res: dict[str, Resource],
              encode: Callable[[str], bytes], html_type: str) -> None:
    site = page.site
    groups: list[tuple[str, str, Sequence[DemoArticle]]] = [("", "À la une", newest)]
    groups += [(s, s, [a for a in newest if a.section == s]) for s in page.sections]
    for section, heading, items in groups:
        pages = max(1, -(-len(items) // site.per_page))
        for n in range(1, pages + 1):
            chunk = items[(n - 1) * site.per_page:n * site.per_page]
            path = (site.section_listing_path(section, n) if section
                    else site.home_listing_path(n))
            text = listing_page(page, heading=heading, articles=chunk, page_no=n, pages=pages,
                                path_of_page=path, section=section, popular=newest)
            lastmod = max((a.last_change for a in chunk), default=SITE_EPOCH)
            res[path] = Resource(encode(text), html_type, lastmod, "listing")


def _machine_files(site: SiteSpec, base_url: str, articles: Sequence[DemoArticle],
                   res: dict[str, Resource]) -> None:
    lastmod = max((a.last_change for a in articles), default=SITE_EPOCH)
    res["/robots.txt"] = Resource(robots_txt(site, base_url).encode(), "text/plain; charset=utf-8",
                                  SITE_EPOCH, "robots")
    for path, xml in sitemap_documents(site, base_url, articles).items():
        res[path] = Resource(xml.encode(), "application/xml", lastmod, "sitemap")
    feed = feed_document(site, base_url, articles)
    res[site.feed_path] = Resource(
        feed.encode(site.encoding, errors="xmlcharrefreplace"), FEED_TYPES[site.feed_format],
        lastmod, "feed")
