"""The trends screen (`g`): up to five searches compared over time, per month, week or
year, with the filters of the search screen, counted as the search counts; per source on
demand (`p`)."""

from __future__ import annotations

import logging

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from tui.app.backend import Backend, Filters, SearchRequest
from tui.app.text import one_line
from tui.app.widgets.trends_chart import chart_content, legend_content
from tui.trends import BY, MAX_QUERIES, Trends, compute

log = logging.getLogger(__name__)

BY_LABELS = {"month": "par mois", "week": "par semaine", "year": "par année"}
SEARCH_PAGE = 10  # the page `veille search` asks for: its `total` is the count
TOP_SOURCES = 5


def split_queries(text: str) -> list[str]:
    """`hydrogène vert ; ammoniac` → the queries (empty ones dropped)."""
    return [q.strip() for q in text.split(";") if q.strip()]


class TrendsScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "close", "Retour"),
        Binding("b", "cycle_by", "Période"),
        Binding("p", "per_source", "Par source"),
        Binding("slash", "edit", "Requêtes"),
    ]

    def __init__(self, backend: Backend, queries: list[str], filters: Filters | None = None,
                 by: str = "month") -> None:
        super().__init__()
        self.backend = backend
        self.queries = [q for q in queries if q.strip()][:MAX_QUERIES]
        self.filters = filters or Filters()
        self.by = by
        self.per_source = False
        self.trends: Trends | None = None
        self.names: list[str] = []
        self.generation = 0

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="trends-title")
        yield Input(" ; ".join(self.queries), id="trends-queries",
                    placeholder="jusqu’à cinq recherches, séparées par « ; »")
        yield Static(Content(""), id="trends-legend")
        with VerticalScroll(id="trends-scroll"):
            yield Static(Content(""), id="trends-chart")
        yield Footer()

    def on_mount(self) -> None:
        self._update_title()
        if self.queries:
            self.query_one("#trends-scroll").focus()
            self._run()
        else:
            self.query_one("#trends-queries", Input).focus()

    # -- actions -------------------------------------------------------------------------

    @on(Input.Submitted, "#trends-queries")
    def _submitted(self, event: Input.Submitted) -> None:
        queries = split_queries(event.value)
        if len(queries) > MAX_QUERIES:
            self.notify(f"{MAX_QUERIES} recherches au plus : les suivantes sont ignorées",
                        severity="warning")
        self.queries = queries[:MAX_QUERIES]
        self.query_one("#trends-scroll").focus()
        self._run()

    def action_cycle_by(self) -> None:
        self.by = BY[(BY.index(self.by) + 1) % len(BY)]
        self._run()

    def action_per_source(self) -> None:
        self.per_source = not self.per_source
        self._run()

    def action_edit(self) -> None:
        self.query_one("#trends-queries", Input).focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("cycle_by", "per_source") and self.query_one(
                "#trends-queries", Input).has_focus:
            return False  # the letters go to the box
        return True

    # -- computing -----------------------------------------------------------------------

    def _run(self) -> None:
        self._update_title()
        if not self.queries:
            self._show(None, [])
            return
        self.generation += 1
        self.query_one("#trends-chart", Static).update(
            Content("Calcul…").stylize("$text-muted"))
        self._worker(self.generation, list(self.queries), self.by, self.per_source)

    @work(thread=True, exclusive=True, group="trends", exit_on_error=False)
    def _worker(self, generation: int, queries: list[str], by: str, per_source: bool) -> None:
        try:
            trends, names = self._compute(queries, by, per_source)
        except Exception as exc:  # never a crash: the chart says what happened
            log.warning("les tendances ont échoué : %r", exc)
            self.app.call_from_thread(self._failed, generation, str(exc))
            return
        self.app.call_from_thread(self._done, generation, trends, names)

    def _compute(self, queries: list[str], by: str, per_source: bool
                 ) -> tuple[Trends, list[str]]:
        backend, filters = self.backend, self.filters

        def ids_of(query: str) -> list[str]:
            request = SearchRequest(query, filters, limit=SEARCH_PAGE, snippets=False)
            result = backend.search(request)
            return backend.all_ids(request) if result is not None else []

        def sources_of(ids: list[str]) -> dict[str, str]:
            return {a.id: a.source for a in backend.articles(ids)}

        since = filters.since.date() if filters.since else None
        until = filters.until.date() if filters.until else None
        if not per_source:
            trends = compute(queries, by, ids_of=ids_of, dates_of=backend.published_dates,
                             since=since, until=until)
            return trends, queries
        first = compute(queries[:1], by, ids_of=ids_of, dates_of=backend.published_dates,
                        sources_of=sources_of, since=since, until=until)
        return by_source(first)

    def _done(self, generation: int, trends: Trends, names: list[str]) -> None:
        if generation == self.generation:
            self._show(trends, names)

    def _failed(self, generation: int, message: str) -> None:
        if generation == self.generation:
            self.query_one("#trends-chart", Static).update(
                Content(one_line(f"calcul impossible : {message}")).stylize("$text-warning"))

    def _show(self, trends: Trends | None, names: list[str]) -> None:
        self.trends, self.names = trends, names
        legend = self.query_one("#trends-legend", Static)
        chart = self.query_one("#trends-chart", Static)
        if trends is None:
            legend.update(Content(""))
            chart.update(Content("Tapez une ou plusieurs recherches, séparées par « ; », "
                                 "puis Entrée.").stylize("$text-muted italic"))
            return
        legend.update(legend_content(trends, names))
        chart.update(chart_content(trends, max(self.size.width - 4, 20)))

    def on_resize(self) -> None:
        if self.trends is not None:
            self._show(self.trends, self.names)

    def _update_title(self) -> None:
        parts: list[tuple[str, str] | str] = [("Tendances", "bold"), "  ",
                                              (BY_LABELS[self.by], "$text-accent")]
        if self.per_source:
            parts += ["  ·  ", ("par source (première recherche)", "$text-accent")]
        if self.filters.active:
            parts += [("  ·  filtres : ", "$text-muted"),
                      (one_line(self.filters.describe()), "$text-accent")]
        parts.append(("  ·  b période · p par source · / requêtes · Échap retour",
                      "$text-muted"))
        self.query_one("#trends-title", Static).update(Content.assemble(*parts))


def by_source(trends: Trends) -> tuple[Trends, list[str]]:
    """The first series split into one series per source (the biggest few)."""
    from tui.trends import Series

    series = trends.series[0]
    totals = sorted(((sum(c.values()), name) for name, c in series.by_source.items()),
                    key=lambda t: (-t[0], t[1]))[:TOP_SOURCES]
    split = [Series(name, total, series.by_source[name]) for total, name in totals]
    return Trends(trends.by, trends.periods, split), [
        f"« {series.query} » · {name}" for _, name in totals]
