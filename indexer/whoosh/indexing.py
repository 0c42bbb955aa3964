"""The Whoosh `Engine`: creating, opening and writing an index in a version directory."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from corpus import Article
from indexer.engine import PhraseCheck
from indexer.errors import IndexCorrupt
from indexer.location import REBUILD_HINT
from indexer.ranking import Ranking
from indexer.whoosh import merging, postings, storage, workers
from indexer.whoosh.schema import SCHEMA_VERSION, build_schema, codec, document
from indexer.whoosh.searcher import WhooshSearcher


class WhooshUpdater:
    """`indexer.engine.Updater` over Whoosh writers: one writer per batch, committed with
    the tiered merge policy (indexer.whoosh.merging); `known` answers from the index as
    it was when opened."""

    def __init__(self, ix: Any) -> None:
        self._ix = ix
        self._searcher = ix.searcher()
        self._writer: Any = None

    def _current(self) -> Any:
        if self._writer is None:
            self._writer = self._ix.writer(limitmb=128, codec=codec())
        return self._writer

    def known(self, article_id: str) -> bool:
        return self._searcher.document_number(id=article_id) is not None

    def delete(self, article_id: str) -> None:
        self._current().delete_by_term("id", article_id)

    def add(self, article: Article) -> None:
        self._current().add_document(**document(article))

    def commit(self) -> None:
        writer, self._writer = self._current(), None
        writer.commit(mergetype=merging.TIERED)

    def cancel(self) -> None:
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.cancel()

    def close(self) -> None:
        self._searcher.close()


class WhooshBuilder:
    """`indexer.engine.Updater` filling a fresh index, with `procs` writer processes kept
    on a leash (indexer.whoosh.workers) until it commits or is cancelled."""

    def __init__(self, ix: Any, procs: int) -> None:
        self._leash = contextlib.ExitStack()
        self._leash.enter_context(workers.leashed())
        try:
            if procs > 1:
                self._writer = ix.writer(procs=procs, multisegment=True, limitmb=128,
                                         codec=codec())
            else:
                self._writer = ix.writer(limitmb=256, codec=codec())
        except BaseException:
            self._leash.close()
            raise

    def known(self, article_id: str) -> bool:
        return False

    def delete(self, article_id: str) -> None:
        self._writer.delete_by_term("id", article_id)

    def add(self, article: Article) -> None:
        self._writer.add_document(**document(article))

    def commit(self) -> None:
        with self._leash:
            self._writer.commit()

    def cancel(self) -> None:
        with self._leash:
            self._writer.cancel()
            workers.stop(self._writer)

    def close(self) -> None:
        self._leash.close()


class WhooshIndex:
    """`indexer.engine.Index`: one Whoosh index directory."""

    def __init__(self, ix: Any) -> None:
        self._ix = ix

    def doc_count(self) -> int:
        return int(self._ix.doc_count())

    def updater(self) -> WhooshUpdater:
        return WhooshUpdater(self._ix)

    def builder(self, procs: int) -> WhooshBuilder:
        return WhooshBuilder(self._ix, procs)

    def close(self) -> None:
        self._ix.close()


class WhooshEngine:
    """`indexer.engine.Engine` for Whoosh (whoosh-reloaded 2.7.5)."""

    name = "whoosh"
    schema_version = SCHEMA_VERSION

    def create(self, version: Path) -> WhooshIndex:
        return WhooshIndex(whoosh_index.create_in(str(version), build_schema()))

    def open(self, version: Path) -> WhooshIndex:
        try:
            ix = storage.open_dir(version)
            ix.reader().close()  # reads every segment's headers: a damaged one fails here
            return WhooshIndex(ix)
        except Exception as exc:  # whoosh raises many kinds for a damaged index
            raise IndexCorrupt(
                f"ouverture impossible de l’index {version} : {type(exc).__name__} : {exc} ; "
                f"{REBUILD_HINT}"
            ) from None

    def prepare(self, version: Path) -> None:
        index = self.open(version)
        try:
            postings.write_missing(version, index._ix)
        finally:
            index.close()

    def searcher(self, version: Path, ranking: Ranking,
                 phrase_check: PhraseCheck) -> WhooshSearcher:
        searcher = WhooshSearcher(ranking, phrase_check)
        searcher.reopen(version)
        return searcher


WHOOSH = WhooshEngine()
