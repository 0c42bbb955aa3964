"""A watch ("veille"): a saved query with its filters and its two watermarks."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from corpus import parse_datetime
from indexer.errors import IndexerError

NAME_PATTERN = re.compile(r"^[\w][\w.-]{0,63}$")


class WatchError(IndexerError):
    """A watch that cannot be added or found (the CLI exits 2)."""


@dataclass(frozen=True)
class Watch:
    name: str
    query: str
    sources: tuple[str, ...]
    since: datetime | None
    created_at: datetime
    seen_seq: int
    seen_at: datetime | None
    reported_seq: int

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "query": self.query,
            "sources": list(self.sources),
            "since": self.since.isoformat() if self.since else None,
            "created_at": self.created_at.isoformat(),
            "seen_at": self.seen_at.isoformat() if self.seen_at else None,
        }


@dataclass(frozen=True)
class UnreadWatch:
    """A watch and how many of its articles arrived since it was last marked seen."""

    watch: Watch
    unread: int

    @property
    def name(self) -> str:
        return self.watch.name


COLUMNS = "name, query, sources, since, created_at, seen_seq, seen_at, reported_seq"


def row_to_watch(row: Sequence[Any]) -> Watch:
    name, query, sources, since, created_at, seen_seq, seen_at, reported_seq = tuple(row)
    created = parse_datetime(created_at)
    assert created is not None
    return Watch(name, query, tuple(json.loads(sources)), parse_datetime(since), created,
                 seen_seq, parse_datetime(seen_at), reported_seq)
