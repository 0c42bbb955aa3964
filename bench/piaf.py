"""PIAF French retrieval benchmark through Veille's real pipeline (corpus → index → search).

    python ../shared/bench/french-ir/score_ir.py bench.piaf:factory        (from the repo root)
    python bench/piaf.py [--title-boost 2] [--bonus 1000] [--max-queries N]  (same scorer)

The data (761 French Wikipedia paragraphs, 3,835 questions) is read from
../shared/bench/french-ir when present; this script says so and stops when it is absent.
Each paragraph becomes an Article in a temporary home; queries go through
`indexer.Searcher.search` exactly as `veille search` does.
"""

from __future__ import annotations

import argparse
import atexit
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

SCORER_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "french-ir"


SearchFn = Callable[[str, int], list[str]]


def make_factory(**ranking: Any) -> Callable[[list[dict[str, Any]]], SearchFn]:
    def factory(docs: list[dict[str, Any]]) -> SearchFn:
        import indexer
        from corpus import Article, Home, Store
        from indexer.compile import Ranking

        root = tempfile.mkdtemp(prefix="veille-piaf-")
        atexit.register(shutil.rmtree, root, True)
        home = Home.resolve(root).ensure()
        by_article: dict[str, str] = {}
        with Store.open(home.corpus_db) as store:
            articles = []
            for doc in docs:
                art = Article(url=f"https://piaf.example/{doc['id']}", title=doc["title"],
                              text=doc["text"], source="piaf")
                by_article[art.id] = doc["id"]
                articles.append(art)
            store.upsert_many(articles)
        indexer.update_index(home, rebuild=True, procs=1)
        searcher = indexer.Searcher(home, ranking=Ranking(**ranking))
        atexit.register(searcher.close)

        def search(query: str, k: int) -> list[str]:
            result = searcher.search(query, limit=k, snippets=False)
            return [by_article[h.id] for h in result.hits]

        return search

    return factory


factory = make_factory()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--title-boost", type=float, default=None)
    ap.add_argument("--bonus", type=float, default=None)
    ap.add_argument("--k1", type=float, default=None)
    ap.add_argument("--b", type=float, default=None)
    ap.add_argument("--exact", type=float, default=None)
    ap.add_argument("--pair", type=float, default=None)
    ap.add_argument("--idf", choices=("lucene", "whoosh"), default=None)
    ap.add_argument("--depth", type=int, default=None, help="re-ranking depth")
    ap.add_argument("--max-queries", type=int, default=None)
    a = ap.parse_args(argv)
    if not (SCORER_DIR / "score_ir.py").exists():
        print(f"PIAF benchmark data absent: {SCORER_DIR} not found; nothing measured")
        return 1
    sys.path.insert(0, str(SCORER_DIR))
    import score_ir  # type: ignore[import-not-found]

    ranking: dict[str, Any] = {}
    if a.title_boost is not None:
        ranking["title_boost"] = a.title_boost
    if a.bonus is not None:
        ranking["all_terms_bonus"] = a.bonus
    if a.k1 is not None:
        ranking["k1"] = a.k1
    if a.b is not None:
        ranking["b"] = a.b
    for name, value in (("exact_weight", a.exact), ("pair_weight", a.pair), ("idf", a.idf),
                        ("rerank_depth", a.depth)):
        if value is not None:
            ranking[name] = value
    s = score_ir.evaluate(make_factory(**ranking), max_queries=a.max_queries)
    print(f"veille {ranking or 'defaults'}: MRR@10 {s['MRR@10']:.4f}  R@10 {s['Recall@10']:.4f}  "
          f"nDCG@10 {s['nDCG@10']:.4f}  R@1 {s['Recall@1']:.4f}  R@100 {s['Recall@100']:.4f}  "
          f"q={s['n_queries']}  index {s['index_s']:.1f}s  {s['ms_per_query']:.2f} ms/q")
    return 0


if __name__ == "__main__":
    sys.exit(main())
