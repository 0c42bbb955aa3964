"""Second-stage ranking of the top candidates: words as typed and word pairs count more.

BM25F matches stems, so "Françoise" also finds "français" pages and "mari" finds
"marié". On the top candidates (50 by default) this adds
- for each query word present in the article in exactly the typed form (accents and case
  aside), its idf, times `exact_weight`;
- for each pair of consecutive query words found consecutive in the article (stop words
  and punctuation aside), `pair_weight`.
It keeps the all-keywords-first tiers.

The evidence is read from each article's head: title, lead, then the beginning of the
body, `HEAD_CHARS` characters in all. A press article says what it is about in its
title and first paragraphs; a word pair met by chance deep in a long page is weak
evidence, and a scan bounded per article keeps the cost of a search independent of how
long the articles are. An article's folded head and the stems of its title and lead do
not depend on the query: they are computed once and kept per searcher (`FeatureCache`);
which query words and pairs a head holds is found where those words occur
(`indexer.heads`), and kept with it.
Weights decided on the tuning half of PIAF (docs/performance.md).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence

from corpus import Article
from indexer.analysis import DEFAULT_CHAIN, surface_words
from indexer.heads import MAX_STOPS, Head, fold_text

__all__ = ["CACHED", "DEPTH", "HEAD_CHARS", "MAX_STOPS", "FeatureCache", "Head", "Reranker",
           "head_text"]

DEPTH = 50          # default re-ranking depth (Ranking.rerank_depth)
HEAD_CHARS = 20_000  # characters of an article (title, lead, body) the features come from
CACHED = 2000       # articles whose folded heads a searcher keeps (~15 MB of press articles)


def head_text(article: Article, limit: int = HEAD_CHARS) -> str:
    """Title, lead, body, tags, section: the first `limit` characters."""
    parts = []
    size = 0
    for part in (article.title, article.lead, article.text, " ".join(article.tags),
                 article.section):
        if not part:
            continue
        parts.append(part[:max(0, limit - size)])
        size += len(parts[-1]) + 1
        if size >= limit:
            break
    return "\n".join(parts)


class FeatureCache:
    """Per-searcher LRU of article heads (`indexer.heads.Head`), by article id (articles
    change only with a new index commit; the searcher drops the cache when it reopens)."""

    def __init__(self, size: int = CACHED, head_chars: int = HEAD_CHARS) -> None:
        self.size = size
        self.head_chars = head_chars
        self._cache: OrderedDict[str, Head] = OrderedDict()

    def clear(self) -> None:
        self._cache.clear()

    def get_many(self, ids: list[str],
                 articles: Callable[[list[str]], dict[str, Article]]) -> dict[str, Head]:
        found: dict[str, Head] = {}
        missing = []
        for aid in ids:
            head = self._cache.get(aid)
            if head is None:
                missing.append(aid)
            else:
                self._cache.move_to_end(aid)
                found[aid] = head
        if missing:
            for aid, article in articles(missing).items():
                head = found[aid] = Head(fold_text(head_text(article, self.head_chars)),
                                         frozenset(DEFAULT_CHAIN.terms(article.title)),
                                         frozenset(DEFAULT_CHAIN.terms(article.lead)))
                self._cache[aid] = head
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return found


def _head_share(stems: dict[str, float], head: Head) -> float:
    """The idf mass of the query stems the title holds, plus half of what the lead
    holds that the title does not."""
    return sum(w if st in head.title else w / 2 if st in head.lead else 0.0
               for st, w in stems.items())


class Reranker:
    def __init__(self, exact_weight: float, pair_weight: float,
                 cache: FeatureCache | None = None, title_weight: float = 0.0) -> None:
        self.exact_weight = exact_weight
        self.pair_weight = pair_weight
        self.title_weight = title_weight
        self.cache = cache or FeatureCache()

    def rerank(self, candidates: Sequence[tuple[int, float, int]], query_words: str,
               ids: Callable[[int], str], articles: Callable[[list[str]], dict[str, Article]],
               idf: Callable[[str], float]) -> list[tuple[int, float]]:
        """`candidates` (docnum, score, tier) best first → (docnum, new score) best first."""
        words = surface_words(query_words)
        if not candidates or not words or not (self.exact_weight or self.pair_weight
                                                or self.title_weight):
            return [(d, s) for d, s, _ in candidates]
        weights = {w: idf(stem) for w in set(words)
                   if (stem := DEFAULT_CHAIN.term(w)) is not None}
        pairs = set(zip(words, words[1:], strict=False))
        stems = {stem: w for f, w in weights.items() if (stem := DEFAULT_CHAIN.term(f))}
        all_stems = sum(stems.values()) or 1.0
        doc_ids = [ids(d) for d, _, _ in candidates]
        found = self.cache.get_many(doc_ids, articles)
        scored = []
        for rank, ((docnum, score, tier), aid) in enumerate(zip(candidates, doc_ids,
                                                                strict=True)):
            head = found.get(aid)
            bonus = 0.0
            if head is not None:
                if self.exact_weight:
                    bonus = self.exact_weight * sum(w for f, w in weights.items()
                                                    if head.has_word(f))
                if self.pair_weight:
                    bonus += self.pair_weight * sum(1 for a, b in pairs if head.has_pair(a, b))
                if self.title_weight:
                    bonus += self.title_weight * _head_share(stems, head) / all_stems
            scored.append((tier, score + bonus, -rank, docnum))
        scored.sort(reverse=True)
        return [(docnum, score) for _, score, _, docnum in scored]
