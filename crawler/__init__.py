"""Fetching, discovery, extraction and crawl state: press sites into the corpus.

Knows nothing of the index or the UI. Public surface::

    sources = crawler.load_sources(path)            # SourcesError names the source and key
    report = crawler.crawl(home, sources, only=(), max_pages=None, progress=None)
    article = crawler.extract(html, url)            # an Article, or None
"""

from crawler.crawl import Crawler, crawl
from crawler.errors import CrawlerError, FetchError, SourcesError
from crawler.extraction import extract
from crawler.report import CrawlReport, SourceReport
from crawler.sources import CrawlerSettings, Source, Sources, load_sources, parse_sources

__all__ = [
    "CrawlReport",
    "Crawler",
    "CrawlerError",
    "CrawlerSettings",
    "FetchError",
    "Source",
    "SourceReport",
    "Sources",
    "SourcesError",
    "crawl",
    "extract",
    "load_sources",
    "parse_sources",
]
