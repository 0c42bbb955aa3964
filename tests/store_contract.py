"""Store factories for the store contract suite (tests/test_store_contract.py).

Every store implementation registers a `StoreFactory` in FACTORIES; the suite runs each of
its tests once per factory, through the `CorpusStore` / `StoreLocation` interface only. A
factory gives fresh, empty locations (`fresh`) and locations holding a corpus written at
each older schema version it can upgrade (`older`: (version, location) pairs whose corpus
holds OLDER_ARTICLES, see tests/fixtures/corpus/make_v1.py).
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from corpus.store import SqliteLocation, StoreLocation

FIXTURES = Path(__file__).parent / "fixtures" / "corpus"

# What the older-schema corpora hold: 3 articles, by source, with their agency once upgraded.
OLDER_ARTICLES = {"lematin-eco": "MAP", "sahel-eco": "APS", "afrique-usines": ""}
# Two of them are one dispatch (a reprint), the third stands alone.
OLDER_SAME_STORY = ("lematin-eco", "afrique-usines")


@dataclass(frozen=True)
class StoreFactory:
    name: str
    fresh: Callable[[Path], StoreLocation]
    older: Callable[[Path], list[tuple[int, StoreLocation]]]


def _sqlite_fresh(tmp: Path) -> StoreLocation:
    return SqliteLocation(tmp / "corpus.sqlite3")


def _sqlite_older(tmp: Path) -> list[tuple[int, StoreLocation]]:
    """The v1 fixture as written by an old Veille, and the same brought to version 2 only
    (the `paywalled` column, no agency or stories yet) by the version 2 step itself."""
    from corpus.store.sqlite import migrations

    out: list[tuple[int, StoreLocation]] = []
    for version in range(migrations.BASE_VERSION, migrations.LATEST):
        folder = tmp / f"v{version}"
        folder.mkdir()
        path = folder / "corpus.sqlite3"
        shutil.copy(FIXTURES / "v1.sqlite3", path)
        conn = sqlite3.connect(path, isolation_level=None)
        for step in range(migrations.BASE_VERSION + 1, version + 1):
            migrations.STEPS[step](conn)
        conn.execute(f"PRAGMA user_version={version}")
        conn.close()
        out.append((version, SqliteLocation(path)))
    return out


FACTORIES: list[StoreFactory] = [
    StoreFactory("sqlite", _sqlite_fresh, _sqlite_older),
]


def _postgres_fresh(tmp: Path) -> StoreLocation:
    from tests.pgserver import fresh_location

    location: StoreLocation = fresh_location(tmp)
    return location


def _postgres_older(tmp: Path) -> list[tuple[int, StoreLocation]]:
    """PostgreSQL's own schema history (a corpus at each older version: the SQLite
    fixture copied in, then the later steps taken back), and the SQLite corpora of every
    older version copied in by `veille store copy` (keyed by negative versions)."""
    from corpus.store.copy import copy_corpus
    from corpus.store.postgres import schema

    out: list[tuple[int, StoreLocation]] = []
    for version, old in _sqlite_older(tmp):
        destination = _postgres_fresh(tmp)
        with old.open(create=False) as source, destination.open() as target:
            copy_corpus(source, target)
        out.append((-version, destination))
    for version in range(1, schema.LATEST):
        destination = _postgres_fresh(tmp)
        (tmp / f"pg{version}").mkdir()
        with _sqlite_older(tmp / f"pg{version}")[0][1].open(create=False) as source, \
                destination.open() as target:
            copy_corpus(source, target)
        conn = destination.connect()  # type: ignore[attr-defined]
        with conn.transaction():
            schema.undo_to(conn, version)
        conn.close()
        out.append((version, destination))
    return out


FACTORIES.append(StoreFactory("postgresql", _postgres_fresh, _postgres_older))
