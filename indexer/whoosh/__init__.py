"""The Whoosh engine: every `whoosh` import of Veille lives in this package.

whoosh-reloaded 2.7.5 (pinned) is no longer maintained; the private internals the fast
path reads (the W3 codec's column layouts, `LENGTHS_COLUMN`, `_lenfield`) are pinned by
tests/test_whoosh_internals.py.
"""
