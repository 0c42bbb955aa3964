"""What "did you mean" weighs word pairs with (`indexer.suggest.Evidence`), for one search:
headlines holding terms side by side (the title field keeps positions), and a sample of the
articles holding the terms, read from the corpus."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

from corpus import Article, Store
from indexer.analysis import DEFAULT_CHAIN
from indexer.suggest import PAIR_SAMPLE


class Evidence:
    def __init__(self, searcher: Any, store: Store, text_of: Callable[[Article], str]) -> None:
        self._searcher = searcher
        self._store = store
        self._text_of = text_of
        self._terms: dict[int, list[str]] = {}

    def in_titles(self, stems: Sequence[str]) -> int:
        """1 when some headline holds `stems` side by side, else 0 (the first one found
        ends the walk: a common pair over a million headlines is a long one)."""
        from whoosh import query as wq

        found = self._searcher.docs_for_query(wq.Phrase("title", list(stems)))
        return sum(1 for _ in itertools.islice(found, 1))

    def side_by_side(self, stems: Sequence[str], enough: int) -> int:
        """In how many of the first PAIR_SAMPLE articles holding `stems` they follow each
        other (stop words aside); counting stops at `enough`."""
        from whoosh import query as wq

        # Whoosh yields docnums in ascending order (segment after segment): the first
        # PAIR_SAMPLE, without intersecting the whole of two common words' postings
        query = wq.And([wq.Term("text", s) for s in stems])
        docs = itertools.islice(self._searcher.docs_for_query(query), PAIR_SAMPLE)
        wanted, n, count = list(stems), len(stems), 0
        for docnum in docs:
            terms = self._terms_of(docnum)
            if any(t == wanted[0] and terms[k:k + n] == wanted for k, t in enumerate(terms)):
                count += 1
                if count >= enough:
                    break
        return count

    def _terms_of(self, docnum: int) -> list[str]:
        found = self._terms.get(docnum)
        if found is None:
            article = self._store.get(self._searcher.stored_fields(docnum)["id"])
            found = DEFAULT_CHAIN.terms(self._text_of(article)) if article else []
            self._terms[docnum] = found
        return found
