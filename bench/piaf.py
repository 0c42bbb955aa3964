"""Ranking quality and latency: Veille against stock Whoosh French and bm25s, in one run.

    nice -n 10 .venv/bin/python -m bench.piaf                  # quality on the three sets
    nice -n 10 .venv/bin/python -m bench.piaf --latency        # + latency, 761 and 10k docs
    .venv/bin/python -m bench.piaf --set tuning --title-boost 1.5   # a tuning experiment
    python ../shared/bench/french-ir/score_ir.py bench.piaf:factory  (whole PIAF, as before)

Sets: PIAF split by Wikipedia article into a tuning half and a held-out half (seed 15, see
bench/ranking.py), each also at article level (one document per article, so that each
title is its own document's, as in the press), and the demo corpus's judged queries.
Decide on `--set tuning`; the held-out half and the demo set are reported, never tuned on.
Needs the shared benchmark data (../shared/bench/french-ir), and bm25s for its column
(`pip install -e '.[bench]'`).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bench.ranking import (
    SYSTEMS,
    EvalSet,
    Scores,
    as_articles,
    demo_set,
    evaluate,
    piaf_halves,
    scorer,
)
from bench.ranking import veille as veille_system

KNOBS = (("title_boost", float), ("all_terms_bonus", float), ("k1", float), ("b", float),
         ("exact_weight", float), ("pair_weight", float), ("rerank_depth", int),
         ("rerank_head", int))


def _factory_docs(docs: list[dict[str, Any]]) -> Any:
    search = veille_system()(docs)
    return lambda text, k: search({"text": text}, k)


factory = _factory_docs   # score_ir.py's interface: factory(docs) -> search(text, k)


def sets_for(name: str) -> list[EvalSet]:
    tuning, held_out = piaf_halves()
    if name == "tuning":
        return [tuning, as_articles(tuning)]
    if name == "held-out":
        return [held_out, as_articles(held_out)]
    if name == "demo":
        return [demo_set()]
    return [tuning, held_out, as_articles(tuning), as_articles(held_out), demo_set()]


def quality(sets: list[EvalSet], ranking: dict[str, Any], baselines: bool) -> None:
    systems: dict[str, Any] = {"Veille": veille_system(**ranking)}
    if baselines:
        systems.update(_available(SYSTEMS))
    results: dict[tuple[str, str], Scores] = {}
    for data in sets:
        for name, factory_ in systems.items():
            results[(data.name, name)] = evaluate(factory_, data)
    print(f"ranking: {ranking or 'defaults'}")
    header = " | ".join(f"{s.name} (q={len(s.queries)}, docs={len(s.docs)})" for s in sets)
    print(f"| system | {header} |")
    print("|---|" + "---|" * len(sets))
    for name in systems:
        cells = []
        for data in sets:
            r = results[(data.name, name)]
            cells.append(f"MRR@10 {r.mrr:.3f} R@1 {r.r1:.3f} R@10 {r.r10:.3f} "
                         f"{r.ms:.2f} ms")
        print(f"| {name} | " + " | ".join(cells) + " |")
    sys.stdout.flush()


def _available(systems: dict[str, Any]) -> dict[str, Any]:
    found = dict(systems)
    try:
        import bm25s  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        print("bm25s not installed (pip install -e '.[bench]'): its column is left out")
        found.pop("bm25s fr", None)
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=("tuning", "held-out", "demo", "all"), default="all")
    ap.add_argument("--no-baselines", action="store_true", help="Veille only")
    ap.add_argument("--latency", action="store_true",
                    help="also the latency table (761 PIAF docs and a 10k synthetic corpus)")
    ap.add_argument("--latency-only", action="store_true")
    ap.add_argument("--workdir", default="/tmp/veille-ranking-bench",
                    help="where the 10k indexes are built and kept")
    ap.add_argument("--queries", type=int, default=200, help="latency queries per corpus")
    for knob, kind in KNOBS:
        ap.add_argument("--" + knob.replace("_", "-"), type=kind, default=None)
    a = ap.parse_args(argv)
    if scorer() is None:
        print("PIAF benchmark data absent: ../shared/bench/french-ir not found; "
              "nothing measured", file=sys.stderr)
        return 1
    ranking = {k: getattr(a, k) for k, _ in KNOBS if getattr(a, k) is not None}
    if not a.latency_only:
        quality(sets_for(a.set), ranking, baselines=not a.no_baselines)
    if a.latency or a.latency_only:
        from bench.latency import latency_tables

        latency_tables(a.workdir, a.queries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
