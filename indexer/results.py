"""What a search returns (the shape of `veille search --json`, DESIGN.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


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
    snippet: str  # plain text; matched words wrapped in <mark>…</mark>
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
