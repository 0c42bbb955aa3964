"""bench/scale.py's measurements on one built home: Veille's searches, SQLite FTS5's, cold CLI.

Queries (the vocabulary and Zipf distribution of the corpus, fixed seeds):
- `plain`: 1-3 words (bench/search_perf.py's make_queries, seed 11), each asked
  exactly (`Searcher.search(q, limit=10)`: top 10, snippets, facets, suggestion) on one
  fresh Searcher, then as the workbench asks while typing (`budget_ms=30,
  snippets=False`: its first paint) on another; top-10 overlap of the two;
- `forms`: pairs of words (seed 13), each in seven forms: `a b`, `a AND b`, `a OR b`,
  `a NOT b`, `titre:a b`, `a b date:YEAR`, `a b source:NAME`, exact, on a third fresh
  Searcher; the forms of pair i run in an order rotated by i (no form always warms the
  caches for the others).
Wall and CPU time per query; the process's RSS (VmRSS, VmHWM) after the exact queries
(one Searcher open) and at the end.

FTS5: the same articles (title, lead + text) in an FTS5 table (unicode61, diacritics
removed: no stemming, no stop words), the same queries translated (implicit AND, AND, OR,
NOT, title: column filter, date and source as WHERE clauses), top 10 by bm25 with
snippet(), then also the counts by source and year (Veille's facets).
"""

from __future__ import annotations

import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.search_perf import SOURCES, Zipf, make_queries, pct

FORMS = ("plain", "and", "or", "not", "title", "date", "source")
BUDGET_MS = 30.0


def pairs(zipf: Zipf, count: int, seed: int = 13) -> list[tuple[str, str, str, str]]:
    """(a, b, year, source) per pair; a != b."""
    rng = random.Random(seed)
    out: list[tuple[str, str, str, str]] = []
    while len(out) < count:
        a, b = zipf.sample(rng, 2)
        if a.lower() != b.lower():
            out.append((a.lower(), b.lower(), str(rng.randint(2019, 2026)),
                        rng.choice(SOURCES)))
    return out


def veille_form(form: str, a: str, b: str, year: str, source: str) -> str:
    return {"plain": f"{a} {b}", "and": f"{a} AND {b}", "or": f"{a} OR {b}",
            "not": f"{a} NOT {b}", "title": f"titre:{a} {b}",
            "date": f"{a} {b} date:{year}", "source": f"{a} {b} source:{source}"}[form]


def summary(values: list[float]) -> dict[str, float]:
    return {"p50": pct(values, 50), "p95": pct(values, 95), "max": max(values),
            "mean": statistics.mean(values)}


def _rss() -> dict[str, float]:
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0]) / 1024
    return found


def _timed(run: Any) -> tuple[Any, float, float]:
    t0, c0 = time.perf_counter(), time.process_time()
    out = run()
    return out, (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000


def worker(home: Path, count: int) -> dict[str, Any]:
    """The Veille measurements (run in a child process: its RSS is the searcher's)."""
    import indexer
    from bench.scale_corpus import words

    zipf, _ = words()
    queries = make_queries(zipf, count)
    out: dict[str, Any] = {"queries": count}
    exact, wall, cpu = [], [], []
    t0 = time.perf_counter()
    with indexer.Searcher(home) as s:
        out["open_ms"] = (time.perf_counter() - t0) * 1000
        s.search("warm up", limit=10)
        for q in queries:
            res, w, c = _timed(lambda q=q: s.search(q, limit=10))
            exact.append([h.id for h in res.hits])
            wall.append(w)
            cpu.append(c)
        out["rss_one_searcher"] = _rss()
    out["exact"], out["exact_cpu"] = summary(wall), summary(cpu)
    fast, wall, cpu, cut = [], [], [], 0
    with indexer.Searcher(home) as s:
        s.search("warm up", limit=10, budget_ms=BUDGET_MS, snippets=False)
        for q in queries:
            res, w, c = _timed(lambda q=q: s.search(q, limit=10, budget_ms=BUDGET_MS,
                                                    snippets=False))
            fast.append([h.id for h in res.hits])
            cut += not res.complete
            wall.append(w)
            cpu.append(c)
    out["typing"], out["typing_cpu"], out["typing_cut"] = summary(wall), summary(cpu), cut
    overlaps = [len(set(e) & set(f)) / len(e) for e, f in zip(exact, fast, strict=True) if e]
    out["overlap"] = statistics.mean(overlaps) if overlaps else 1.0
    out["forms"] = forms(home, zipf, max(20, count // 4))
    out["rss_end"] = _rss()
    out["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def forms(home: Path, zipf: Zipf, count: int) -> dict[str, Any]:
    import indexer

    wall: dict[str, list[float]] = {f: [] for f in FORMS}
    cpu: dict[str, list[float]] = {f: [] for f in FORMS}
    fast: dict[str, int] = {f: 0 for f in FORMS}
    with indexer.Searcher(home) as s:
        s.search("warm up", limit=10)
        for i, (a, b, year, source) in enumerate(pairs(zipf, count)):
            for k in range(len(FORMS)):
                form = FORMS[(i + k) % len(FORMS)]
                q = veille_form(form, a, b, year, source)
                _, w, c = _timed(lambda q=q: s.search(q, limit=10))
                wall[form].append(w)
                cpu[form].append(c)
        from indexer.query import parse

        for a, b, year, source in pairs(zipf, count):
            for form in FORMS:
                q = veille_form(form, a, b, year, source)
                fast[form] += s.engine.plan(parse(q)) is not None  # type: ignore[attr-defined]
    return {"pairs": count, **{f: {"wall": summary(wall[f]), "cpu": summary(cpu[f]),
                                   "fast_path": fast[f]} for f in FORMS}}


def measure_in_child(home: Path, count: int, workdir: Path) -> dict[str, Any]:
    out = workdir / "queries.part.json"
    proc = subprocess.run([sys.executable, "-m", "bench.scale_measure", str(home),
                           str(count), str(out)], text=True, capture_output=True)
    if proc.returncode != 0:
        raise SystemExit(f"query worker failed ({proc.returncode}): {proc.stderr[-2000:]}")
    got: dict[str, Any] = json.loads(out.read_text())
    out.unlink()
    return got


# -- SQLite FTS5 ----------------------------------------------------------------------------

def fts5_build(home: Path, db: Path) -> dict[str, Any]:
    db.unlink(missing_ok=True)
    t0 = time.perf_counter()
    conn = sqlite3.connect(db)
    conn.execute("CREATE VIRTUAL TABLE fts USING fts5(title, body, source UNINDEXED, "
                 "published UNINDEXED, tokenize='unicode61 remove_diacritics 2')")
    conn.execute("ATTACH DATABASE ? AS corpus", (f"file:{home / 'corpus.sqlite3'}?mode=ro",))
    with conn:
        conn.execute("INSERT INTO fts(title, body, source, published) SELECT title, "
                     "lead || char(10) || text, source, published FROM corpus.articles")
    conn.execute("DETACH DATABASE corpus")
    conn.close()
    return {"build_seconds": time.perf_counter() - t0, "db_mb": db.stat().st_size / 1e6}


def fts5_form(form: str, a: str, b: str, year: str, source: str) -> tuple[str, str, list[str]]:
    """(MATCH expression, extra WHERE, its parameters) of a Veille query form."""
    qa, qb = f'"{a}"', f'"{b}"'
    match, where, params = f"{qa} {qb}", "", []
    if form == "and":
        match = f"{qa} AND {qb}"
    elif form == "or":
        match = f"{qa} OR {qb}"
    elif form == "not":
        match = f"{qa} NOT {qb}"
    elif form == "title":
        match = f"title:{qa} {qb}"
    elif form == "date":
        where, params = " AND published >= ? AND published < ?", [f"{year}-01-01",
                                                                  f"{int(year) + 1}-01-01"]
    elif form == "source":
        where, params = " AND source = ?", [source]
    return match, where, params


def fts5_query(conn: sqlite3.Connection, match: str, where: str = "",
               params: list[str] | None = None, facets: bool = True) -> list[Any]:
    args = [match, *(params or [])]
    rows = conn.execute(
        "SELECT rowid, title, snippet(fts, 1, '[', ']', '…', 16) FROM fts "
        f"WHERE fts MATCH ?{where} ORDER BY rank LIMIT 10", args).fetchall()
    if facets:
        conn.execute("SELECT source, substr(published, 1, 4), count(*) FROM fts "
                     f"WHERE fts MATCH ?{where} GROUP BY 1, 2", args).fetchall()
    return rows


def fts5(home: Path, db: Path, count: int) -> dict[str, Any]:
    from bench.scale_corpus import words

    out = fts5_build(home, db)
    zipf, _ = words()
    conn = sqlite3.connect(db)
    top, full = [], []
    for q in make_queries(zipf, count):
        match = " ".join(f'"{w.lower()}"' for w in q.split())
        _, w, _ = _timed(lambda m=match: fts5_query(conn, m, facets=False))
        top.append(w)
        _, w, _ = _timed(lambda m=match: fts5_query(conn, m))
        full.append(w)
    out["queries"] = count
    out["top10"], out["top10_facets"] = summary(top), summary(full)
    wall: dict[str, list[float]] = {f: [] for f in FORMS}
    for a, b, year, source in pairs(zipf, max(20, count // 4)):
        for form in FORMS:
            match, where, params = fts5_form(form, a, b, year, source)
            _, w, _ = _timed(lambda m=match, c=where, p=params: fts5_query(conn, m, c, p))
            wall[form].append(w)
    out["forms"] = {f: summary(v) for f, v in wall.items()}
    conn.close()
    return out


# -- cold CLI -------------------------------------------------------------------------------

def cold(home: Path, runs: int = 10) -> dict[str, Any]:
    """`veille --home H search Q --json` in fresh processes, distinct queries."""
    from bench.scale_corpus import veille, words

    zipf, _ = words()
    times = []
    for q in make_queries(zipf, runs, seed=17):
        t0 = time.perf_counter()
        proc = subprocess.run([veille(), "--home", str(home), "search", q, "--json"],
                              capture_output=True, text=True, env={**os.environ})
        times.append((time.perf_counter() - t0) * 1000)
        if proc.returncode != 0:
            raise SystemExit(f"veille search {q!r} failed ({proc.returncode}): "
                             f"{proc.stderr.strip()}")
    return {"runs": runs, **summary(times)}


if __name__ == "__main__":
    home_arg, count_arg, out_arg = sys.argv[1:4]
    Path(out_arg).write_text(json.dumps(worker(Path(home_arg), int(count_arg))))
