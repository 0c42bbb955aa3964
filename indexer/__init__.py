"""The Whoosh index over the corpus, with French analysis: the search API.

Knows nothing of the crawler or the UI::

    indexer.search(query, home=None, limit=10, offset=0, sources=(), since=None,
                   until=None, sort="relevance", group=True, prefer=()) -> SearchResult
    (group: reprints of one story folded into one hit, indexer.grouping)
    with indexer.Searcher(home) as s: s.search(...), s.more_like_this(id), s.doc_count()
    indexer.search_ids(query, home=None, sources=(), since=None, until=None,
                       partial=None, sort="relevance") -> [id, ...]   # the `total` set
    (counting and order: indexer.ranking)
    indexer.update_index(home, *, rebuild=False, lock=True, progress=None) -> IndexReport
    indexer.index_state(home, corpus_seq=None) -> IndexState(exists, documents, seq, ...)
    indexer.query_problems(query) -> [note, ...]

The search engine (Whoosh, in `indexer.whoosh`) sits behind `indexer.engine`; it is
imported lazily by the functions that need it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from indexer.errors import BadQuery, IndexCorrupt, IndexerError, IndexRefused, NoIndex
from indexer.query import query_problems
from indexer.results import Hit, Marked, Reprint, SearchResult
from indexer.state import IndexState

if TYPE_CHECKING:
    from indexer.searching import Searcher, search, search_ids
    from indexer.update import IndexReport, index_state, update_index

__all__ = [
    "BadQuery", "Hit", "IndexCorrupt", "IndexRefused", "IndexReport", "IndexState",
    "IndexerError", "Marked", "NoIndex", "Reprint",
    "SearchResult", "Searcher", "index_state", "query_problems", "search", "search_ids",
    "update_index",
]

_LAZY = {
    "Searcher": "indexer.searching", "search": "indexer.searching",
    "search_ids": "indexer.searching", "IndexReport": "indexer.update",
    "index_state": "indexer.update", "update_index": "indexer.update",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'indexer' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
