"""Ids in batches: what one SQL statement may carry (`WHERE id IN (…)` stays well under
SQLite's 999 host parameters) and what a stream holds in memory at once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from corpus.article import Article
    from corpus.store import CorpusStore

BATCH = 500
T = TypeVar("T")


def batched(items: Iterable[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    """`items` in lists of `size` (the last one shorter)."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def articles_in_order(store: CorpusStore, ids: Iterable[str]) -> Iterator[Article]:
    """The stored articles of `ids`, in that order, read a batch at a time (ids no longer
    stored are skipped): memory stays flat however many ids."""
    for batch in batched(ids):
        found = store.get_many(batch)
        yield from (found[aid] for aid in batch if aid in found)
