"""More-like-this: an article's most distinctive words, as a weighted query."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from corpus import Article
from indexer.analysis import DEFAULT_CHAIN

TOP_TERMS = 25
MAX_CHARS = 20_000


def similar_query(searcher: Any, article: Article) -> tuple[Any | None, list[str]]:
    """(query, stems) for articles like `article`; (None, []) when it has no usable word."""
    from whoosh import query as wq

    text = f"{article.title}\n{article.title}\n{article.lead}\n{article.text}"[:MAX_CHARS]
    counts = Counter(t for t in DEFAULT_CHAIN.terms(text) if len(t) > 2 and not t.isdigit())
    reader = searcher.reader()
    total = max(reader.doc_count(), 1)
    weighted = []
    for stem, tf in counts.items():
        df = reader.doc_frequency("text", stem)
        if df <= 1 and total > 1:
            continue  # only this article has it: finds nothing else
        idf = math.log(1 + total / (df + 1))
        weighted.append((tf * idf, stem))
    weighted.sort(reverse=True)
    top = weighted[:TOP_TERMS]
    if not top:
        return None, []
    peak = top[0][0]
    terms = [wq.Term("text", stem, boost=weight / peak) for weight, stem in top]
    return wq.Or(terms), [stem for _, stem in top]
