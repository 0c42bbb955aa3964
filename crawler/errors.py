"""The crawler package's exceptions."""

from __future__ import annotations


class CrawlerError(Exception):
    """Base of every error the crawler raises on purpose."""


class SourcesError(CrawlerError):
    """The sources file is missing, unreadable or invalid (the CLI exits 2)."""


class FetchError(CrawlerError):
    """A page could not be fetched (after retries); says why."""
