"""bench/scale.py's table (issue 17's targets) and plot (p50/p95 against corpus size)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

# (row, target text, target at 100k, target at 1M, larger is better)
TARGETS = {
    "build": "≤ 1 h, peak RSS ≤ 2 GB (1M)",
    "incremental": "≤ 30 s (1M)",
    "exact": "p95 ≤ 150 ms (100k), ≤ 300 ms (1M)",
    "typing": "p95 ≤ 50 ms (100k), ≤ 100 ms (1M)",
    "forms": "p95 ≤ 2× plain p95",
    "rss": "≤ 1 GB (1M)",
    "cold": "≤ 500 ms (1M)",
    "overlap": "≥ 0.9",
}
FORM_NAMES = {"plain": "`a b`", "and": "`a AND b`", "or": "`a OR b`", "not": "`a NOT b`",
              "title": "`titre:a b`", "date": "`a b date:YEAR`",
              "source": "`a b source:NAME`"}


def _ms(d: dict[str, float] | None) -> str:
    return f"{d['p50']:.0f} / {d['p95']:.0f}" if d else "—"


def _get(data: dict[str, Any], n: int, *path: str) -> Any:
    node: Any = data.get(str(n), {})
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def rows(data: dict[str, Any], n: int) -> list[tuple[str, str, str]]:
    """(what, Veille, FTS5) rows of one size."""
    def g(*path: str) -> Any:
        return _get(data, n, *path)

    out = []
    ix, fts = g("index"), g("fts5")
    out.append(("build (`index --rebuild`): time, docs/s, peak RSS of the process tree",
                f"{ix['seconds'] / 60:.1f} min, {ix['docs_s']:.0f} docs/s, "
                f"{ix['peak_tree_mb']:.0f} MB (largest process {ix['peak_process_mb']:.0f} MB), "
                f"index {ix['index_mb']:.0f} MB" if ix else "—",
                f"{fts['build_seconds'] / 60:.1f} min, {fts['db_mb']:.0f} MB" if fts else "—"))
    inc = g("incremental")
    out.append(("incremental `veille index` of 1,000 new articles",
                f"{inc['seconds']:.1f} s (peak RSS {inc['peak_tree_mb']:.0f} MB)" if inc
                else "—", "—"))
    asked = g("fts5", "queries")
    asked_note = f"; the first {asked} queries" if asked and asked != g("queries", "queries") \
        else ""
    out.append(("exact: top 10 + snippets + facets, p50 / p95 ms (CPU)",
                f"{_ms(g('queries', 'exact'))} ({_ms(g('queries', 'exact_cpu'))})",
                f"{_ms(g('fts5', 'top10_facets'))} (top 10 + snippet() alone "
                f"{_ms(g('fts5', 'top10'))}{asked_note})"))
    out.append(("as-you-type (workbench first paint), p50 / p95 ms (CPU)",
                f"{_ms(g('queries', 'typing'))} ({_ms(g('queries', 'typing_cpu'))}), "
                f"{g('queries', 'typing_cut') or 0} cut by the budget"
                if g("queries") else "—", "—"))
    plain = g("queries", "forms", "plain", "wall")
    plain_fts = g("fts5", "forms", "plain")
    for form, name in FORM_NAMES.items():
        w = g("queries", "forms", form, "wall")
        f = g("fts5", "forms", form)
        ratio = f" (×{w['p95'] / plain['p95']:.2f} plain)" if w and plain else ""
        ratio_f = f" (×{f['p95'] / plain_fts['p95']:.2f})" if f and plain_fts else ""
        out.append((f"{name} p50 / p95 ms", f"{_ms(w)}{ratio}", f"{_ms(f)}{ratio_f}"))
    rss = g("queries", "rss_one_searcher")
    out.append(("searcher process RSS after the exact queries / peak (MB)",
                f"{rss['VmRSS']:.0f} / {rss['VmHWM']:.0f}" if rss else "—", "—"))
    cold = g("cold")
    out.append(("cold `veille search --json`, p50 / max ms",
                f"{cold['p50']:.0f} / {cold['max']:.0f}" if cold else "—", "—"))
    ov = g("queries", "overlap")
    out.append(("as-you-type vs exact top-10 overlap", f"{ov:.3f}" if ov is not None
                else "—", "—"))
    loads = [g(step, "load") for step in ("index", "queries", "fts5")]
    out.append(("load average (1/5/15 min) at index / queries / FTS5",
                " · ".join(x or "—" for x in loads), ""))
    return out


def table(data: dict[str, Any], sizes: list[int]) -> str:
    lines = []
    for n in sizes:
        if str(n) not in data:
            continue
        lines += [f"\n### {n:,} articles\n", "| | Veille | SQLite FTS5 |", "|---|---|---|"]
        lines += [f"| {a} | {b} | {c} |" for a, b, c in rows(data, n)]
    return "\n".join(lines)


def plot(data: dict[str, Any], sizes: list[int], path: Path) -> None:
    """p50 and p95 of the exact search, as-you-type and FTS5 (top 10 + snippets +
    counts) against the corpus size, log-log."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    series = {"Veille exact": ("queries", "exact"),
              "Veille as-you-type": ("queries", "typing"),
              "FTS5 top 10 + snippet() + counts": ("fts5", "top10_facets")}
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for (label, key), color in zip(series.items(), ("C0", "C2", "C3"), strict=True):
        done = [n for n in sizes if _get(data, n, *key)]
        if not done:
            continue
        for p, style in (("p50", "--"), ("p95", "-")):
            ax.plot(done, [_get(data, n, *key)[p] for n in done], style, color=color,
                    marker="o", label=f"{label} {p}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("articles")
    ax.set_ylabel("ms per query (wall)")
    ax.set_title("Veille and SQLite FTS5 on the synthetic corpus (bench/scale.py)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
