"""Trends drawn as text: one line per period, one bar per query (eighths of a cell)."""

from __future__ import annotations

from tui.render import safe
from tui.trends import Trends, period_label

EIGHTHS = " ▏▎▍▌▋▊▉"
COLOURS = ("36", "33", "35", "32", "34")  # cyan, yellow, magenta, green, blue (ANSI)


def bar(value: int, peak: int, width: int) -> str:
    """A bar of `value` out of `peak` over `width` cells (at least a sliver when > 0)."""
    if peak <= 0 or width <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / peak * width * 8))
    full, rest = divmod(eighths, 8)
    return "█" * full + (EIGHTHS[rest] if rest else "")


def chart_lines(trends: Trends, width: int, color: bool) -> list[str]:
    """The chart as lines of at most `width` columns (`color`: ANSI colours)."""
    labels = [period_label(p, trends.by) for p in trends.periods]
    label_width = max((len(lab) for lab in labels), default=4)
    n = max(len(trends.series), 1)
    cell = max((width - label_width - 2) // n, 8)
    count_width = len(str(trends.peak))
    bar_width = max(cell - count_width - 3, 1)
    lines = [_legend(trends, color, cell, label_width)]
    for period, label in zip(trends.periods, labels, strict=True):
        cells = []
        for i, series in enumerate(trends.series):
            value = series.counts.get(period, 0)
            drawn = bar(value, trends.peak, bar_width)
            pad = " " * max(cell - len(drawn) - len(str(value)) - 1, 1)
            shown = f"\x1b[{COLOURS[i % len(COLOURS)]}m{drawn}\x1b[0m" if color and drawn \
                else drawn
            cells.append(f"{shown} {value}{pad}" if drawn else f"{value}{pad} ")
        lines.append(f"{label:<{label_width}}  " + "".join(cells).rstrip())
    return lines


def _legend(trends: Trends, color: bool, cell: int, indent: int) -> str:
    parts = []
    for i, series in enumerate(trends.series):
        name = safe(series.query).replace("\n", " ")
        text = f"{name} ({series.total})"
        text = text if len(text) <= cell - 1 else text[:cell - 2] + "…"
        padded = f"{text:<{cell}}"
        if color:
            padded = f"\x1b[1;{COLOURS[i % len(COLOURS)]}m{padded}\x1b[0m"
        parts.append(padded)
    return " " * (indent + 2) + "".join(parts).rstrip()


def table_lines(trends: Trends) -> list[str]:
    """Plain columns for a pipe: period, then one count per query (tab-free, aligned)."""
    names = [safe(s.query).replace("\n", " ") for s in trends.series]
    widths = [max(len(n), 5) for n in names]
    label_width = max([len("période")] + [len(p) for p in trends.periods])
    lines = ["  ".join([f"{'période':<{label_width}}",
                        *(f"{n:>{w}}" for n, w in zip(names, widths, strict=True))])]
    for period in trends.periods:
        row = [f"{period:<{label_width}}"]
        row += [f"{s.counts.get(period, 0):>{w}}"
                for s, w in zip(trends.series, widths, strict=True)]
        lines.append("  ".join(row))
    lines.append("  ".join([f"{'total':<{label_width}}",
                            *(f"{s.total:>{w}}" for s, w in zip(trends.series, widths,
                                                                strict=True))]))
    return lines
