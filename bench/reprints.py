"""Reprint grouping: pair precision and recall on a labelled set, and the ingest cost.

    nice -n 10 .venv/bin/python -m bench.reprints [--background 100000] [--probe 1000]

Quality: the set of bench/reprints_data.py (seeded), split by event into a tuning half and
a held-out half. The thresholds are chosen on the tuning half only (grid search: highest
recall with pair precision >= 0.98); both halves are then reported with them, through the
production code (corpus.stories.StoryIndex, on an in-memory SQLite database); the
articles are met in a seeded random order, as a crawl meets them. The
same is done for a SimHash baseline (64-bit, join the nearest earlier article within a
Hamming distance chosen on the tuning half).

Cost: a real corpus file is filled with --background articles through Store.upsert_many
(what `veille import` does), then --probe more articles (and the held-out set) are upserted
one transaction each, and --probe more in batches; the time of the grouping step alone
(fingerprint, LSH lookup, comparison, writes) and of the whole upsert are reported per
article, in wall time and in CPU time (the machine is shared: CPU time is what the work
costs, wall time what it took).
"""

from __future__ import annotations

import argparse
import itertools
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bench.reprints_data import Labelled, background, make_set
from corpus import Article, Store
from corpus.fingerprint import fingerprint, shingles
from corpus.stories import SCHEMA, Rules, StoryIndex, story_body

PRECISION_FLOOR = 0.98  # tuning target, above the 0.97 asked, to leave a margin


def _pairs(labels: Sequence[str]) -> set[tuple[int, int]]:
    groups: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(label, []).append(i)
    return {pair for members in groups.values() for pair in itertools.combinations(members, 2)}


def pair_scores(truth: Sequence[str], predicted: Sequence[object]) -> tuple[float, float]:
    gold = _pairs(truth)
    found = _pairs([str(p) for p in predicted])
    hits = len(gold & found)
    return (hits / len(found) if found else 1.0), (hits / len(gold) if gold else 1.0)


def crawl_order(items: Sequence[Labelled], seed: int) -> list[Labelled]:
    """The order a crawl or an import meets the articles: not the order of publication
    (a reprint is often fetched before the dispatch, a cut version before the whole)."""
    shuffled = list(items)
    random.Random(seed).shuffle(shuffled)
    return shuffled


def group_minhash(items: Sequence[Labelled], rules: Rules) -> list[int]:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    index = StoryIndex(conn.execute, rules, executemany=conn.executemany)
    for n, item in enumerate(items):
        index.place(f"a{n}", story_body(str(item.record["lead"]), str(item.record["text"])))
    found = index.stories_of(f"a{n}" for n in range(len(items)))
    conn.close()
    return [found[f"a{n}"] for n in range(len(items))]


def simhash(text: str) -> int:
    hashes = shingles(text)
    bits = (hashes[:, None] >> np.arange(64, dtype=np.uint64)[None, :]) & np.uint64(1)
    votes = bits.sum(axis=0) * 2 > len(hashes)
    return int(sum(1 << i for i in np.flatnonzero(votes)))


def group_simhash(hashes: Sequence[int], distance: int) -> list[int]:
    story: list[int] = []
    for n, h in enumerate(hashes):
        best = min(range(n), key=lambda m: (h ^ hashes[m]).bit_count(), default=None)
        if best is not None and (h ^ hashes[best]).bit_count() <= distance:
            story.append(story[best])
        else:
            story.append(n)
    return story


def _best(results: Iterable[tuple[Any, float, float]]) -> list[tuple[Any, float, float]]:
    """Every setting tied for the highest recall (then precision) with precision >= floor."""
    ok = [r for r in results if r[1] >= PRECISION_FLOOR]
    if not ok:
        sys.exit("no setting reaches the precision floor on the tuning half")
    top = max((round(r[2], 4), round(r[1], 4)) for r in ok)
    return [r for r in ok if (round(r[2], 4), round(r[1], 4)) == top]


def tune_minhash(tuning: Sequence[Labelled]) -> Rules:
    """Grid search on the tuning half; among the settings tied at the best score, the
    middle of the widest run of containment thresholds (the safest against new data)."""
    truth = [a.story for a in tuning]
    grid = []
    containments = [round(0.5 + 0.025 * i, 3) for i in range(17)]
    for shingle, rows, j in itertools.product((4, 5, 6), (2, 4), (0.1, 0.25)):
        for c in containments:
            rules = Rules(min_containment=c, min_jaccard=j, shingle=shingle, band_rows=rows)
            p, r = pair_scores(truth, group_minhash(tuning, rules))
            grid.append((rules, p, r))
    plateaus: dict[tuple[int, int, float], list[Rules]] = {}
    for rules, _, _ in _best(grid):
        plateaus.setdefault((rules.shingle, rules.band_rows, rules.min_jaccard),
                            []).append(rules)
    widest = max(plateaus.values(), key=len)
    return sorted(widest, key=lambda r: r.min_containment)[len(widest) // 2]


def report_quality(tuning: Sequence[Labelled], held_out: Sequence[Labelled]) -> None:
    rules = tune_minhash(tuning)
    print(f"MinHash rules chosen on the tuning half: {rules}")
    for name, part in (("tuning", tuning), ("held-out", held_out)):
        truth = [a.story for a in part]
        stories = group_minhash(part, rules)
        p, r = pair_scores(truth, stories)
        gold = len(_pairs(truth))
        print(f"  {name:9} {len(part)} articles, {len(set(truth))} true groups, "
              f"{gold} reprint pairs: precision {p:.3f} recall {r:.3f}")
        wrong = _wrong_merges(part, stories)
        if wrong:
            print(f"    wrongly grouped with a story: {wrong}")
    hashes_t = [simhash(story_body(str(a.record["lead"]), str(a.record["text"])))
                for a in tuning]
    tied = _best((d, *pair_scores([a.story for a in tuning], group_simhash(hashes_t, d)))
                 for d in range(0, 33))
    distance = tied[len(tied) // 2][0]
    print(f"SimHash baseline, Hamming distance <= {distance} chosen on the tuning half:")
    for name, part in (("tuning", tuning), ("held-out", held_out)):
        hashes = [simhash(story_body(str(a.record["lead"]), str(a.record["text"])))
                  for a in part]
        p, r = pair_scores([a.story for a in part], group_simhash(hashes, distance))
        print(f"  {name:9} precision {p:.3f} recall {r:.3f}")


def _wrong_merges(part: Sequence[Labelled], stories: Sequence[int]) -> dict[str, int]:
    """Distractors (by kind) that ended in a story holding articles of another label."""
    labels: dict[int, set[str]] = {}
    for item, story in zip(part, stories, strict=True):
        labels.setdefault(story, set()).add(item.story)
    out: dict[str, int] = {}
    for item, story in zip(part, stories, strict=True):
        if len(labels[story]) > 1 and item.kind not in ("dispatch", "reprint"):
            out[item.kind] = out.get(item.kind, 0) + 1
    return out


def _timed(fn: Callable[..., Any], wall: list[float], cpu: list[float]) -> Callable[..., Any]:
    def wrapper(*args: Any) -> Any:
        start, start_cpu = time.perf_counter(), time.process_time()
        try:
            return fn(*args)
        finally:
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    return wrapper


def _ms(wall: list[float], cpu: list[float]) -> str:
    ordered = sorted(wall)
    p95 = ordered[int(len(ordered) * 0.95)]
    return (f"wall p50 {statistics.median(wall) * 1000:.2f} ms, mean "
            f"{statistics.fmean(wall) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms; "
            f"CPU mean {statistics.fmean(cpu) * 1000:.2f} ms")


def report_cost(n_background: int, n_probe: int, held_out: Sequence[Labelled]) -> None:
    print(f"Cost: generating {n_background + n_probe} background articles…", flush=True)
    records = background(n_background + 2 * n_probe)
    probes = [Article.from_json(r) for r in records[n_background:n_background + n_probe]]
    batch = [Article.from_json(r) for r in records[n_background + n_probe:]]
    probes += [Article.from_json(a.record) for a in held_out]
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "corpus.db") as store:
        start, start_cpu = time.perf_counter(), time.process_time()
        store.upsert_many(Article.from_json(r) for r in records[:n_background])
        fill, fill_cpu = time.perf_counter() - start, time.process_time() - start_cpu
        print(f"  filled {store.count()} articles with upsert_many in {fill:.0f} s wall, "
              f"{fill_cpu:.0f} s CPU ({fill_cpu / max(n_background, 1) * 1000:.2f} ms CPU per "
              "article, grouping included)")
        place: tuple[list[float], list[float]] = ([], [])
        stories = store._stories
        stories.place = _timed(stories.place, *place)  # type: ignore[method-assign]
        whole: tuple[list[float], list[float]] = ([], [])
        upsert = _timed(store.upsert, *whole)
        for article in probes:
            upsert(article)
        print(f"  {len(probes)} more articles at {n_background} stored, one upsert each:")
        print(f"    grouping step (fingerprint, LSH lookup, compare, write): {_ms(*place)}")
        print(f"    whole upsert (one transaction, grouping included):        {_ms(*whole)}")
        alone: tuple[list[float], list[float]] = ([], [])
        sketch = _timed(fingerprint, *alone)
        for article in probes:
            sketch(story_body(article.lead, article.text))
        print(f"    the fingerprint alone:                                    {_ms(*alone)}")
        start, start_cpu = time.perf_counter(), time.process_time()
        store.upsert_many(batch)
        wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
        print(f"  {len(batch)} more in batches of 500 (as `veille import`): "
              f"{wall / len(batch) * 1000:.2f} ms wall, {cpu / len(batch) * 1000:.2f} ms CPU "
              "per article, grouping included")
        groups = store.story_sizes(set(store.stories_of(a.id for a in probes).values()))
        print(f"  the probes sit in {len(groups)} stories; "
              f"{sum(1 for s in groups.values() if s > 1)} hold more than one article")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--background", type=int, default=100_000)
    parser.add_argument("--probe", type=int, default=1000)
    parser.add_argument("--no-cost", action="store_true", help="quality only")
    parser.add_argument("--no-quality", action="store_true", help="cost only")
    args = parser.parse_args(argv)
    tuning, held_out = make_set(args.seed)
    tuning, held_out = crawl_order(tuning, args.seed), crawl_order(held_out, args.seed)
    kinds = sorted({a.kind for a in tuning + held_out})
    count = {k: sum(1 for a in tuning + held_out if a.kind == k) for k in kinds}
    print(f"Labelled set (seed {args.seed}): {len({a.event for a in tuning + held_out})} "
          f"stories, {count}")
    if not args.no_quality:
        report_quality(tuning, held_out)
    if not args.no_cost:
        report_cost(args.background, args.probe, held_out)


if __name__ == "__main__":
    main()
