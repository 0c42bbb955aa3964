"""What a search returns (the shape of `veille search --json`, DESIGN.md)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

Span = tuple[int, int]   # [start, end) offsets of a matched word in a text


@dataclass(frozen=True)
class Marked:
    """A text with the words a search matched, as spans over it (what the UI renders)."""

    text: str
    spans: tuple[Span, ...] = ()

    def html(self) -> str:
        """The text with each span wrapped in <mark>…</mark> (what JSON and scripts read)."""
        parts, cursor = [], 0
        for start, end in self.spans:
            parts += [self.text[cursor:start], "<mark>", self.text[start:end], "</mark>"]
            cursor = end
        parts.append(self.text[cursor:])
        return "".join(parts)

    def render(self, text: Callable[[str], str], mark: Callable[[str], str]) -> str:
        """The text with `text()` applied to its plain parts and `mark()` to its matched
        words (a terminal's bold, Markdown's `**`…)."""
        parts, cursor = [], 0
        for start, end in self.spans:
            parts += [text(self.text[cursor:start]), mark(self.text[start:end])]
            cursor = end
        parts.append(text(self.text[cursor:]))
        return "".join(parts)

    def words(self) -> list[str]:
        """The matched words, as written."""
        return [self.text[start:end] for start, end in self.spans]

    @classmethod
    def from_html(cls, marked: str) -> Marked:
        """Read back a text with <mark>…</mark> pairs (a snippet made by `html()`); a
        stray tag is dropped."""
        text, spans, cursor = [], [], 0
        length = 0
        for match in _MARK.finditer(marked):
            before = _untagged(marked[cursor:match.start()])
            text.append(before)
            length += len(before)
            inner = _untagged(match.group(1))
            if inner:
                spans.append((length, length + len(inner)))
            text.append(inner)
            length += len(inner)
            cursor = match.end()
        text.append(_untagged(marked[cursor:]))
        return cls("".join(text), tuple(spans))


def _untagged(text: str) -> str:
    return text.replace(_OPEN, "").replace(_CLOSE, "")


_OPEN, _CLOSE = "<mark>", "</mark>"
_MARK = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)


@dataclass(frozen=True)
class Reprint:
    """Another article of a hit's story found by the same search (indexer.grouping)."""

    id: str
    url: str
    title: str
    source: str
    published: datetime | None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "url": self.url, "title": self.title, "source": self.source,
                "published": self.published.isoformat() if self.published else None}


@dataclass(frozen=True)
class Hit:
    id: str
    url: str
    title: str
    source: str
    published: datetime | None
    author: str
    score: float
    snippet: str  # plain text; matched words wrapped in <mark>…</mark> (JSON, scripts)
    excerpt: Marked | None = None   # the snippet as text and spans (None: read `snippet`)
    title_spans: tuple[Span, ...] = ()   # the matched words of the title

    @property
    def marked_snippet(self) -> Marked:
        """The snippet as plain text and the spans of its matched words."""
        return self.excerpt if self.excerpt is not None else Marked.from_html(self.snippet)

    @property
    def marked_title(self) -> Marked:
        return Marked(self.title, self.title_spans)
    story: int | None = None           # its story group (corpus/stories.py)
    reprints: tuple[Reprint, ...] = ()  # grouped: the story's other articles in the set
    story_size: int = 1                # articles of the story in the whole corpus

    @property
    def titles(self) -> int:
        """How many other sources (titles) reprinted the story in the set."""
        return len({r.source for r in self.reprints} - {self.source})

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "author": self.author,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "story": self.story,
            "reprint_count": len(self.reprints),
            "reprints": [r.to_json() for r in self.reprints],
            "story_size": self.story_size,
        }


@dataclass
class SearchResult:
    query: str
    total: int
    took_ms: float
    hits: list[Hit]
    complete: bool = True
    all_terms: int = 0      # how many of the `total` articles hold every keyword
    relaxed: bool = False   # True: articles holding only some keywords follow them
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    grouped: bool = False   # True: hits are stories (indexer.grouping), `total` counts them
    total_articles: int = 0
    total_stories: int = 0
    facets_articles: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str | None = None
    notes: list[str] = field(default_factory=list)  # e.g. "unbalanced quote: searched as words"

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "grouped": self.grouped,
            "total_articles": self.total_articles,
            "total_stories": self.total_stories,
            "all_terms": self.all_terms,
            "relaxed": self.relaxed,
            "took_ms": round(self.took_ms, 1),
            "complete": self.complete,
            "results": [h.to_json() for h in self.hits],
            "facets": self.facets,
            "facets_articles": self.facets_articles,
            "suggestion": self.suggestion,
        }
