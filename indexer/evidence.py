"""What "did you mean" weighs word pairs with (`indexer.suggest.Evidence`), for one search:
headlines holding terms side by side (an engine lookup: titles keep positions), and a
sample of the articles holding the terms, read from the corpus."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from corpus import Article, CorpusStore
from indexer.analysis import DEFAULT_CHAIN
from indexer.engine import DocNum, SearchEngine
from indexer.suggest import PAIR_SAMPLE


class Evidence:
    def __init__(self, engine: SearchEngine, store: CorpusStore,
                 text_of: Callable[[Article], str]) -> None:
        self._engine = engine
        self._store = store
        self._text_of = text_of
        self._terms: dict[DocNum, list[str]] = {}

    def in_titles(self, stems: Sequence[str]) -> int:
        return self._engine.titles_with_phrase(stems, limit=1)  # asked: is there one?

    def side_by_side(self, stems: Sequence[str], enough: int) -> int:
        """In how many of the first PAIR_SAMPLE articles holding `stems` they follow each
        other (stop words aside); counting stops at `enough`."""
        docs = self._engine.docs_with_all(stems, limit=PAIR_SAMPLE)
        wanted, n, count = list(stems), len(stems), 0
        for docnum in docs:
            terms = self._terms_of(docnum)
            if any(t == wanted[0] and terms[k:k + n] == wanted for k, t in enumerate(terms)):
                count += 1
                if count >= enough:
                    break
        return count

    def _terms_of(self, docnum: DocNum) -> list[str]:
        found = self._terms.get(docnum)
        if found is None:
            article = self._store.get(self._engine.ids([docnum])[0])
            found = DEFAULT_CHAIN.terms(self._text_of(article)) if article else []
            self._terms[docnum] = found
        return found
