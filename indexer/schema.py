"""Names that indexes built before the engine moved to `indexer.whoosh` pickled.

Whoosh pickles the schema's analyzers and the segments' codec into the index under the
module path of their classes: an index built by an older Veille names
`indexer.schema.LeanCodec` and `indexer.schema.NamesAnalyzer`. They resolve here, lazily
(this module imports no engine of its own), so that such an index keeps opening.
"""

from __future__ import annotations

from typing import Any

_MOVED = frozenset(["LeanCodec", "NamesAnalyzer"])


def __getattr__(name: str) -> Any:
    if name not in _MOVED:
        raise AttributeError(f"module 'indexer.schema' has no attribute {name!r}")
    from indexer.whoosh import schema

    return getattr(schema, name)
