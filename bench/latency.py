"""Latency of the whole search, Veille against stock Whoosh and bm25s, in one run.

Two corpora: the 761 PIAF paragraphs (a small collection) with the PIAF questions, and
10,000 synthetic articles (bench/search_perf.py's generator, ~600 words each) with the
PIAF questions and synthetic 1-3 keyword queries. Measured per query, on one open index:
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


def _time(run: Any, queries: list[str]) -> list[float]:
    run(queries[0])  # warm up (first segment loads)
    out = []
    for q in queries:
        t0 = time.perf_counter()
        run(q)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def measure(name: str, docs: list[dict[str, Any]], queries: list[str]) -> list[str]:
    import indexer

    home, _ = veille_home(docs)
    rows = []
    with indexer.Searcher(home) as searcher:
        ours = _time(lambda q: searcher.search(q, limit=10), queries)
    stock, parser = _stock_index(docs, stored=True)

    def bare(q: str, highlights: bool) -> None:
        hits = stock.search(parser.parse(q), limit=10)
        if highlights:
            for hit in hits:
                hit.highlights("text")
        else:
            list(hits)

    plain = _time(lambda q: bare(q, False), queries)
    lit = _time(lambda q: bare(q, True), queries)
    timings = {"Veille (search + snippets + facets)": ours, "stock Whoosh fr OR": plain,
               "stock Whoosh fr OR + highlights": lit}
    try:
        bm = bm25s_system(docs)
        timings["bm25s fr (ids only)"] = _time(lambda q: bm({"text": q}, 10), queries)
    except ImportError:
        pass
    reference = statistics.median(lit)
    for system, values in timings.items():
        med = statistics.median(values)
        rows.append(f"| {name} | {system} | {med:.2f} | {_pct(values, 95):.2f} | "
                    f"x{med / reference:.2f} |")
    return rows


def synthetic(n: int) -> tuple[list[dict[str, Any]], list[str]]:
    from bench.search_perf import make_docs, make_queries

    raw, zipf, _ = make_docs(n)
    docs = [{"id": str(d["url"]), "title": str(d["title"]), "text": str(d["text"]),
             "source": str(d["source"])} for d in raw]
    return docs, make_queries(zipf, 100)


def latency_tables(workdir: str, count: int) -> None:
    del workdir  # indexes live in temporary directories removed at exit
    score_ir = scorer()
    docs, queries, _ = score_ir.load(str(SCORER_DIR / "piaf"))
    questions = [q["text"] for q in random.Random(3).sample(queries, count)]
    print(f"\nlatency, load average at start {_load_average()}")
    print("| corpus | system | median ms | p95 ms | median / Whoosh+highlights |")
    print("|---|---|---|---|---|")
    for row in measure(f"PIAF {len(docs)} docs, {len(questions)} questions", docs, questions):
        print(row, flush=True)
    big, keywords = synthetic(10_000)
    mixed = questions[:count // 2] + keywords[:count // 2]
    for row in measure(f"synthetic {len(big):,} docs, {len(mixed)} queries", big, mixed):
        print(row, flush=True)
    print(f"load average at end {_load_average()}")
