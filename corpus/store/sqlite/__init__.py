"""The SQLite store: a home's `corpus.sqlite3` (WAL), its schema and migrations, and the
small SQLite side files of a home (crawl state, watches, selection) — every `sqlite3`
import of Veille lives in this subpackage."""

from corpus.store.sqlite.location import SqliteLocation
from corpus.store.sqlite.store import Store

SqliteStore = Store

__all__ = ["SqliteLocation", "SqliteStore", "Store"]
