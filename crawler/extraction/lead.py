"""Prose between the headline and the body container: the lead paragraphs ("chapô",
standfirst, perex) that pages put in a block of their own above the article's text.

The body heuristic picks the container holding most of the running prose; a lead in a
sibling block above it is left out although it is part of the article. Walking back from
the container towards the headline, the blocks met on the way that read as prose (long,
punctuated, few links, not furniture) are the lead. Nothing is taken unless the walk
reaches the headline: prose that cannot be placed between headline and body stays out.
"""

from __future__ import annotations

from collections.abc import Collection

from bs4 import Tag

from crawler.extraction.body import Stats
from crawler.extraction.cleanup import is_related_text
from crawler.extraction.text import blocks

LEAD_MIN = 80          # characters of a lead paragraph
LEAD_MAX = 1_500       # a block longer than this above the body is no lead
MAX_LEVELS = 4         # container, parent, grandparent…: how far up the walk goes
MAX_SIBLINGS = 8       # blocks looked at per level
_END = (".", "!", "?", "…", "»", "\"", "”", ")")


def _headline_path(headlines: list[Tag], stats: Stats) -> set[int]:
    """The headline elements and all their ancestors (ids)."""
    path: set[int] = set()
    for tag in headlines:
        node: Tag | None = tag
        while node is not None and id(node) not in path:
            path.add(id(node))
            node = stats.parent.get(id(node))
    return path


def _is_prose(tag: Tag, stats: Stats, skip: Collection[int]) -> list[str] | None:
    """The block's paragraphs when all of it reads as lead prose, else None."""
    key = id(tag)
    length = stats.text.get(key, 0)
    if length < LEAD_MIN or length > LEAD_MAX or stats.density(tag) > 0.2:
        return None
    paragraphs = blocks(tag, skip, limit=LEAD_MAX * 2)
    if not paragraphs or len(paragraphs) > 3:
        return None
    if any(len(p) < LEAD_MIN or not p.endswith(_END) or is_related_text(p)
           for p in paragraphs):
        return None
    return paragraphs


def lead_blocks(containers: list[Tag], stats: Stats, skip: Collection[int],
                headlines: list[Tag]) -> list[str]:
    """The prose paragraphs between the headline and the first body container."""
    if not containers or not headlines:
        return []
    path = _headline_path(headlines, stats)
    node: Tag | None = containers[0]
    if node is None or id(node) in path:
        return []     # the headline is inside the body container: so is its lead
    found: list[str] = []
    for _ in range(MAX_LEVELS):
        if node is None or node.name in ("body", "html"):
            return []
        seen = 0
        for sibling in node.previous_siblings:
            if not isinstance(sibling, Tag) or id(sibling) in skip or \
                    id(sibling) not in stats.text:
                continue
            if id(sibling) in path:
                return found   # reached the headline
            seen += 1
            if seen > MAX_SIBLINGS or stats.text[id(sibling)] > LEAD_MAX:
                return []
            prose = _is_prose(sibling, stats, skip)
            if prose:
                found[:0] = prose
        node = stats.parent.get(id(node))
        if node is not None and id(node) in path:
            return []          # the headline comes after the body, or wraps it
    return []
