"""Latency of the two search paths on an existing home, and their results, for comparing
two checkouts of the code on the same index.

    PYTHONHASHSEED=0 python -m bench.search_path HOME [--mode typing|exact] [--queries 200]
        [--results FILE.json]

The queries are `bench.scale`'s (1-3 words, `bench.search_perf.make_queries`, seed 11):
`exact` is `Searcher.search(q, limit=10)` (top 10, snippets, facets, suggestion), `typing`
what the workbench asks at each keystroke (`budget_ms=30, snippets=False`), on one fresh
Searcher after one warm-up search. Prints p50 / p95 / max of the wall and CPU (process)
time per query and the load average. `--results` writes every query's hits (ids, scores as
`repr`, title spans, snippets, reprints), totals, facets and suggestion: two checkouts give
the same file when they give the same results (set PYTHONHASHSEED: the re-ranker sums its
bonuses in the order of a set of words, so the last bit of a score may differ between
processes otherwise).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

import indexer
from bench.scale_corpus import words
from bench.search_perf import make_queries, pct


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("home", type=Path)
    parser.add_argument("--mode", choices=("typing", "exact"), default="typing")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--results", type=Path)
    args = parser.parse_args(argv)
    zipf, _ = words()
    queries = make_queries(zipf, args.queries)
    options: dict[str, Any] = {"limit": 10} if args.mode == "exact" else \
        {"limit": 10, "budget_ms": 30.0, "snippets": False}
    walls, cpus, results = [], [], []
    with indexer.Searcher(args.home) as searcher:
        searcher.search("warm up", **options)
        for query in queries:
            wall, cpu = time.perf_counter(), time.process_time()
            result = searcher.search(query, **options)
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
            results.append(_result(query, result))
    if args.results is not None:
        args.results.write_text(json.dumps(results, ensure_ascii=False, indent=0))
    print(f"{args.mode}: wall p50 {pct(walls, 50):.1f} p95 {pct(walls, 95):.1f} "
          f"max {max(walls):.1f} ms | CPU p50 {pct(cpus, 50):.1f} p95 {pct(cpus, 95):.1f} ms"
          f" | {len(queries)} queries | load average "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()))


def _result(query: str, result: indexer.SearchResult) -> dict[str, Any]:
    return {"q": query, "total": result.total, "complete": result.complete,
            "facets": result.facets, "suggestion": result.suggestion,
            "hits": [[h.id, repr(h.score), list(h.title_spans), h.snippet,
                      [r.id for r in h.reprints], h.story, h.story_size]
                     for h in result.hits]}


if __name__ == "__main__":
    main()
