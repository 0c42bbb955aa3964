"""The main screen: search box, results, preview, facets and month strip, watches, status."""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Footer, Input, Label, Static

from indexer import BadQuery, IndexerError, SearchResult
from indexer.watches import UnreadWatch, Watch
from tui.app.backend import Backend, Filters, SearchRequest
from tui.app.dates import period_label
from tui.app.dialogs.dates import DateRange, DateRangeDialog
from tui.app.messages import FacetToggled, FocusResults
from tui.app.screens.browse import query_words
from tui.app.screens.research import ResearchScreen
from tui.app.text import one_line, thousands
from tui.app.widgets.facets import FacetList, MonthStrip
from tui.app.widgets.preview import PreviewPane
from tui.app.widgets.results import ResultsList
from tui.app.widgets.search_box import SearchBox
from tui.app.widgets.selection import SelectionPanel, selection_title
from tui.app.widgets.status import StatusLine
from tui.app.widgets.watches import WatchesPanel

log = logging.getLogger(__name__)

TYPING_MIN_PAGE, MIN_PAGE, MAX_PAGE = 5, 10, 40  # hits per search (see _page_size)
# Typing: 20 ms after a key, a quick search without snippets (30 ms budget) paints the
# hits; when typing pauses for 200 ms, the same with snippets (60 ms budget); after 400 ms,
# the exact search if the shown one was cut short. Snippets and exact searches cost the
# most, so they never run while keys keep coming (the searches of a fast typist's prefixes
# would hold the index and delay the last key's results).
DEBOUNCE_S = 0.02
SNIPPETS_AFTER_S = 0.2
EXACT_AFTER_S = 0.4
FIRST_BUDGET_MS = 30
TYPING_BUDGET_MS = 60
SORT_LABELS = {"relevance": "pertinence", "date": "date"}


class SearchScreen(ResearchScreen):
    BINDINGS = [
        Binding("slash", "focus_search", "Rechercher"),
        Binding("escape", "back", "Retour", show=False),
        Binding("s", "toggle_sort", "Tri"),
        Binding("u", "toggle_group", "Reprises groupées", show=False),
        Binding("f", "focus_filters", "Filtres"),
        Binding("d", "date_range", "Dates"),
        Binding("x", "clear_filters", "Sans filtres", show=False),
        Binding("ctrl+g", "apply_suggestion", "Appliquer la suggestion"),
        Binding("r", "refresh", "Actualiser", show=False),
        Binding("f5,ctrl+r", "refresh", "Actualiser", show=False),
    ]

    def __init__(self, backend: Backend, query: str = "", *, show_timings: bool = True,
                 poll_interval: float | None = 5.0) -> None:
        super().__init__(backend)
        self.initial_query = query
        self.show_timings = show_timings
        self.poll_interval = poll_interval
        self.query_text = query
        self.filters = Filters()
        self.sort = "relevance"
        self.group = True  # reprints of one story are one hit (`u` toggles)
        self.result: SearchResult | None = None
        self.shown: SearchRequest | None = None
        self.new_ids: set[str] = set()
        self.active_watch: Watch | None = None
        self._displayed_generation = 0
        self._debounce: Timer | None = None
        self._pause: Timer | None = None
        self._settle: Timer | None = None
        self._programmatic: str | None = None
        self._loading_page = False
        self.opened = False
        self._months_key: tuple[str, Filters, bool | None, bool] | None = None

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield SearchBox(self.backend.history, self.initial_query, id="search")
        yield Static(Content(""), id="hints")
        with Horizontal(id="body"):
            with VerticalScroll(id="side"):
                yield MonthStrip(id="months")
                yield Label("Sources", classes="side-title")
                yield FacetList("source", id="facet-source")
                yield Label("Années", classes="side-title")
                yield FacetList("year", id="facet-year")
                yield Label("Veilles", classes="side-title", id="watches-title")
                yield WatchesPanel(id="watches")
                yield Label(selection_title(0), classes="side-title", id="selection-title")
                yield SelectionPanel(id="selection")
            with Vertical(id="main"):
                yield Static(Content(""), id="results-header")
                yield ResultsList(id="results")
                yield PreviewPane(id="preview")
        yield StatusLine(Content(""), id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.search_box.focus()
        self.label_sources()
        self._set_header(Content("Ouverture de l’index…").stylize("$text-muted"))
        self._open_worker()

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _open_worker(self) -> None:
        try:
            ready = self.backend.ready()
        except Exception as exc:  # never a crash: the empty screen explains
            log.warning("ouverture impossible de l’index : %r", exc)
            ready = False
        self.app.call_from_thread(self._opened, ready)

    def _opened(self, ready: bool) -> None:
        """The index is open (typing meanwhile was kept): search what the box holds."""
        if not ready:
            self.app.show_empty_home()  # type: ignore[attr-defined]
            return
        self.opened = True
        self._update_status()
        self._load_watches()
        self._load_selection()
        if self.poll_interval:
            self.set_interval(self.poll_interval, self._poll)
        self.run_search(exact=True)

    def on_resize(self) -> None:
        self.set_class(self.size.width >= 140, "wide")
        self.set_class(self.size.width < 90, "narrow")

    @property
    def search_box(self) -> SearchBox:
        return self.query_one("#search", SearchBox)

    def highlight_query(self) -> str:
        return self.shown.query if self.shown else self.query_text

    # -- searching -----------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _typed(self, event: Input.Changed) -> None:
        box = self.search_box
        if box.history.walking and event.value != box.history.current():
            box.history.stop()
        self.query_text = event.value
        if self.active_watch is not None and event.value != self.active_watch.query:
            self.active_watch = None
            self.new_ids = set()
        if self._programmatic is not None and event.value == self._programmatic:
            self._programmatic = None
            return
        self._stop_timers()
        self._debounce = self.set_timer(DEBOUNCE_S, self._typing_search)

    def _stop_timers(self) -> None:
        for timer in (self._debounce, self._pause, self._settle):
            if timer is not None:
                timer.stop()
        self._debounce = self._pause = self._settle = None

    def _typing_search(self) -> None:
        self.run_search(exact=False, first=True)
        self._pause = self.set_timer(SNIPPETS_AFTER_S, self._paused)

    def _paused(self) -> None:
        """Typing paused: the hits again, with their snippets."""
        self.run_search(exact=False)
        self._settle = self.set_timer(EXACT_AFTER_S, self._settled)

    def _settled(self) -> None:
        """Typing stopped: the exact search (the CLI's answer: its ranking, its
        suggestion), unless it is already shown."""
        shown = self.shown
        if shown is not None and shown.exact and shown.query == self.query_text.strip():
            self._update_months()
        else:
            self.run_search(exact=True)

    def set_query(self, query: str, *, search: bool = True) -> None:
        """Put `query` in the box (without the typing delay) and search it exactly."""
        self._stop_timers()
        box = self.search_box
        if box.value != query:
            self._programmatic = query
            box.value = query
            box.cursor_position = len(query)
        self.query_text = query
        if search:
            self.run_search(exact=True)

    def run_search(self, *, exact: bool, first: bool = False, keep: str | None = None) -> None:
        """Search what the box holds: `exact`, else budgeted (`first`: without snippets)."""
        if not self.opened:  # the index is still opening: _opened searches the box then
            return
        if exact:  # a typing search still pending would replace this one on screen
            self._stop_timers()
        request = SearchRequest(
            query=self.query_text.strip(), filters=self.filters, sort=self.sort,
            limit=self._page_size(exact),
            budget_ms=None if exact else FIRST_BUDGET_MS if first else TYPING_BUDGET_MS,
            snippets=not first,
            generation=self.backend.next_generation(),
            partial=False if self.active_watch is not None else None,
            group=self.group,
        )
        self._search_worker(request, keep)

    def _page_size(self, exact: bool) -> int:
        """Hits per search: while typing, what the list shows (snippets cost ~5 ms a hit);
        exact, a few more (and more load as the highlight nears the end)."""
        visible = max(self.results.size.height // 2, 1)
        if not exact:
            return max(TYPING_MIN_PAGE, min(visible + 1, MAX_PAGE))
        return max(MIN_PAGE, min(visible + 4, MAX_PAGE))

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search_worker(self, request: SearchRequest, keep: str | None) -> None:
        try:
            result = self.backend.search(request)
        except BadQuery as exc:
            self.app.call_from_thread(self._show_problem, request, str(exc))
            return
        except Exception as exc:  # never a crash: the note says what happened
            log.warning("la recherche a échoué : %r", exc)
            self.app.call_from_thread(self._show_problem, request,
                                      f"recherche impossible : {exc}")
            return
        if result is not None:  # None: a newer query superseded this one
            self.app.call_from_thread(self._show_result, request, result, keep)

    def _fresh(self, request: SearchRequest) -> bool:
        if request.generation < self._displayed_generation:
            return False
        self._displayed_generation = request.generation
        return True

    def _show_problem(self, request: SearchRequest, message: str) -> None:
        if self._fresh(request):
            self._set_hints(Content(one_line(message)).stylize("$text-warning"))

    def _show_result(self, request: SearchRequest, result: SearchResult,
                     keep: str | None) -> None:
        if not self._fresh(request):
            return
        previous = self.current_hit()
        self.result, self.shown = result, request
        self.results.words = query_words(request.query)
        self.results.show_hits(result.hits, self.new_ids,
                               keep=keep or (previous.id if previous else None))
        self.show_preview(self.current_hit(), force=True)
        self._set_header(self._header(request, result))
        self._set_hints(self._hints(result))
        self._show_facets(result)
        if request.exact:
            self._update_months()

    def _header(self, request: SearchRequest, result: SearchResult) -> Content:
        count = thousands(result.total)
        if request.query:
            folded = result.grouped and result.total_articles > result.total
            noun = "sujet" if folded else "résultat"
            parts: list[tuple[str, str] | str] = [
                (f"{count} {noun}{'s' if result.total > 1 else ''}", "bold")]
            if folded:
                parts.append((f" ({thousands(result.total_articles)} articles, reprises "
                              "regroupées)", "$text-muted"))
            if result.relaxed:
                parts.append((f", dont {thousands(result.all_terms)} avec tous les mots"
                              if result.all_terms else ", aucun avec tous les mots",
                              "$text-muted"))
        else:
            parts = [("Derniers articles", "bold"), (f" ({count})", "$text-muted")]
        if not result.complete:
            parts.append((" (partiel)", "$text-warning"))
        if self.show_timings:
            parts.append((f" en {result.took_ms:.0f} ms", "$text-muted"))
        if request.query:
            parts.append(("  ·  tri : ", "$text-muted"))
            parts.append((SORT_LABELS.get(request.sort, request.sort), "$text-accent"))
        if request.filters.active:
            parts.append(("  ·  filtres : ", "$text-muted"))
            parts.append((one_line(request.filters.describe()), "$text-accent"))
        if self.active_watch is not None:
            parts.append(("  ·  veille ", "$text-muted"))
            parts.append((one_line(self.active_watch.name), "bold $text-success"))
        return Content.assemble(*parts)

    def _hints(self, result: SearchResult) -> Content | None:
        lines: list[Content] = []
        if self.active_watch is not None and self.new_ids:
            name = one_line(self.active_watch.name)
            n = len(self.new_ids)
            lines.append(Content.assemble(
                (f"● {thousands(n)} nouveau{'x' if n > 1 else ''}", "bold $text-success"),
                (f" depuis votre dernière visite de la veille « {name} »", "$text-muted")))
        if result.suggestion and result.suggestion.strip() != result.query.strip():
            lines.append(Content.assemble(
                ("Vouliez-vous dire ", "$text-muted"),
                (f"« {one_line(result.suggestion)} »", "bold $text-accent"),
                (" ?  Ctrl+G pour l’appliquer", "$text-muted")))
        for note in result.notes:
            lines.append(Content(one_line(note)).stylize("$text-muted italic"))
        return Content("\n").join(lines) if lines else None

    def _set_header(self, content: Content) -> None:
        self.query_one("#results-header", Static).update(content)

    def _set_hints(self, content: Content | None) -> None:
        hints = self.query_one("#hints", Static)
        hints.update(content or Content(""))
        hints.display = content is not None

    def _show_facets(self, result: SearchResult) -> None:
        sources = result.facets.get("source", {})
        years = result.facets.get("year", {})
        self.query_one("#facet-source", FacetList).show_counts(sources, self.filters.sources)
        self.query_one("#facet-year", FacetList).show_counts(
            {str(k): v for k, v in years.items()}, self.filters.years, order="value")
        self.widen_facets(self.shown)

    # -- more pages ----------------------------------------------------------------------

    def on_results_moved(self, index: int) -> None:
        if self.result is None or self.shown is None or self._loading_page:
            return
        loaded = len(self.results.hits)
        if index >= loaded - 5 and loaded < self.result.total:
            self._loading_page = True
            page = replace(self.shown, offset=loaded, budget_ms=None,
                           generation=self._displayed_generation)
            if not self.shown.exact:  # a hurried first page is ordered a little otherwise:
                page = replace(page, offset=0, limit=loaded + self.shown.limit)  # no gap
            self._page_worker(page)

    @work(thread=True, group="page", exit_on_error=False)
    def _page_worker(self, request: SearchRequest) -> None:
        try:
            result = self.backend.search(replace(request, generation=0))
        except IndexerError:
            result = None
        self.app.call_from_thread(self._append_page, request, result)

    def _append_page(self, request: SearchRequest, result: SearchResult | None) -> None:
        self._loading_page = False
        if result is not None and request.generation == self._displayed_generation:
            self.results.append_hits(result.hits)

    # -- the month strip -----------------------------------------------------------------

    def _update_months(self) -> None:
        if self.shown is None:
            return
        key = (self.shown.query, self.shown.filters, self.shown.partial, self.shown.group)
        if key == self._months_key:
            return
        self._months_key = key
        self.query_one("#months", MonthStrip).pending = True
        self._months_worker(self.shown)

    @work(thread=True, exclusive=True, group="months", exit_on_error=False)
    def _months_worker(self, request: SearchRequest) -> None:
        try:
            # the same set as the search (the order does not matter: date needs no re-ranking)
            counts = self.backend.month_counts(
                self.backend.all_ids(replace(request, sort="date")), stories=request.group)
        except IndexerError:
            counts = {}
        self.app.call_from_thread(self._show_months, request, counts)

    def _show_months(self, request: SearchRequest, counts: dict[str, int]) -> None:
        if self.shown is not None and (request.query, request.filters, request.partial,
                                       request.group) == (
                self.shown.query, self.shown.filters, self.shown.partial, self.shown.group):
            self.query_one("#months", MonthStrip).show_counts(counts)

    # -- filters -------------------------------------------------------------------------

    def on_facet_toggled(self, message: FacetToggled) -> None:
        if message.kind == "source":
            self.filters = self.filters.toggle_source(message.value)
        elif message.kind == "year":
            self.filters = self.filters.toggle_year(message.value)
        self.run_search(exact=True)

    def action_focus_filters(self) -> None:
        facets = self.query_one("#facet-source", FacetList)
        if facets.highlighted is None and facets.option_count:
            facets.highlighted = 0
        facets.focus()

    def action_date_range(self) -> None:
        fmt = "%Y-%m-%d"
        since = self.filters.since.strftime(fmt) if self.filters.since else ""
        until = self.filters.until.strftime(fmt) if self.filters.until else ""
        self.app.push_screen(DateRangeDialog(since, until), self._date_chosen)

    def _date_chosen(self, chosen: DateRange | None) -> None:
        if chosen is None:
            return
        label = period_label(chosen.since, chosen.until)
        self.filters = self.filters.with_period(chosen.since, chosen.until, label)
        self.run_search(exact=True)

    def action_clear_filters(self) -> None:
        if self.filters.active:
            self.filters = Filters()
            self.run_search(exact=True)

    def action_toggle_group(self) -> None:
        self.group = not self.group
        self.notify("Reprises regroupées par sujet" if self.group
                    else "Chaque article séparément (reprises non regroupées)", timeout=2)
        hit = self.current_hit()
        self.run_search(exact=True, keep=hit.id if hit else None)

    def action_toggle_sort(self) -> None:
        self.sort = "date" if self.sort == "relevance" else "relevance"
        hit = self.current_hit()
        self.run_search(exact=True, keep=hit.id if hit else None)

    # -- navigation ----------------------------------------------------------------------

    def on_focus_results(self, message: FocusResults) -> None:
        if message.submitted:
            self.backend.history.add(self.query_text)
            if self.result is None or not self.result.complete or (
                    self.shown is not None and self.shown.query != self.query_text.strip()):
                self._stop_timers()
                self.run_search(exact=True)
        if self.results.option_count:
            self.results.focus()

    def action_focus_search(self) -> None:
        self.search_box.focus()

    def action_back(self) -> None:
        if self.preview.has_focus:
            self.results.focus()
        elif not self.search_box.has_focus:
            self.search_box.focus()

    def action_apply_suggestion(self) -> None:
        if self.result is not None and self.result.suggestion:
            self.set_query(self.result.suggestion)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "apply_suggestion":
            return bool(self.result and self.result.suggestion)
        return super().check_action(action, parameters)

    def on_descendant_focus(self) -> None:
        focused = self.focused
        if isinstance(focused, ResultsList | PreviewPane) and self.query_text.strip():
            self.backend.history.add(self.query_text)

    # -- export --------------------------------------------------------------------------

    def export_description(self) -> tuple[str, int | None, str]:
        if self.shown is None or self.result is None:
            return "", 0, "veille-export"
        what = f"« {self.shown.query} »"
        if self.shown.filters.active:
            what += f" · {self.shown.filters.describe()}"
        slug = re.sub(r"[^\w]+", "-", self.shown.query.lower()).strip("-")[:40] or "export"
        return what, self.result.total, f"veille-{slug}"

    def export_ids(self) -> list[str]:
        shown = self.shown
        if shown is None:
            return []
        if self.result is None:
            return []
        if self.result.complete and self.result.total <= len(self.results.hits):
            return [h.id for h in self.results.hits]
        return self.backend.all_ids(replace(shown, budget_ms=None))  # the order on screen

    # -- hooks of LiveScreen ---------------------------------------------------------------

    def watch_opened(self, watch: UnreadWatch, unread: set[str]) -> None:
        """Show a saved search: its query, sources and start date, newest first, the
        articles that arrived since it was last seen marked."""
        saved = self.active_watch = watch.watch
        self.new_ids = unread
        since_label = period_label(saved.since, None) if saved.since else ""
        self.filters = Filters(sources=saved.sources, since=saved.since, period=since_label)
        self.sort = "date"
        self.set_query(saved.query)
        self.results.focus()

    def refreshed(self) -> None:
        """New index commits were picked up: search again, keeping the highlighted hit."""
        hit = self.current_hit()
        self._months_key = None
        self.run_search(exact=True, keep=hit.id if hit else None)
