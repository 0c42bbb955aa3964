"""Fault injection: `kill -9` at random points of crawl, import, index and rebuild.

    nice -n 10 .venv/bin/python -m bench.fault_injection [--rounds 20] [--articles 6000]
        [--seed 13] [--phases crawl,import,index,rebuild] [--json FILE]

One home. The bundled demo press sites are served on 127.0.0.1 (no network). Four phases
of `--rounds` rounds each; in every round a `veille` command starts and gets SIGKILL at a
random moment between its start and the time an uninterrupted run of it took (measured
first, on a scratch home; when a run finishes before its kill, its own duration becomes
the window of the next round):
- crawl: `veille crawl` of the demo sites (then indexes what it stored);
- import: `veille import` of `--articles` synthetic articles, each round a new revision
  of every one (so every run writes, and its index update has work to do);
- index: a changed batch is imported with --no-index, then `veille index` is killed;
- rebuild: `veille index --rebuild` (≥ 5,000 articles: two writer processes).
After every kill: no process of the run survives (its writer processes included),
`veille stats --json` exits 0 and counts no fewer articles than before, `veille index`
exits 0 (the lock is free, the index repairs itself) and leaves the index level with the
corpus, and `veille search` exits 0. At the end, uninterrupted runs must find every demo
article and every imported one in the corpus and the index. Exits 1 if any check failed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

VEILLE = str(Path(sys.executable).with_name("veille"))
_WORDS = ("usine", "hydrogène", "port", "acier", "ciment", "énergie", "solaire", "éolien",
          "câblage", "automobile", "export", "phosphate", "logistique", "textile")


def veille(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([VEILLE, "--home", str(home), *args], capture_output=True,
                          text=True, timeout=600)


def write_articles(path: Path, n: int, revision: int) -> Path:
    """`n` short synthetic articles; `revision` changes every one's text."""
    base = datetime(2022, 1, 1, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            words = " ".join(_WORDS[(i * 7 + k) % len(_WORDS)] for k in range(40))
            out.write(json.dumps({
                "url": f"https://www.presse-synthetique.ma/{i}.html",
                "title": f"Dépêche {i} : {_WORDS[i % len(_WORDS)]} (révision {revision})",
                "text": f"{words}. Révision {revision}.", "source": "synthetique",
                "published": (base + timedelta(hours=i)).isoformat()},
                ensure_ascii=False) + "\n")
    return path


def survivors(home: Path) -> list[int]:
    """PIDs of live processes whose command line names the home (a run's leftovers)."""
    found = []
    needle = str(home).encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                if needle not in fh.read():
                    continue
            with open(f"/proc/{entry}/stat", "rb") as fh:
                if fh.read().rsplit(b")", 1)[1].split()[0] != b"Z":
                    found.append(int(entry))
        except (OSError, IndexError):
            continue
    return found


def wait_gone(home: Path, timeout: float = 10.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while (left := survivors(home)) and time.monotonic() < deadline:
        time.sleep(0.02)
    return left


def timed(home: Path, *args: str) -> float:
    start = time.monotonic()
    run = veille(home, *args)
    if run.returncode not in (0, 2):
        raise SystemExit(f"reference run {args} failed: {run.stderr.strip()}")
    return time.monotonic() - start


class Injector:
    def __init__(self, home: Path, rng: random.Random) -> None:
        self.home = home
        self.rng = rng
        self.articles = 0
        self.failures: list[str] = []
        self.stats: dict[str, Counter[str]] = {}

    def round(self, phase: str, args: tuple[str, ...], budget: float) -> float:
        """One run killed at a random moment within `budget` seconds; returns the budget
        for the next round (a run that finished first sets it to its own duration, so
        that kills keep landing when later runs have less to do)."""
        counts = self.stats.setdefault(phase, Counter())
        proc = subprocess.Popen([VEILLE, "--home", str(self.home), *args],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started = time.monotonic()
        try:
            proc.wait(timeout=self.rng.uniform(0.05, budget))
            counts["finished before the kill"] += 1
            budget = max(0.1, time.monotonic() - started)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            counts["killed"] += 1
        self.check(phase, counts)
        return budget

    def fail(self, phase: str, counts: Counter[str], message: str) -> None:
        counts["failed checks"] += 1
        self.failures.append(f"{phase} round {sum(counts.values())}: {message}")

    def check(self, phase: str, counts: Counter[str]) -> None:
        left = wait_gone(self.home)
        if left:
            self.fail(phase, counts, f"processes of the killed run still alive: {left}")
            for pid in left:
                os.kill(pid, signal.SIGKILL)
        stats = veille(self.home, "stats", "--json")
        if stats.returncode != 0:
            self.fail(phase, counts, f"stats exit {stats.returncode}: {stats.stderr.strip()}")
            return
        data = json.loads(stats.stdout)
        if (data["articles"] or 0) < self.articles:
            self.fail(phase, counts, f"articles went from {self.articles} to {data['articles']}")
        self.articles = max(self.articles, data["articles"] or 0)
        index = veille(self.home, "index")
        if index.returncode != 0:
            self.fail(phase, counts, f"index exit {index.returncode}: {index.stderr.strip()}")
        after = json.loads(veille(self.home, "stats", "--json").stdout)
        if after["index"]["behind"] or after["index"]["documents"] != after["articles"]:
            self.fail(phase, counts, f"index not level with the corpus: {after['index']}")
        if after["problems"]:
            self.fail(phase, counts, f"problems left after `veille index`: {after['problems']}")
        search = veille(self.home, "search", "hydrogène", "--json")
        if search.returncode != 0:
            self.fail(phase, counts, f"search exit {search.returncode}: {search.stderr.strip()}")


def run_phases(injector: Injector, sources: Path, n: int, rounds: int, work: Path,
               phases: set[str]) -> None:
    scratch = work / "scratch"
    budgets = {"crawl": timed(scratch, "crawl", "--sources", str(sources))}
    batch = write_articles(work / "batch-0.jsonl", n, 0)
    budgets["import"] = timed(scratch, "import", str(batch))
    budgets["rebuild"] = timed(scratch, "index", "--rebuild")
    write_articles(batch, n, 1)
    veille(scratch, "import", str(batch), "--no-index")
    budgets["index"] = timed(scratch, "index")
    print("uninterrupted runs (s): " + ", ".join(f"{k} {v:.1f}" for k, v in budgets.items()))
    home = injector.home
    plan: list[tuple[str, Callable[[int], tuple[str, ...]]]] = [
        ("crawl", lambda r: ("crawl", "--sources", str(sources))),
        ("import", lambda r: ("import", str(write_articles(batch, n, 100 + r)))),
        ("index", lambda r: _changed(home, batch, n, 200 + r)),
        ("rebuild", lambda r: ("index", "--rebuild")),
    ]
    if "import" not in phases:  # the other phases need the 5,000 articles in the home
        veille(home, "import", str(write_articles(batch, n, 99)))
    for phase, args in plan:
        if phase not in phases:
            continue
        budget = budgets[phase]
        for r in range(rounds):
            budget = injector.round(phase, args(r), budget)
        print(f"{phase}: {dict(injector.stats[phase])}", flush=True)


def _changed(home: Path, batch: Path, n: int, revision: int) -> tuple[str, ...]:
    veille(home, "import", str(write_articles(batch, n, revision)), "--no-index")
    return ("index",)


def final_check(injector: Injector, sources: Path, scratch: Path, n: int) -> dict[str, Any]:
    """Uninterrupted runs at the end: every demo article and every imported one is there."""
    home = injector.home
    veille(home, "crawl", "--sources", str(sources))
    veille(home, "index")
    want = json.loads(veille(scratch, "stats", "--json").stdout)
    got = json.loads(veille(home, "stats", "--json").stdout)
    for source, info in want["sources"].items():
        have = got["sources"].get(source, {}).get("articles", 0)
        if have != info["articles"]:
            injector.failures.append(f"final: {source} holds {have}, expected {info['articles']}")
    if got["articles"] != want["articles"] or got["index"]["documents"] != got["articles"]:
        injector.failures.append(f"final: {got['articles']} articles, "
                                 f"{got['index']['documents']} indexed; want {want['articles']}")
    total = json.loads(veille(home, "search", "hydrogène", "--json").stdout)["total"]
    return {"articles": got["articles"], "expected": want["articles"],
            "indexed": got["index"]["documents"], "imported": n, "search_total": total}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--articles", type=int, default=6000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--phases", default="crawl,import,index,rebuild",
                        help="comma-separated phases to run (default: all four)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)
    from tui.demo import DemoSites, sources_toml

    with tempfile.TemporaryDirectory(prefix="veille-faults-") as tmp, DemoSites() as sites:
        work = Path(tmp)
        sources = work / "sources.toml"
        sources.write_text(sources_toml(sites), encoding="utf-8")
        injector = Injector(work / "home", random.Random(args.seed))
        started = time.monotonic()
        run_phases(injector, sources, args.articles, args.rounds, work,
                   set(args.phases.split(",")))
        final = final_check(injector, sources, work / "scratch", args.articles)
        results = {"rounds": args.rounds, "seed": args.seed, "final": final,
                   "phases": {k: dict(v) for k, v in injector.stats.items()},
                   "failures": injector.failures,
                   "minutes": round((time.monotonic() - started) / 60, 1)}
    print(json.dumps(results, ensure_ascii=False, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n",
                                   encoding="utf-8")
    return 1 if injector.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
