"""Cold `veille --home H search Q --json`: wall and CPU time of fresh processes, and where
one process spends its time.

    nice -n 10 .venv/bin/python -m bench.cold_start HOME [--runs 12] [--phases]

The queries are bench/scale.py's cold ones (1-3 words of the corpus's Zipf vocabulary,
seed 17), one distinct query per run. Each run is a new `veille` process: its wall time,
and its CPU time (user + system, from the kernel's accounting of the child), which a
loaded machine inflates less than the wall time. The load average is printed before and
after.

`--phases`: the same queries run again in fresh interpreters (`python -m
bench.cold_start --child HOME QUERY`) that time the imports and the steps of the search
(wall clock, wrappers around the functions named below), median and max per phase over
the runs. Phases nest: `engine.search` holds `segment columns` and `decode postings`,
`grouped hits` holds `hits`.

The figure depends on whether the byte code of Veille's modules is cached: a process
started with PYTHONDONTWRITEBYTECODE=1 and no `__pycache__` compiles every module it
imports (~0.1 s); `python -m compileall corpus indexer tui crawler` first gives what an
installed Veille (pip compiles on install) starts with. The script says which it saw.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def queries(runs: int) -> list[str]:
    from bench.scale_corpus import words
    from bench.search_perf import make_queries

    zipf, _ = words()
    return make_queries(zipf, runs, seed=17)


def byte_code_cached() -> bool:
    import importlib.util

    spec = importlib.util.find_spec("indexer.searching")
    cached = spec.cached if spec is not None else None
    return bool(cached) and Path(str(cached)).exists()


def timed_runs(home: Path, qs: list[str]) -> dict[str, Any]:
    veille = str(Path(sys.executable).with_name("veille"))
    wall, cpu = [], []
    for q in qs:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run([veille, "--home", str(home), "search", q, "--json"],
                              capture_output=True, text=True)
        wall.append((time.perf_counter() - t0) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
                   * 1000)
        if proc.returncode != 0:
            raise SystemExit(f"veille search {q!r} failed ({proc.returncode}): "
                             f"{proc.stderr.strip()}")
    return {"wall": wall, "cpu": cpu}


# -- one process, timed phase by phase ------------------------------------------------------

def _wrap(owner: Any, name: str, label: str, acc: dict[str, float]) -> None:
    original: Callable[..., Any] = getattr(owner, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            acc[label] = acc.get(label, 0.0) + (time.perf_counter() - t0) * 1000

    setattr(owner, name, timed)


def child(home: str, query: str) -> None:
    """Run one search in this fresh interpreter; print its phases (ms) as JSON."""
    import contextlib
    import io

    acc: dict[str, float] = {}
    t0 = time.perf_counter()
    from tui.cli import program
    acc["import tui.cli (corpus, numpy)"] = (time.perf_counter() - t0) * 1000
    t1 = time.perf_counter()
    import indexer.searching as searching
    import indexer.whoosh.fastpath as fastpath
    import indexer.whoosh.searcher as whoosh_searcher
    acc["import indexer, whoosh"] = (time.perf_counter() - t1) * 1000
    for owner, name, label in (
        (program, "build_parser", "parser"),
        (searching.Searcher, "__init__", "open store and index"),
        (whoosh_searcher.WhooshSearcher, "search", "engine.search"),
        (fastpath.FastScorer, "_segment", "  segment columns"),
        (fastpath.FastScorer, "_decoded", "  decode postings"),
        (searching.Searcher, "_reranked", "rerank"),
        (searching.Searcher, "_grouped_hits", "grouped hits"),
        (searching.Searcher, "_hits", "  hits (snippets)"),
        (searching.Searcher, "_suggest", "did you mean"),
        (searching.Searcher, "close", "close"),
    ):
        _wrap(owner, name, label, acc)
    with contextlib.redirect_stdout(io.StringIO()):
        code = program.main(["--home", home, "search", query, "--json"])
    acc["in process, in all"] = (time.perf_counter() - t0) * 1000
    if code != 0:
        raise SystemExit(f"veille search {query!r} failed ({code})")
    sys.stdout.write(json.dumps(acc) + "\n")


def phases(home: Path, qs: list[str]) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {}
    for q in qs:
        proc = subprocess.run([sys.executable, "-m", "bench.cold_start", "--child",
                               str(home), q], capture_output=True, text=True, cwd=ROOT,
                              check=True)
        for label, ms in json.loads(proc.stdout).items():
            found.setdefault(label, []).append(ms)
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("home", type=Path)
    ap.add_argument("query", nargs="?", help=argparse.SUPPRESS)
    ap.add_argument("--runs", type=int, default=12)
    ap.add_argument("--phases", action="store_true")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        child(str(a.home), a.query)
        return 0
    qs = queries(a.runs)
    print(f"cold veille search --json, {a.runs} runs on {a.home}; byte code cached: "
          f"{byte_code_cached()}; load {load_average()}")
    got = timed_runs(a.home, qs)
    for kind in ("wall", "cpu"):
        values = got[kind]
        print(f"  {kind:4s} median {statistics.median(values):6.0f} ms, "
              f"max {max(values):6.0f} ms")
    if a.phases:
        print("  phases (wall ms, median / max):")
        for label, values in phases(a.home, qs).items():
            print(f"    {label:32s} {statistics.median(values):7.1f} / {max(values):7.1f}")
    print(f"load {load_average()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
