"""Second-stage ranking of the top candidates: words as typed and word pairs count more.

BM25F matches stems, so "Françoise" also finds "français" pages and "mari" finds
"marié". On the top candidates (50 by default), read from the corpus, this adds
- for each query word present in the article in exactly the typed form (accents and case
  aside), its idf, times `exact_weight`;
- for each pair of consecutive query words found consecutive in the article (stop words
  aside), `pair_weight`.
It keeps the all-keywords-first tiers. Tuned on PIAF (docs/performance.md): +0.02 MRR@10.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from corpus import Article
from indexer.analysis import DEFAULT_CHAIN, surface_words
DEPTH = 50                            # default re-ranking depth (Ranking.rerank_depth)
CACHE = 2_000                         # analysed articles kept


class Reranker:
    def __init__(self, exact_weight: float, pair_weight: float) -> None:
        self.exact_weight = exact_weight
        self.pair_weight = pair_weight
        self._docs: OrderedDict[tuple[str, int], tuple[frozenset[str], frozenset[Any]]]
        self._docs = OrderedDict()

    def _features(self, article: Article, text: str) -> tuple[frozenset[str], frozenset[Any]]:
        key = (article.id, hash(text))
        found = self._docs.get(key)
        if found is None:
            words = surface_words(text)
            found = (frozenset(words), frozenset(zip(words, words[1:], strict=False)))
            self._docs[key] = found
            if len(self._docs) > CACHE:
                self._docs.popitem(last=False)
        else:
            self._docs.move_to_end(key)
        return found

    def rerank(self, candidates: Sequence[tuple[int, float, int]], query_words: str,
               ids: Callable[[int], str], articles: Callable[[list[str]], dict[str, Article]],
               text_of: Callable[[Article], str], idf: Callable[[str], float]
               ) -> list[tuple[int, float]]:
        """`candidates` (docnum, score, tier) best first → (docnum, new score) best first."""
        words = surface_words(query_words)
        if not candidates or not words or not (self.exact_weight or self.pair_weight):
            return [(d, s) for d, s, _ in candidates]
        weights = {w: idf(stem) for w in set(words)
                   if (stem := DEFAULT_CHAIN.term(w)) is not None}
        pairs = set(zip(words, words[1:], strict=False))
        doc_ids = [ids(d) for d, _, _ in candidates]
        found = articles(doc_ids)
        scored = []
        for rank, ((docnum, score, tier), aid) in enumerate(zip(candidates, doc_ids,
                                                                strict=True)):
            article = found.get(aid)
            bonus = 0.0
            if article is not None:
                forms, doc_pairs = self._features(article, text_of(article))
                bonus = self.exact_weight * sum(w for f, w in weights.items() if f in forms)
                bonus += self.pair_weight * len(pairs & doc_pairs)
            scored.append((tier, score + bonus, -rank, docnum))
        scored.sort(reverse=True)
        return [(docnum, score) for _, score, _, docnum in scored]
