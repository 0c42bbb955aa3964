"""The small SQLite files of a home beside the corpus (watches, the selection): one way to
open them, marked with their own application id and schema version."""

from __future__ import annotations

import sqlite3
from pathlib import Path


class NewerFile(Exception):
    """The file was written by a newer Veille (a higher schema version)."""


def open_app_db(path: Path, application_id: int, schema: str,
                version: int) -> sqlite3.Connection:
    """`path` open in autocommit mode (WAL), created with `schema` when new or empty.

    Raises sqlite3.DatabaseError for a file of another program or a damaged one, and
    NewerFile for one written by a newer Veille; the caller turns them into its own words.
    """
    conn = sqlite3.connect(path, isolation_level=None, timeout=30.0, check_same_thread=False)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id != application_id:
            if conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]:
                raise sqlite3.DatabaseError("foreign database")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(schema)
            conn.execute(f"PRAGMA application_id={application_id}")
            conn.execute(f"PRAGMA user_version={version}")
        elif conn.execute("PRAGMA user_version").fetchone()[0] > version:
            raise NewerFile(str(path))
    except BaseException:
        conn.close()
        raise
    return conn
