"""Per-element measures of a page (text length, link text, commas, own text): one
bottom-up pass, and the same measures with furniture left out, derived without a second
walk. The body heuristic reads only these."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from bs4 import Tag

from crawler.extraction.document import is_text

BLOCKISH = frozenset(
    ("p", "div", "section", "article", "main", "ul", "ol", "table", "blockquote", "pre",
     "h1", "h2", "h3", "h4", "h5", "h6", "dl", "figure", "header", "aside", "nav", "footer",
     "form", "li", "tr", "td")
)
_COMMAS = re.compile(r"[,،，、]")
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
                if child.name in BLOCKISH:
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


def without(full: Stats, removed: Collection[int]) -> Stats:
    """`full`'s measures with the subtrees whose id() is in `removed` left out: what
    `measure(root, removed)` gives, derived without walking the tree again."""
    if not removed:
        return full
    stats = Stats()
    text, links, commas = stats.text, stats.links, stats.commas
    parents = full.parent
    gone: set[int] = set()
    for tag in full.order:   # document order: a parent comes before its children
        key = id(tag)
        parent = parents.get(key)
        if key in removed or parent is not None and id(parent) in gone:
            gone.add(key)
            continue
        stats.order.append(tag)
        text[key] = full.text[key]
        links[key] = full.links[key]
        commas[key] = full.commas[key]
        stats.own_text[key] = full.own_text[key]
        if parent is not None:
            stats.parent[key] = parent
    touched: set[int] = set()
    for tag in full.order:
        key = id(tag)
        if key not in removed or id(tag) not in gone:
            continue
        parent = parents.get(key)
        if parent is None or id(parent) in gone:
            continue   # inside a removed subtree already subtracted
        touched.add(id(parent))
        node: Tag | None = parent
        lost_text, lost_links = full.text[key], full.links[key]
        while node is not None:
            nkey = id(node)
            if node.name == "a":
                lost_links = lost_text   # a link's link text is all its text
            text[nkey] -= lost_text
            links[nkey] -= lost_links
            commas[nkey] -= full.commas[key]
            node = parents.get(nkey)
    for key in full.block_children:
        if key in text and key not in touched:
            stats.block_children.add(key)
    for tag in stats.order:
        key = id(tag)
        if key in touched and any(isinstance(c, Tag) and c.name in BLOCKISH
                                  and id(c) in text for c in tag.contents):
            stats.block_children.add(key)
    return stats
