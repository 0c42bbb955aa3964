"""robots.txt, sitemaps (plain, index, Google News) and feeds (RSS 2.0, Atom) of a demo site."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape as xml_escape

from tui.demo.catalog import DemoArticle
from tui.demo.sites import SiteSpec

SITEMAP_CHUNK = 10   # articles per post sitemap when the site has a sitemap index


def x(text: str) -> str:
    """Escape text for XML content and attribute values."""
    return xml_escape(text, {'"': "&quot;"})


def robots_txt(site: SiteSpec, base_url: str) -> str:
    lines = [
        f"# robots.txt de {site.title}",
        "User-agent: *",
        f"Disallow: {site.admin_path}",
        "Disallow: /recherche",
        "Disallow: /newsletter",
    ]
    if site.admin_path == "/wp-admin/":
        lines.append("Allow: /wp-admin/admin-ajax.php")
    lines += ["", "User-agent: GPTBot", "Disallow: /", "",
              f"Sitemap: {base_url}{site.sitemap_path}", ""]
    return "\n".join(lines)


def sitemap_documents(site: SiteSpec, base_url: str,
                      articles: Sequence[DemoArticle]) -> dict[str, str]:
    """Path -> XML of every sitemap file of the site (the index and its children, if any)."""
    newest_first = sorted(articles, key=lambda a: a.published, reverse=True)
    if not site.sitemap_index:
        return {site.sitemap_path: _urlset(site, base_url, newest_first)}
    docs: dict[str, str] = {}
    entries = []
    for n, start in enumerate(range(0, len(newest_first), SITEMAP_CHUNK), 1):
        chunk = newest_first[start:start + SITEMAP_CHUNK]
        path = "/post-sitemap.xml" if n == 1 else f"/post-sitemap{n}.xml"
        docs[path] = _urlset(site, base_url, chunk)
        lastmod = max(a.last_change for a in chunk).isoformat()
        entries.append(f"<sitemap><loc>{x(base_url + path)}</loc>"
                       f"<lastmod>{lastmod}</lastmod></sitemap>")
    docs[site.sitemap_path] = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(entries) + "\n</sitemapindex>\n"
    )
    return docs


def _urlset(site: SiteSpec, base_url: str, articles: Sequence[DemoArticle]) -> str:
    news_ns = (' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
               if site.news_sitemap else "")
    urls = [f"<url><loc>{x(base_url)}/</loc><changefreq>hourly</changefreq></url>"]
    for a in articles:
        news = ""
        if site.news_sitemap:
            news = (
                "<news:news><news:publication><news:name>"
                f"{x(site.title)}</news:name><news:language>{x(a.language)}</news:language>"
                f"</news:publication><news:publication_date>{a.published.isoformat()}"
                f"</news:publication_date><news:title>{x(a.title)}</news:title></news:news>"
            )
        urls.append(f"<url><loc>{x(base_url + site.listed_path_of(a))}</loc>"
                    f"<lastmod>{a.last_change.isoformat()}</lastmod>{news}</url>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{news_ns}>\n'
            + "\n".join(urls) + "\n</urlset>\n")


def feed_document(site: SiteSpec, base_url: str, articles: Sequence[DemoArticle]) -> str:
    """The site's feed of its latest articles (RSS 2.0 or Atom), in the site's encoding."""
    latest = sorted(articles, key=lambda a: a.published, reverse=True)[:site.feed_items]
    if site.feed_format == "atom":
        return _atom(site, base_url, latest)
    return _rss(site, base_url, latest)


def _link(site: SiteSpec, base_url: str, article: DemoArticle) -> str:
    url = base_url + site.article_path_of(article)
    return f"{url}?{site.feed_tracking}" if site.feed_tracking else url


def _rss(site: SiteSpec, base_url: str, articles: Sequence[DemoArticle]) -> str:
    items = []
    for a in articles:
        link = x(_link(site, base_url, a))
        categories = "".join(f"<category>{x(t)}</category>" for t in (a.section, *a.tags))
        items.append(
            f"<item><title>{x(a.title)}</title><link>{link}</link>"
            f'<guid isPermaLink="true">{x(base_url + site.article_path_of(a))}</guid>'
            f"<pubDate>{_rfc822(a.published)}</pubDate><dc:creator>{x(a.author)}"
            f"</dc:creator>{categories}<description>{x(a.lead)}</description></item>"
        )
    built = _rfc822(max((a.last_change for a in articles), default=_EPOCH))
    return (
        f'<?xml version="1.0" encoding="{site.encoding}"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        f"<title>{x(site.title)}</title><link>{x(base_url)}/</link>"
        f"<description>{x(site.tagline)}</description><language>fr-FR</language>"
        f'<atom:link href="{x(base_url + site.feed_path)}" rel="self" '
        'type="application/rss+xml"/>'
        f"<lastBuildDate>{built}</lastBuildDate>\n" + "\n".join(items)
        + "\n</channel>\n</rss>\n"
    )


def _atom(site: SiteSpec, base_url: str, articles: Sequence[DemoArticle]) -> str:
    entries = []
    for a in articles:
        url = base_url + site.article_path_of(a)
        entries.append(
            f"<entry><title>{x(a.title)}</title>"
            f'<link rel="alternate" type="text/html" href="{x(_link(site, base_url, a))}"/>'
            f"<id>{x(url)}</id><published>{a.published.isoformat()}</published>"
            f"<updated>{a.last_change.isoformat()}</updated>"
            f"<author><name>{x(a.author)}</name></author>"
            f'<category term="{x(a.section)}"/><summary>{x(a.lead)}</summary></entry>'
        )
    updated = max((a.last_change for a in articles), default=_EPOCH).isoformat()
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">\n'
        f"<title>{x(site.title)}</title><subtitle>{x(site.tagline)}</subtitle>"
        f'<link rel="alternate" href="{x(base_url)}/"/>'
        f'<link rel="self" href="{x(base_url + site.feed_path)}"/>'
        f"<id>{x(base_url)}/</id><updated>{updated}</updated>\n"
        + "\n".join(entries) + "\n</feed>\n"
    )


def _rfc822(value: datetime) -> str:
    return format_datetime(value)


_EPOCH = datetime.fromisoformat("2024-01-01T00:00:00+00:00")
