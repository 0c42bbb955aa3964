"""Workbench latency on a 10k-article index: keystroke to results, and startup.

    .venv/bin/python -m bench.tui_latency [--home DIR] [--articles 10000] [--queries 40]

Corpus: the search-core bench's deterministic synthetic French articles
(`bench.search_perf.make_docs`), built once into --workdir and reused (or an existing home
with --home). The app runs headless (Textual's `run_test`, the same event loop, workers
and rendering as in a terminal, minus the terminal I/O) at 100x30.

- keystroke → results: each query (1-3 words from the same Zipf distribution) is typed one
  key at a time into an emptied box, a key every 120 ms (--interval; a fast typist: the
  searches of the prefixes run meanwhile); the clock starts just before the last key is sent
  and stops when the results for the full query are on screen (the results list, header and
  preview updated): first the hits without snippets (the first paint while typing), then
  with their snippets. Includes the typing debounce and the budgeted searches.
- keystroke echo: from a key sent to the search box holding it (typing never waits for
  a search).
- startup: in a fresh Python process per run, from before `import tui.app` to the search
  screen mounted with its box focused (usable), and to the first results of `veille tui
  QUERY` on screen. Interpreter start-up itself (~20-30 ms) is not included.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.search_perf import build_veille, make_docs, make_queries, pct

DEFAULT_WORKDIR = Path("/tmp/veille-tui-bench")
TYPING_INTERVAL_S = 0.12  # a fast typist: ~100 words a minute


def ensure_home(workdir: Path, articles: int) -> Path:
    home = workdir / f"home-{articles}"
    if (home / "index").exists():
        return home
    print(f"building a {articles}-article home in {home} (once)…", file=sys.stderr)
    docs, _, origin = make_docs(articles)
    print(f"vocabulary: {origin}", file=sys.stderr)
    rate = build_veille(home, docs, procs=None)
    print(f"indexed at {rate:.0f} docs/s", file=sys.stderr)
    return home


async def keystroke_latencies(home: Path, queries: list[str], interval: float) -> tuple[
        list[float], list[float], list[float]]:
    from textual import events

    from tui.app import VeilleApp
    from tui.app.screens.search import SearchScreen
    from tui.app.widgets.search_box import SearchBox

    shown_at: dict[str, float] = {}
    full_at: dict[str, float] = {}
    original = SearchScreen._show_result

    def timed(self: SearchScreen, request, result, keep):  # type: ignore[no-untyped-def]
        original(self, request, result, keep)
        if self.shown is request:
            now = time.perf_counter()
            shown_at.setdefault(request.query, now)
            if request.snippets:
                full_at.setdefault(request.query, now)

    SearchScreen._show_result = timed  # type: ignore[method-assign]
    latencies, full, echoes = [], [], []
    app = VeilleApp(home, poll_interval=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        box = app.screen.query_one(SearchBox)
        for query in queries:
            await pilot.press("ctrl+u")
            await app.workers.wait_for_complete()
            shown_at.pop(query, None)
            full_at.pop(query, None)
            for i, char in enumerate(query):
                start = time.perf_counter()
                app.post_message(events.Key("space" if char == " " else char, char))
                while box.value != query[:i + 1]:
                    await asyncio.sleep(0.0005)
                echoes.append((time.perf_counter() - start) * 1000)
                if i < len(query) - 1:
                    await asyncio.sleep(interval)
            while query not in full_at:
                await asyncio.sleep(0.001)
            latencies.append((shown_at[query] - start) * 1000)
            full.append((full_at[query] - start) * 1000)
            await app.workers.wait_for_complete()
    SearchScreen._show_result = original  # type: ignore[method-assign]
    return latencies, full, echoes


STARTUP_CHILD = r"""
import asyncio, sys, time
t0 = time.perf_counter()
from tui.app import VeilleApp
from tui.app.screens.search import SearchScreen
t_import = time.perf_counter()

async def main():
    query = sys.argv[2]
    app = VeilleApp(sys.argv[1], query, poll_interval=None)
    async with app.run_test(size=(100, 30)) as pilot:
        usable = None
        while True:
            screen = app.screen
            if usable is None and isinstance(screen, SearchScreen) and screen.search_box.has_focus:
                usable = time.perf_counter()
            if usable and (not query or (isinstance(screen, SearchScreen)
                                         and screen.result is not None)):
                break
            await asyncio.sleep(0.001)
        done = time.perf_counter()
    print(f"{(t_import - t0) * 1000:.1f} {(usable - t0) * 1000:.1f} {(done - t0) * 1000:.1f}")

asyncio.run(main())
"""


def startup_times(home: Path, query: str, runs: int) -> list[tuple[float, float, float]]:
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", STARTUP_CHILD, str(home), query],
                             check=True, capture_output=True, text=True).stdout.split()
        times.append((float(out[0]), float(out[1]), float(out[2])))
    return times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--home", type=Path, help="an existing home to measure (else built)")
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--startups", type=int, default=5)
    ap.add_argument("--interval", type=float, default=TYPING_INTERVAL_S,
                    help="seconds between keys (default: 0.12, a fast typist)")
    ap.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    args = ap.parse_args(argv)

    home = args.home or ensure_home(args.workdir, args.articles)
    import indexer

    state = indexer.index_state(home)
    _, zipf, _ = make_docs(0)
    queries = [q for q in make_queries(zipf, args.queries) if len(q) > 1]
    lat, full, echoes = asyncio.run(keystroke_latencies(home, queries, args.interval))
    starts = startup_times(home, "", args.startups)
    starts_q = startup_times(home, queries[0], args.startups)
    report = {
        "documents": state.documents,
        "typing_interval_ms": round(args.interval * 1000),
        "keystroke_to_results_ms": {
            "queries": len(lat), "p50": round(pct(lat, 50), 1), "p95": round(pct(lat, 95), 1),
            "max": round(max(lat), 1), "mean": round(statistics.mean(lat), 1)},
        "keystroke_echo_ms": {
            "keys": len(echoes), "p50": round(pct(echoes, 50), 1),
            "p95": round(pct(echoes, 95), 1), "max": round(max(echoes), 1)},
        "keystroke_to_results_with_snippets_ms": {
            "p50": round(pct(full, 50), 1), "p95": round(pct(full, 95), 1),
            "max": round(max(full), 1)},
        "startup_usable_ms": {
            "median": round(statistics.median(s[1] for s in starts), 1),
            "max": round(max(s[1] for s in starts), 1),
            "imports_median": round(statistics.median(s[0] for s in starts), 1)},
        "startup_with_query_results_ms": {
            "median": round(statistics.median(s[2] for s in starts_q), 1),
            "max": round(max(s[2] for s in starts_q), 1)},
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
