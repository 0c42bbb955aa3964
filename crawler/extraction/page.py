"""One page in, one Extraction out: the pipeline tying the passes together."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from crawler.decode import decode_text
from crawler.extraction import authors, body, language, published, title
from crawler.extraction.cleanup import STRONG, boilerplate_level, is_related_text
from crawler.extraction.dates import find_dates, parse_date
from crawler.extraction.document import (
    Index,
    attr_str,
    class_id,
    index_page,
    inside,
    parse,
    squash,
)
from crawler.extraction.lead import lead_blocks
from crawler.extraction.measure import Stats, measure, without
from crawler.extraction.model import Extraction
from crawler.extraction.structured import LISTING_TYPES, Structured, read_structured
from crawler.extraction.text import blocks, text_of

log = logging.getLogger(__name__)

_ERROR_TITLE = re.compile(
    r"\b(?:404|410|page (?:introuvable|non trouvée|inexistante|not found)|not found|"
    r"erreur|error|n['’]existe (?:plus|pas)|introuvable|seite nicht gefunden|"
    r"contenu (?:indisponible|supprimé))\b",
    re.IGNORECASE,
)
_LEAD_CLASS = re.compile(
    r"chap[oô]|\blead|intro|standfirst|summary|excerpt|sapo|\bdeck|subtitle|sous-titre|"
    r"accroche|chapeau|abstract|resume|teaser-text|article-desc|post-desc|header-desc",
    re.IGNORECASE,
)
_LEAD_TAGS = frozenset(("p", "div", "h2", "h3", "section", "span", "strong", "header"))
MIN_ARTICLE_CHARS = 250     # less text than this and nothing saying "article": no article


def extract_page(html: str | bytes, url: str, *, fetched_at: datetime | None = None,
                 article_hint: bool = False,
                 selectors: dict[str, str] | None = None,
                 http_charset: str | None = None) -> Extraction:
    """Extract everything from one page; `reason` says why when it is no article."""
    now = fetched_at or datetime.now(UTC)
    result = Extraction(url=url, fetched_at=fetched_at)
    if isinstance(html, bytes):
        if _looks_binary(html[:4096]):
            result.reason = "binary content"
            return result
        html = decode_text(html, http_charset)
    if not html.strip():
        result.reason = "empty page"
        return result
    if _looks_binary_text(html[:4096]):
        result.reason = "binary content"
        return result
    soup = parse(html)
    index = index_page(soup)
    data = read_structured(index)
    _links(result, data, url)
    root = soup.body if isinstance(soup.body, Tag) else soup
    full = measure(root)
    anchors = index.tags("h1")[:3] + [t for t in index.itemprop
                                      if attr_str(t, "itemprop") == "articleBody"][:3]
    furniture = body.furniture_regions(root, full, anchors)
    removed = set(furniture)
    meta_excluded = _metadata_exclusions(furniture)
    stats = without(full, removed)
    sel = selectors or {}
    containers, skip = _body_containers(soup, root, stats, removed, sel.get("body"), anchors)
    paragraphs = lead_blocks(containers, stats, skip, index.tags("h1")[:3]) + \
        body.body_blocks(containers, skip)
    text = "\n\n".join(paragraphs)
    if data.body and len(_plain(data.body)) > 2 * len(text) and len(data.body) > 300:
        text = _structured_body(data.body)
    host = urlsplit(url).hostname or ""
    result.title = _title(soup, index, data, containers, removed, host, sel.get("title"))
    page_lines = blocks(root, meta_excluded, limit=60_000)
    result.lead, result.lead_in_page = _lead(soup, index, data, removed, result.title,
                                             sel.get("lead"), page_lines)
    text, lead_dropped = _drop_lead_and_title(text, result.lead, result.title)
    result.lead_in_page = result.lead_in_page or lead_dropped  # it headed the body
    result.text = text
    result.language = language.normalise(data.language) or language.detect(text)
    day_first = result.language != "en"
    meta_lines = _from_headline(page_lines, result.title)
    result.published, result.modified = _dates(data, index, meta_excluded, url, meta_lines, now,
                                                day_first, soup, sel.get("date"))
    result.authors = _authors(data, soup, index, meta_excluded, meta_lines, sel.get("author"))
    result.author = ", ".join(result.authors)
    result.section = squash(data.section)[:120]
    result.tags = _tags(data, index, meta_excluded)
    result.paywalled = _paywalled(data, index, meta_lines)
    result.reason = _not_article(result, data, index, bool(sel.get("body")) or article_hint,
                                 containers)
    return result


_SIDE = re.compile(r"sidebar|side-bar|widget|menu|\bnav|teaser|popular|trending|most-?read|"
                   r"breadcrumb|related|recommend|comment", re.IGNORECASE)


def _metadata_exclusions(furniture: dict[int, Tag]) -> set[int]:
    """Regions never read for dates and bylines: strong furniture, menus and sidebars.

    Page footers and headers, and soft "meta"/"footer" blocks, stay readable: datelines
    and bylines often live in an article's <header> or <footer>.
    """
    excluded = set()
    for key, tag in furniture.items():
        if "author" in class_id(tag):
            continue  # an author box is furniture for the body, not for the byline
        if tag.name in ("nav", "aside", "menu", "dialog", "form") or \
                boilerplate_level(tag) == STRONG or _SIDE.search(class_id(tag)):
            excluded.add(key)
    return excluded


def _looks_binary(head: bytes) -> bool:
    if not head:
        return False
    if head.startswith((b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04",
                        b"\x1f\x8b")):
        return True
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 BOM: zero bytes are expected
        return False
    return head.count(0) > len(head) // 50


def _looks_binary_text(head: str) -> bool:
    odd = sum(1 for c in head if (ord(c) < 32 and c not in "\t\n\r\f") or c == "\ufffd")
    return odd > max(8, len(head) // 20)


def _absolute(base: str, href: str) -> str:
    href = href.strip()
    if not href:
        return ""
    try:
        absolute = urljoin(base, href)
    except ValueError:
        return ""
    return absolute if absolute.startswith(("http://", "https://")) else ""


def _links(result: Extraction, data: Structured, url: str) -> None:
    result.canonical_url = _absolute(url, data.canonical)
    result.og_url = _absolute(url, data.og_url)
    result.amp_url = _absolute(url, data.amp_url)
    result.is_amp = data.is_amp


def _body_containers(soup: BeautifulSoup, root: Tag, stats: Stats, removed: set[int],
                     selector: str | None, anchors: list[Tag]) -> tuple[list[Tag], set[int]]:
    if selector:
        chosen = _select(soup, selector)
        if chosen:
            skip = set(removed)
            for tag in chosen:
                measured = measure(tag)
                own = set(body.furniture_regions(tag, measured, anchors))
                skip |= own | body.furniture([tag], without(measured, own))
            return chosen, skip
        log.debug("body selector %r matched nothing; using the heuristic", selector)
    containers = body.choose(root, stats)
    return containers, removed | body.furniture(containers, stats)


def _select(soup: BeautifulSoup, selector: str) -> list[Tag]:
    try:
        found = soup.select(selector, limit=50)
    except Exception:  # noqa: BLE001 - soupsieve raises its own SelectorSyntaxError
        log.warning("sélecteur CSS incorrect : %r", selector)
        return []
    # Keep outermost matches only.
    ids = {id(t) for t in found}
    return [t for t in found if not any(id(p) in ids for p in t.parents)]


def _select_text(soup: BeautifulSoup, selector: str | None) -> tuple[str, Tag | None]:
    if not selector:
        return "", None
    found = _select(soup, selector)
    if not found:
        return "", None
    return text_of(found[0], limit=5_000), found[0]


def _plain(text: str) -> str:
    return squash(re.sub(r"<[^>]{0,500}>", " ", text))


def _structured_body(raw: str) -> str:
    if "<" in raw and ">" in raw:
        fragment = BeautifulSoup(raw, "lxml")
        return "\n\n".join(blocks(fragment))
    return "\n\n".join(p.strip() for p in re.split(r"\n\s*\n|\r\n", raw) if p.strip())


def _title(soup: BeautifulSoup, index: Index, data: Structured, containers: list[Tag],
           removed: set[int], host: str, selector: str | None) -> str:
    chosen, _ = _select_text(soup, selector)
    if chosen:
        return chosen
    scopes: set[int] = set()
    for container in containers:  # the body and the wrappers just around it (headline, byline)
        node: Tag | None = container
        for _ in range(3):
            if node is None or node.name in ("body", "html"):
                break
            scopes.add(id(node))
            node = node.parent
    h1s: list[str] = [text_of(h, limit=600) for h in index.tags("h1")[:10]
                      if inside(h, scopes, max_depth=30)]
    for h in index.tags("h1")[:5] + index.tags("h2")[:3]:
        if (h.name == "h1" or not h1s) and not inside(h, removed):
            h1s.append(text_of(h, limit=600))
    sites = [data.site_name]
    candidates = [data.headline, data.og_title, data.twitter_title, data.html_title]
    return title.choose(h1s, candidates, sites, host)[:500]


def _lead(soup: BeautifulSoup, index: Index, data: Structured, removed: set[int],
          headline: str, selector: str | None, lines: list[str]) -> tuple[str, bool]:
    chosen, _ = _select_text(soup, selector)
    if chosen:
        return chosen, True
    tried = 0
    for tag, names in index.named:
        if not _LEAD_CLASS.search(names) or "author" in names or tag.name not in _LEAD_TAGS:
            continue
        tried += 1
        if tried > 10:
            break
        if inside(tag, removed):
            continue
        text = text_of(tag, limit=2_000)
        if 40 <= len(text) <= 1_000 and text != headline and not is_related_text(text):
            return text, True
    description = squash(data.description)
    if 40 <= len(description) <= 600:
        visible = _visible(description, lines)
        return (visible, True) if visible else (description, False)
    return "", False


_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*$")


def _visible(description: str, lines: list[str]) -> str:
    """The page line the meta description repeats (whole, or cut short with "…"): a lead
    shown on the page under the headline, which the page's markup does not name."""
    target = _ELLIPSIS.sub("", description)
    if len(target) < 40:
        return ""
    for line in lines[:300]:
        if len(line) < 40 or len(line) > 1_000:
            continue
        text = squash(line)
        if text == target or text.startswith(target) and len(text) < 2 * len(target):
            return text
    return ""


def _drop_lead_and_title(text: str, lead: str, headline: str) -> tuple[str, bool]:
    """Drop the headline, the lead, bylines and date lines heading the body, and the short
    labels above the headline; say whether the lead was one of the lines dropped."""
    paragraphs = text.split("\n\n")
    paragraphs = paragraphs[_labels_above(paragraphs, headline):]
    kept: list[str] = []
    lead_dropped = False
    for index, paragraph in enumerate(paragraphs):
        line = squash(paragraph)
        if index < 6 and not kept and (
                line in (squash(headline), squash(lead)) or _is_dateline(line)):
            lead_dropped = lead_dropped or bool(line) and line == squash(lead)
            continue
        kept.append(paragraph)
    return "\n\n".join(kept), lead_dropped


_LABEL_END = (".", "!", "?", "…", ":", ";", "»", "\"", "”")
LABEL_CHARS = 120   # a section label, breadcrumb or site motto above a headline is short


def _labels_above(paragraphs: list[str], headline: str) -> int:
    """How many lines above the headline to drop when the body opens on it: a body whose
    container holds the headline may start with a section label ("Industrie"), a
    breadcrumb or a site's name and motto, short lines that are not sentences."""
    target = squash(headline)
    if not target:
        return 0
    for index, paragraph in enumerate(paragraphs[:6]):
        line = squash(paragraph)
        if line == target:
            return index
        if len(line) > LABEL_CHARS or line.endswith(_LABEL_END):
            return 0
    return 0


_BREADCRUMB = re.compile(r"^[^!?]{1,120}?(?:\s[>»/›|]\s[^!?]{1,60}){2,}(?<!\.)$")
_READING_TIME = re.compile(
    r"^\W*(?:temps de lecture\W*|lecture\W*|reading time\W*|lesezeit\W*)?\d+\s*"
    r"(?:min(?:ute)?s?|minuten|mn)\.?(?:\s*(?:de lecture|read|lesezeit|lesen))?\W*$",
    re.IGNORECASE,
)


def _from_headline(lines: list[str], headline: str) -> list[str]:
    """The page's lines starting at the headline (then the ones above it): an unlabelled
    date next to the headline dates the article; one in the site's header does not."""
    target = squash(headline)
    for index, line in enumerate(lines[:400]):
        if target and squash(line) == target:
            return lines[index:] + lines[:index]
    return lines


def _is_dateline(line: str) -> bool:
    """A line heading a body that is page furniture: byline, date, breadcrumb, reading time."""
    if len(line) > 160:
        return False
    if authors.BYLINE_START.match(line) or _READING_TIME.match(line) or \
            _BREADCRUMB.match(line):
        return True
    return len(line) < 100 and bool(find_dates(line)) and not line.endswith((".", "!", "?"))


def _dates(data: Structured, index: Index, removed: set[int], url: str, lines: list[str],
           now: datetime, day_first: bool, soup: BeautifulSoup, selector: str | None
           ) -> tuple[datetime | None, datetime | None]:
    if selector:
        _, tag = _select_text(soup, selector)
        if tag is not None:
            raw = attr_str(tag, "datetime") or attr_str(tag, "content") or text_of(tag, limit=500)
            dt = parse_date(raw, now, day_first=day_first)
            if dt is not None:
                _, modified = published.find(data, index, removed, url, lines, now, day_first)
                return dt, modified
    return published.find(data, index, removed, url, lines, now, day_first)


def _authors(data: Structured, soup: BeautifulSoup, index: Index, removed: set[int],
             lines: list[str], selector: str | None) -> list[str]:
    chosen, _ = _select_text(soup, selector)
    if chosen:
        return authors.join_names([chosen]) or [chosen[:120]]
    for names in (data.authors, data.meta_authors):
        kept = [n for n in names if not authors.is_site_name(n, data.site_name)]
        joined = authors.join_names(kept)
        if joined:
            return joined
    byline = authors.from_page(index, removed) or authors.from_text_lines(lines[:80])
    return authors.join_names([byline]) if byline else []


def _tags(data: Structured, index: Index, removed: set[int]) -> list[str]:
    tags = list(data.tags)
    if not tags:
        links = [a for a in index.tags("a")
                 if "tag" in (rel := attr_str(a, "rel").lower().split()) and "category" not in rel]
        for link in links[:30]:
            if inside(link, removed):
                continue
            value = text_of(link, limit=100)
            if value and len(value) <= 60 and value not in tags:
                tags.append(value)
    return tags[:30]


_PAYWALL_CLASS = re.compile(
    r"pay-?wall|premium-(?:content|article|lock|only)|subscribers?-only|abonnes?-only|"
    r"reserve-abonnes?|article-(?:locked|premium)|locked-(?:content|article)|\bmetered\b",
    re.IGNORECASE,
)
_PAYWALL_TEXT = re.compile(
    r"(?:article|contenu|suite)\s+(?:est\s+)?réservée?s?\s+aux\s+abonnés|"
    r"réservée?\s+aux\s+abonnés|abonnez-vous\s+pour\s+(?:lire|continuer|accéder)|"
    r"pour\s+lire\s+la\s+suite|subscribe\s+to\s+(?:continue|read)",
    re.IGNORECASE,
)


def _paywalled(data: Structured, index: Index, lines: list[str]) -> bool:
    """Whether the page says only part of the article is visible: isAccessibleForFree
    false (JSON-LD or microdata), a paywall container, or a "réservé aux abonnés" line."""
    if data.paywalled:
        return True
    for tag in index.itemprop:
        if attr_str(tag, "itemprop") == "isAccessibleForFree" and \
                (attr_str(tag, "content") or text_of(tag, limit=20)).strip().lower() == "false":
            return True
    if any(_PAYWALL_CLASS.search(names) for _, names in index.named[:5_000]):
        return True
    return any(len(line) < 300 and _PAYWALL_TEXT.search(line) for line in lines[:400])


def _headline_in_article(index: Index) -> bool:
    """An <article> element holding an <h1>: the page presents one article."""
    return any(inside(h1, {id(a) for a in index.tags("article")[:50]}, max_depth=20)
               for h1 in index.tags("h1")[:5]) if index.tags("article") else False


def _not_article(result: Extraction, data: Structured, index: Index, told: bool,
                 containers: list[Tag]) -> str:
    """Why the page is no article, or "" when it is one.

    A page is an article when the source says so (`told`: its URL matches the source's
    article_pattern, or a body selector matched) or the page does (JSON-LD/microdata
    Article types, og:type=article, or an <article> with a headline and a date), whatever
    its length: a one-sentence brief is kept. Only what is clearly no article is refused:
    error pages, listing and tag pages, empty bodies; a page saying nothing about itself
    also needs MIN_ARTICLE_CHARS of text.
    """
    size = len(result.text)
    marked = data.says_article or (
        result.published is not None and bool(result.title) and _headline_in_article(index))
    if not size and result.lead and (marked or told):
        result.text, size = result.lead, len(result.lead)   # a brief whose body is its lead
    if not size:
        return "no text"
    if _ERROR_TITLE.search(result.title) and size < 1_500 and not (
            marked and result.published is not None):
        return "error page"
    if data.types & LISTING_TYPES and not data.says_article:
        return "listing page"
    if not marked and _looks_like_listing(index, size, containers, strict=told):
        return "listing page"
    if size < MIN_ARTICLE_CHARS and not (marked or told):
        return "too little text"
    return ""


def _looks_like_listing(index: Index, size: int, containers: list[Tag], *,
                        strict: bool = False) -> bool:
    """Many headline links and little running prose, or a body that is itself a run of
    linked headlines: a section, tag or home page. `strict` (the source says the URL is an
    article): only the second, so that a brief beside a column of teasers is kept."""
    scope = {id(c) for c in containers}
    teasers = in_body = 0
    for heading in index.tags("h2", "h3", "h4")[:200]:
        if heading.find("a") is not None or (heading.parent is not None
                                             and heading.parent.name == "a"):
            teasers += 1
            if inside(heading, scope, max_depth=12):
                in_body += 1
    if in_body >= 6 and size < 250 * in_body:
        return True
    return not strict and teasers >= 6 and size < 500
