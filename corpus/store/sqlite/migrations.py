"""Schema upgrades of the corpus database, one versioned step at a time.

A new corpus is created at the base schema (version 1, in dbfile.py) and brought up
to date by the same steps as an old one, so every step runs on every corpus. The steps run
in one IMMEDIATE transaction: a crash or a kill leaves the file at its old version, whole,
and the next open upgrades it again; a second process opening it meanwhile waits.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from corpus.errors import StoreError

BASE_VERSION = 1


def _step_2_paywalled(conn: sqlite3.Connection) -> None:
    """Version 2: the `paywalled` flag (false for every article already stored)."""
    columns = {r[1] for r in conn.execute("PRAGMA table_info(articles)")}
    if "paywalled" not in columns:
        conn.execute("ALTER TABLE articles ADD COLUMN paywalled INTEGER NOT NULL DEFAULT 0")


def _step_3_agency_and_stories(conn: sqlite3.Connection) -> None:
    """Version 3: the `agency` column and the story groups (reprints), filled for every
    article already stored, oldest first, as if each had just been ingested."""
    from corpus.agency import detect_agency
    from corpus.store.sqlite.store import _COLUMNS, _row_to_article
    from corpus.stories import SCHEMA, StoryIndex, story_body

    conn.execute("ALTER TABLE articles ADD COLUMN agency TEXT NOT NULL DEFAULT ''")
    for statement in _statements(SCHEMA):  # not executescript: it would commit
        conn.execute(statement)
    stories = StoryIndex(conn.execute, executemany=conn.executemany)
    columns = _COLUMNS.replace(", agency", "")
    last = -1
    while True:
        rows = conn.execute(
            f"SELECT added_seq, {columns} FROM articles WHERE added_seq > ? "
            "ORDER BY added_seq LIMIT 500", (last,)).fetchall()
        if not rows:
            return
        for row in rows:
            article = _row_to_article((*row[1:], ""))
            agency = detect_agency(article.text, article.lead, article.author)
            if agency:
                article.agency = agency
                conn.execute("UPDATE articles SET agency=?, content_hash=? WHERE id=?",
                             (agency, article.content_hash(), article.id))
            stories.place(article.id, story_body(article.lead, article.text))
        last = rows[-1][0]


def _step_4_story_sizes(conn: sqlite3.Connection) -> None:
    """Version 4: each story's number of articles (`stories.size`) and the partial index
    of the stories of two or more, which searches read instead of grouping every member
    (a corpus made at version 3 by this Veille has the column already: counted again)."""
    columns = {r[1] for r in conn.execute("PRAGMA table_info(stories)")}
    if "size" not in columns:
        conn.execute("ALTER TABLE stories ADD COLUMN size INTEGER NOT NULL DEFAULT 0")
    conn.execute("UPDATE stories SET size = (SELECT COUNT(*) FROM story_members "
                 "WHERE story_members.story_id = stories.id)")
    conn.execute("CREATE INDEX IF NOT EXISTS stories_grouped ON stories(id) WHERE size > 1")


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


STEPS: dict[int, Callable[[sqlite3.Connection], None]] = {
    2: _step_2_paywalled,
    3: _step_3_agency_and_stories,
    4: _step_4_story_sizes,
}
LATEST = max(STEPS)


def upgrade(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the corpus at `conn` (autocommit mode) from its version up to LATEST."""
    if conn.execute("PRAGMA user_version").fetchone()[0] >= LATEST:
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise StoreError(f"mise à niveau du corpus {path} impossible pour l’instant ({exc}) ; "
                         "réessayez") from None
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]  # another may have won
        for step in range(version + 1, LATEST + 1):
            STEPS[step](conn)
        conn.execute(f"PRAGMA user_version={max(version, LATEST)}")
        conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:  # read-only file, full disk, locked…
        conn.execute("ROLLBACK")
        raise StoreError(
            f"mise à niveau du corpus {path} au schéma {LATEST} impossible ({exc}) ; "
            "il est inchangé : corrigez la cause et relancez"
        ) from None
    except BaseException:
        conn.execute("ROLLBACK")
        raise
