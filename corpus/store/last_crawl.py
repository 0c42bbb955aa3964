"""The last crawl's summary, kept in the store's meta under `last_crawl` (JSON).

`veille crawl` and `veille demo` write it; `veille stats` and the workbench read it. The
JSON is `veille crawl --json`'s object: the crawl report's fields, then `index` (what the
index step did, or its error), `watches` (new articles per watch) and `finished_at`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from corpus.article import parse_datetime
from corpus.store.protocol import CorpusStore

LAST_CRAWL_KEY = "last_crawl"


class IndexCounts(Protocol):
    """What an index run reports (indexer.IndexReport)."""

    @property
    def added(self) -> int: ...
    @property
    def updated(self) -> int: ...
    @property
    def deleted(self) -> int: ...
    @property
    def documents(self) -> int: ...


def index_json(result: IndexCounts) -> dict[str, Any]:
    """The `index` part of the summary for an index run that went through."""
    return {"added": result.added, "updated": result.updated, "deleted": result.deleted,
            "documents": result.documents}


@dataclass(frozen=True)
class LastCrawl:
    """One crawl run as recorded: `report` is `CrawlReport.to_json()`."""

    report: dict[str, Any]
    finished_at: datetime | None = field(
        default_factory=lambda: datetime.now(UTC).replace(microsecond=0))
    index: dict[str, Any] | None = None      # index_json(…) or {"error": "…"}
    watches: dict[str, Any] | None = None    # {"h2": {"new": 3, "ids": […]}}

    def _count(self, key: str) -> int:
        value = self.report.get(key, 0)
        return value if isinstance(value, int) and not isinstance(value, bool) else 0

    @property
    def new(self) -> int:
        return self._count("new")

    @property
    def updated(self) -> int:
        return self._count("updated")

    @property
    def failed(self) -> int:
        return self._count("failed")

    def to_json(self) -> dict[str, Any]:
        data = dict(self.report)
        if self.index is not None:
            data["index"] = self.index
        if self.watches is not None:
            data["watches"] = self.watches
        data["finished_at"] = (self.finished_at.isoformat(timespec="seconds")
                               if self.finished_at else None)
        return data

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False)

    @classmethod
    def from_json(cls, data: Any) -> LastCrawl | None:
        """From the JSON object (None for anything else: a summary never fails a reader)."""
        if not isinstance(data, dict):
            return None
        report = {k: v for k, v in data.items() if k not in ("index", "watches", "finished_at")}
        index, watches, finished = data.get("index"), data.get("watches"), data.get("finished_at")
        try:
            when = parse_datetime(finished) if isinstance(finished, str) else None
        except ValueError:
            when = None
        return cls(report, when, index if isinstance(index, dict) else None,
                   watches if isinstance(watches, dict) else None)

    @classmethod
    def loads(cls, raw: str | None) -> LastCrawl | None:
        if not raw:
            return None
        try:
            return cls.from_json(json.loads(raw))
        except ValueError:
            return None


def read_last_crawl(store: CorpusStore) -> LastCrawl | None:
    """The last crawl recorded in `store` (None: never, or unreadable)."""
    return LastCrawl.loads(store.get_meta(LAST_CRAWL_KEY))


def write_last_crawl(store: CorpusStore, last: LastCrawl) -> None:
    store.set_meta(LAST_CRAWL_KEY, last.dumps())
