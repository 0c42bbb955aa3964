"""Story groups: the reprints of one dispatch, found at ingest through an LSH index.

Every stored article belongs to exactly one story; most stories hold one article. When an
article enters the corpus (or its body changes), its fingerprint's LSH bands find the
stored articles that may be reprints of it; each candidate's MinHash signature then gives
the estimated Jaccard similarity and containment (share of the smaller body found in the
larger). The article joins the story of the candidates that pass both thresholds, else
starts a story of its own (an edited article alone in its story keeps the story's id).
When candidates of several stories pass, those stories are one dispatch seen through
different cuts: they are merged into the oldest (lowest id).

The cost per article does not grow with the corpus: a few indexed lookups of band keys, at
most MAX_CANDIDATES signatures compared, and buckets capped at BUCKET_CAP articles (a
bucket that full is boilerplate or a story already well represented).

Tables (in the corpus database):
    stories(id, created_at)
    story_members(n, article_id, story_id, digest, shingles, signature)
    story_bands(key, member)        -- LSH bucket key -> story_members.n
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import numpy as np

from corpus.batches import batched
from corpus.fingerprint import (
    BAND_ROWS,
    SHINGLE,
    Fingerprint,
    fingerprint,
    from_blobs,
    similarities,
    to_blob,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS stories (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    size       INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS story_members (
    n          INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL UNIQUE,
    story_id   INTEGER NOT NULL REFERENCES stories(id),
    digest     TEXT NOT NULL,
    shingles   INTEGER NOT NULL,
    signature  BLOB
);
CREATE INDEX IF NOT EXISTS story_members_story ON story_members(story_id);
CREATE INDEX IF NOT EXISTS stories_grouped ON stories(id) WHERE size > 1;
CREATE TABLE IF NOT EXISTS story_bands (
    key    INTEGER NOT NULL,
    member INTEGER NOT NULL,
    PRIMARY KEY (key, member)
) WITHOUT ROWID;
"""

# The articles of the stories of two or more (StoryIndex.grouped): the stories through
# their partial index, then each one's members through story_members_story.
GROUPED = ("SELECT article_id, story_id FROM story_members WHERE story_id IN "
           "(SELECT id FROM stories WHERE size > 1)")

MAX_CANDIDATES = 40   # signatures compared per article, most band hits first
BUCKET_CAP = 24       # articles per LSH bucket


@dataclass(frozen=True)
class Rules:
    """When a candidate is a reprint (both estimates at or above their threshold), and how
    bodies are sketched (a corpus keeps the shingle size and bands it was grouped with).

    Chosen on the tuning half of bench/reprints.py's labelled set (docs/performance.md).
    """

    min_containment: float = 0.725
    min_jaccard: float = 0.1
    merge: bool = True           # a body matching several stories merges them
    shingle: int = SHINGLE       # words per shingle
    band_rows: int = BAND_ROWS   # signature rows per LSH band


class Rows(Protocol):
    """What the story index reads of a cursor (sqlite3's, or the store's wrapper)."""

    @property
    def rowcount(self) -> int: ...
    @property
    def lastrowid(self) -> int | None: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


Execute = Callable[..., Rows]


def story_body(lead: str, text: str) -> str:
    """What is fingerprinted: the lead and the text (never the headline, which reprints
    change), so a lead moved into the text or out of it changes nothing."""
    return f"{lead}\n\n{text}" if lead else text


class StoryIndex:
    """Story groups over one corpus connection; the caller owns the transaction."""

    def __init__(self, execute: Execute, rules: Rules | None = None,
                 executemany: Execute | None = None) -> None:
        self._execute = execute
        self._executemany = executemany
        self.rules = rules or Rules()

    # -- writing -------------------------------------------------------------------------

    def place(self, article_id: str, body: str) -> int:
        """Put `article_id` in its story (new, or regrouped when its body changed)."""
        fp = fingerprint(body, self.rules.shingle)
        row = self._execute(
            "SELECT story_id, digest FROM story_members WHERE article_id=?", (article_id,)
        ).fetchone()
        old_story: int | None = None
        if row is not None:
            if row[1] == fp.digest:
                return int(row[0])
            old_story = int(row[0])
            self._leave(article_id)
        keys = fp.bands(self.rules.band_rows)
        hits = self._band_hits(keys)
        story = self._choose_story(fp, old_story, hits)
        cur = self._execute(
            "INSERT INTO story_members(article_id, story_id, digest, shingles, signature) "
            "VALUES (?,?,?,?,?)",
            (article_id, story, fp.digest, fp.shingles,
             None if fp.signature is None else to_blob(fp.signature)),
        )
        self._execute("UPDATE stories SET size = size + 1 WHERE id=?", (story,))
        self._add_bands(keys, hits, int(cur.lastrowid or 0))
        if old_story is not None and old_story != story:
            self._drop_if_empty(old_story)
        return story

    def remove(self, article_id: str) -> None:
        """Take a deleted article out of its story (an emptied story goes too)."""
        story = self._leave(article_id)
        if story is not None:
            self._drop_if_empty(story)

    def _leave(self, article_id: str) -> int | None:
        row = self._execute(
            "SELECT n, story_id, signature FROM story_members WHERE article_id=?", (article_id,)
        ).fetchone()
        if row is None:
            return None
        n, story, blob = row
        if blob is not None:
            keys = Fingerprint("", 0, from_blobs([blob])[0]).bands(self.rules.band_rows)
            marks = ",".join("?" * len(keys))
            self._execute(f"DELETE FROM story_bands WHERE member=? AND key IN ({marks})",
                          (n, *keys))
        self._execute("DELETE FROM story_members WHERE n=?", (n,))
        self._execute("UPDATE stories SET size = size - 1 WHERE id=?", (story,))
        return int(story)

    def _drop_if_empty(self, story: int) -> None:
        if self._is_empty(story):
            self._execute("DELETE FROM stories WHERE id=?", (story,))

    def _new_story(self) -> int:
        cur = self._execute("INSERT INTO stories(created_at) VALUES (?)",
                            (datetime.now(UTC).isoformat(timespec="seconds"),))
        return int(cur.lastrowid or 0)

    def _choose_story(self, fp: Fingerprint, old_story: int | None,
                      hits: list[tuple[int, int]]) -> int:
        matched = self._matching_stories(fp, hits)
        if not matched:
            if old_story is not None and self._is_empty(old_story):
                return old_story  # an edited article alone in its story keeps its id
            return self._new_story()
        if not self.rules.merge:
            return matched[0]
        keep = min(matched)
        others = [s for s in matched if s != keep]
        if others:
            marks = ",".join("?" * len(others))
            self._execute(f"UPDATE story_members SET story_id=? WHERE story_id IN ({marks})",
                          (keep, *others))
            self._execute("UPDATE stories SET size = size + (SELECT COALESCE(SUM(size), 0) "
                          f"FROM stories WHERE id IN ({marks})) WHERE id=?", (*others, keep))
            self._execute(f"DELETE FROM stories WHERE id IN ({marks})", others)
        return keep

    def _is_empty(self, story: int) -> bool:
        return self._execute("SELECT 1 FROM story_members WHERE story_id=? LIMIT 1",
                             (story,)).fetchone() is None

    def _matching_stories(self, fp: Fingerprint, hits: list[tuple[int, int]]) -> list[int]:
        """Stories holding a stored article that passes the rules against `fp`, the story
        of the closest article first. `hits`: (key, member) of the bands `fp` shares."""
        if fp.signature is None or not hits:
            return []
        votes = Counter(member for _, member in hits)
        candidates = [member for member, _ in votes.most_common(MAX_CANDIDATES)]
        if not candidates:
            return []
        rows = list(self._rows_for(
            "SELECT story_id, shingles, signature FROM story_members", "n", candidates,
            "AND signature IS NOT NULL"))
        if not rows:
            return []
        sizes = np.array([r[1] for r in rows], dtype=np.int64)
        jaccard, containment = similarities(
            fp.signature, fp.shingles, from_blobs([r[2] for r in rows]), sizes)
        ok = (containment >= self.rules.min_containment) & (jaccard >= self.rules.min_jaccard)
        best = sorted(np.flatnonzero(ok), key=lambda i: (-containment[i], -jaccard[i]))
        return list(dict.fromkeys(int(rows[i][0]) for i in best))

    def _band_hits(self, keys: list[int]) -> list[tuple[int, int]]:
        """(key, member) of every stored article sharing one of the band `keys`."""
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        return [(int(k), int(m)) for k, m in self._execute(
            f"SELECT key, member FROM story_bands WHERE key IN ({marks})", keys)]

    def _add_bands(self, keys: list[int], hits: list[tuple[int, int]], member: int) -> None:
        """File `member` under its band keys, except in buckets already full."""
        if not keys:
            return
        sizes = Counter(key for key, _ in hits)
        rows = [(key, member) for key in dict.fromkeys(keys) if sizes[key] < BUCKET_CAP]
        sql = "INSERT OR IGNORE INTO story_bands(key, member) VALUES (?, ?)"
        if self._executemany is not None:
            self._executemany(sql, rows)
        else:
            for row in rows:
                self._execute(sql, row)

    # -- reading -------------------------------------------------------------------------

    def _rows_for(self, select: str, column: str, values: Iterable[Any],
                  where: str = "") -> Iterable[Any]:
        for chunk in batched(values):
            marks = ",".join("?" * len(chunk))
            yield from self._execute(f"{select} WHERE {column} IN ({marks}) {where}", chunk)

    def story_of(self, article_id: str) -> int | None:
        row = self._execute("SELECT story_id FROM story_members WHERE article_id=?",
                            (article_id,)).fetchone()
        return int(row[0]) if row else None

    def stories_of(self, article_ids: Iterable[str]) -> dict[str, int]:
        return {r[0]: int(r[1]) for r in self._rows_for(
            "SELECT article_id, story_id FROM story_members", "article_id", article_ids)}

    def members(self, story_id: int) -> list[str]:
        """Article ids of a story, in the order they joined it."""
        return [r[0] for r in self._execute(
            "SELECT article_id FROM story_members WHERE story_id=? ORDER BY n", (story_id,))]

    def sizes(self, story_ids: Iterable[int]) -> dict[int, int]:
        return {int(r[0]): int(r[1]) for r in self._rows_for(
            "SELECT story_id, COUNT(*) FROM story_members", "story_id", story_ids,
            "GROUP BY story_id")}

    def grouped(self) -> dict[str, int]:
        """Article id -> story for the stories of two articles or more: read through the
        partial index of those stories (`stories.size`, kept by every change above), in
        time with their articles, not with the corpus (a GROUP BY over every member took
        ~0.2 s at a million articles, at each search's start)."""
        return {r[0]: int(r[1]) for r in self._execute(GROUPED)}
