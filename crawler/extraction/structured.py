"""Structured data in a page: JSON-LD, microdata, OpenGraph / article:* / Dublin Core meta."""

from __future__ import annotations

import html
import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from bs4 import Tag

from crawler.extraction.document import Index, attr_str, squash
from crawler.extraction.text import text_of

log = logging.getLogger(__name__)

ARTICLE_TYPES = frozenset(
    t.lower() for t in (
        "Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle",
        "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "LiveBlogPosting",
        "TechArticle", "ScholarlyArticle", "Report", "SatiricalArticle", "AdvertiserContentArticle",
        "SocialMediaPosting", "DiscussionForumPosting", "Review", "Blog", "Recipe",
    )
)
PAGE_TYPES = frozenset(("webpage", "itempage", "aboutpage", "faqpage", "qapage"))
LISTING_TYPES = frozenset(("collectionpage", "searchresultspage", "profilepage"))
_MAX_JSONLD_CHARS = 1_000_000
_MAX_NODES = 2_000
_TRAILING_COMMA = re.compile(r",\s*([}\]])")

META_PUBLISHED = (
    "article:published_time", "og:article:published_time", "datepublished", "publishdate",
    "pubdate", "publish-date", "publication_date", "date", "dc.date", "dc.date.issued",
    "dcterms.date", "dcterms.created", "dcterms.issued", "dc.date.created", "sailthru.date",
    "parsely-pub-date", "citation_publication_date", "citation_date", "article.published",
    "og:published_time", "published_time", "originalpublicationdate", "created",
    "cxenseparse:recs:publishtime", "article_date_original", "release_date",
)
META_MODIFIED = (
    "article:modified_time", "og:updated_time", "datemodified", "last-modified",
    "dcterms.modified", "dc.date.modified", "og:article:modified_time", "modified",
    "article.updated", "lastmod",
)
META_AUTHOR = (
    "author", "article:author", "og:article:author", "dc.creator", "dcterms.creator",
    "parsely-author", "sailthru.author", "byl", "citation_author", "article.author",
    "cxenseparse:author", "twitter:creator:name",
)


# RDFa properties (Drupal, some CMSs) mapped onto the meta names read below.
_RDFA_KEYS = {"datecreated": "datepublished", "datepublished": "datepublished",
              "created": "datepublished", "date": "datepublished", "issued": "datepublished",
              "datemodified": "datemodified", "modified": "datemodified",
              "creator": "author", "author": "author"}


@dataclass
class Structured:
    """What the page says about itself, each field as found (raw strings)."""

    headline: str = ""
    og_title: str = ""
    twitter_title: str = ""
    html_title: str = ""
    site_name: str = ""
    published: list[str] = field(default_factory=list)   # best first
    modified: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    meta_authors: list[str] = field(default_factory=list)
    body: str = ""
    description: str = ""
    section: str = ""
    tags: list[str] = field(default_factory=list)
    language: str = ""
    canonical: str = ""
    og_url: str = ""
    og_type: str = ""
    types: set[str] = field(default_factory=set)        # every JSON-LD/microdata @type seen
    is_amp: bool = False
    amp_url: str = ""
    paywalled: bool = False

    @property
    def says_article(self) -> bool:
        return bool(self.types & ARTICLE_TYPES) or self.og_type == "article"


# ------------------------------------------------------------------------------- JSON-LD

def load_json(text: str) -> Any:
    """Parse JSON-LD leniently: comments, CDATA, trailing commas, raw newlines."""
    text = text.strip()
    if not text or len(text) > _MAX_JSONLD_CHARS:
        return None
    for prefix, suffix in (("<!--", "-->"), ("/*<![CDATA[*/", "/*]]>*/"), ("<![CDATA[", "]]>")):
        if text.startswith(prefix):
            text = text[len(prefix):]
            if text.rstrip().endswith(suffix):
                text = text.rstrip()[: -len(suffix)]
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", text)):
        try:
            return json.loads(attempt, strict=False)
        except (ValueError, RecursionError):
            continue
    # Several objects glued together, or garbage after the object: keep the first.
    try:
        value, _ = json.JSONDecoder(strict=False).raw_decode(text)
        return value
    except (ValueError, RecursionError):
        log.debug("unreadable JSON-LD (%d chars)", len(text))
        return None


def _objects(value: Any) -> list[dict[str, Any]]:
    """Every JSON object in a JSON-LD value, breadth first (lists, @graph, nested)."""
    found: list[dict[str, Any]] = []
    queue = [value]
    while queue and len(found) < _MAX_NODES:
        item = queue.pop(0)
        if isinstance(item, list):
            queue.extend(item)
        elif isinstance(item, dict):
            found.append(item)
            for key, sub in item.items():
                if key in ("@graph", "mainEntity", "mainEntityOfPage", "hasPart", "itemListElement",
                           "about", "subjectOf", "isPartOf") and isinstance(sub, (list, dict)):
                    queue.append(sub)
    return found


def _types(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {str(v).rsplit("/", 1)[-1].lower() for v in values if v}


def _string(value: Any) -> str:
    if isinstance(value, str):
        return squash(html.unescape(value) if "&" in value else value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict):
        for key in ("name", "@value", "text", "headline"):
            if key in value:
                return _string(value[key])
    if isinstance(value, list) and value:
        return _string(value[0])
    return ""


def _names(value: Any, by_id: dict[str, dict[str, Any]]) -> list[str]:
    """Person names in an author value (string, object, @id reference or a list of them)."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items[:20]:
        if isinstance(item, dict) and "name" not in item and isinstance(item.get("@id"), str):
            item = by_id.get(item["@id"], item)
        if isinstance(item, dict) and "organization" in _types(item) and len(items) > 1:
            continue
        name = _string(item.get("name") if isinstance(item, dict) else item)
        if name and not name.startswith(("http://", "https://")):
            names.append(name)
    return names


def read_jsonld(scripts: list[str], out: Structured) -> None:
    objects: list[dict[str, Any]] = []
    for script in scripts[:30]:
        objects.extend(_objects(load_json(script)))
    by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
    articles, pages = [], []
    for obj in objects:
        kinds = _types(obj)
        out.types |= kinds
        if kinds & ARTICLE_TYPES:
            articles.append(obj)
        elif kinds & PAGE_TYPES:
            pages.append(obj)
        if (kinds & {"organization", "newsmediaorganization", "website"}) and not out.site_name:
            out.site_name = _string(obj.get("name"))
    for obj in articles + pages:
        _fill_from_object(obj, by_id, out, is_page=obj not in articles)
    if not articles and not pages:  # a lone VideoObject, Event…: its dates still date the page
        for obj in objects:
            for key in ("datePublished", "uploadDate", "dateCreated"):
                value = _string(obj.get(key))
                if value and value not in out.published:
                    out.published.append(value)


def _fill_from_object(obj: dict[str, Any], by_id: dict[str, dict[str, Any]], out: Structured,
                      is_page: bool) -> None:
    if not out.headline and not is_page:
        out.headline = _string(obj.get("headline")) or _string(obj.get("name"))
    for key, target in (("datePublished", out.published), ("dateCreated", out.published),
                        ("uploadDate", out.published), ("dateModified", out.modified)):
        value = _string(obj.get(key))
        if value and value not in target:
            target.append(value)
    if not out.authors:
        out.authors = _names(obj.get("author") or obj.get("creator"), by_id)
    if not out.body and not is_page:
        body = obj.get("articleBody") or obj.get("text")
        if isinstance(body, str):
            out.body = body
    if not out.description:
        out.description = _string(obj.get("description"))
    if not out.section:
        out.section = _string(obj.get("articleSection"))
    if not out.tags:
        out.tags = _split_keywords(obj.get("keywords"))
    if not out.language:
        out.language = _string(obj.get("inLanguage"))
    publisher = obj.get("publisher")
    if isinstance(publisher, dict) and not out.site_name:
        out.site_name = _string(publisher.get("name"))
    if obj.get("isAccessibleForFree") in (False, "False", "false"):
        out.paywalled = True


def _split_keywords(value: Any) -> list[str]:
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, list):
        items = [_string(v) for v in value]
    else:
        return []
    tags = []
    for item in items:
        tag = squash(item)
        if tag and len(tag) <= 60 and tag not in tags:
            tags.append(tag)
    return tags[:30]


# ------------------------------------------------------------------------------ microdata

def read_microdata(index: Index, out: Structured) -> None:
    for scope in index.itemtype[:200]:
        kind = attr_str(scope, "itemtype").rstrip("/").rsplit("/", 1)[-1].lower()
        if kind:
            out.types.add(kind)
    for tag in index.itemprop[:2_000]:
        props = attr_str(tag, "itemprop").split()
        for prop in props:
            _microdata_prop(tag, prop, out)


def _microdata_value(tag: Tag) -> str:
    for attr in ("content", "datetime"):
        if tag.get(attr):
            return squash(attr_str(tag, attr))
    return text_of(tag, limit=2_000)


def _microdata_prop(tag: Tag, prop: str, out: Structured) -> None:
    if prop == "datePublished":
        value = _microdata_value(tag)
        if value and value not in out.published:
            out.published.append(value)
    elif prop == "dateModified":
        value = _microdata_value(tag)
        if value and value not in out.modified:
            out.modified.append(value)
    elif prop in ("author", "creator") and not out.authors:
        inner = tag.find(attrs={"itemprop": "name"})
        value = _microdata_value(inner if isinstance(inner, Tag) else tag)
        if value and not value.startswith("http") and len(value) < 120:
            out.authors.append(value)
    elif prop == "headline" and not out.headline:
        out.headline = _microdata_value(tag)[:500]


# ----------------------------------------------------------------------------------- meta

def read_meta(index: Index, out: Structured) -> None:
    published: list[str] = []
    modified: list[str] = []
    for meta in index.tags("meta")[:1_000] + index.rdfa[:200]:
        key = (attr_str(meta, "property") or attr_str(meta, "name")
               or attr_str(meta, "itemprop") or attr_str(meta, "http-equiv")).strip().lower()
        if key.startswith(("schema:", "dc:", "dcterms:", "sioc:")) and meta.name != "meta":
            key = _RDFA_KEYS.get(key.split(":", 1)[1], "")
        value = squash(attr_str(meta, "content"))
        if not key or not value:
            continue
        if key == "og:title":
            out.og_title = out.og_title or value
        elif key == "twitter:title":
            out.twitter_title = out.twitter_title or value
        elif key == "og:site_name" or key == "application-name":
            out.site_name = out.site_name or value
        elif key == "og:url":
            out.og_url = out.og_url or value
        elif key == "og:type":
            out.og_type = out.og_type or value.lower()
        elif key in ("og:description", "description", "twitter:description"):
            out.description = out.description or value
        elif key in ("article:section", "section", "article-section"):
            out.section = out.section or value
        elif key in ("article:tag", "news_keywords", "keywords"):
            if key == "article:tag" or not out.tags:
                for tag in _split_keywords(value):
                    if tag not in out.tags:
                        out.tags.append(tag)
        elif key in ("content-language", "og:locale", "language", "dc.language"):
            out.language = out.language or value
        elif key in META_PUBLISHED:
            published.append(value)
        elif key in META_MODIFIED:
            modified.append(value)
        elif key in META_AUTHOR:
            if not value.startswith(("http://", "https://", "@")) and value not in out.meta_authors:
                out.meta_authors.append(value)
    out.published.extend(v for v in published if v not in out.published)
    out.modified.extend(v for v in modified if v not in out.modified)


def read_head(index: Index, out: Structured) -> None:
    titles = index.tags("title")
    if titles:
        out.html_title = squash(titles[0].get_text())[:1_000]
    for link in index.tags("link")[:500]:
        rel = attr_str(link, "rel").lower().split()
        href = attr_str(link, "href").strip()
        if "canonical" in rel and href and not out.canonical:
            out.canonical = href
        elif "amphtml" in rel and href and not out.amp_url:
            out.amp_url = href
    html = index.tags("html")[0] if index.tags("html") else None
    if html is not None:
        out.is_amp = "amp" in html.attrs or "\u26a1" in html.attrs
        lang = attr_str(html, "lang") or attr_str(html, "xml:lang")
        if lang:
            out.language = lang


def read_structured(index: Index) -> Structured:
    """Everything the page declares about itself (JSON-LD, meta, microdata, head links)."""
    out = Structured()
    read_head(index, out)
    read_jsonld(index.jsonld, out)
    read_meta(index, out)
    read_microdata(index, out)
    return out
