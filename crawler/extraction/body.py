"""The article body by a general content heuristic: no per-site rule.

One bottom-up pass measures every element (text length, link text, commas, paragraphs);
paragraph-like blocks vote for their ancestors (readability's scheme), the best-scored
container wins, its siblings join when they look like more of the same, and inside the
chosen containers link-dense blocks and related-link furniture are left out.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache

from bs4 import Tag

from crawler.extraction.cleanup import (
    STRONG,
    boilerplate_level,
    is_call_to_action,
    is_related_text,
    names_content,
)
from crawler.extraction.document import HEADINGS, class_id, is_text
from crawler.extraction.text import blocks, text_of

PARAGRAPH_TAGS = frozenset(("p", "pre", "td", "blockquote", "dd", "li"))
CONTAINER_TAGS = frozenset(
    ("div", "article", "section", "main", "td", "blockquote", "body", "center", "font", "span",
     "dd", "form")
)
_BLOCKISH = frozenset(
    ("p", "div", "section", "article", "main", "ul", "ol", "table", "blockquote", "pre",
     "h1", "h2", "h3", "h4", "h5", "h6", "dl", "figure", "header", "aside", "nav", "footer",
     "form", "li", "tr", "td")
)
POSITIVE = re.compile(
    r"article|body|content|contenu|entry|hentry|main|page|post|text|texte|blog|story|corps|"
    r"chapo|artikel|inhalt|beitrag|prose|rich-?text|single",
    re.IGNORECASE,
)
NEGATIVE = re.compile(
    r"hidden|banner|combx|comment|com-|contact|foot|footer|footnote|masthead|media|meta|"
    r"outbrain|promo|related|scroll|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|"
    r"widget|teaser|share|social|nav|menu|caption|credit|legende|newsletter|list|card",
    re.IGNORECASE,
)
_COMMAS = re.compile(r"[,،，、]")
MIN_PARAGRAPH = 25
_THREAD = re.compile(r"comment|disqus|reply|respon|forum|discussion|reaction", re.IGNORECASE)
SECOND_SCORE = 0.3     # a rival needs this share of the winner's score…
SECOND_PROSE = 3.0     # …and this many times its running prose
TAIL_LINE = 80     # unpunctuated lines shorter than this are trimmed off a body's end
THIN_WRAPPER = 150           # chars a wrapper may add (headline, byline) and still be climbed
CLIMB_SHARE = 0.25           # prose a parent must add, as a share of the candidate's


@dataclass
class Stats:
    """Per-element measures, keyed by id(tag)."""

    text: dict[int, int] = field(default_factory=dict)
    links: dict[int, int] = field(default_factory=dict)
    commas: dict[int, int] = field(default_factory=dict)
    own_text: dict[int, int] = field(default_factory=dict)   # text directly inside the tag
    block_children: set[int] = field(default_factory=set)    # tags having a block child
    order: list[Tag] = field(default_factory=list)            # kept tags in document order
    parent: dict[int, Tag] = field(default_factory=dict)

    def density(self, tag: Tag) -> float:
        total = self.text.get(id(tag), 0)
        return self.links.get(id(tag), 0) / total if total else 0.0


def measure(root: Tag, removed: Collection[int] = ()) -> Stats:
    """Measure the tree under root, leaving out the subtrees whose id() is in `removed`."""
    stats = Stats()
    text, links, commas, own = stats.text, stats.links, stats.commas, stats.own_text
    stack: list[Tag] = [root]
    while stack:
        tag = stack.pop()
        key = id(tag)
        stats.order.append(tag)
        text[key] = links[key] = commas[key] = own[key] = 0
        children = []
        for child in tag.contents:
            if isinstance(child, Tag):
                if id(child) in removed:
                    continue
                stats.parent[id(child)] = tag
                children.append(child)
                if child.name in _BLOCKISH:
                    stats.block_children.add(key)
            elif is_text(child):
                value = str(child).strip()
                if value:
                    own[key] += len(value)
                    commas[key] += len(_COMMAS.findall(value))
        stack.extend(reversed(children))
    for tag in reversed(stats.order):
        key = id(tag)
        text[key] += own[key]
        if tag.name == "a":
            links[key] = text[key]
        parent = stats.parent.get(key)
        if parent is not None:
            pkey = id(parent)
            text[pkey] += text[key]
            links[pkey] += links[key]
            commas[pkey] += commas[key]
    return stats


def furniture_regions(root: Tag, full: Stats, anchors: list[Tag]) -> dict[int, Tag]:
    """The boilerplate subtrees of the page (ids), judged with the page's measures.

    A block named like furniture is kept when it holds the page's headline or article
    body markup, or (for soft matches such as a layout wrapper called "l-outer--nav") when
    it holds most of the page's text with few links: furniture is never most of a page.
    """
    protected = _protected(anchors, full)
    total = full.text.get(id(root), 0) or 1
    prose = good_text(full)
    total_prose = prose.get(id(root), 0) or 1
    removed: dict[int, Tag] = {}
    stack = [root]
    while stack:
        tag = stack.pop()
        level = boilerplate_level(tag) if tag is not root else 0
        key = id(tag)
        if level and key not in protected:
            low_links = full.density(tag) < 0.35
            big = full.text.get(key, 0) > 0.4 * total and low_links
            # A strong match ("entry share", "share-zone") keeps a block only when it holds
            # most of the page's prose and is not a comment thread, or is named as content.
            holds_article = prose.get(key, 0) > 0.6 * total_prose and low_links and \
                not _THREAD.search(class_id(tag))
            if not big or level == STRONG and not (names_content(tag) or holds_article):
                removed[key] = tag
                continue
        stack.extend(c for c in tag.contents if isinstance(c, Tag))
    return removed


def _protected(anchors: list[Tag], full: Stats) -> set[int]:
    """Ancestors of the headline and of declared article-body elements."""
    protected: set[int] = set()
    for anchor in anchors:
        node: Tag | None = anchor
        for _ in range(300):
            if node is None or id(node) in protected:
                break
            protected.add(id(node))
            node = full.parent.get(id(node))
    return protected


def _class_weight(tag: Tag) -> float:
    names = class_id(tag)
    return _names_weight(names) if names else 0.0


@lru_cache(maxsize=8192)
def _names_weight(names: str) -> float:
    weight = 0.0
    if NEGATIVE.search(names):
        weight -= 25
    if POSITIVE.search(names):
        weight += 25
    return weight


def _initial(tag: Tag) -> float:
    name = tag.name
    base = {"article": 10.0, "main": 8.0, "div": 5.0, "section": 3.0, "pre": 3.0, "td": 3.0,
            "blockquote": 3.0, "form": -3.0, "ol": -3.0, "ul": -3.0, "li": -3.0}.get(name, 0.0)
    if tag.attrs and tag.attrs.get("itemprop") == "articleBody":
        base += 30
    return base + _class_weight(tag)


def _is_paragraph(tag: Tag, stats: Stats) -> bool:
    if tag.name in PARAGRAPH_TAGS:
        return tag.name != "li" or id(tag) not in stats.block_children
    return tag.name in ("div", "section", "span", "font", "article") and \
        id(tag) not in stats.block_children and stats.own_text[id(tag)] >= MIN_PARAGRAPH


def _has_bare_prose(tag: Tag, stats: Stats) -> bool:
    """A block mixing child blocks with a good deal of text of its own (Blogger posts)."""
    return tag.name in ("div", "section", "article", "td") and \
        stats.own_text[id(tag)] >= 4 * MIN_PARAGRAPH


def score(stats: Stats) -> dict[int, float]:
    scores: dict[int, float] = {}
    tags: dict[int, Tag] = {}
    for tag in stats.order:
        if _is_paragraph(tag, stats):
            length = stats.text[id(tag)]
            if length < MIN_PARAGRAPH or stats.density(tag) > 0.5:
                continue
        elif _has_bare_prose(tag, stats):
            length = stats.own_text[id(tag)]  # text written straight in a div, between <br>s
        else:
            continue
        vote = 1 + stats.commas[id(tag)] + min(length / 100, 3.0)
        ancestor = stats.parent.get(id(tag))
        level = 0
        while ancestor is not None and level < 3:
            key = id(ancestor)
            if key not in scores:
                scores[key] = _initial(ancestor)
                tags[key] = ancestor
            scores[key] += vote / (1 if level == 0 else 2 if level == 1 else level * 3)
            ancestor = stats.parent.get(key)
            level += 1
    for key, tag in tags.items():
        scores[key] *= 1 - stats.density(tag)
    return scores


def choose(root: Tag, stats: Stats) -> list[Tag]:
    """The containers holding the article body, in document order."""
    scores = score(stats)
    if not scores:
        return [root]
    by_id = {id(tag): tag for tag in stats.order}
    top = by_id[max(scores, key=lambda k: scores[k])]
    good = good_text(stats)
    top = _more_prose_elsewhere(top, scores, by_id, good, stats)
    # Climb while the parent adds running prose (the body is split in several blocks
    # sharing an ancestor: sections, text frames, accordions), not link lists or chrome.
    # Thin wrappers (headline, byline) are climbed through but kept only when an ancestor
    # above them adds prose: otherwise their chrome (a blog's name and motto) would join.
    best = node = top
    for _ in range(12):
        parent = stats.parent.get(id(node))
        if parent is None or parent.name in ("body", "html") or _is_article_root(node):
            break
        verdict = _adds_prose(parent, node, stats, good)
        if verdict == "no":
            break
        node = parent
        if verdict == "prose":
            best = node
    top = best
    parent = stats.parent.get(id(top))
    if parent is None:
        return [top]
    top_score = scores.get(id(top), 0.0)
    threshold = max(10.0, top_score * 0.2)
    chosen: list[Tag] = []
    for sibling in parent.contents:
        if not isinstance(sibling, Tag) or id(sibling) not in stats.text:
            continue
        if sibling is top:
            chosen.append(sibling)
            continue
        if _joins(sibling, stats, scores, threshold, top):
            chosen.append(sibling)
    return chosen


def _more_prose_elsewhere(top: Tag, scores: dict[int, float], by_id: dict[int, Tag],
                          good: dict[int, int], stats: Stats) -> Tag:
    """A well-scored candidate holding far more running prose than the winner, elsewhere
    in the page, is the article (the winner was a dense footer or a teaser box)."""
    best, best_good = top, good[id(top)]
    ancestors = set()
    node = stats.parent.get(id(top))
    while node is not None:
        ancestors.add(id(node))
        node = stats.parent.get(id(node))
    floor = scores[id(top)] * SECOND_SCORE
    for key, value in scores.items():
        if value < floor or key in ancestors or good[key] <= best_good:
            continue
        if good[key] > SECOND_PROSE * good[id(top)] and stats.density(by_id[key]) < 0.5:
            best, best_good = by_id[key], good[key]
    return best


def _is_article_root(tag: Tag) -> bool:
    """An element that declares itself the article: climbing past it leaves the article."""
    if tag.name in ("article", "main"):
        return True
    return bool(tag.attrs) and tag.attrs.get("itemprop") == "articleBody"


def good_text(stats: Stats) -> dict[int, int]:
    """Per element, the length of the running prose in it: the text of its outermost
    paragraph-like blocks that are long enough and not mostly links."""
    good: dict[int, int] = {}
    in_paragraph: dict[int, bool] = {}
    for tag in stats.order:
        key = id(tag)
        parent = stats.parent.get(key)
        inherited = in_paragraph.get(id(parent), False) if parent is not None else False
        counted = not inherited and _is_paragraph(tag, stats) and \
            stats.text[key] >= MIN_PARAGRAPH and stats.density(tag) <= 0.5
        in_paragraph[key] = inherited or counted
        if counted:
            good[key] = stats.text[key] - stats.links[key]
        elif not inherited and _has_bare_prose(tag, stats):
            good[key] = stats.own_text[key]
        else:
            good[key] = 0
    for tag in reversed(stats.order):
        parent = stats.parent.get(id(tag))
        if parent is not None:
            good[id(parent)] += good[id(tag)]
    return good


def _adds_prose(parent: Tag, top: Tag, stats: Stats, good: dict[int, int]) -> str:
    """"prose" when the parent adds running text, "thin" when it adds next to nothing
    (a headline, a byline), "no" otherwise."""
    extra_text = stats.text[id(parent)] - stats.text[id(top)]
    if extra_text <= THIN_WRAPPER:
        return "thin"
    extra_good = good[id(parent)] - good[id(top)]
    extra_links = stats.links[id(parent)] - stats.links[id(top)]
    if extra_good >= max(100, CLIMB_SHARE * good[id(top)]) and \
            extra_good >= 0.5 * extra_text and extra_links <= 0.3 * extra_text:
        return "prose"
    return "no"


def _joins(sibling: Tag, stats: Stats, scores: dict[int, float], threshold: float,
           top: Tag) -> bool:
    key = id(sibling)
    bonus = 0.2 * scores.get(id(top), 0.0) if class_id(sibling) and \
        class_id(sibling) == class_id(top) else 0.0
    if scores.get(key, -1e9) + bonus >= threshold:
        return True
    if sibling.name == "p":
        length, density = stats.text[key], stats.density(sibling)
        if length > 80 and density < 0.25:
            return True
        if 0 < length <= 80 and density == 0:
            return text_of(sibling, limit=200).endswith((".", "!", "?", "»", "…"))
    return False


def furniture(containers: list[Tag], stats: Stats) -> set[int]:
    """Blocks inside the chosen containers to leave out: link lists, related-link blocks."""
    skip: set[int] = set()
    for container in containers:
        stack = [container]
        while stack:
            tag = stack.pop()
            key = id(tag)
            if key not in stats.text:
                continue
            if tag is not container and _is_furniture(tag, stats):
                skip.add(key)
                parent = stats.parent.get(key)
                if parent is not None and parent is not container and tag.name in HEADINGS \
                        and _first_element(parent) is tag and stats.text[id(parent)] < 1_500 \
                        and stats.density(parent) > 0.3:
                    skip.add(id(parent))  # "À lire aussi" heading a block: the whole block
                if tag.name in HEADINGS or tag.name in ("p", "strong", "b"):
                    following = tag.find_next_sibling()
                    if isinstance(following, Tag) and following.name in ("ul", "ol", "div") \
                            and stats.density(following) > 0.3:
                        skip.add(id(following))
                continue
            stack.extend(c for c in tag.contents if isinstance(c, Tag))
    return skip


LABELLED_DENSITY = 0.9   # a list of labelled links may be this link-dense and be content
LABEL_TEXT = 10          # characters of plain text that make a list item more than a link


def _labelled_items(tag: Tag, stats: Stats) -> bool:
    """Whether most items of a list carry text of their own beside their link ("2 mars :
    <a>le décret</a>"): a list of dated sources or documents, not a block of links."""
    items = [c for c in tag.contents if isinstance(c, Tag) and c.name == "li"]
    if not items:
        return False
    labelled = sum(1 for li in items
                   if stats.text.get(id(li), 0) - stats.links.get(id(li), 0) >= LABEL_TEXT)
    return 2 * labelled >= len(items)


def _first_element(tag: Tag) -> Tag | None:
    for child in tag.contents:
        if isinstance(child, Tag):
            return child
        if is_text(child) and str(child).strip():
            return None
    return None


def _is_furniture(tag: Tag, stats: Stats) -> bool:
    key = id(tag)
    length = stats.text[key]
    if length == 0:
        return False
    density = stats.density(tag)
    name = tag.name
    if name in ("ul", "ol", "dl", "nav", "menu") and density > 0.5:
        return not (name in ("ul", "ol") and density <= LABELLED_DENSITY
                    and _labelled_items(tag, stats))
    if name == "table" and density > 0.8:
        return True
    if name in ("div", "section", "aside", "header", "figure", "span", "article") \
            and density > 0.5 \
            and length < 2_000:
        return True
    if name in ("p", "li") and density > 0.75 and length < 300:
        return True
    if length < 300 and (name in HEADINGS or name in ("p", "li") or stats.own_text[key] > 0
                         and name in ("div", "section", "strong", "b", "span", "figure",
                                      "small", "em", "i")):
        head = text_of(tag, limit=400)
        return is_related_text(head)
    return False


def body_blocks(containers: list[Tag], skip: set[int]) -> list[str]:
    """The body's paragraphs, furniture left out, furniture-like lines dropped, and the
    edges trimmed of the short lines that pages put around an article ("Partager",
    "Mehr Themen:", a breadcrumb, a reading time)."""
    out: list[str] = []
    for container in containers:
        for block in blocks(container, skip):
            if not is_related_text(block):
                out.append(block)
    return trim_edges(out)


_SENTENCE_END = (".", "!", "?", "…", "»", "\"", "”", ")", ";")


def trim_edges(paragraphs: list[str]) -> list[str]:
    """Drop the furniture closing a body: short unpunctuated lines (share/follow/"more on"
    lines) and calls to action (subscribe, follow us, get the app, paywall notices).

    The start is left alone: a body may open on a subheading."""
    end = len(paragraphs)
    while end > 0:
        last = paragraphs[end - 1]
        if len(last) < TAIL_LINE and not last.endswith(_SENTENCE_END) or \
                is_call_to_action(last):
            end -= 1
            continue
        break
    return paragraphs[:end] if end else paragraphs   # all of it "furniture": keep it
