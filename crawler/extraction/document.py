"""Parsing a page into a BeautifulSoup tree, within bounds, and small tree helpers."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from corpus import strip_controls
from crawler.htmlcap import cap_attributes

# Work is bounded: beyond this many characters a page is cut before parsing (a press
# article is a few hundred kilobytes at most; the tail of a giant page is boilerplate).
MAX_HTML_CHARS = 3_000_000
_XML_DECL = re.compile(r"<\?xml[^>]{0,500}\?>", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
# Raw-text and foreign elements that never hold article text, cut before parsing so that
# the tree is not built for them (a third of many pages' bytes): scripts other than
# JSON-LD, styles, inline SVG, comments. HTML ends a script or style at the first closing
# tag, as these patterns do.
_NEVER_CONTENT = re.compile(
    r"<script\b(?![^>]*ld\+json)[^>]*>.*?</script\s*>|<style\b[^>]*>.*?</style\s*>|"
    r"<svg\b[^>]*>.*?</svg\s*>|<!--.*?-->",
    re.IGNORECASE | re.DOTALL,
)

# Elements whose text is never content.
DROP_TAGS = (
    "script", "style", "noscript", "template", "svg", "math", "canvas", "iframe", "object",
    "embed", "button", "input", "select", "option", "textarea", "link", "meta", "head",
    "map", "audio", "video", "source", "picture",
)
BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav "
    "ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))


def parse(html: str) -> BeautifulSoup:
    """The page as a tree (lxml parser; html.parser if lxml is unavailable)."""
    # Control characters and terminal escape sequences go before parsing (whole sequences,
    # so that no "[31m" survives to pollute a byline).
    html = strip_controls(_XML_DECL.sub("", _NEVER_CONTENT.sub(
        "", cap_attributes(html)[:MAX_HTML_CHARS])))
    if "<" not in html:  # keeps bs4 from warning that the markup looks like a file name
        html = "<p>" + html.replace("&", "&amp;") + "</p>"
    try:
        return BeautifulSoup(html, "lxml")
    except Exception:  # noqa: BLE001 - lxml missing or refusing the input: the slow fallback
        return BeautifulSoup(html, "html.parser")


def is_text(node: object) -> bool:
    """A plain text node (not a comment, CDATA, doctype or processing instruction)."""
    return isinstance(node, NavigableString) and not isinstance(node, PreformattedString)


def attr_str(tag: Tag, name: str) -> str:
    value = tag.attrs.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(value)
    return str(value)


def class_id(tag: Tag) -> str:
    """The tag's class and id, lowercased, for boilerplate pattern tests."""
    attrs = tag.attrs
    if not attrs:
        return ""
    cls = attrs.get("class")
    ident = attrs.get("id")
    parts = []
    if cls:
        parts.append(" ".join(cls) if isinstance(cls, list) else str(cls))
    if ident and len(ident) <= 40 and str(ident).count("-") < 5:
        parts.append(str(ident))  # long slugs are anchors made from a heading's words
    return " ".join(parts).lower()


def squash(text: str) -> str:
    """Whitespace folded to single spaces, trimmed."""
    return _SPACES.sub(" ", text).strip()


@dataclass
class Index:
    """The page's elements gathered in one pass, so later passes never rescan the tree."""

    by_name: dict[str, list[Tag]] = field(default_factory=dict)
    named: list[tuple[Tag, str]] = field(default_factory=list)   # tags with class/id
    itemprop: list[Tag] = field(default_factory=list)
    itemtype: list[Tag] = field(default_factory=list)
    rdfa: list[Tag] = field(default_factory=list)                # property= with content=
    jsonld: list[str] = field(default_factory=list)              # ld+json script texts

    def tags(self, *names: str) -> list[Tag]:
        """Elements with these names, in document order when a single name is asked."""
        if len(names) == 1:
            return self.by_name.get(names[0], [])
        found = [t for n in names for t in self.by_name.get(n, [])]
        return found


_INDEXED = frozenset(
    "title meta link html h1 h2 h3 h4 time a article main span p div section header strong "
    "h5 h6".split()
)
_DROP = frozenset(DROP_TAGS) - {"head", "meta", "link"}


def index_page(soup: BeautifulSoup) -> Index:
    """Gather the elements later passes need and remove those that never hold content
    (scripts, styles, forms controls, media, hidden elements). One iterative pass."""
    index = Index()
    by_name = index.by_name
    dropped: list[Tag] = []
    stack: list[Tag] = [soup]
    while stack:
        tag = stack.pop()
        children = [c for c in tag.contents if isinstance(c, Tag)]
        for child in reversed(children):
            name = child.name
            if name in _DROP:
                if name == "script" and \
                        attr_str(child, "type").strip().lower() == "application/ld+json":
                    index.jsonld.append(child.get_text())
                dropped.append(child)
                continue
            if child.attrs and _is_hidden(child):
                dropped.append(child)
                continue
            stack.append(child)
    for tag in dropped:
        tag.extract()
    for node in soup.descendants:
        if not isinstance(node, Tag):
            continue
        if node.name in _INDEXED:
            by_name.setdefault(node.name, []).append(node)
        attrs = node.attrs
        if attrs:
            if "class" in attrs or "id" in attrs:
                index.named.append((node, class_id(node)))
            if "itemprop" in attrs:
                index.itemprop.append(node)
            if "itemtype" in attrs:
                index.itemtype.append(node)
            if "property" in attrs and "content" in attrs and node.name != "meta":
                index.rdfa.append(node)
    return index


def _is_hidden(tag: Tag) -> bool:
    attrs = tag.attrs
    if not attrs:
        return False
    if "hidden" in attrs:
        return True
    style = attrs.get("style")
    if style and "none" in style:
        compact = str(style).replace(" ", "").lower()
        return "display:none" in compact or "visibility:hidden" in compact
    return False


def inside(tag: Tag, regions: Collection[int], max_depth: int = 80) -> bool:
    """Whether tag or one of its nearest ancestors has its id() in `regions`."""
    node: Tag | None = tag
    for _ in range(max_depth):
        if node is None:
            return False
        if id(node) in regions:
            return True
        node = node.parent
    return False
