"""The trends chart of the workbench: one line per period, one coloured bar per query."""

from __future__ import annotations

from textual.content import Content

from tui.app.text import one_line, thousands
from tui.trends import Trends, period_label
from tui.trends_chart import bar

# Mid-tone colours, legible on the dark and on the light theme alike.
PALETTE = ("#1f77b4", "#e8710a", "#2ca02c", "#d62728", "#9467bd")


def series_colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def legend_content(trends: Trends, names: list[str]) -> Content:
    parts: list[tuple[str, str] | str] = []
    for i, (series, name) in enumerate(zip(trends.series, names, strict=True)):
        if i:
            parts.append("   ")
        parts.append(("■ ", series_colour(i)))
        parts.append((one_line(name), "bold"))
        parts.append((f" {thousands(series.total)}", "$text-muted"))
        if series.undated:
            parts.append((f" (dont {thousands(series.undated)} sans date)", "$text-muted"))
    return Content.assemble(*parts)


def chart_content(trends: Trends, width: int) -> Content:
    """The chart within `width` columns (bars scaled to the biggest count)."""
    if not trends.periods:
        return Content("Aucun article daté : rien à compter par période.").stylize(
            "$text-muted italic")
    labels = [period_label(p, trends.by) for p in trends.periods]
    label_width = max(len(lab) for lab in labels)
    n = max(len(trends.series), 1)
    count_width = max(len(str(trends.peak)), 1)
    cell = max((width - label_width - 2) // n, count_width + 3)
    bar_width = max(cell - count_width - 3, 1)
    lines: list[Content] = []
    for period, label in zip(trends.periods, labels, strict=True):
        parts: list[tuple[str, str] | str] = [(f"{label:<{label_width}}  ", "$text-muted")]
        for i, series in enumerate(trends.series):
            value = series.counts.get(period, 0)
            drawn = bar(value, trends.peak, bar_width)
            count = f" {value}"
            parts.append((drawn, series_colour(i)))
            parts.append((count, "" if value else "$text-muted"))
            parts.append(" " * max(cell - len(drawn) - len(count), 1))
        lines.append(Content.assemble(*parts))
    return Content("\n").join(lines)
