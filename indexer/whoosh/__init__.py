"""The Whoosh engine: every `whoosh` import of Veille lives in this package.

`WHOOSH` is the `indexer.engine.Engine`: `indexing` creates, opens and writes an index,
`searcher` answers compiled queries (`compile`: the query tree as Whoosh queries;
`fastpath`, `segments`, `resultset`: term-at-a-time scoring of keyword queries; `budget`:
time budgets for Whoosh's collectors), `schema` and `analysis` hold the schema and the
French chain as Whoosh analyzers, `workers` keeps the writer processes of a rebuild on a
leash.

whoosh-reloaded 2.7.5 (pinned) is no longer maintained; the private internals the fast
path reads (the W3 codec's column layouts, `LENGTHS_COLUMN`, `_lenfield`, posting blocks)
are pinned by tests/test_whoosh_internals.py.
"""

from __future__ import annotations

from indexer.whoosh.indexing import WHOOSH, WhooshEngine

__all__ = ["WHOOSH", "WhooshEngine"]
