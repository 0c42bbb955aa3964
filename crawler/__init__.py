"""Fetching, discovery, extraction and crawl state: press sites into the corpus.

Knows nothing of the index or the UI.
"""

from crawler.errors import CrawlerError, FetchError, SourcesError
from crawler.extraction import extract

__all__ = ["CrawlerError", "FetchError", "SourcesError", "extract"]
