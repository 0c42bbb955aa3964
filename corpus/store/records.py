"""What the store answers besides articles: the outcome of an upsert, the change feed's
entries, an article's bookkeeping and the per-source statistics. Plain values, the same for
every store implementation."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from corpus.article import Article


class Upsert(enum.Enum):
    """What an upsert did."""

    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Change:
    """One entry of the change feed: `article` is None when the article was deleted."""

    seq: int
    id: str
    article: Article | None


@dataclass(frozen=True)
class Record:
    """Bookkeeping about a stored article."""

    id: str
    revision: int
    added_seq: int
    change_seq: int
    added_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class SourceStats:
    source: str
    articles: int
    first_published: datetime | None
    last_published: datetime | None
    last_added: datetime | None

