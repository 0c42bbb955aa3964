"""The Whoosh index over the corpus, with French analysis: the search API.

Knows nothing of the crawler or the UI.
"""

from indexer.errors import BadQuery, IndexCorrupt, IndexerError, NoIndex
from indexer.results import Hit, SearchResult

__all__ = ["BadQuery", "Hit", "IndexCorrupt", "IndexerError", "NoIndex", "SearchResult"]
