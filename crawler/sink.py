"""Writing what the crawl found, in small transactions: the corpus first, then the state.

Articles and state updates are buffered and committed every `batch` items or `interval`
seconds, whichever comes first. The corpus transaction commits before the state records
the articles as stored, so a crawl killed between the two only re-fetches a few pages next
time; it never believes an article is stored when it is not.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from corpus import Article, CorpusStore, Upsert
from crawler.state import CrawlState

StateOp = Callable[[CrawlState], None]


@dataclass
class _Pending:
    article: Article
    on_stored: Callable[[Article, Upsert], None]
    state_ops: list[StateOp]


class Sink:
    """Buffered writes to the corpus store and the crawl state."""

    def __init__(self, store: CorpusStore, state: CrawlState, *, batch: int = 25,
                 interval: float = 0.5) -> None:
        self.store = store
        self.state = state
        self.batch = batch
        self.interval = interval
        self._articles: list[_Pending] = []
        self._ops: list[StateOp] = []
        self._since: float | None = None

    def article(self, article: Article, on_stored: Callable[[Article, Upsert], None],
                *state_ops: StateOp) -> None:
        """Store `article`; then run `state_ops` and call `on_stored(article, outcome)`."""
        self._articles.append(_Pending(article, on_stored, list(state_ops)))
        self._touch()

    def state_op(self, op: StateOp) -> None:
        self._ops.append(op)
        self._touch()

    def _touch(self) -> None:
        if self._since is None:
            self._since = time.monotonic()
        self.maybe_flush()

    def maybe_flush(self) -> None:
        if self._since is None:
            return
        if (len(self._articles) + len(self._ops) >= self.batch
                or time.monotonic() - self._since >= self.interval):
            self.flush()

    def flush(self) -> None:
        articles, ops = self._articles, self._ops
        self._articles, self._ops, self._since = [], [], None
        outcomes: list[Upsert] = []
        if articles:
            with self.store.transaction():
                outcomes = [self.store.upsert(p.article) for p in articles]
        state_ops = [op for p in articles for op in p.state_ops] + ops
        if state_ops:
            with self.state.transaction() as state:
                for op in state_ops:
                    op(state)
        for pending, outcome in zip(articles, outcomes, strict=True):
            pending.on_stored(pending.article, outcome)
