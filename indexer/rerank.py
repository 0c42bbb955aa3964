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

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from corpus import Article
from indexer.analysis import DEFAULT_CHAIN, ELISIONS, fold, surface_words
from indexer.snippets import accent_free

DEPTH = 50                            # default re-ranking depth (Ranking.rerank_depth)
_ELIDED = "(?:(?:" + "|".join(sorted(ELISIONS, key=len, reverse=True)) + ")['’])?"


@lru_cache(maxsize=256)
def _forms_pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    """Any of `forms` as a whole word, whatever its accents and case, after an elision."""
    alternatives = "|".join(accent_free(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(r"(?<![\w'’])" + _ELIDED + "(" + alternatives + r")(?![\w]|['’]\w)",
                      re.IGNORECASE)


def features(text: str, forms: tuple[str, ...],
             wanted_pairs: set[tuple[str, str]]) -> tuple[set[str], set[tuple[str, str]]]:
    """Which of the query's word `forms` the text holds as written (accents and case
    aside), and which of `wanted_pairs` follow each other in it (stop words aside).

    One regex scan of the text: no per-word analysis of whole articles.
    """
    present: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    folded: dict[str, str] = {}
    previous: tuple[str, int] | None = None
    for m in _forms_pattern(forms).finditer(text):
        raw = m.group(1)
        form = folded.get(raw)
        if form is None:
            form = folded[raw] = fold(raw)
        present.add(form)
        if previous is not None:
            pair = (previous[0], form)
            if pair in wanted_pairs and pair not in pairs and _adjacent(text, previous[1],
                                                                         m.start()):
                pairs.add(pair)
        previous = (form, m.end())
    return present, pairs


_GAP = re.compile(r"[^\w]*")
MAX_GAP = 40   # characters of stop words and punctuation still counted as adjacent


def _adjacent(text: str, end: int, start: int) -> bool:
    """Only punctuation and stop words between `end` and `start`."""
    gap = _GAP.match(text, end, start)
    if gap is not None and gap.end() == start:
        return True
    return start - end <= MAX_GAP and not surface_words(text[end:start])


class Reranker:
    def __init__(self, exact_weight: float, pair_weight: float) -> None:
        self.exact_weight = exact_weight
        self.pair_weight = pair_weight

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
        query_forms = tuple(sorted(set(words)))
        doc_ids = [ids(d) for d, _, _ in candidates]
        found = articles(doc_ids)
        scored = []
        for rank, ((docnum, score, tier), aid) in enumerate(zip(candidates, doc_ids,
                                                                strict=True)):
            article = found.get(aid)
            bonus = 0.0
            if article is not None:
                forms, doc_pairs = features(text_of(article), query_forms, pairs)
                bonus = self.exact_weight * sum(w for f, w in weights.items() if f in forms)
                bonus += self.pair_weight * len(pairs & doc_pairs)
            scored.append((tier, score + bonus, -rank, docnum))
        scored.sort(reverse=True)
        return [(docnum, score) for _, score, _, docnum in scored]
