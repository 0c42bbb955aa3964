"""Judged queries over the demo corpus: MRR@10 and hits@3, overall and per kind.

    .venv/bin/python bench/judged_queries.py            # crawl the demo sites, then search
    .venv/bin/python bench/judged_queries.py --import   # import the articles as written

The default runs the whole pipeline (demo sites on 127.0.0.1 -> crawler -> extractor ->
index), so it measures search and extraction together; `--import` stores the articles
exactly as written, so it measures the search core alone. The difference between the two
is what extraction costs.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from corpus import Home, article_id, open_store
from tui.demo import DemoSites, JudgedQuery, load_judged_queries, sources_toml


def build_home(home: Home, sites: DemoSites, *, crawl: bool) -> dict[str, Any]:
    """Fill `home` with the demo corpus (crawled or imported) and index it."""
    import indexer

    start = time.monotonic()
    info: dict[str, Any] = {}
    if crawl:
        from crawler import crawl as run_crawl
        from crawler import parse_sources

        report = run_crawl(home, parse_sources(sources_toml(sites), "demo-sources.toml"))
        info["crawl"] = report.summary()
    else:
        with open_store(home) as store:
            store.upsert_many(a.to_article(sites.article_url(a.key)) for a in sites.articles)
    info["load_seconds"] = round(time.monotonic() - start, 2)
    start = time.monotonic()
    info["index"] = indexer.update_index(home).summary()
    info["index_seconds"] = round(time.monotonic() - start, 2)
    return info


def rank_of(judged: JudgedQuery, sites: DemoSites, searcher: Any) -> tuple[int | None, list[str]]:
    """1-based rank of the first expected article in the top 10 (None if absent)."""
    wanted = {article_id(sites.article_url(key)) for key in judged.expected}
    result = searcher.search(judged.query, limit=10, sources=judged.sources,
                             since=judged.since, until=judged.until)
    ids = [hit.id for hit in result.hits]
    for rank, hit_id in enumerate(ids, 1):
        if hit_id in wanted:
            return rank, [hit.url for hit in result.hits[:3]]
    return None, [hit.url for hit in result.hits[:3]]


def evaluate(home: Home, sites: DemoSites, queries: list[JudgedQuery]) -> dict[str, Any]:
    import indexer

    per_kind: dict[str, list[int | None]] = defaultdict(list)
    misses = []
    with indexer.Searcher(home) as searcher:
        for q in queries:
            rank, top = rank_of(q, sites, searcher)
            per_kind[q.kind].append(rank)
            per_kind["all"].append(rank)
            if rank is None or rank > 3:
                misses.append({"query": q.query, "kind": q.kind, "rank": rank,
                               "expected": list(q.expected), "top3": top})
    table = {kind: _scores(ranks) for kind, ranks in sorted(per_kind.items())}
    return {"scores": table, "misses": misses}


def _scores(ranks: list[int | None]) -> dict[str, float | int]:
    n = len(ranks)
    mrr = sum(1 / r for r in ranks if r) / n if n else 0.0
    hits3 = sum(1 for r in ranks if r and r <= 3) / n if n else 0.0
    return {"queries": n, "mrr@10": round(mrr, 3), "hits@3": round(hits3, 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--import", dest="import_", action="store_true",
                        help="store the articles as written instead of crawling the sites")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    queries = load_judged_queries()
    if not queries:
        print("no judged queries bundled in tui/demo/", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="veille-judged-") as tmp, DemoSites() as sites:
        home = Home.resolve(Path(tmp) / "home").ensure()
        info = build_home(home, sites, crawl=not args.import_)
        result = {"mode": "import" if args.import_ else "crawl",
                  "articles": len(sites.articles), **info, **evaluate(home, sites, queries)}
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(f"mode: {result['mode']}, {result['articles']} demo articles, "
          f"{len(queries)} judged queries")
    for key in ("crawl", "index"):
        if key in result:
            print(f"{key}: {result[key]}")
    print(f"{'kind':<14} {'queries':>7} {'MRR@10':>7} {'hits@3':>7}")
    for kind, s in result["scores"].items():
        print(f"{kind:<14} {s['queries']:>7} {s['mrr@10']:>7.3f} {s['hits@3']:>7.3f}")
    for miss in result["misses"]:
        print(f"MISS ({miss['kind']}, rank {miss['rank']}): {miss['query']!r} expected "
              f"{miss['expected']}, top 3: {miss['top3']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
