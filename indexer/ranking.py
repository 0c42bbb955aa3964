"""What a search counts and in which order: one definition for every surface.

The *result set* of a query with its filters:
- the articles holding every keyword (the *complete* matches, `all_terms`);
- when the query has several keywords and fewer than RELAX_BELOW articles hold them all,
  the search *relaxes*: the articles holding only some of them follow (`relaxed`).

`total` is the size of that set, whatever the page (`limit`, `offset`), the sort or the
window; facets and the month strip count that same set; `search_ids` lists it, in the
order the pages slice. The order is a total one, so pages are disjoint and an offset walk
covers `total` articles exactly once:
- relevance: complete matches first, then by score, the first `rerank_depth` re-ranked
  (a fixed depth: every page sees the same re-ranking), ties by index order;
- date: newest first, ties by index order (fast path) or by id (other queries).

Watches count and list only the complete matches (`partial=False`).

Grouped by story (the default of `Searcher.search`, indexer.grouping), a hit is a story:
`total` counts the stories of that set, the facets the stories holding each value, and
the pages slice the stories in the same total order; `total_articles` stays the size of
the set of articles.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

RELAX_BELOW = 10   # relax when fewer complete matches than a default page of results


@dataclass
class Ranked:
    """A result set in its order: (docnum, score) pairs, at least the first asked for."""

    docs: list[tuple[int, float]]
    total: int
    all_terms: int
    relaxed: bool
    complete: bool = True      # False: a time budget cut the search short
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    holds: Callable[[int], bool] | None = None  # whether a docnum is in the whole set


def relaxes(keywords: int, all_terms: int, total: int, partial: bool | None,
            question: bool = False) -> bool:
    """Whether the result set takes in the articles holding only some keywords.

    `partial` forces the answer (True: always, False: never); None applies the rule: a
    question in plain French always relaxes (its answer seldom holds every word), keywords
    relax below RELAX_BELOW complete matches.
    """
    if keywords < 2 or total <= all_terms:
        return False
    if partial is not None:
        return partial
    return question or all_terms < RELAX_BELOW


def relaxed_note(all_terms: int) -> str:
    """The note of a relaxed search, in French, with the right plural."""
    if all_terms == 0:
        return "aucun article ne contient tous les mots : voici ceux qui en contiennent une partie"
    if all_terms == 1:
        return "1 article contient tous les mots ; les suivants en contiennent une partie"
    return (f"{all_terms} articles contiennent tous les mots ; les suivants en contiennent "
            "une partie")


@dataclass
class Ranking:
    """Ranking knobs. Decided on the tuning half of PIAF (paragraphs and whole articles)
    and never on its held-out half; see docs/performance.md "Ranking" for what each
    figure was decided on."""

    title_boost: float = 0.5
    all_terms_bonus: float = 1000.0
    k1: float = 0.9
    b: float = 0.75
    fast_path: bool = True     # keyword queries by term-at-a-time scoring (same ranking)
    exact_weight: float = 0.4  # re-ranking of the top candidates (indexer.rerank)
    pair_weight: float = 2.0
    rerank_depth: int = 50
    rerank_head: int = 20_000  # characters of each candidate the re-ranker reads
    title_weight: float = 2.0  # re-ranking: share of the query (by idf) in title (lead: half)

    question_soft: bool = True   # questions: no all-keywords-first tier (indexer.questions)
    scaffolding: bool = True     # questions: drop their framing words

    idf: str = "lucene"        # "lucene": log(1 + (N - df + .5) / (df + .5)); "whoosh"
