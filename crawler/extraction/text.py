"""Rendering a subtree as plain text: one string per block, inline text joined as written."""

from __future__ import annotations

import re
from collections.abc import Collection

from bs4 import Tag

from crawler.extraction.document import BLOCK_TAGS, is_text, squash

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")
# Soft hyphens (hyphenation hints), zero-width spaces and stray BOMs: invisible on the
# page, but they split words for search ("réac\u00adtion").
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")


def blocks(root: Tag, skip: Collection[int] = (), limit: int = 2_000_000) -> list[str]:
    """The text of `root`, one string per block element (paragraph, heading, list item…).

    Elements whose id() is in `skip` are left out with their subtree. `<br>` becomes a
    line break inside a block. Iterative, so any depth is fine; stops after about `limit`
    characters.
    """
    out: list[str] = []
    current: list[str] = []
    size = 0

    def flush() -> None:
        if not current:
            return
        # <br><br> separates paragraphs; a single <br> is a line break inside one.
        joined = "".join(current)
        if _INVISIBLE.search(joined):
            joined = _INVISIBLE.sub("", joined)
        for chunk in _PARAGRAPH_BREAK.split(joined):
            lines = (squash(line) for line in chunk.split("\n"))
            text = "\n".join(line for line in lines if line)
            if text:
                out.append(text)
        current.clear()

    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            flush()
            continue
        if is_text(node):
            current.append(str(node))
            size += len(str(node))
            if size > limit:
                break
            continue
        if not isinstance(node, Tag) or id(node) in skip:
            continue
        name = node.name
        if name == "br":
            current.append("\n")
            continue
        if name in BLOCK_TAGS:
            flush()
            stack.append((node, True))
        elif name in ("img", "hr"):
            continue
        stack.extend((child, False) for child in reversed(node.contents))
    flush()
    return out


def text_of(root: Tag, skip: Collection[int] = (), limit: int = 200_000) -> str:
    """The visible text of `root` on one line (blocks separated by spaces)."""
    return squash(" ".join(blocks(root, skip, limit)))
