"""Search-core performance: Veille's indexer against bare Whoosh on the same synthetic corpus.

    python bench/search_perf.py --sizes 10000,100000 [--queries 200] [--workdir DIR]

Corpus: deterministic synthetic French articles (seed 7): a Zipf-distributed vocabulary
(Debian's `wfrench` list at /usr/share/dict/french when installed, else generated
syllable words, which the output says), ~10-word titles, ~600-word bodies, 8 sources,
dates over 2019-2026. Queries: 1-3 words drawn from the same distribution (a harsh set:
some words are in most documents).

Measured for each size, in one run:
- indexing docs/s: bare Whoosh (stock LanguageAnalyzer("fr") on title and body, stored,
  one writer) vs `indexer.update_index(rebuild=True)` (corpus import not counted);
- query latency p50/p95: bare Whoosh (AND over title+body, BM25F, top 10, without and with
  its highlights), Veille exact (`Searcher.search`, top 10 + snippets + facets) and Veille
  search-as-you-type (`budget_ms`), plus the top-10 overlap of the budgeted with the exact.
Built indexes are kept in --workdir and reused when present (--fresh rebuilds them).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import shutil
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

WORDLIST = Path("/usr/share/dict/french")
SOURCES = ["usine-demo", "industrie-mag", "energie-hebdo", "batiment-pro", "agro-actu",
           "tech-eco", "logistique-info", "chimie-presse"]


def vocabulary(rng: random.Random, size: int = 40_000) -> tuple[list[str], str]:
    if WORDLIST.exists():
        words = [w.strip() for w in WORDLIST.read_text(encoding="utf-8").splitlines()]
        words = [w for w in words if w.isalpha() and len(w) > 1]
        rng.shuffle(words)
        return words[:size], f"wfrench ({WORDLIST}, {len(words):,} words, {size:,} used)"
    syllables = ["ba", "cé", "di", "fo", "gu", "la", "mè", "ni", "po", "qua", "ré", "si",
                 "tu", "va", "xé", "zo", "an", "on", "in", "eur", "ion", "ment", "té"]
    words = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
                    for _ in range(size * 2)})[:size]
    rng.shuffle(words)
    return words, f"GENERATED syllable words ({len(words):,}): wfrench is NOT installed"


class Zipf:
    def __init__(self, words: list[str], s: float = 1.07) -> None:
        self.words = words
        weights = [1.0 / (r ** s) for r in range(1, len(words) + 1)]
        self.cum = list(itertools.accumulate(weights))

    def sample(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum, k=k)


def make_docs(n: int, seed: int = 7) -> tuple[list[dict[str, object]], Zipf, str]:
    rng = random.Random(seed)
    words, origin = vocabulary(rng)
    zipf = Zipf(words)
    start = datetime(2019, 1, 1, tzinfo=UTC)
    docs: list[dict[str, object]] = []
    for i in range(n):
        body_words = zipf.sample(rng, 600)
        sentences = [" ".join(body_words[j:j + 15]).capitalize() + "."
                     for j in range(0, 600, 15)]
        paragraphs = ["\n".join(sentences[j:j + 5]) for j in range(0, len(sentences), 5)]
        docs.append({
            "url": f"https://bench.example/{i}",
            "title": " ".join(zipf.sample(rng, 10)).capitalize(),
            "text": "\n\n".join(paragraphs),
            "source": SOURCES[i % len(SOURCES)],
            "published": (start + timedelta(minutes=rng.randrange(8 * 365 * 24 * 60))).isoformat(),
        })
    return docs, zipf, origin


def make_queries(zipf: Zipf, count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(zipf.sample(rng, rng.randint(1, 3))) for _ in range(count)]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


# -- bare Whoosh ---------------------------------------------------------------------------

def build_bare(path: Path, docs: list[dict[str, object]]) -> float:
    from whoosh import index
    from whoosh.analysis import LanguageAnalyzer
    from whoosh.fields import ID, TEXT, Schema

    fr = LanguageAnalyzer("fr")
    schema = Schema(id=ID(stored=True, unique=True), title=TEXT(fr, stored=True),
                    body=TEXT(fr, stored=True))
    path.mkdir(parents=True)
    ix = index.create_in(str(path), schema)
    t0 = time.perf_counter()
    writer = ix.writer(limitmb=256)
    for doc in docs:
        writer.add_document(id=str(doc["url"]), title=doc["title"], body=doc["text"])
    writer.commit()
    return len(docs) / (time.perf_counter() - t0)


def load_average() -> float:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError):
        return -1.0


def query_bare(path: Path, queries: list[str]) -> dict[str, float]:
    from whoosh import index
    from whoosh.qparser import MultifieldParser

    ix = index.open_dir(str(path))
    plain, lit, cpu = [], [], []
    with ix.searcher() as s:
        parser = MultifieldParser(["title", "body"], ix.schema)
        for q in queries:
            t0, c0 = time.perf_counter(), time.process_time()
            results = s.search(parser.parse(q), limit=10)
            list(results)
            plain.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            for hit in results:
                hit.highlights("body")
            lit.append((time.perf_counter() - t0) * 1000)
    return {"p50": pct(plain, 50), "p95": pct(plain, 95),
            "cpu_p50": pct(cpu, 50), "cpu_p95": pct(cpu, 95),
            "hl_p50": pct(lit, 50), "hl_p95": pct(lit, 95)}


# -- Veille ---------------------------------------------------------------------------------

def build_veille(home_dir: Path, docs: list[dict[str, object]], procs: int | None) -> float:
    import indexer
    from corpus import Article, Home, open_store

    home = Home.resolve(home_dir).ensure()
    with open_store(home) as store:
        store.upsert_many(Article.from_json(d) for d in docs)
    t0 = time.perf_counter()
    indexer.update_index(home, rebuild=True, procs=procs)
    return len(docs) / (time.perf_counter() - t0)


def query_veille(home_dir: Path, queries: list[str], budget_ms: float) -> dict[str, float]:
    """Each path on its own fresh Searcher (no cache shared between them): the budgeted
    search-as-you-type path first, then the exact one."""
    import indexer

    def run(budget: float | None) -> tuple[list[float], list[float],
                                           list[indexer.SearchResult]]:
        times, cpu, results = [], [], []
        with indexer.Searcher(home_dir) as s:
            s.search("warm up", limit=10)
            for q in queries:
                t0, c0 = time.perf_counter(), time.process_time()
                results.append(s.search(q, limit=10, budget_ms=budget))
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
        return times, cpu, results

    fast_ms, fast_cpu, fast = run(budget_ms)
    exact_ms, exact_cpu, exact = run(None)
    overlaps = [len({h.id for h in e.hits} & {h.id for h in f.hits}) / len(e.hits)
                for e, f in zip(exact, fast, strict=True) if e.hits]
    return {"exact_p50": pct(exact_ms, 50), "exact_p95": pct(exact_ms, 95),
            "fast_p50": pct(fast_ms, 50), "fast_p95": pct(fast_ms, 95),
            "exact_cpu_p50": pct(exact_cpu, 50), "exact_cpu_p95": pct(exact_cpu, 95),
            "fast_cpu_p50": pct(fast_cpu, 50), "fast_cpu_p95": pct(fast_cpu, 95),
            "overlap": statistics.mean(overlaps) if overlaps else 1.0,
            "cut": sum(not f.complete for f in fast)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000", help="comma-separated corpus sizes")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--budget-ms", type=float, default=25.0)
    ap.add_argument("--procs", type=int, default=None, help="Veille writer processes")
    ap.add_argument("--workdir", default="/tmp/veille-search-bench")
    ap.add_argument("--fresh", action="store_true", help="rebuild the indexes")
    ap.add_argument("--skip-bare", action="store_true")
    ap.add_argument("--build-only", action="store_true", help="build the indexes, no queries")
    ap.add_argument("--json", help="write the figures here too")
    a = ap.parse_args(argv)
    workdir = Path(a.workdir)
    figures = []
    for size in (int(s) for s in a.sizes.split(",")):
        docs, zipf, origin = make_docs(size)
        print(f"== {size:,} docs; vocabulary: {origin}", flush=True)
        queries = make_queries(zipf, a.queries)
        row: dict[str, object] = {"size": size, "vocabulary": origin}
        bare, ours = workdir / f"bare-{size}", workdir / f"veille-{size}"
        if a.fresh:
            shutil.rmtree(bare, ignore_errors=True)
            shutil.rmtree(ours, ignore_errors=True)
        if not a.skip_bare:
            if not bare.exists():
                row["bare_docs_s"] = build_bare(bare, docs)
                print(f"bare Whoosh indexing: {row['bare_docs_s']:.0f} docs/s", flush=True)
            if not a.build_only:
                row.update({f"bare_{k}": v for k, v in query_bare(bare, queries).items()})
        if not ours.exists():
            row["veille_docs_s"] = build_veille(ours, docs, a.procs)
            print(f"Veille indexing: {row['veille_docs_s']:.0f} docs/s", flush=True)
        del docs
        if a.build_only:
            figures.append(row)
            continue
        row.update(query_veille(ours, queries, a.budget_ms))
        row["load_average"] = load_average()
        print(json.dumps(row, indent=1), flush=True)
        figures.append(row)
    if a.json:
        Path(a.json).write_text(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
