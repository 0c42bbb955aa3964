"""`veille trends --plot FILE`: the trends as a line chart in a file. SVG is written here,
with no dependency (one line per query, its total in the legend, French period labels);
PNG goes through matplotlib, the optional extra `plot` (`pip install 'veille[plot]'`).
No Textual here."""

from __future__ import annotations

import math
from pathlib import Path
from xml.sax.saxutils import escape

from corpus.text import strip_controls
from tui.trends import Trends, period_label

PLOT_SUFFIXES = (".svg", ".png")
# Okabe & Ito's colour-blind-safe palette, one colour a query (the workbench compares five).
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
WIDTH, HEIGHT = 900, 420
LEFT, RIGHT, TOP, BOTTOM = 60, 60, 50, 90


class PlotUnavailable(Exception):
    """A PNG was asked for without matplotlib installed."""


def write_plot(trends: Trends, path: Path, title: str = "") -> None:
    """Write the chart of `trends` to `path` (its suffix, .svg or .png, says how)."""
    suffix = path.suffix.lower()
    if suffix == ".svg":
        path.write_text(svg_chart(trends, title), encoding="utf-8")
    elif suffix == ".png":
        _png_chart(trends, path, title)
    else:
        raise ValueError(f"unknown plot format {suffix!r}")


def _nice_step(peak: int) -> int:
    """A round step for about five grid lines up to `peak`: 1, 2, 5, 10, 20, 50…"""
    raw = max(peak, 1) / 5
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return int(factor * magnitude)
    return int(10 * magnitude)  # pragma: no cover - the loop always returns


def _text(value: str) -> str:
    return escape(strip_controls(value).replace("\n", " "))


def svg_chart(trends: Trends, title: str = "") -> str:
    """The chart as a standalone SVG document (text escaped, nothing fetched)."""
    periods = trends.periods
    step = _nice_step(trends.peak)
    top_value = max(step, math.ceil(trends.peak / step) * step)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (len(periods) - 1) if len(periods) > 1 else plot_w / 2)

    def y(value: int) -> float:
        return TOP + plot_h - plot_h * value / top_value

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>']
    if title:
        out.append(f'<text x="{LEFT}" y="24" font-size="16" font-weight="bold">'
                   f'{_text(title)}</text>')
    for value in range(0, top_value + 1, step):
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" '
                   f'y2="{y(value):.1f}" stroke="#dddddd"/>')
        out.append(f'<text x="{LEFT - 8}" y="{y(value) + 4:.1f}" text-anchor="end" '
                   f'fill="#444444">{value}</text>')
    every = max(1, math.ceil(len(periods) / 8))  # at most eight labels: they never touch
    for i, key in enumerate(periods):
        if i % every == 0:
            out.append(f'<text x="{x(i):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle" '
                       f'fill="#444444">{_text(period_label(key, trends.by))}</text>')
    for n, series in enumerate(trends.series):
        colour = COLOURS[n % len(COLOURS)]
        points = " ".join(f"{x(i):.1f},{y(series.counts.get(key, 0)):.1f}"
                          for i, key in enumerate(periods))
        if points:
            out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
                       f'points="{points}"/>')
        legend_y = HEIGHT - BOTTOM + 42 + 18 * (n // 2)
        legend_x = LEFT + (n % 2) * (plot_w // 2)
        label = f"{series.query} ({series.total} article{'s' if series.total > 1 else ''})"
        out.append(f'<rect x="{legend_x}" y="{legend_y - 9}" width="14" height="4" '
                   f'fill="{colour}"/>')
        out.append(f'<text x="{legend_x + 20}" y="{legend_y - 4}">{_text(label)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _png_chart(trends: Trends, path: Path, title: str) -> None:
    try:
        import matplotlib
    except ImportError:
        raise PlotUnavailable("un PNG demande matplotlib : pip install 'veille[plot]' "
                              "(ou --plot FICHIER.svg, sans dépendance)") from None
    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(figsize=(WIDTH / 100, HEIGHT / 100), dpi=100)
    try:
        labels = [period_label(key, trends.by) for key in trends.periods]
        for n, series in enumerate(trends.series):
            axes.plot(range(len(labels)), [series.counts.get(k, 0) for k in trends.periods],
                      color=COLOURS[n % len(COLOURS)], linewidth=2,
                      label=f"{strip_controls(series.query)} ({series.total})")
        every = max(1, math.ceil(len(labels) / 12))
        axes.set_xticks(range(0, len(labels), every), labels[::every], rotation=30,
                        ha="right")
        axes.set_ylabel("articles")
        axes.set_ylim(bottom=0)
        axes.grid(axis="y", color="#dddddd")
        axes.legend()
        if title:
            axes.set_title(strip_controls(title))
        figure.tight_layout()
        figure.savefig(path, format="png")
    finally:
        pyplot.close(figure)
