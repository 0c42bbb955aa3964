"""The facets side panel: results per month (a bar strip), sources and years to filter by."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from textual.content import Content
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.app.messages import FacetToggled
from tui.app.text import one_line, thousands
from tui.render import MONTHS_FR

BLOCKS = " ▁▂▃▄▅▆▇█"
NAME_WIDTH = 13
MAX_BAR = 3  # columns per bar when there are few months


class FacetList(OptionList):
    """Facet values with their counts; choosing one toggles it as a filter."""

    def __init__(self, kind: str, **kwargs: object) -> None:
        super().__init__(markup=False, **kwargs)  # type: ignore[arg-type]
        self.kind = kind
        self.values: list[str] = []
        self.labels: dict[str, str] = {}  # value → display title (the sources file's)
        self._shown: tuple[dict[str, int], set[str], str] = ({}, set(), "count")

    def on_resize(self) -> None:
        counts, chosen, order = self._shown
        if counts or chosen:
            self.show_counts(counts, chosen, order)

    def show_counts(self, counts: Mapping[str, int], selected: Iterable[str] = (),
                    order: str = "count") -> None:
        chosen = set(selected)
        self._shown = (dict(counts), chosen, order)
        merged = dict(counts)
        for value in chosen:
            merged.setdefault(value, 0)
        if order == "value":
            items = sorted(merged.items(), key=lambda kv: kv[0], reverse=True)
        else:
            items = sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))
        keep = self.highlighted
        self.values = [value for value, _ in items]
        width = max(self.content_region.width - 7, NAME_WIDTH) if self.content_region.width \
            else NAME_WIDTH
        self.set_options([
            Option(self._prompt(self.labels.get(value, value), count, value in chosen, width))
            for value, count in items
        ])
        if keep is not None and self.values:
            self.highlighted = min(keep, len(self.values) - 1)

    @staticmethod
    def _prompt(value: str, count: int, chosen: bool, width: int = NAME_WIDTH) -> Content:
        """`● L’Usine Démo     12`: cut (…) only when the column is too narrow."""
        name = one_line(value) or "(sans source)"
        if len(name) > width:
            name = name[:width - 1] + "…"
        return Content.assemble(
            ("● " if chosen else "  ", "bold $text-accent"),
            (name.ljust(width), "bold" if chosen else ""),
            (thousands(count).rjust(5), "$text-muted"),
        )

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.values):
            self.post_message(FacetToggled(self.kind, self.values[event.option_index]))


def month_label(month: str) -> str:
    """`2025-03` → `mars 2025`."""
    year, num = month.split("-")
    return f"{MONTHS_FR[int(num) - 1]} {year}"


def month_range(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` (`YYYY-MM`), inclusive."""
    year, month = (int(p) for p in first.split("-"))
    end = tuple(int(p) for p in last.split("-"))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return months


def strip_rows(counts: Mapping[str, int], width: int) -> tuple[str, str, list[str]]:
    """Two rows of bar characters for `counts` per month, fitted in `width` columns.

    Months are continuous from the first to the last (missing ones count 0); when there
    are more months than columns, neighbours are summed into one bar; when there are few,
    each bar is up to `MAX_BAR` columns wide. Returns the top and
    bottom rows and the first month of each bar.
    """
    if not counts or width <= 0:
        return "", "", []
    months = month_range(min(counts), max(counts))
    per_bar = max(1, math.ceil(len(months) / width))
    buckets = [months[i:i + per_bar] for i in range(0, len(months), per_bar)]
    values = [sum(counts.get(m, 0) for m in bucket) for bucket in buckets]
    bar = max(1, min(MAX_BAR, width // len(values)))
    peak = max(values) or 1
    top, bottom = [], []
    for value in values:
        level = math.ceil(value / peak * 16) if value else 0
        bottom.append(BLOCKS[min(level, 8)] * bar)
        top.append(BLOCKS[max(level - 8, 0)] * bar)
    return "".join(top), "".join(bottom), [b[0] for b in buckets]


class MonthStrip(Widget):
    """Results per publication month, as a two-row bar strip with its span and peak."""

    DEFAULT_CSS = """
    MonthStrip { height: 5; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.counts: dict[str, int] = {}
        self.pending = False

    def show_counts(self, counts: Mapping[str, int]) -> None:
        self.counts = dict(counts)
        self.pending = False
        self.refresh()

    def render(self) -> Content:
        width = max(self.size.width, 1)
        if not self.counts:
            note = "calcul…" if self.pending else "aucune date"
            return Content.assemble(("Par mois", "bold"), "\n", (note, "$text-muted"))
        top, bottom, starts = strip_rows(self.counts, width)
        peak_month = max(self.counts, key=lambda m: (self.counts[m], m))
        first, last = starts[0][:4], max(self.counts)[:4]
        span = first if first == last else f"{first}–{last}"
        gap = max(len(bottom) - len(starts[0][:4]) - len(last), 1)
        axis = f"{first}{' ' * gap}{last}" if first != last else first
        head = Content.assemble(
            ("Par mois ", "bold"), (span, "$text-muted"))
        peak = f"pic {month_label(peak_month)} ({thousands(self.counts[peak_month])})"
        return Content("\n").join([
            head,
            Content(top).stylize("$text-accent"),
            Content(bottom).stylize("$text-accent"),
            Content(axis).stylize("$text-muted"),
            Content(peak).stylize("$text-muted"),
        ])

    @property
    def peak_text(self) -> str:
        if not self.counts:
            return ""
        peak_month = max(self.counts, key=lambda m: (self.counts[m], m))
        return f"pic {month_label(peak_month)} ({thousands(self.counts[peak_month])})"
