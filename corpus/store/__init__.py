"""The corpus store: the interface every store keeps, and the way to reach a home's store.

    from corpus.store import open_store, store_exists, locate

    with open_store(home, create=False) as store:     # a CorpusStore
        store.get(url); store.changes_since(seq)
    with locate(home).writer_lock("crawl"):           # before the store even exists
        ...

`CorpusStore` (protocol.py) is the interface; `corpus.store.sqlite` the SQLite implementation
(`Store`, kept under that name); `locate` (locate.py) reads which store a home uses
($VEILLE_STORE, `store = "…"` in HOME/veille.toml, else the home's SQLite file). A
PostgreSQL store is a module `corpus.store.postgres` with `locate(url) -> StoreLocation`,
imported only when a `postgresql://` URL is configured. `sidedb` gives the home's small
side databases (crawl state, watches, selection) the same way.
"""

from corpus.store.locate import (
    ENV_VAR,
    BadStoreConfig,
    configured_url,
    locate,
    open_store,
    redact_url,
    store_exists,
)
from corpus.store.lock import WriterLock
from corpus.store.protocol import (
    LOCK_KINDS,
    CorpusStore,
    LockKind,
    StoreLocation,
    WriterLockHandle,
)
from corpus.store.records import Change, Record, SourceStats, Upsert
from corpus.store.sqlite import SqliteLocation, SqliteStore, Store

__all__ = [
    "ENV_VAR",
    "LOCK_KINDS",
    "BadStoreConfig",
    "Change",
    "CorpusStore",
    "LockKind",
    "Record",
    "SourceStats",
    "SqliteLocation",
    "SqliteStore",
    "Store",
    "StoreLocation",
    "Upsert",
    "WriterLock",
    "WriterLockHandle",
    "configured_url",
    "locate",
    "open_store",
    "redact_url",
    "store_exists",
]
