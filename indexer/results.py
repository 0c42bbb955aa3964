"""What a search returns (the shape of `veille search --json`, DESIGN.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


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
    suggestion: str | None = None
    notes: list[str] = field(default_factory=list)  # e.g. "unbalanced quote: searched as words"

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "all_terms": self.all_terms,
            "relaxed": self.relaxed,
            "took_ms": round(self.took_ms, 1),
            "complete": self.complete,
            "results": [h.to_json() for h in self.hits],
            "facets": self.facets,
            "suggestion": self.suggestion,
        }
