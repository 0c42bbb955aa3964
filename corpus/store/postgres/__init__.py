"""The corpus on a PostgreSQL server, shared by a team (docs/team.md).

Imported only for a `postgresql://` store (psycopg, the driver, comes with the `team`
extra). `PostgresLocation(url, home)` is where the corpus lives; its `open()` gives a
`PostgresStore` with the semantics of every CorpusStore (corpus/store/protocol.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.store.postgres.connect import is_postgres_url, redact
from corpus.store.postgres.location import PostgresLocation

if TYPE_CHECKING:
    from corpus.home import Home


def locate(url: str, home: Home | None = None) -> PostgresLocation:
    """The corpus at `url`; `home` (when a home uses it) keeps the local index's lock."""
    return PostgresLocation(url, home)


__all__ = ["PostgresLocation", "is_postgres_url", "locate", "redact"]
