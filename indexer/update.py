"""Bringing the index up to date with the corpus: incremental updates and rebuilds."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from corpus import Article, Home, Store, WriterLock
from indexer import location
from indexer.errors import IndexCorrupt, IndexerError, NoIndex
from indexer.schema import build_schema, codec, document

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, "int | None"], None]
COMMIT_EVERY = 20_000  # an interrupted long update keeps what it committed
_ORDER_CHUNK = 500


@dataclass
class IndexReport:
    """What one `update_index` run did."""

    added: int = 0
    updated: int = 0
    deleted: int = 0
    documents: int = 0
    seq: int = 0
    rebuilt: bool = False
    seconds: float = 0.0
    reason: str = ""

    def summary(self) -> str:
        if self.rebuilt:
            head = f"index rebuilt: {self.documents:,} articles"
        elif self.added or self.updated or self.deleted:
            head = (f"index updated: {self.added:,} new, {self.updated:,} changed, "
                    f"{self.deleted:,} deleted; {self.documents:,} articles")
        else:
            head = f"index up to date: {self.documents:,} articles"
        text = f"{head} (corpus seq {self.seq}, {self.seconds:.1f}s)"
        return f"{text}; {self.reason}" if self.reason else text


def update_index(home: Home | str | os.PathLike[str] | None = None, *, rebuild: bool = False,
                 lock: bool = True, progress: ProgressFn | None = None,
                 procs: int | None = None) -> IndexReport:
    """Bring the home's index up to date with its corpus (or rebuild it with `rebuild`).

    `lock=False` when the caller already holds the home's WriterLock. `progress(done,
    total)` is called as documents are indexed. `procs` sets the writer processes of a
    rebuild (default: 2 on a multi-core machine for big rebuilds).
    Raises NoIndex when the home has no corpus, corpus.LockHeld when the lock is taken.
    """
    home = location.resolve_home(home)
    if not home.has_corpus():
        raise NoIndex(f"no corpus in {home.root}: nothing to index")
    if lock:
        with WriterLock(home):
            return _update(home, rebuild, progress, procs)
    return _update(home, rebuild, progress, procs)


def _update(home: Home, rebuild: bool, progress: ProgressFn | None,
            procs: int | None) -> IndexReport:
    start = time.monotonic()
    with Store.open(home.corpus_db, create=False) as store:
        reason = ""
        if not rebuild:
            try:
                version = location.current_version(home)
                if version is not None:
                    report = _incremental(version, store, progress)
                    report.seconds = time.monotonic() - start
                    return report
                reason = "no index yet"
            except IndexCorrupt as exc:
                log.warning("rebuilding the index: %s", exc)
                reason = f"rebuilt because {exc}".split(";")[0]
        report = _rebuild(home, store, progress, procs)
        report.reason = reason
        report.seconds = time.monotonic() - start
        return report


def _open(version: Path) -> Any:
    from whoosh import index

    try:
        return index.open_dir(str(version))
    except Exception as exc:  # whoosh raises many kinds for a damaged index
        raise IndexCorrupt(
            f"cannot open the index {version}: {exc}; {location.REBUILD_HINT}"
        ) from None


def _incremental(version: Path, store: Store, progress: ProgressFn | None) -> IndexReport:
    state = location.read_state(version)
    ix = _open(version)
    report = IndexReport(seq=state["seq"])
    target = store.last_seq()
    if target <= state["seq"]:
        report.documents = ix.doc_count()
        ix.close()
        return report
    total = target - state["seq"]
    with ix.searcher() as searcher:
        writer = ix.writer(limitmb=128, codec=codec())
        pending = 0
        try:
            for change in store.changes_since(state["seq"]):
                if change.article is None:
                    writer.delete_by_term("id", change.id)
                    report.deleted += 1
                else:
                    if searcher.document_number(id=change.id) is not None:
                        report.updated += 1
                    else:
                        report.added += 1
                    writer.update_document(**document(change.article))
                report.seq = change.seq
                pending += 1
                if progress is not None:
                    progress(report.added + report.updated + report.deleted, total)
                if pending >= COMMIT_EVERY:
                    writer.commit(merge=True)
                    location.write_state(version, _state(report.seq))
                    writer = ix.writer(limitmb=128, codec=codec())
                    pending = 0
            report.seq = max(report.seq, target)
            writer.commit(merge=True)
        except BaseException:
            writer.cancel()
            raise
    location.write_state(version, _state(report.seq))
    report.documents = ix.doc_count()
    ix.close()
    return report


def _state(seq: int) -> dict[str, Any]:
    return {"seq": seq, "built_at": datetime.now(UTC).isoformat(timespec="seconds")}


def newest_first(store: Store) -> Iterator[Article]:
    """Every article, most recently published first (undated last), memory kept small.

    A time-budgeted search walks documents in index order, so a cut-off keeps recent news.
    """
    keys = [(a.published.timestamp() if a.published else float("-inf"), a.id)
            for a in store.iter_articles()]
    keys.sort(reverse=True)
    for begin in range(0, len(keys), _ORDER_CHUNK):
        ids = [aid for _, aid in keys[begin:begin + _ORDER_CHUNK]]
        found = store.get_many(ids)
        for aid in ids:
            if aid in found:
                yield found[aid]


def _rebuild(home: Home, store: Store, progress: ProgressFn | None,
             procs: int | None) -> IndexReport:
    from whoosh import index

    seq = store.last_seq()
    total = store.count()
    if procs is None:
        procs = 2 if total >= 5_000 and (os.cpu_count() or 1) > 1 else 1
    version = location.new_version(home)
    try:
        ix = index.create_in(str(version), build_schema())
        if procs > 1:
            writer = ix.writer(procs=procs, multisegment=True, limitmb=128, codec=codec())
        else:
            writer = ix.writer(limitmb=256, codec=codec())
        report = IndexReport(seq=seq, rebuilt=True)
        try:
            for done, article in enumerate(newest_first(store), 1):
                writer.add_document(**document(article))
                if progress is not None:
                    progress(done, total)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        location.write_state(version, _state(seq))
        report.documents = ix.doc_count()
        ix.close()
    except BaseException:
        location.remove_stale_one(version)
        raise
    location.swap_in(home, version)
    return report


def index_state(home: Home | str | os.PathLike[str] | None = None,
                corpus_seq: int | None = None) -> dict[str, Any]:
    """{"exists", "documents", "seq", "behind", "built_at"} of the home's index.

    `behind` is how many corpus changes the index has not seen (needs `corpus_seq`, else
    it is read from the corpus when there is one). A damaged index reads as not existing,
    with an "error" key saying why.
    """
    home = location.resolve_home(home)
    state: dict[str, Any] = {"exists": False, "documents": 0, "seq": 0, "behind": 0,
                             "built_at": None}
    if corpus_seq is None and home.has_corpus():
        try:
            with Store.open(home.corpus_db, create=False) as store:
                corpus_seq = store.last_seq()
        except Exception as exc:  # a broken corpus is reported elsewhere
            log.debug("index_state: cannot read the corpus: %s", exc)
    try:
        version = location.current_version(home)
        if version is not None:
            saved = location.read_state(version)
            ix = _open(version)
            state.update(exists=True, documents=ix.doc_count(), seq=saved["seq"],
                         built_at=saved.get("built_at"))
            ix.close()
    except IndexerError as exc:
        state["error"] = str(exc)
    if corpus_seq is not None:
        state["behind"] = max(0, corpus_seq - state["seq"])
    return state
