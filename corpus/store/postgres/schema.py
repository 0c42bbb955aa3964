"""The PostgreSQL corpus schema, its versioned migrations and its two roles.

Everything lives in the schema `veille` of the database named by the store URL:
    schema_version(version, applied_at)   -- one row per applied step
    meta(key, value)                      -- corpus_id and the like
    feed(only, seq)                       -- the change feed's counter (one row)
    articles, tombstones                  -- as in the SQLite corpus (corpus/store/sqlite)
    stories, story_members, story_bands   -- the story groups (corpus/stories.py)
    urls                                  -- the crawl state the crawler machines share

Dates are kept as the ISO 8601 text the SQLite corpus keeps (with the site's own UTC
offset, which `timestamptz` would lose): `published::timestamptz` queries them as dates.
Tags are `jsonb`.

Steps run in one transaction under a transaction-level advisory lock, so two processes
opening a new or old corpus at once never both migrate it; a failed step leaves the schema
at its old version. Two roles come with the schema: `<base>_writer` (crawl, import, store
copy) and `<base>_reader` (search, local indexing, watches, exports); grant them to login
roles (docs/team.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from corpus.errors import StoreError

SCHEMA = "veille"
_MIGRATION_LOCK = 0x5645494C  # "VEIL": pg_advisory_xact_lock key while migrating

_V1 = """
CREATE TABLE IF NOT EXISTS veille.meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);
CREATE TABLE IF NOT EXISTS veille.feed (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    seq      bigint NOT NULL
);
INSERT INTO veille.feed(only_row, seq) VALUES (true, 0) ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS veille.articles (
    id           text COLLATE "C" PRIMARY KEY,
    url          text NOT NULL UNIQUE,
    title        text NOT NULL,
    lead         text NOT NULL,
    text         text NOT NULL,
    published    text COLLATE "C",
    modified     text COLLATE "C",
    author       text NOT NULL,
    source       text COLLATE "C" NOT NULL,
    section      text NOT NULL,
    tags         jsonb NOT NULL,
    language     text NOT NULL,
    fetched_at   text COLLATE "C",
    paywalled    boolean NOT NULL DEFAULT false,
    agency       text NOT NULL DEFAULT '',
    content_hash text NOT NULL,
    revision     integer NOT NULL,
    added_seq    bigint NOT NULL,
    change_seq   bigint NOT NULL,
    added_at     text COLLATE "C" NOT NULL,
    updated_at   text COLLATE "C" NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_change_seq ON veille.articles(change_seq);
CREATE INDEX IF NOT EXISTS articles_added_seq ON veille.articles(added_seq);
CREATE INDEX IF NOT EXISTS articles_source ON veille.articles(source);
CREATE TABLE IF NOT EXISTS veille.tombstones (
    id         text COLLATE "C" PRIMARY KEY,
    change_seq bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS tombstones_change_seq ON veille.tombstones(change_seq);
CREATE TABLE IF NOT EXISTS veille.stories (
    id         bigserial PRIMARY KEY,
    created_at text NOT NULL
);
CREATE TABLE IF NOT EXISTS veille.story_members (
    n          bigserial PRIMARY KEY,
    article_id text COLLATE "C" NOT NULL UNIQUE,
    story_id   bigint NOT NULL REFERENCES veille.stories(id),
    digest     text NOT NULL,
    shingles   integer NOT NULL,
    signature  bytea
);
CREATE INDEX IF NOT EXISTS story_members_story ON veille.story_members(story_id);
CREATE TABLE IF NOT EXISTS veille.story_bands (
    key    bigint NOT NULL,
    member bigint NOT NULL,
    PRIMARY KEY (key, member)
);
"""


def _step_1(cur: Any) -> None:
    for statement in _statements(_V1):
        cur.execute(statement)
    cur.execute("INSERT INTO veille.meta(key, value) VALUES ('corpus_id', "
                "md5(random()::text || clock_timestamp()::text)) ON CONFLICT DO NOTHING")


_V2 = """
CREATE TABLE IF NOT EXISTS veille.urls (
    url           text COLLATE "C" PRIMARY KEY,
    source        text COLLATE "C" NOT NULL,
    kind          text NOT NULL,
    status        text NOT NULL,
    article_id    text,
    alias_of      text,
    etag          text,
    last_modified text,
    body_hash     text,
    failures      integer NOT NULL DEFAULT 0,
    last_error    text,
    published     text COLLATE "C",
    title         text,
    first_seen    text COLLATE "C" NOT NULL,
    last_seen     text COLLATE "C" NOT NULL,
    last_fetched  text COLLATE "C"
);
CREATE INDEX IF NOT EXISTS urls_source_status ON veille.urls(source, status)
"""


def _step_2(cur: Any) -> None:
    """Version 2: the crawl state, shared by the crawler machines (postgres/sidedb.py)."""
    for statement in _statements(_V2):
        cur.execute(statement)


_V3 = """
ALTER TABLE veille.stories ADD COLUMN IF NOT EXISTS size integer NOT NULL DEFAULT 0;
UPDATE veille.stories SET size = (SELECT count(*) FROM veille.story_members
                                  WHERE veille.story_members.story_id = veille.stories.id);
CREATE INDEX IF NOT EXISTS stories_grouped ON veille.stories(id) WHERE size > 1
"""


def _step_3(cur: Any) -> None:
    """Version 3: each story's number of articles and the partial index of the stories of
    two or more (corpus/stories.py: what a search reads of the reprints)."""
    for statement in _statements(_V3):
        cur.execute(statement)


STEPS: dict[int, Callable[[Any], None]] = {1: _step_1, 2: _step_2, 3: _step_3}
# What each step added, for tests that rebuild a corpus of an older version (undo_to).
_UNDO: dict[int, list[str]] = {
    2: ["DROP TABLE veille.urls"],
    3: ["DROP INDEX veille.stories_grouped", "ALTER TABLE veille.stories DROP COLUMN size"],
}
LATEST = max(STEPS)


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def undo_to(conn: Any, target: int) -> None:
    """Take the schema back to version `target` (tests only: it drops what later steps
    made, data included)."""
    current = version(conn.cursor()) or 0
    for step in range(current, target, -1):
        for statement in _UNDO[step]:
            conn.execute(statement)
        conn.execute("DELETE FROM veille.schema_version WHERE version = %s", (step,))


def version(cur: Any) -> int | None:
    """The schema's version, or None when the database holds no Veille corpus."""
    cur.execute("SELECT to_regclass('veille.schema_version') IS NOT NULL")
    if not cur.fetchone()[0]:
        return None
    cur.execute("SELECT max(version) FROM veille.schema_version")
    row = cur.fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def upgrade(conn: Any, display: str, *, create: bool) -> None:
    """Create the schema (with `create`) or bring it up to LATEST, atomically.

    StoreError when the database holds no corpus and `create` is false, when the schema is
    newer than this Veille, or when the role connected may not migrate it.
    """
    psycopg = __import__("psycopg")
    with conn.cursor() as cur:
        found = version(cur)
        if found is not None and found >= LATEST:
            if found > LATEST:
                raise StoreError(f"le corpus {display} a été écrit par une version plus "
                                 f"récente de Veille (schéma {found}) ; mettez Veille à jour")
            return
        if found is None and not create:
            raise StoreError(f"pas de corpus Veille dans {display} : créez-le avec "
                             "`veille init --store URL` (rôle propriétaire de la base)")
    try:
        with conn.transaction(), conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            cur.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
            cur.execute("CREATE TABLE IF NOT EXISTS veille.schema_version ("
                        "version integer PRIMARY KEY, "
                        "applied_at timestamptz NOT NULL DEFAULT now())")
            current = version(cur) or 0  # another process may have migrated meanwhile
            for step in range(current + 1, LATEST + 1):
                STEPS[step](cur)
                cur.execute("INSERT INTO veille.schema_version(version) VALUES (%s)", (step,))
            if current:  # an upgrade: the roles, if made, get the new tables too
                _grant(cur, _current_database(conn), only_existing=True)
    except psycopg.errors.InsufficientPrivilege as exc:
        raise StoreError(
            f"le schéma du corpus {display} est à créer ou à mettre à niveau, ce que ce rôle "
            f"ne peut pas faire ({exc.diag.message_primary}) : lancez `veille init --store "
            "URL` avec le rôle propriétaire de la base") from None


def _current_database(conn: Any) -> str:
    return str(conn.execute("SELECT current_database()").fetchone()[0])


def _grant(cur: Any, dbname: str, *, only_existing: bool = False) -> None:
    """The rights of the two roles on every table of the schema (with `only_existing`:
    nothing when the roles were never created)."""
    from psycopg import sql

    writer, reader = role_names(dbname)
    if only_existing:
        cur.execute("SELECT count(*) FROM pg_roles WHERE rolname IN (%s, %s)", (writer, reader))
        if cur.fetchone()[0] != 2:
            return
    w, r = sql.Identifier(writer), sql.Identifier(reader)
    for statement in (
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}, {}").format(sql.Identifier(dbname), w, r),
        sql.SQL("GRANT USAGE ON SCHEMA veille TO {}, {}").format(w, r),
        sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA veille TO {}, {}").format(w, r),
        sql.SQL("GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA veille TO {}").format(w),
        sql.SQL("REVOKE INSERT, UPDATE, DELETE ON veille.schema_version FROM {}").format(w),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA veille TO {}").format(w),
    ):
        cur.execute(statement)


def role_names(dbname: str) -> tuple[str, str]:
    """(writer, reader): the two roles of the corpus in database `dbname`."""
    base = "".join(c if c.isalnum() or c == "_" else "_" for c in dbname.lower())[:48]
    return f"{base}_writer", f"{base}_reader"


def create_roles(conn: Any, dbname: str) -> tuple[str, str]:
    """Create (if missing) the writer and reader roles and grant them their rights.

    Needs the CREATEROLE right (StoreError otherwise). Idempotent: run again after a
    migration to grant the new tables.
    """
    psycopg = __import__("psycopg")
    from psycopg import sql

    writer, reader = role_names(dbname)
    try:
        with conn.transaction(), conn.cursor() as cur:
            for name in (writer, reader):
                cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,))
                if cur.fetchone() is None:
                    cur.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)))
            _grant(cur, dbname)
    except psycopg.errors.InsufficientPrivilege as exc:
        raise StoreError(
            f"création des rôles {writer} et {reader} refusée ({exc.diag.message_primary}) : "
            "il faut un rôle doté de CREATEROLE (ou superutilisateur)") from None
    return writer, reader
