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
long the articles are. An article's features (its folded words, its adjacent pairs) do
not depend on the query: they are computed once and kept per searcher (`FeatureCache`).
Weights decided on the tuning half of PIAF (docs/performance.md).
"""

from __future__ import annotations

import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from corpus import Article
from indexer.analysis import (
    _COMBINING,
    DEFAULT_CHAIN,
    STOP_WORDS,
    TOKEN_RE,
    _drop_elision,
    _special,
    surface_words,
)

DEPTH = 50          # default re-ranking depth (Ranking.rerank_depth)
HEAD_CHARS = 20_000  # characters of an article (title, lead, body) the features come from
MAX_STOPS = 4       # stop words between two words still counted as adjacent
CACHED = 4000       # articles whose features a searcher keeps


@dataclass(frozen=True)
class Features:
    """What the re-ranker knows of one article: its folded words, and the hashes of its
    adjacent word pairs (stop words and punctuation aside)."""

    forms: frozenset[str]
    pairs: frozenset[int]


def _fold_text(text: str) -> str:
    """Lowercase, ligatures and typographic apostrophes, accents off (as `fold`)."""
    folded = _special(text.lower())
    if not folded.isascii():
        folded = _COMBINING.sub("", unicodedata.normalize("NFKD", folded))
    return folded


def features(text: str) -> Features:
    """The features of an article's head (`text` already cut to it). Two words are
    adjacent when at most `MAX_STOPS` stop words (and any punctuation) separate them."""
    words = [w if "'" not in w else _drop_elision(w) for w in TOKEN_RE.findall(_fold_text(text))]
    pairs: set[int] = set()
    previous: str | None = None
    stops = 0
    stop_words = STOP_WORDS
    for word in words:
        if word in stop_words:
            stops += 1
            continue
        if previous is not None and stops <= MAX_STOPS:
            pairs.add(hash((previous, word)))
        previous, stops = word, 0
    return Features(frozenset(words) - stop_words, frozenset(pairs))


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
    """Per-searcher LRU of article features, by article id (articles change only with a
    new index commit; the searcher drops the cache when it reopens)."""

    def __init__(self, size: int = CACHED, head_chars: int = HEAD_CHARS) -> None:
        self.size = size
        self.head_chars = head_chars
        self._cache: OrderedDict[str, Features] = OrderedDict()

    def clear(self) -> None:
        self._cache.clear()

    def get_many(self, ids: list[str],
                 articles: Callable[[list[str]], dict[str, Article]]) -> dict[str, Features]:
        found: dict[str, Features] = {}
        missing = []
        for aid in ids:
            feats = self._cache.get(aid)
            if feats is None:
                missing.append(aid)
            else:
                self._cache.move_to_end(aid)
                found[aid] = feats
        if missing:
            for aid, article in articles(missing).items():
                feats = found[aid] = features(head_text(article, self.head_chars))
                self._cache[aid] = feats
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return found


class Reranker:
    def __init__(self, exact_weight: float, pair_weight: float,
                 cache: FeatureCache | None = None) -> None:
        self.exact_weight = exact_weight
        self.pair_weight = pair_weight
        self.cache = cache or FeatureCache()

    def rerank(self, candidates: Sequence[tuple[int, float, int]], query_words: str,
               ids: Callable[[int], str], articles: Callable[[list[str]], dict[str, Article]],
               idf: Callable[[str], float]) -> list[tuple[int, float]]:
        """`candidates` (docnum, score, tier) best first → (docnum, new score) best first."""
        words = surface_words(query_words)
        if not candidates or not words or not (self.exact_weight or self.pair_weight):
            return [(d, s) for d, s, _ in candidates]
        weights = {w: idf(stem) for w in set(words)
                   if (stem := DEFAULT_CHAIN.term(w)) is not None}
        pairs = {hash(p) for p in zip(words, words[1:], strict=False)}
        doc_ids = [ids(d) for d, _, _ in candidates]
        found = self.cache.get_many(doc_ids, articles)
        scored = []
        for rank, ((docnum, score, tier), aid) in enumerate(zip(candidates, doc_ids,
                                                                strict=True)):
            feats = found.get(aid)
            bonus = 0.0
            if feats is not None:
                bonus = self.exact_weight * sum(w for f, w in weights.items()
                                                if f in feats.forms)
                bonus += self.pair_weight * len(pairs & feats.pairs)
            scored.append((tier, score + bonus, -rank, docnum))
        scored.sort(reverse=True)
        return [(docnum, score) for _, score, _, docnum in scored]
