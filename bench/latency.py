"""Latency of the whole search, Veille against stock Whoosh and bm25s, in one run.

Three corpora: the 761 PIAF paragraphs (a small collection of short texts) with PIAF
questions; 1,000 and 10,000 synthetic articles (bench/search_perf.py's generator, ~600
words each) with PIAF questions and synthetic 1-3 keyword queries, half and half.
Measured per query, on one open index:
- Veille: `Searcher.search(q, limit=10)`: ranking, re-ranking, snippets of the 10 hits,
  facets, suggestion (everything `veille search` shows);
- stock Whoosh: `LanguageAnalyzer("fr")` on stored title and text, OR of the words, top 10
  without and with `hit.highlights("text")` for the 10 hits;
- bm25s: top 10 ids (no snippets, no facets: a lower bound, not a like-for-like figure).
Medians and p95 in ms, the ratio Veille / stock Whoosh with highlights, and the load
average (the machine is shared: compare within one run).
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path
from typing import Any

from bench.ranking import SCORER_DIR, _stock_index, bm25s_system, scorer, veille_home


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _load_average() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def _time_all(runs: dict[str, Any], queries: list[str]) -> dict[str, list[float]]:
    """Each query through every system in turn (interleaved: a load spike or a cold cache
    falls on all of them alike)."""
    for run in runs.values():
        run(queries[0])  # warm up (first segment loads)
    out: dict[str, list[float]] = {name: [] for name in runs}
    for q in queries:
        for name, run in runs.items():
            t0 = time.perf_counter()
            run(q)
            out[name].append((time.perf_counter() - t0) * 1000)
    return out


def measure(name: str, docs: list[dict[str, Any]], queries: list[str]) -> list[str]:
    import indexer

    home, _ = veille_home(docs)
    stock, parser = _stock_index(docs, stored=True)

    def bare(q: str, highlights: bool) -> None:
        hits = stock.search(parser.parse(q), limit=10)
        if highlights:
            for hit in hits:
                hit.highlights("text")
        else:
            list(hits)

    with indexer.Searcher(home) as searcher:
        runs: dict[str, Any] = {
            "Veille (search + snippets + facets)": lambda q: searcher.search(q, limit=10),
            "stock Whoosh fr OR": lambda q: bare(q, False),
            "stock Whoosh fr OR + highlights": lambda q: bare(q, True)}
        try:
            bm = bm25s_system(docs)
            runs["bm25s fr (ids only)"] = lambda q: bm({"text": q}, 10)
        except ImportError:
            pass
        timings = _time_all(runs, queries)
    reference = statistics.median(timings["stock Whoosh fr OR + highlights"])
    rows = []
    for system, values in timings.items():
        med = statistics.median(values)
        rows.append(f"| {name} | {system} | {med:.2f} | {_pct(values, 95):.2f} | "
                    f"x{med / reference:.2f} |")
    return rows


def synthetic(n: int, count: int = 100) -> tuple[list[dict[str, Any]], list[str]]:
    from bench.search_perf import make_docs, make_queries

    raw, zipf, _ = make_docs(n)
    docs = [{"id": str(d["url"]), "title": str(d["title"]), "text": str(d["text"]),
             "source": str(d["source"])} for d in raw]
    return docs, make_queries(zipf, count)


def latency_tables(workdir: str, count: int, operators: bool = True) -> None:
    del workdir  # indexes live in temporary directories removed at exit
    score_ir = scorer()
    docs, queries, _ = score_ir.load(str(SCORER_DIR / "piaf"))
    questions = [q["text"] for q in random.Random(3).sample(queries, count)]
    print(f"\nlatency, load average at start {_load_average()}")
    print("| corpus | system | median ms | p95 ms | median / Whoosh+highlights |")
    print("|---|---|---|---|---|")
    for row in measure(f"PIAF {len(docs)} docs, {len(questions)} questions", docs, questions):
        print(row, flush=True)
    small, keywords = synthetic(1_000, count)
    mixed = questions[:count // 2] + keywords[:count // 2]
    for row in measure(f"synthetic {len(small):,} docs, {len(mixed)} queries", small, mixed):
        print(row, flush=True)
    big, keywords = synthetic(10_000, count)
    mixed = questions[:count // 2] + keywords[:count // 2]
    for row in measure(f"synthetic {len(big):,} docs, {len(mixed)} queries", big, mixed):
        print(row, flush=True)
    if operators:
        boolean_table(big, [q for q in keywords if " " in q][:count // 4])
    print(f"load average at end {_load_average()}")


def boolean_table(docs: list[dict[str, Any]], pairs: list[str]) -> None:
    """Operator queries on the fast path against the same queries through Whoosh's
    matchers (`Ranking(fast_path=False)`), same index, same run."""
    import indexer
    from indexer.ranking import Ranking

    home, _ = veille_home(docs)
    print(f"\noperators, {len(docs):,} docs, {len(pairs)} word pairs (median / p95 ms)")
    print("| query form | fast path | Whoosh matchers | ratio |")
    print("|---|---|---|---|")
    forms = {"a b": "{} {}", "a AND b": "{} AND {}", "a OR b": "{} OR {}",
             "a NOT b": "{} NOT {}"}
    with indexer.Searcher(home) as fast, \
            indexer.Searcher(home, ranking=Ranking(fast_path=False)) as slow:
        for label, pattern in forms.items():
            queries = [pattern.format(*q.split()[:2]) for q in pairs]
            t = _time_all({"fast": lambda q: fast.search(q, limit=10),
                           "slow": lambda q: slow.search(q, limit=10)}, queries)
            a, b = t["fast"], t["slow"]
            print(f"| {label} | {statistics.median(a):.1f} / {_pct(a, 95):.1f} | "
                  f"{statistics.median(b):.1f} / {_pct(b, 95):.1f} | "
                  f"x{statistics.median(a) / statistics.median(b):.2f} |", flush=True)
