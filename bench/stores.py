"""The corpus on SQLite vs PostgreSQL: import throughput, change-feed reading, feed lag.

    .venv/bin/python -m bench.stores [--articles 5000] [--words 300] [--url postgresql://…]

Without --url, starts a scratch PostgreSQL cluster on 127.0.0.1 (tests/pgserver.py: the
Debian server binaries, fsync on here: the server's defaults but for the port) and drops it
at the end. For each store, on the same deterministic articles (bench/import_perf.py's
generator):
- import: `upsert_many` of every article, batches of 500 (articles/s, all new);
- re-import: the same again, every article unchanged (articles/s);
- feed read: `changes_since(0)` to the end, as a fresh local index does (changes/s);
- feed lag: one writer commits batches of 50 while a follower polls `changes_since(mark)`
  every 10 ms, as `veille index` would in a loop: the time from a batch's commit (the
  writer's `upsert_many` returning) to the follower holding it (median and 95th percentile
  over the batches; 0 when the follower saw it first).
Prints a Markdown table and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.import_perf import make_corpus
from corpus import Article, CorpusStore
from corpus.store import open_store

POLL = 0.010
LAG_BATCH = 50


def load_articles(n: int, words: int) -> list[Article]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.jsonl"
        make_corpus(path, n, words)
        with path.open(encoding="utf-8") as fh:
            return [Article.from_json(json.loads(line)) for line in fh]


def measure(open_it: Callable[[], CorpusStore], articles: list[Article],
            lag_articles: list[Article]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with open_it() as store:
        start = time.perf_counter()
        store.upsert_many(articles)
        out["import"] = len(articles) / (time.perf_counter() - start)
        start = time.perf_counter()
        store.upsert_many(articles)
        out["reimport"] = len(articles) / (time.perf_counter() - start)
        start = time.perf_counter()
        changes = sum(1 for _ in store.changes_since(0))
        out["feed_read"] = changes / (time.perf_counter() - start)
    out["lag"] = feed_lag(open_it, lag_articles)
    return out


def feed_lag(open_it: Callable[[], CorpusStore], articles: list[Article]) -> list[float]:
    """Seconds from each batch's commit to a polling follower seeing its last change."""
    committed: dict[int, float] = {}
    seen: dict[int, float] = {}
    done = threading.Event()

    def write() -> None:
        with open_it() as writer:
            for start in range(0, len(articles), LAG_BATCH):
                writer.upsert_many(articles[start:start + LAG_BATCH])
                committed[writer.last_seq()] = time.perf_counter()
                time.sleep(POLL * 3)
        done.set()

    with open_it() as follower:
        mark = follower.last_seq()
        thread = threading.Thread(target=write)
        thread.start()
        while not done.is_set() or mark < max(committed, default=mark):
            for change in follower.changes_since(mark):
                mark = change.seq
                seen[mark] = time.perf_counter()
            time.sleep(POLL)
        thread.join()
    # A follower may see a batch before the writer thread, back from its commit, notes the
    # time: that lag counts as 0.
    return [max(0.0, seen[seq] - at) for seq, at in committed.items() if seq in seen]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--words", type=int, default=300)
    parser.add_argument("--lag-articles", type=int, default=1000)
    parser.add_argument("--url", help="a PostgreSQL database to use (default: a scratch one)")
    args = parser.parse_args(argv)
    articles = load_articles(args.articles + args.lag_articles, args.words)
    bulk, lag = articles[:args.articles], articles[args.articles:]
    server = None
    url = args.url
    if url is None:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from tests.pgserver import PgServer

        server = PgServer().start(durable=True)
        url = server.url(server.new_database())
    results: dict[str, dict[str, Any]] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            sqlite_path = str(Path(tmp) / "corpus.sqlite3")
            results["SQLite"] = measure(lambda: open_store(sqlite_path), bulk, lag)
        results["PostgreSQL"] = measure(lambda: open_store(url), bulk, lag)
    finally:
        if server is not None:
            server.stop()
    print(f"{len(bulk)} articles of {args.words} words; lag over {len(lag)} articles in "
          f"batches of {LAG_BATCH}, follower polling every {POLL * 1000:.0f} ms")
    print("| store | import (articles/s) | re-import, unchanged (articles/s) | "
          "feed read (changes/s) | feed lag median | feed lag p95 |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, r in results.items():
        lags = sorted(r["lag"])
        p95 = lags[min(len(lags) - 1, int(0.95 * len(lags)))] if lags else float("nan")
        print(f"| {name} | {r['import']:,.0f} | {r['reimport']:,.0f} | {r['feed_read']:,.0f} | "
              f"{statistics.median(lags) * 1000:.0f} ms | {p95 * 1000:.0f} ms |")
    print("load average: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
