"""The corpus file itself: its schema, how a new one is made, and the damaged-file error.

A new corpus is made under a temporary name and linked into place whole, so a file of 0
bytes at the corpus path is never one of ours (the store refuses it).
"""

from __future__ import annotations

import os
import re
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from corpus.errors import StoreError
from corpus.store.sqlite import migrations

APPLICATION_ID = 0x5645494C  # "VEIL"
SCHEMA_VERSION = migrations.LATEST  # SCHEMA is version 1; migrations.py the rest

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id           TEXT PRIMARY KEY,
    url          TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    lead         TEXT NOT NULL,
    text         TEXT NOT NULL,
    published    TEXT,
    modified     TEXT,
    author       TEXT NOT NULL,
    source       TEXT NOT NULL,
    section      TEXT NOT NULL,
    tags         TEXT NOT NULL,
    language     TEXT NOT NULL,
    fetched_at   TEXT,
    content_hash TEXT NOT NULL,
    revision     INTEGER NOT NULL,
    added_seq    INTEGER NOT NULL,
    change_seq   INTEGER NOT NULL,
    added_at     TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_change_seq ON articles(change_seq);
CREATE INDEX IF NOT EXISTS articles_added_seq ON articles(added_seq);
CREATE INDEX IF NOT EXISTS articles_source ON articles(source);
CREATE TABLE IF NOT EXISTS tombstones (
    id         TEXT PRIMARY KEY,
    change_seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS tombstones_change_seq ON tombstones(change_seq);
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


# OperationalErrors that say something about the machine, not the file: SQLite's words.
# Any other (e.g. "unrecognized token" from a ruined schema page) is a damaged file, and
# its message, which may quote the garbage, is not repeated.
_OPERATIONAL = re.compile(r"locked|busy|disk|full|read-?only|unable to open|I/O|memory",
                          re.IGNORECASE)


def damaged(path: Path, exc: BaseException) -> StoreError:
    """The one message for a corpus file SQLite cannot read (garbage, truncation); other
    errors (a full disk, a lock timeout: OperationalError) keep SQLite's own words."""
    if isinstance(exc, sqlite3.OperationalError) and _OPERATIONAL.search(str(exc)):
        return StoreError(f"erreur de la base du corpus {path} : {exc}")
    reason = exc if not isinstance(exc, sqlite3.OperationalError) else "schéma illisible"
    return StoreError(
        f"le corpus {path} est abîmé ({reason}) : restaurez-le depuis une sauvegarde, ou "
        f"récupérez-en ce qui peut l’être avec `sqlite3 {path.name} .recover`"
    )


class SafeCursor:
    """A cursor whose reads, like its statement, turn SQLite's errors into StoreError
    (rows of a damaged file fail when fetched, not when the statement starts)."""

    def __init__(self, cursor: sqlite3.Cursor, path: Path) -> None:
        self._cursor = cursor
        self._path = path

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    def fetchone(self) -> Any:
        try:
            return self._cursor.fetchone()
        except sqlite3.DatabaseError as exc:
            raise damaged(self._path, exc) from None

    def fetchall(self) -> list[Any]:
        try:
            return self._cursor.fetchall()
        except sqlite3.DatabaseError as exc:
            raise damaged(self._path, exc) from None

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


def _init_schema(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode=WAL")
    conn.executescript(_SCHEMA)
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('corpus_id', ?)",
                 (uuid.uuid4().hex,))
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version={migrations.BASE_VERSION}")  # then upgraded on open


def create_corpus_file(path: Path) -> None:
    """A new, empty corpus at `path`, made under a temporary name and linked into place
    (never over an existing file: a concurrent creator's corpus wins)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.new")
    for leftover in (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm")):
        leftover.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp, isolation_level=None)
    try:
        _init_schema(conn)
    finally:
        conn.close()
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    except OSError:  # a file system without hard links
        if not path.exists():
            os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


