"""BM25F with Lucene's idf (the one of Elasticsearch and bm25s).

Whoosh's idf, log(N / (df + 1)) + 1, keeps words found in most documents at a weight of
1 or more, so in a question the rare, telling words count little more than "année" or
"nom". Lucene's log(1 + (N - df + 0.5) / (df + 0.5)) falls towards 0 for such words.
"""

from __future__ import annotations

from math import log
from typing import Any

from whoosh.scoring import BM25F

from indexer.ranking import Ranking


class LuceneBM25F(BM25F):  # type: ignore[misc]
    def idf(self, searcher: Any, fieldname: str, text: str) -> float:
        parent = searcher.get_parent()
        df = parent.doc_frequency(fieldname, text)
        n = parent.doc_count_all()
        return log(1 + (n - df + 0.5) / (df + 0.5))


def weighting(ranking: Ranking) -> Any:
    """The Whoosh weighting of `ranking`: BM25F with Lucene's idf, or Whoosh's own."""
    if ranking.idf == "whoosh":
        return BM25F(B=ranking.b, K1=ranking.k1)
    return LuceneBM25F(B=ranking.b, K1=ranking.k1)
