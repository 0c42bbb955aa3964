"""More-like-this: an article's most distinctive words, weighted for the engine."""

from __future__ import annotations

import math
from collections import Counter

from corpus import Article
from indexer.analysis import DEFAULT_CHAIN
from indexer.engine import TermStats

TOP_TERMS = 25
MAX_CHARS = 20_000


def distinctive_terms(stats: TermStats, article: Article) -> list[tuple[str, float]]:
    """(stem, weight) of the TOP_TERMS words of `article` by tf·idf, the first weighing 1;
    [] when it has no usable word (one only it holds finds nothing else)."""
    text = f"{article.title}\n{article.title}\n{article.lead}\n{article.text}"[:MAX_CHARS]
    counts = Counter(t for t in DEFAULT_CHAIN.terms(text) if len(t) > 2 and not t.isdigit())
    total = max(stats.doc_count(), 1)
    weighted = []
    for stem, tf in counts.items():
        df = stats.doc_frequency("text", stem)
        if df <= 1 and total > 1:
            continue  # only this article has it: finds nothing else
        idf = math.log(1 + total / (df + 1))
        weighted.append((tf * idf, stem))
    weighted.sort(reverse=True)
    top = weighted[:TOP_TERMS]
    if not top:
        return []
    peak = top[0][0]
    return [(stem, weight / peak) for weight, stem in top]
