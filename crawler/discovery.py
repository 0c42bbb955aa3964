"""Finding article URLs: sitemaps (indexes, gzip, news), RSS/Atom feeds, listing pages.

Parsers here are pure functions over bytes or text: fetching is the crawler's job.
XML is hostile input: documents declaring entities are refused (no billion laughs), lxml
never resolves entities nor touches the network, and gzip is inflated with a size cap.
"""

from __future__ import annotations

import calendar
import io
import re
import time
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml import etree
from lxml import html as lxml_html

from corpus import parse_datetime
from crawler.errors import CrawlerError
from crawler.htmlcap import cap_attributes

MAX_SITEMAP_BYTES = 50_000_000   # the sitemaps.org limit, uncompressed
MAX_SITEMAP_URLS = 50_000

_SKIP_SCHEMES = ("mailto:", "javascript:", "tel:", "data:", "ftp:", "sms:", "file:")
_NOT_HTML = re.compile(
    r"\.(pdf|jpe?g|png|gif|webp|svg|ico|bmp|tiff?|avif|heic|mp3|mp4|m4a|m4v|avi|mov|webm|ogg|"
    r"oga|wav|flac|zip|gz|tgz|bz2|xz|rar|7z|exe|dmg|apk|iso|docx?|xlsx?|pptx?|odt|ods|odp|"
    r"rtf|csv|css|js|json|xml|rss|atom|woff2?|ttf|otf|eot|epub|ics|vcf|txt)$",
    re.IGNORECASE,
)
_LISTING_WORDS = frozenset({
    "tag", "tags", "categorie", "category", "categories", "rubrique", "rubriques", "auteur",
    "auteurs", "author", "authors", "page", "search", "recherche", "login", "connexion",
    "abonnement", "abonnements", "subscribe", "newsletter", "newsletters", "contact",
    "mentions-legales", "cgu", "cgv", "confidentialite", "privacy", "feed", "rss", "account",
    "compte", "panier", "cart", "wp-admin", "wp-login.php", "agenda", "annuaire", "boutique",
})
_DATE_PATH = re.compile(r"/(19|20)\d{2}/(0?[1-9]|1[0-2])/")
_LONG_NUMBER = re.compile(r"\d{5,}")
_NEXT_TEXTS = frozenset({
    "suivant", "suivante", "page suivante", "pages suivantes", "next", "next page", "›", "»",
    ">", ">>", "→", "suivant ›", "suivant »", "suivant >", "next ›", "next »", "plus d'articles",
    "plus d’articles", "voir plus", "articles suivants",
})
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_ROOT = re.compile(rb"<([A-Za-z][\w.:-]*)[\s>/]")


class DiscoveryError(CrawlerError):
    """A sitemap or feed could not be read (says why)."""


@dataclass(frozen=True)
class Link:
    """A candidate article URL, with what the sitemap or feed said about it."""

    url: str
    published: datetime | None = None
    modified: datetime | None = None
    title: str = ""


@dataclass
class SitemapContent:
    pages: list[Link] = field(default_factory=list)      # <urlset> entries
    sitemaps: list[str] = field(default_factory=list)    # <sitemapindex> children


@dataclass
class PageLinks:
    """What an HTML page points at: its canonical URL, its links, its next page(s)."""

    canonical: str | None = None
    links: list[str] = field(default_factory=list)
    next_pages: list[str] = field(default_factory=list)


# -- URLs ------------------------------------------------------------------------------------

def clean_link(href: str, base: str) -> str | None:
    """An absolute http(s) URL without fragment from an href, or None for what we skip."""
    href = href.strip()
    if not href or href.startswith("#") or href.lower().startswith(_SKIP_SCHEMES):
        return None
    try:
        absolute = href if href.startswith(("https://", "http://")) else urljoin(base, href)
        parts = urlsplit(absolute)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def is_non_html(url: str) -> bool:
    """Whether the URL names a resource that is no web page (PDF, image, archive, ...)."""
    return bool(_NOT_HTML.search(urlsplit(url).path))


def looks_like_article(url: str) -> bool:
    """A guess for sources without `article_pattern`: does this URL look like an article?

    Articles have a slug (several hyphenated words), a date in the path, or a long numeric
    id; section, tag, author, search and account pages are not articles.
    """
    path = urlsplit(url).path
    segments = [s for s in path.split("/") if s]
    if not segments or is_non_html(url):
        return False
    if segments[0].lower() in _LISTING_WORDS or (
        len(segments) >= 2 and segments[-2].lower() in ("page", "tag", "auteur", "author")
    ):
        return False
    last = re.sub(r"\.(s?html?|php|aspx?)$", "", segments[-1].lower())
    return (last.count("-") >= 3 or bool(_DATE_PATH.search(path + "/"))
            or bool(_LONG_NUMBER.search(last)))


# -- sitemaps --------------------------------------------------------------------------------

def inflate(body: bytes, limit: int = MAX_SITEMAP_BYTES) -> bytes:
    """Gunzip `body` when it is gzip (magic bytes), refusing more than `limit` bytes out."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(body, limit + 1)
    except zlib.error as exc:
        raise DiscoveryError(f"bad gzip data ({exc})") from None
    if len(out) > limit:
        raise DiscoveryError(f"more than {limit:,} bytes once decompressed")
    return out


def _check_prolog(body: bytes) -> None:
    if _ENTITY_DECL.search(body, 0, _first_element(body)):
        raise DiscoveryError("XML declaring entities refused")


def _first_element(body: bytes) -> int:
    """Offset of the root element's `<` (past the prolog: declaration, comments, DOCTYPE)."""
    match = _ROOT.search(body)
    return match.start() if match else len(body)


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(element: Any, *names: str) -> str:
    for child in element.iter():
        if _local(child.tag) in names and child.text and child.text.strip():
            return str(child.text).strip()
    return ""


def xml_kind(body: bytes) -> str | None:
    """"sitemap", "feed" or None, from the root element of an XML document."""
    head = body[:65536]
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 65536)
        except zlib.error:
            return None
    match = _ROOT.search(head)
    if not match:
        return None
    name = match.group(1).split(b":")[-1].lower()
    if name in (b"urlset", b"sitemapindex"):
        return "sitemap"
    if name in (b"rss", b"feed", b"rdf"):
        return "feed"
    return None


def parse_sitemap(body: bytes, url: str) -> SitemapContent:
    """The pages (with lastmod and news dates) or child sitemaps of a sitemap document.

    Parsed incrementally, each entry dropped once read: memory stays small even for a
    50 MB sitemap.
    """
    body = inflate(body)
    _check_prolog(body)
    content = SitemapContent()
    root_kind = ""
    events = etree.iterparse(io.BytesIO(body), events=("start", "end"), resolve_entities=False,
                             no_network=True, load_dtd=False, huge_tree=False, recover=True,
                             remove_comments=True)
    try:
        for event, element in events:
            name = _local(element.tag)
            if event == "start":
                root_kind = root_kind or name
                if root_kind not in ("urlset", "sitemapindex"):
                    raise DiscoveryError(f"not a sitemap (root element <{root_kind}>)")
                continue
            if name == "sitemap" and root_kind == "sitemapindex":
                loc = _child_text(element, "loc")
                link = clean_link(loc, url) if loc else None
                if link:
                    content.sitemaps.append(link)
            elif name == "url" and root_kind == "urlset":
                _add_page(content, element, url)
                if len(content.pages) >= MAX_SITEMAP_URLS:
                    break
            else:
                continue
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del element.getparent()[0]
    except etree.XMLSyntaxError as exc:
        raise DiscoveryError(f"not XML ({exc})") from None
    if not root_kind:
        raise DiscoveryError("not XML (empty document)")
    return content


def _add_page(content: SitemapContent, entry: Any, base: str) -> None:
    texts: dict[str, str] = {}
    for child in entry.iter():
        if child.text:
            texts.setdefault(_local(child.tag), child.text)
    loc = texts.get("loc", "").strip()
    link = clean_link(loc, base) if loc else None
    if link:
        content.pages.append(Link(
            link,
            published=_date(texts.get("publication_date", "").strip()),
            modified=_date(texts.get("lastmod", "").strip()),
            title=texts.get("title", "").strip(),
        ))


def _date(text: str) -> datetime | None:
    if not text:
        return None
    try:
        return parse_datetime(text)
    except ValueError:
        return None


# -- feeds -----------------------------------------------------------------------------------

def parse_feed(body: bytes, url: str, content_type: str = "") -> list[Link]:
    """The entries of an RSS or Atom feed (any dialect feedparser knows) as links."""
    import feedparser

    _check_prolog(body)
    parsed = feedparser.parse(
        body, response_headers={"content-location": url,
                                "content-type": content_type or "application/xml"},
        sanitize_html=False, resolve_relative_uris=False,
    )
    if not parsed.entries and parsed.get("bozo") and not parsed.get("feed"):
        raise DiscoveryError(f"not a feed ({parsed.get('bozo_exception')})")
    links: list[Link] = []
    for entry in parsed.entries:
        href = entry.get("feedburner_origlink") or entry.get("link") or ""
        if not href:
            for alt in entry.get("links", []):
                if alt.get("rel", "alternate") == "alternate" and alt.get("href"):
                    href = alt["href"]
                    break
        link = clean_link(str(href), url) if href else None
        if link:
            # No `modified` from feeds: feedparser fills RSS entries' `updated` from their
            # pubDate, which says nothing of later corrections; re-validation decides.
            links.append(Link(link, published=_struct_date(entry.get("published_parsed")),
                              title=str(entry.get("title", "")).strip()))
    return links


def _struct_date(value: time.struct_time | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC)
    except (OverflowError, ValueError):
        return None


# -- HTML pages ------------------------------------------------------------------------------

def page_links(html: str, url: str) -> PageLinks:
    """The canonical URL, the links and the pagination links of an HTML page."""
    result = PageLinks()
    if not html.strip():
        return result
    try:
        doc = lxml_html.document_fromstring(cap_attributes(html))
    except (etree.ParserError, ValueError):
        return result
    base = url
    for node in doc.iterfind(".//base[@href]"):
        base = clean_link(node.get("href", ""), url) or url
        break
    for node in doc.iterfind(".//link[@href]"):
        rels = (node.get("rel") or "").lower().split()
        href = clean_link(node.get("href", ""), base)
        if href is None:
            continue
        if "canonical" in rels and result.canonical is None:
            result.canonical = href
        elif "next" in rels:
            result.next_pages.append(href)
    seen: set[str] = set()
    for node in doc.iterfind(".//a[@href]"):
        href = clean_link(node.get("href", ""), base)
        if href is None:
            continue
        if _is_next_anchor(node):
            result.next_pages.append(href)
        elif href not in seen:
            seen.add(href)
            result.links.append(href)
    result.next_pages = list(dict.fromkeys(result.next_pages))
    return result


def _is_next_anchor(node: Any) -> bool:
    rels = (node.get("rel") or "").lower().split()
    if "next" in rels:
        return True
    label = " ".join((node.text_content() or "").split()).lower()
    if label in _NEXT_TEXTS:
        return True
    hints = " ".join(node.get(a) or "" for a in ("class", "aria-label", "title")).lower()
    return bool(re.search(r"\b(next|suivant|suivante|page-next|pagination-next)\b", hints))
