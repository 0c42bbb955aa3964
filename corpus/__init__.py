"""The corpus: the Article record and the store holding every article (the source of truth).

Public surface::

    from corpus import Article, Home, open_store, store_exists, WriterLock

The store is reached through `open_store(home)` (a `CorpusStore`: SQLite, or PostgreSQL when
configured; see corpus/store/); `Store` is the SQLite implementation.

Reprint groups ("stories") live in the store: `Store.story_of`, `story_members`,
`stories_of`, `story_sizes`; `detect_agency` reads agency credits from a text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from corpus.article import Article, parse_datetime
from corpus.datecheck import checked_date, date_problem
from corpus.errors import BadArticle, CorpusError, LockHeld, StoreError
from corpus.home import Home
from corpus.store import (
    BadStoreConfig,
    Change,
    CorpusStore,
    Record,
    SourceStats,
    Store,
    Upsert,
    WriterLock,
    locate,
    open_store,
    redact_url,
    store_exists,
)
from corpus.text import clean_line, clean_text, strip_controls
from corpus.urls import BadURL, article_id, canonical_url, is_tracking_param

if TYPE_CHECKING:
    from corpus.agency import detect_agency

__all__ = [
    "Article",
    "BadArticle",
    "BadStoreConfig",
    "BadURL",
    "Change",
    "CorpusError",
    "CorpusStore",
    "Home",
    "LockHeld",
    "Record",
    "SourceStats",
    "Store",
    "StoreError",
    "Upsert",
    "WriterLock",
    "article_id",
    "canonical_url",
    "checked_date",
    "clean_line",
    "clean_text",
    "date_problem",
    "detect_agency",
    "is_tracking_param",
    "locate",
    "open_store",
    "parse_datetime",
    "redact_url",
    "store_exists",
    "strip_controls",
]


def __getattr__(name: str) -> Any:
    # corpus.agency compiles its credit patterns when imported (~13 ms): only for the
    # commands that store or read agency credits, not for `veille search`
    if name != "detect_agency":
        raise AttributeError(f"module 'corpus' has no attribute {name!r}")
    from corpus.agency import detect_agency

    globals()[name] = detect_agency
    return detect_agency
