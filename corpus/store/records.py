"""What the store answers besides articles: the outcome of an upsert, the change feed's
entries, an article's bookkeeping and the per-source statistics. Plain values, the same for
every store implementation."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from corpus.article import Article, parse_datetime, split_authors

# The article columns every store keeps, in the order its rows give them back.
ARTICLE_COLUMNS = (
    "id, url, title, lead, text, published, modified, author, source, section, tags, "
    "language, fetched_at, paywalled, agency"
)
TOMBSTONE_NULLS = ", ".join(["NULL"] * ARTICLE_COLUMNS.count(","))  # all but the id


def stored_article(row: Any, tags: list[str]) -> Article:
    """The Article of a row of ARTICLE_COLUMNS, its `tags` decoded by the store (SQLite
    keeps JSON text, PostgreSQL an array)."""
    (aid, url, title, lead, text, published, modified, author, source, section, _,
     language, fetched_at, paywalled, agency) = tuple(row)[:15]
    article = Article.__new__(Article)
    # Stored rows were cleaned on the way in: skip __post_init__'s normalisation.
    article.__dict__.update(
        id=aid, url=url, title=title, lead=lead, text=text,
        published=parse_datetime(published), modified=parse_datetime(modified),
        author=author, source=source, section=section, tags=tags,
        language=language, fetched_at=parse_datetime(fetched_at), paywalled=bool(paywalled),
        authors=split_authors(author), notes=[], agency=agency,
    )
    return article


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

