"""Copying a corpus from one store to another (SQLite <-> PostgreSQL), resumable.

Articles are read from the source in id order and upserted into the destination in
batches, one transaction each; after each batch the destination records, under the meta
key `copy_from:<source corpus id>`, the last id it holds, so a copy stopped (Ctrl-C, a lost
connection, a kill) resumes after it. Upserts are idempotent: an article already there
unchanged costs a read and nothing else. At the end every source article is checked to
be in the destination with the same content (`content_hash`); a mismatch is an error. A
copy that ends well clears its checkpoint: copying again later reads everything again
(and writes only what changed since).

The destination gives the articles its own sequence numbers (its change feed) and regroups
them into stories as any ingest does; ids, URLs, texts, dates, tags, agency are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from corpus.article import Article
from corpus.errors import StoreError
from corpus.store.protocol import CorpusStore

BATCH = 500
CHECK_CHUNK = 1000


@dataclass
class CopyResult:
    source_articles: int = 0
    copied: dict[str, int] = field(default_factory=lambda: {"new": 0, "changed": 0,
                                                            "unchanged": 0})
    resumed_after: str | None = None
    destination_articles: int = 0
    missing: int = 0
    different: int = 0

    @property
    def ok(self) -> bool:
        return self.missing == 0 and self.different == 0


def checkpoint_key(source: CorpusStore) -> str:
    return f"copy_from:{source.corpus_id()}"


def copy_corpus(source: CorpusStore, destination: CorpusStore, *,
                progress: Callable[[int, int], None] | None = None,
                restart: bool = False) -> CopyResult:
    """Copy every article of `source` into `destination` (see the module)."""
    if source.corpus_id() == destination.corpus_id():
        raise StoreError("la source et la destination sont le même corpus")
    result = CopyResult(source_articles=source.count())
    key = checkpoint_key(source)
    after = None if restart else (destination.get_meta(key) or None)
    result.resumed_after = after
    done = 0
    batch: list[Article] = []
    for article in _articles_after(source, after or ""):
        batch.append(article)
        if len(batch) >= BATCH:
            done += _write(destination, batch, key, result)
            batch = []
            if progress is not None:
                progress(done, result.source_articles)
    if batch:
        done += _write(destination, batch, key, result)
    if progress is not None:
        progress(done, result.source_articles)
    _check(source, destination, result)
    if result.ok and (after or done):
        destination.set_meta(key, "")  # complete: the next copy reads everything again
    return result


def _articles_after(source: CorpusStore, after: str) -> Iterator[Article]:
    for article in source.iter_articles():
        if article.id > after:
            yield article


def _write(destination: CorpusStore, batch: list[Article], key: str,
           result: CopyResult) -> int:
    with destination.transaction():  # the batch and its checkpoint: both or neither
        counts = destination.upsert_many(batch, batch_size=len(batch))
        destination.set_meta(key, batch[-1].id)
    for name, n in counts.items():
        result.copied[name] = result.copied.get(name, 0) + n
    return len(batch)


def _check(source: CorpusStore, destination: CorpusStore, result: CopyResult) -> None:
    """Every source article in the destination, with the same content."""
    chunk: list[Article] = []
    for article in source.iter_articles():
        chunk.append(article)
        if len(chunk) >= CHECK_CHUNK:
            _compare(chunk, destination, result)
            chunk = []
    if chunk:
        _compare(chunk, destination, result)
    result.destination_articles = destination.count()


def _compare(chunk: list[Article], destination: CorpusStore, result: CopyResult) -> None:
    there = destination.get_many(a.id for a in chunk)
    for article in chunk:
        copy = there.get(article.id)
        if copy is None:
            result.missing += 1
        elif copy.content_hash() != article.content_hash():
            result.different += 1
