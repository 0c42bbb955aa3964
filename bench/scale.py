"""Veille at 10k / 100k / 300k / 1M articles, with SQLite FTS5 beside it (issue 17's table).

    nice -n 10 .venv/bin/python -m bench.scale all --sizes 10000,100000 [--workdir DIR]
    nice -n 10 .venv/bin/python -m bench.scale corpus --sizes 10000,100000,300000,1000000
    nice -n 10 .venv/bin/python -m bench.scale index --sizes 1000000
    nice -n 10 .venv/bin/python -m bench.scale measure --sizes 100000 [--queries 200]
    .venv/bin/python -m bench.scale report [--plot docs/scale.svg]

Steps, each resumable (its figures are saved in WORKDIR/results.json as it completes, and
a completed step is skipped when run again; `--redo STEP` runs it again):
- corpus: the synthetic corpus (bench/scale_corpus.py) imported by `veille import` into
  WORKDIR/home-N, the largest size block by block (an interrupted import resumes at its
  last whole block), the smaller ones copied from it on the way;
- index: `veille index --rebuild` of each home: wall time, peak RSS of the process tree;
- measure: the queries (bench/scale_measure.py, in a child process of its own whose RSS is
  the searcher's): exact, search-as-you-type, operator/field/date forms, FTS5 on the same
  corpus, cold `veille search --json`, then the incremental index of 1,000 new articles;
- report: the table (and the plot with --plot, matplotlib from the `bench` extra).
Every step prints the load average; figures of one size come from one run of `measure`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import scale_corpus as sc

DEFAULT_WORKDIR = Path("/tmp/veille-scale")


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


class Results:
    """WORKDIR/results.json: {size: {step: figures}}, saved after every step."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: dict[str, dict[str, Any]] = (
            json.loads(path.read_text()) if path.exists() else {})

    def get(self, n: int, step: str) -> Any:
        return self.data.get(str(n), {}).get(step)

    def put(self, n: int, step: str, figures: Any) -> None:
        fresh = Results(self.path).data  # another bench process may have saved meanwhile
        fresh.setdefault(str(n), {})[step] = figures
        self.data = fresh
        tmp = self.path.with_suffix(".part")
        tmp.write_text(json.dumps(fresh, indent=1, sort_keys=True))
        tmp.replace(self.path)


def log(text: str) -> None:
    stamp = datetime.now(UTC).strftime("%H:%M:%S")
    print(f"[{stamp} load {load_average()}] {text}", flush=True)


def stamp() -> dict[str, str]:
    return {"at": datetime.now(UTC).isoformat(timespec="seconds"), "load": load_average()}


def homes(workdir: Path, sizes: list[int]) -> dict[int, Path]:
    return {n: workdir / f"home-{n}" for n in sizes}


def step_corpus(a: argparse.Namespace, results: Results) -> None:
    todo = {n: h for n, h in homes(a.workdir, a.sizes).items()
            if results.get(n, "corpus") is None or "corpus" in a.redo}
    if not todo:
        return
    zipf, origin = sc.words()
    log(f"corpus {', '.join(f'{n:,}' for n in todo)}; vocabulary: {origin}")
    started = stamp()
    spent = sc.fill(todo, a.workdir, zipf, log)
    for n, home in todo.items():
        count = sc.stored(home)
        if count != n:
            raise SystemExit(f"corpus {n:,}: {count:,} articles stored")
        results.put(n, "corpus", {**started, "vocabulary": origin, **spent,
                                  "corpus_mb": (home / "corpus.sqlite3").stat().st_size / 1e6})


def step_index(a: argparse.Namespace, results: Results) -> None:
    for n, home in homes(a.workdir, a.sizes).items():
        if results.get(n, "index") is not None and "index" not in a.redo:
            continue
        if sc.stored(home) != n:
            raise SystemExit(f"index {n:,}: no corpus yet (run the corpus step)")
        log(f"index {n:,}: veille index --rebuild")
        started = stamp()
        got = sc.build_index(home, n, a.workdir / f"index-{n}.log")
        results.put(n, "index", {**started, **got, "load_end": load_average()})
        log(f"index {n:,}: {got['seconds']:.0f} s, {got['docs_s']:.0f} docs/s, "
            f"peak RSS {got['peak_tree_mb']:.0f} MB (largest process "
            f"{got['peak_process_mb']:.0f} MB), index {got['index_mb']:.0f} MB")


def step_measure(a: argparse.Namespace, results: Results) -> None:
    from bench import scale_measure as sm

    for n, home in homes(a.workdir, a.sizes).items():
        if results.get(n, "index") is None:
            raise SystemExit(f"measure {n:,}: no index yet (run the index step)")
        if results.get(n, "queries") is None or "queries" in a.redo:
            log(f"queries {n:,}: {a.queries} queries and their operator forms")
            started = stamp()
            got = sm.measure_in_child(home, a.queries, a.workdir)
            results.put(n, "queries", {**started, **got, "load_end": load_average()})
        if results.get(n, "fts5") is None or "fts5" in a.redo:
            log(f"fts5 {n:,}: building and querying")
            started = stamp()
            got = sm.fts5(home, a.workdir / f"fts5-{n}.sqlite3", a.fts5_queries or a.queries)
            results.put(n, "fts5", {**started, **got, "load_end": load_average()})
        if results.get(n, "cold") is None or "cold" in a.redo:
            results.put(n, "cold", {**stamp(), **sm.cold(home)})
        if results.get(n, "incremental") is None or "incremental" in a.redo:
            log(f"incremental {n:,}: 1,000 new articles")
            zipf, _ = sc.words()
            started = stamp()
            got = sc.incremental(home, n, zipf, a.workdir, a.workdir / f"index-{n}.log")
            results.put(n, "incremental", {**started, **got})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("step", choices=["all", "corpus", "index", "measure", "report"])
    ap.add_argument("--sizes", default="10000,100000,300000,1000000",
                    help="comma-separated corpus sizes (multiples of 10,000)")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--fts5-queries", type=int, default=0,
                    help="queries asked of FTS5 (default: --queries; the first N of the "
                         "same list, for a size where FTS5 takes seconds a query)")
    ap.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    ap.add_argument("--redo", default="", help="comma-separated steps to run again")
    ap.add_argument("--plot", type=Path, help="report: write the plot here (.svg or .png)")
    a = ap.parse_args(argv)
    a.sizes = [int(s.replace("_", "")) for s in a.sizes.split(",") if s]
    if any(n % sc.BLOCK or n <= 0 for n in a.sizes):
        print(f"scale: sizes must be multiples of {sc.BLOCK:,}", file=sys.stderr)
        return 2
    a.redo = set(a.redo.split(",")) - {""}
    a.workdir.mkdir(parents=True, exist_ok=True)
    results = Results(a.workdir / "results.json")
    t0 = time.perf_counter()
    if a.step in ("all", "corpus"):
        step_corpus(a, results)
    if a.step in ("all", "index"):
        step_index(a, results)
    if a.step in ("all", "measure"):
        step_measure(a, results)
    if a.step in ("all", "report"):
        from bench import scale_report

        print(scale_report.table(results.data, a.sizes))
        if a.plot:
            scale_report.plot(results.data, a.sizes, a.plot)
    log(f"done in {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
