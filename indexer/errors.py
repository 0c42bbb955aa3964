"""The indexer package's exceptions."""

from __future__ import annotations


class IndexerError(Exception):
    """Base of every error the indexer raises on purpose."""


class NoIndex(IndexerError):
    """The home has no corpus or no index yet (the CLI exits 3 with a hint)."""


class IndexCorrupt(IndexerError):
    """The index cannot be read; `veille index --rebuild` makes it again from the corpus."""


class BadQuery(IndexerError):
    """A query or filter that cannot be searched at all (e.g. an unparsable date)."""


class IndexRefused(IndexerError):
    """An update that would lose the index's content (an empty corpus beside a full index)
    and was not asked for with `force`."""
