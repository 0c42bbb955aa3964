"""The corpus: the Article record and the store holding every article (the source of truth).

Public surface::

    from corpus import Article, Store, Home, WriterLock
"""

from corpus.article import Article, parse_datetime
from corpus.datecheck import checked_date, date_problem
from corpus.errors import BadArticle, CorpusError, LockHeld, StoreError
from corpus.home import Home
from corpus.lock import WriterLock
from corpus.store import Change, Record, SourceStats, Store, Upsert
from corpus.text import clean_line, clean_text, strip_controls
from corpus.urls import BadURL, article_id, canonical_url, is_tracking_param

__all__ = [
    "Article",
    "BadArticle",
    "BadURL",
    "Change",
    "CorpusError",
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
    "is_tracking_param",
    "parse_datetime",
    "strip_controls",
]
