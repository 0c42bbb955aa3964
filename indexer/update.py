"""Bringing the index up to date with the corpus: incremental updates and rebuilds.

Engine-neutral: the engine (`indexer.engine.Engine`, Whoosh by default) writes documents
into a version directory; this module decides what to write, commits, swaps versions in
(`indexer.location`) and reports."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from corpus import Article, CorpusError, CorpusStore, Home, locate, open_store
from corpus.french import count, decimal, number
from indexer import location
from indexer.engine import Engine, Index, Updater, default_engine
from indexer.errors import IndexCorrupt, IndexerError, IndexRefused, NoIndex
from indexer.state import IndexState

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
    skipped: list[str] = field(default_factory=list)   # ids of articles it could not index

    def summary(self) -> str:
        articles = count(self.documents, "article")
        if self.rebuilt:
            head = f"index reconstruit : {articles}"
        elif self.added or self.updated or self.deleted:
            head = (f"index mis à jour : {count(self.added, 'ajouté')}, "
                    f"{count(self.updated, 'modifié')}, {count(self.deleted, 'supprimé')} ; "
                    f"{articles}")
        else:
            head = f"index à jour : {articles}"
        text = f"{head} (séquence du corpus {self.seq}, {decimal(self.seconds)} s)"
        if self.skipped:
            n = len(self.skipped)
            text += (f" ; {count(n, 'article')} impossible{'s' if n > 1 else ''} à indexer, "
                     f"laissé{'s' if n > 1 else ''} de côté (identifiants dans le journal)")
        return f"{text} ; {self.reason}" if self.reason else text


def update_index(home: Home | str | os.PathLike[str] | None = None, *, rebuild: bool = False,
                 lock: bool = True, progress: ProgressFn | None = None,
                 procs: int | None = None, force: bool = False) -> IndexReport:
    """Bring the home's index up to date with its corpus (or rebuild it with `rebuild`).

    `lock=False` when the caller already holds the home's WriterLock. `progress(done,
    total)` is called as documents are indexed. `procs` sets the writer processes of a
    rebuild (default: 2 on a multi-core machine for big rebuilds). A damaged index, a
    half-built one left by a killed run, or an index of another corpus is rebuilt. An
    article that cannot be indexed is logged, skipped and listed in `IndexReport.skipped`.
    Raises NoIndex when the home has no corpus, corpus.LockHeld when the lock is taken,
    IndexRefused when a rebuild would replace a non-empty index with an empty one
    (unless `force`).
    """
    home = location.resolve_home(home)
    if not home.has_corpus():
        raise NoIndex(f"pas de corpus dans {home.root} : rien à indexer")
    if lock:
        with locate(home).writer_lock("index"):
            return _update(home, rebuild, progress, procs, force)
    return _update(home, rebuild, progress, procs, force)


def _update(home: Home, rebuild: bool, progress: ProgressFn | None,
            procs: int | None, force: bool) -> IndexReport:
    start = time.monotonic()
    with open_store(home, create=False) as store:
        reason = ""
        live = _live_version(home)
        if not rebuild:
            try:
                if live is not None:
                    report = _incremental(live, store, progress)
                    report.seconds = time.monotonic() - start
                    return report
                reason = "pas encore d’index"
            except IndexCorrupt as exc:
                log.warning("reconstruction de l’index : %s", exc)
                reason = f"reconstruit car {exc}".split(" ; ")[0]
        report = _rebuild(home, store, progress, procs, force)
        report.reason = reason
        report.seconds = time.monotonic() - start
        return report


def _live_version(home: Home) -> Path | None:
    """The live version (None when missing or unreadable); half-built versions left by a
    killed run are removed (we hold the writer lock: no rebuild is running)."""
    try:
        live = location.current_version(home)
    except IndexCorrupt as exc:
        log.warning("%s", exc)
        live = None
    leftovers = location.stale_versions(home, keep=live)
    if leftovers:
        what = count(len(leftovers), "version d’index à moitié construite",
                     "versions d’index à moitié construites")
        log.warning("suppression de %s par une exécution interrompue : %s", what,
                    ", ".join(v.name for v in leftovers))
        location.remove_stale(home, keep=live)
    return live


def _engine() -> Engine:
    return default_engine()


def _incremental(version: Path, store: CorpusStore, progress: ProgressFn | None) -> IndexReport:
    state = location.read_state(version)
    _check_same_corpus(version, state, store)
    index = _engine().open(version)
    report = IndexReport(seq=state["seq"])
    target = store.last_seq()
    if target <= state["seq"]:
        report.documents = index.doc_count()
        index.close()
        _prepare(version)  # an index written by an older Veille, or interrupted
        return report
    try:
        _apply_changes(index, version, state, store, report, progress, target)
    except (IndexerError, CorpusError):
        raise
    except Exception as exc:  # reading or writing a damaged segment
        raise IndexCorrupt(f"la mise à jour de l’index {version} a échoué : "
                           f"{type(exc).__name__} : {exc} ; {location.REBUILD_HINT}") from None
    finally:
        index.close()
    location.write_state(version, _state(report.seq, store))
    _prepare(version)
    report.documents = _doc_count(version)
    return report


def _apply_changes(index: Index, version: Path, state: dict[str, Any], store: CorpusStore,
                   report: IndexReport, progress: ProgressFn | None, target: int) -> None:
    total = target - state["seq"]
    updater = index.updater()
    pending = 0
    try:
        for change in store.changes_since(state["seq"]):
            known = updater.known(change.id)
            updater.delete(change.id)
            if change.article is None:
                report.deleted += 1
            elif _add(updater, change.article, report):
                if known:
                    report.updated += 1
                else:
                    report.added += 1
            report.seq = change.seq
            pending += 1
            if progress is not None:
                progress(report.added + report.updated + report.deleted, total)
            if pending >= COMMIT_EVERY:
                updater.commit()
                location.write_state(version, _state(report.seq, store))
                pending = 0
        report.seq = max(report.seq, target)
        updater.commit()
    except BaseException:
        updater.cancel()
        raise
    finally:
        updater.close()


def _prepare(version: Path) -> None:
    """The engine's work for fast searches (`Engine.prepare`): what it writes is a cache,
    so a failure to write it (a full disk) is logged, and the index kept as it is."""
    try:
        _engine().prepare(version)
    except OSError as exc:
        log.warning("index %s : fichiers de lecture rapide non écrits (%s) ; les recherches "
                    "restent justes, plus lentes, jusqu’au prochain `veille index`",
                    version, exc)


def _add(writer: Updater, article: Article, report: IndexReport) -> bool:
    """Index one article; one that cannot be indexed is logged and skipped."""
    try:
        writer.add(article)
    except Exception as exc:
        log.warning("article %s (%s) impossible à indexer, laissé de côté : %s : %s",
                    article.id, article.url, type(exc).__name__, exc)
        report.skipped.append(article.id)
        return False
    return True


def _check_same_corpus(version: Path, state: dict[str, Any], store: CorpusStore) -> None:
    """IndexCorrupt (so: rebuild) when the corpus beside the index is not the one indexed:
    another corpus file, or an older copy of it (restored from a backup)."""
    indexed = state.get("corpus_id")
    if indexed is not None and indexed != store.corpus_id():
        raise IndexCorrupt(f"l’index {version.parent} a été construit à partir d’un autre "
                           f"corpus ; {location.REBUILD_HINT}")
    if state["seq"] > store.last_seq():
        raise IndexCorrupt(f"l’index {version.parent} a vu plus de modifications que le "
                           f"corpus n’en contient (corpus restauré d’une copie plus ancienne ?) ; "
                           f"{location.REBUILD_HINT}")


def _doc_count(version: Path) -> int:
    index = _engine().open(version)
    try:
        return index.doc_count()
    finally:
        index.close()


def _state(seq: int, store: CorpusStore) -> dict[str, Any]:
    return {"seq": seq, "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "corpus_id": store.corpus_id()}


def newest_first(store: CorpusStore) -> Iterator[Article]:
    """Every article, most recently published first (undated last), memory kept small.

    A time-budgeted search walks documents in index order, so a cut-off keeps recent news.
    """
    keys = [(_sort_key(a), a.id) for a in store.iter_articles()]
    keys.sort(reverse=True)
    for begin in range(0, len(keys), _ORDER_CHUNK):
        ids = [aid for _, aid in keys[begin:begin + _ORDER_CHUNK]]
        found = store.get_many(ids)
        for aid in ids:
            if aid in found:
                yield found[aid]


def _sort_key(article: Article) -> float:
    if article.published is None:
        return float("-inf")
    try:
        return article.published.timestamp()
    except (OverflowError, ValueError):  # stored by an older Veille: sorted as undated
        return float("-inf")


def _rebuild(home: Home, store: CorpusStore, progress: ProgressFn | None,
             procs: int | None, force: bool) -> IndexReport:
    total = store.count()
    if total == 0 and not force:
        _refuse_emptying(home, store)
    if procs is None:
        procs = 2 if total >= 5_000 and (os.cpu_count() or 1) > 1 else 1
    report = _build(home, store, progress, procs)
    if report is None:  # a writer process lost documents: once more, in this process
        log.warning("les processus d’écriture de l’index ont perdu des documents ; "
                    "reconstruction en un seul processus")
        report = _build(home, store, progress, 1)
        if report is None:
            raise IndexerError("la reconstruction de l’index a perdu des documents ; "
                               "voir le journal")
    return report


def _refuse_emptying(home: Home, store: CorpusStore) -> None:
    try:
        live = location.current_version(home)
        documents = _doc_count(live) if live is not None else 0
    except Exception:  # a damaged index holds nothing worth keeping
        return
    if documents:
        raise IndexRefused(
            f"le corpus {store.location.display} ne contient aucun article mais l’index en "
            f"contient {number(documents)} : le corpus a peut-être été tronqué ou remplacé. "
            "Restaurez-le depuis une sauvegarde, ou lancez `veille index --rebuild --force` "
            "pour vider l’index"
        )


def _build(home: Home, store: CorpusStore, progress: ProgressFn | None,
           procs: int) -> IndexReport | None:
    """A fresh version from the whole corpus, swapped in; None when documents went
    missing on the way (the version is then discarded)."""
    seq, total = store.last_seq(), store.count()
    version = location.new_version(home)
    report = IndexReport(seq=seq, rebuilt=True)
    try:
        index = _engine().create(version)
        try:
            added = _fill(index.builder(procs), store, report, progress, total)
            report.documents = index.doc_count()
        finally:
            index.close()
        if report.documents != added:
            location.remove_stale_one(version)
            return None
        location.write_state(version, _state(seq, store))
        _prepare(version)
    except BaseException:
        location.remove_stale_one(version)
        raise
    location.swap_in(home, version)
    return report


def _fill(builder: Updater, store: CorpusStore, report: IndexReport,
          progress: ProgressFn | None, total: int) -> int:
    """Every article into a fresh index, newest first; how many went in."""
    added = 0
    try:
        for done, article in enumerate(newest_first(store), 1):
            added += _add(builder, article, report)
            if progress is not None:
                progress(done, total)
        builder.commit()
    except BaseException:
        builder.cancel()
        raise
    finally:
        builder.close()
    return added


def index_state(home: Home | str | os.PathLike[str] | None = None,
                corpus_seq: int | None = None) -> IndexState:
    """The state of the home's index (`indexer.state.IndexState`).

    `behind` is how many corpus changes the index has not seen (needs `corpus_seq`, else
    it is read from the corpus when there is one). A damaged index reads as not existing,
    with `error` saying why; `half_built` lists version directories left by an
    interrupted rebuild (the next `veille index` removes them). Never raises.
    """
    home = location.resolve_home(home)
    state = IndexState()
    if corpus_seq is None and home.has_corpus():
        try:
            with open_store(home, create=False) as store:
                corpus_seq = store.last_seq()
        except Exception as exc:  # a broken corpus is reported elsewhere
            log.debug("index_state: cannot read the corpus: %s", exc)
    version = None
    try:
        version = location.current_version(home)
        if version is not None:
            saved = location.read_state(version)
            index = _engine().open(version)
            state.exists, state.documents = True, index.doc_count()
            state.seq, state.built_at = saved["seq"], saved.get("built_at")
            index.close()
    except IndexerError as exc:
        state.error = str(exc)
    except Exception as exc:  # never let a damaged index stop a report
        state.error = (f"cannot read the index: {type(exc).__name__}: {exc}; "
                       f"{location.REBUILD_HINT}")
    state.half_built = [v.name for v in location.stale_versions(home, keep=version)
                        if version is not None or state.error is None]
    if corpus_seq is not None:
        state.behind = max(0, corpus_seq - state.seq)
    return state
