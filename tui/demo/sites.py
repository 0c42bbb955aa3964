"""The six fictional press titles of the demo: their names, house styles and URL layouts.

Each title is served on its own port of 127.0.0.1 (the crawler keeps a source on its own
host), with its own HTML template, URL scheme, feed, sitemap and robots.txt.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from tui.demo.catalog import DemoArticle, slugify


@dataclass(frozen=True)
class SiteSpec:
    """One demo press title. Paths are `str.format` patterns (see `article_path`)."""

    name: str
    title: str
    tagline: str
    template: str              # the renderer in tui.demo.templates
    article_path: str          # {slug} {yyyy} {mm} {dd} {section} {num}
    section_path: str          # first page of a section listing: {section}
    section_page_path: str     # page n > 1 of a section listing: {section} {n}
    home_page_path: str        # page n > 1 of the home page listing: {n}
    feed_path: str
    feed_format: str           # "rss" or "atom"
    sitemap_path: str
    admin_path: str            # disallowed by robots.txt, linked from every page
    article_pattern: str       # regex (for the sources file) matched by article URLs
    amp_path: str | None = None          # AMP variant, linked from listings and sitemap
    sitemap_index: bool = False          # sitemap.xml is an index of post sitemaps
    news_sitemap: bool = False           # Google News sitemap tags
    sitemap_in_sources: bool = True      # else found through robots.txt only
    feed_tracking: str = ""              # query string appended to links in the feed
    encoding: str = "utf-8"
    per_page: int = 6
    feed_items: int = 10

    def article_path_of(self, article: DemoArticle) -> str:
        return self._fill(self.article_path, article)

    def amp_path_of(self, article: DemoArticle) -> str | None:
        return self._fill(self.amp_path, article) if self.amp_path else None

    def listed_path_of(self, article: DemoArticle) -> str:
        """The URL listings and the sitemap link to: the AMP page when the site has one."""
        return self.amp_path_of(article) or self.article_path_of(article)

    def section_listing_path(self, section: str, page: int = 1) -> str:
        slug = slugify(section)
        if page <= 1:
            return self.section_path.format(section=slug)
        return self.section_page_path.format(section=slug, n=page)

    def home_listing_path(self, page: int = 1) -> str:
        return "/" if page <= 1 else self.home_page_path.format(n=page)

    def _fill(self, pattern: str, article: DemoArticle) -> str:
        date = article.published
        num = int(hashlib.sha1(article.key.encode()).hexdigest()[:8], 16) % 900_000 + 100_000
        return pattern.format(
            slug=article.slug, yyyy=f"{date.year:04d}", mm=f"{date.month:02d}",
            dd=f"{date.day:02d}", section=slugify(article.section), num=num,
        )


SITES: tuple[SiteSpec, ...] = (
    SiteSpec(
        name="usine-maghreb", title="Usine Maghreb",
        tagline="L’actualité de l’industrie au Maroc, en Algérie et en Tunisie",
        template="wordpress",
        article_path="/{yyyy}/{mm}/{dd}/{slug}/",
        section_path="/category/{section}/", section_page_path="/category/{section}/page/{n}/",
        home_page_path="/page/{n}/", feed_path="/feed/", feed_format="rss",
        sitemap_path="/sitemap_index.xml", sitemap_index=True, sitemap_in_sources=False,
        admin_path="/wp-admin/", article_pattern=r"/\d{4}/\d{2}/\d{2}/[a-z0-9-]+/$",
    ),
    SiteSpec(
        name="energies-afrique", title="Énergies Afrique",
        tagline="Transition énergétique, électricité et hydrogène sur le continent",
        template="opengraph",
        article_path="/articles/{slug}",
        section_path="/rubrique/{section}", section_page_path="/rubrique/{section}?page={n}",
        home_page_path="/?page={n}", feed_path="/rss.xml", feed_format="rss",
        sitemap_path="/sitemap.xml", admin_path="/admin/",
        article_pattern=r"/articles/[a-z0-9-]+$",
        feed_tracking="utm_source=rss&utm_medium=flux&utm_campaign=une",
    ),
    SiteSpec(
        name="courrier-industriel", title="Le Courrier industriel",
        tagline="Le quotidien des décideurs de l’industrie",
        template="microdata",
        article_path="/{section}/{slug}-{num}.html",
        section_path="/{section}/", section_page_path="/{section}/index-{n}.html",
        home_page_path="/une/index-{n}.html", feed_path="/feeds/une.atom", feed_format="atom",
        sitemap_path="/sitemap.xml", sitemap_in_sources=False, admin_path="/admin/",
        article_pattern=r"/[a-z0-9-]+/[a-z0-9-]+-\d{6}\.html$",
    ),
    SiteSpec(
        name="dakar-eco", title="Dakar Éco",
        tagline="L’économie du Sénégal et de l’Afrique de l’Ouest",
        template="plain",
        article_path="/actualite/{section}/{slug}",
        section_path="/rubrique/{section}/", section_page_path="/rubrique/{section}/?p={n}",
        home_page_path="/?p={n}", feed_path="/rss", feed_format="rss",
        sitemap_path="/sitemap.xml", admin_path="/admin/",
        article_pattern=r"/actualite/[a-z0-9-]+/[a-z0-9-]+$",
    ),
    SiteSpec(
        name="tunis-industrie", title="Tunis Industrie",
        tagline="Industrie, export et investissement en Tunisie",
        template="amp",
        article_path="/article/{slug}", amp_path="/amp/article/{slug}",
        section_path="/section/{section}", section_page_path="/section/{section}/{n}",
        home_page_path="/accueil/{n}", feed_path="/feed.xml", feed_format="rss",
        sitemap_path="/sitemap.xml", news_sitemap=True, sitemap_in_sources=False,
        admin_path="/admin/", article_pattern=r"/article/[a-z0-9-]+$",
    ),
    SiteSpec(
        name="ports-logistique", title="Ports & Logistique",
        tagline="Le journal du transport maritime, des ports et de la logistique",
        template="legacy", encoding="windows-1252",
        article_path="/news/{yyyy}/{mm}/{slug}.htm",
        section_path="/news/{section}/", section_page_path="/news/{section}/list-{n}.htm",
        home_page_path="/index-{n}.htm", feed_path="/rss/news.xml", feed_format="rss",
        sitemap_path="/sitemap.xml", admin_path="/admin/",
        article_pattern=r"/news/\d{4}/\d{2}/[a-z0-9-]+\.htm$",
    ),
)

SITE_NAMES: tuple[str, ...] = tuple(site.name for site in SITES)


def site_named(name: str) -> SiteSpec:
    for site in SITES:
        if site.name == name:
            return site
    raise KeyError(name)
