"""The watch book: the saved searches of one home and what is new for each.

A watch's *new* articles are the ones that match its query and entered the corpus after the
watch was last marked seen — by arrival in the corpus (`added_seq`), never by publication
date, since press sites publish late and backdate. Editing or re-crawling an article does
not make it new again: its `added_seq` never changes.

Two watermarks per watch, both corpus sequence numbers:
- `seen_seq`: what the researcher has seen (`veille watch seen`, viewing in the workbench);
- `reported_seq`: what crawl summaries have already counted, so each arrival is reported
  in exactly one crawl summary.
Both only advance up to what the index covers, so an article not indexed yet is never
marked seen or reported before it can match.

Watches count stories (indexer.watch_stories): the reprints of one dispatch arriving
together are one new story, and a reprint of a story counted before is a « nouvelle
reprise », listed but not new.
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from corpus import Home, open_store
from corpus.store.sidedb import SideDb, SideDbError, SideDbNewer, open_side_db
from indexer.errors import IndexerError
from indexer.watch_stories import Arrivals, by_story
from indexer.watches.model import (
    COLUMNS,
    NAME_PATTERN,
    UnreadWatch,
    Watch,
    WatchError,
    row_to_watch,
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class WatchBook:
    """The saved searches of one home (the store's `watches` side database,
    `watches.sqlite3` in a SQLite home). Use as a context manager."""

    def __init__(self, home: Home | str | Path | None = None) -> None:
        self.home = home if isinstance(home, Home) else Home.resolve(home)
        self.home.ensure()
        try:
            db = open_side_db(self.home, "watches")
        except SideDbNewer:
            raise WatchError("la liste de veilles vient d’une version plus récente de Veille ; "
                             "mettez Veille à jour") from None
        except SideDbError as exc:
            raise WatchError(f"{exc.where} n’est pas une liste de veilles ou est abîmé "
                             f"({exc.reason})") from None
        assert db is not None
        self._db: SideDb = db

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> WatchBook:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- the list ------------------------------------------------------------------------

    def add(self, name: str, query: str, sources: Iterable[str] = (),
            since: datetime | None = None) -> Watch:
        """Save a search. Articles already in the corpus count as seen.

        Raises WatchError for a bad name, a duplicate or a query that is not well-formed.
        """
        from indexer import query_problems

        if not NAME_PATTERN.match(name):
            raise WatchError(
                f"nom de veille incorrect : {name!r} (lettres, chiffres, « - », « _ » ou "
                "« . », 64 au plus)")
        if not query.strip():
            raise WatchError("une veille a besoin d’une requête")
        problems = query_problems(query)
        if problems:
            raise WatchError(f"requête {query!r} mal formée : {' ; '.join(problems)}")
        if self.get(name) is not None:
            raise WatchError(f"la veille {name!r} existe déjà (`veille watch rm {name}`)")
        seq = self._indexed_seq()
        self._db.execute(
            "INSERT INTO watches(name, query, sources, since, created_at, seen_seq, seen_at, "
            "reported_seq) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)",
            (name, query, json.dumps(sorted(set(sources))),
             since.isoformat() if since else None, _now(), seq, seq),
        )
        watch = self.get(name)
        assert watch is not None
        return watch

    def remove(self, name: str) -> None:
        if self._db.execute("DELETE FROM watches WHERE name=?", (name,)).rowcount == 0:
            raise WatchError(f"aucune veille nommée {name!r}")

    def get(self, name: str) -> Watch | None:
        row = self._db.execute(f"SELECT {COLUMNS} FROM watches WHERE name=?", (name,)).fetchone()
        return row_to_watch(row) if row else None

    def require(self, name: str) -> Watch:
        watch = self.get(name)
        if watch is None:
            raise WatchError(f"aucune veille nommée {name!r} (voir `veille watch list`)")
        return watch

    def list(self) -> list[Watch]:
        rows = self._db.execute(f"SELECT {COLUMNS} FROM watches ORDER BY name").fetchall()
        return [row_to_watch(r) for r in rows]

    # -- what is new ---------------------------------------------------------------------

    def matching_ids(self, watch: Watch, sort: str = "relevance") -> builtins.list[str]:
        """Every article the watch counts: those holding every keyword of its query (never
        the partial matches a relaxed search adds), best first or newest first."""
        from indexer import search_ids

        return search_ids(watch.query, home=self.home, sources=watch.sources,
                          since=watch.since, partial=False, sort=sort)

    def _arrived_after(self, watch: Watch, seq: int,
                       up_to: int | None = None) -> builtins.list[str]:
        """Matching articles that entered the corpus after `seq`, newest arrival first."""
        if not self.home.has_corpus():
            return []
        with open_store(self.home, create=False) as store:
            added = set(store.added_since(seq))
            if not added:
                return []
            ids = [i for i in self.matching_ids(watch) if i in added]
            seqs = store.added_seqs(ids)
        if up_to is not None:
            ids = [i for i in ids if seqs.get(i, 0) <= up_to]
        return sorted(ids, key=lambda i: seqs.get(i, 0), reverse=True)

    def _arrivals(self, watch: Watch, seq: int, up_to: int | None = None) -> Arrivals:
        """Matching articles that arrived after `seq`, by story (indexer.watch_stories)."""
        ids = self._arrived_after(watch, seq, up_to)
        if not ids:
            return Arrivals()
        matching = set(self.matching_ids(watch))
        with open_store(self.home, create=False) as store:
            return by_story(store, ids, matching, seq)

    def unread(self, name: str) -> builtins.list[str]:
        """Ids of matching articles that arrived after the watch was last marked seen."""
        watch = self.require(name)
        return self._arrived_after(watch, watch.seen_seq)

    def arrivals(self, name: str) -> Arrivals:
        """The unread articles by story: new stories, and new reprints of stories seen."""
        watch = self.require(name)
        return self._arrivals(watch, watch.seen_seq)

    def unread_counts(self) -> dict[str, int]:
        """New stories per watch (reprints of stories already seen are not new)."""
        return {w.name: self._arrivals(w, w.seen_seq).new for w in self.list()}

    def with_unread(self) -> builtins.list[UnreadWatch]:
        """Every watch with its unread count (new stories), by name."""
        return [UnreadWatch(w, self._arrivals(w, w.seen_seq).new) for w in self.list()]

    def mark_seen(self, name: str) -> int:
        """Mark everything the index covers as seen; returns how many were unread."""
        watch = self.require(name)
        seq = self._indexed_seq()
        unread = len(self._arrived_after(watch, watch.seen_seq, up_to=seq))
        self._db.execute(
            "UPDATE watches SET seen_seq=CASE WHEN seen_seq > ? THEN seen_seq ELSE ? END, "
            "seen_at=? WHERE name=?", (seq, seq, _now(), name),
        )
        return unread

    def report_arrivals(self) -> dict[str, dict[str, Any]]:
        """Per watch, the matching articles not reported before (each arrival once), by
        story: `new` counts new stories, `ids` lists their articles; `reprises`, the new
        reprints of stories reported before (not new).

        Called after a crawl has updated the index:
        `{"h2": {"new": 2, "ids": [...], "stories": [[...], ...], "reprises": [...]}}`.
        """
        seq = self._indexed_seq()
        report: dict[str, dict[str, Any]] = {}
        for watch in self.list():
            found = self._arrivals(watch, watch.reported_seq, up_to=seq)
            report[watch.name] = {"new": found.new,
                                  "ids": [i for s in found.stories for i in s],
                                  "stories": found.stories, "reprises": found.reprises}
            self._db.execute(
                "UPDATE watches SET reported_seq=CASE WHEN reported_seq > ? THEN reported_seq "
                "ELSE ? END WHERE name=?", (seq, seq, watch.name),
            )
        return report

    def _indexed_seq(self) -> int:
        """The corpus sequence number the index covers (0 when there is no index)."""
        from indexer import index_state

        if not self.home.has_corpus():
            return 0
        try:
            state = index_state(self.home)
        except IndexerError:
            return 0
        return state.seq if state.exists else 0

