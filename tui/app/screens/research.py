"""What the search screen offers beyond searching: the trends of the current query (`g`),
saving it as a watch (`w`), and keeping articles (`space`, from `SelectingScreen`)."""

from __future__ import annotations

import logging
from dataclasses import replace

from textual import work
from textual.binding import Binding

from tui.app.backend import Filters, SearchRequest
from tui.app.screens.selecting import SelectingScreen
from tui.app.widgets.facets import FacetList

log = logging.getLogger(__name__)


class ResearchScreen(SelectingScreen):
    """Needs `query_text` and `filters` (the search screen's)."""

    BINDINGS = [
        Binding("g", "trends", "Tendances"),
        Binding("w", "save_watch", "Veille", show=False),
    ]

    query_text: str
    filters: Filters
    shown: SearchRequest | None

    # -- facets: each counts the search without its own filter ----------------------------

    def label_sources(self) -> None:
        """Show the sources by their titles (the sources file's `title`)."""
        from tui.source_titles import source_titles

        titles = source_titles(self.backend.home.sources_file)
        self.query_one("#facet-source", FacetList).labels = titles

    def widen_facets(self, request: SearchRequest | None) -> None:
        """With sources (or a year) chosen, the other sources (years) keep their counts:
        each facet counts the search without its own filter, so that several sources can
        be combined, and another year chosen, in one key."""
        if request is None or not request.exact or not (
                request.filters.sources or request.filters.period):
            return
        self._facets_worker(request)

    @work(thread=True, exclusive=True, group="facets", exit_on_error=False)
    def _facets_worker(self, request: SearchRequest) -> None:
        base = replace(request, offset=0, budget_ms=None, snippets=False, generation=0)
        facets: dict[str, dict[str, int]] = {}
        try:
            if request.filters.sources:
                result = self.backend.search(
                    replace(base, filters=replace(request.filters, sources=())))
                facets["source"] = result.facets.get("source", {}) if result else {}
            if request.filters.period:
                result = self.backend.search(
                    replace(base, filters=request.filters.with_period(None, None, "")))
                facets["year"] = {str(k): v for k, v in
                                  (result.facets.get("year", {}) if result else {}).items()}
        except Exception as exc:  # the narrowed counts stay shown
            log.warning("le décompte des facettes a échoué : %r", exc)
            return
        self.app.call_from_thread(self._widened, request, facets)

    def _widened(self, request: SearchRequest, facets: dict[str, dict[str, int]]) -> None:
        shown = self.shown
        if shown is None or (shown.query, shown.filters) != (request.query, request.filters):
            return
        filters = request.filters
        if "source" in facets:
            self.query_one("#facet-source", FacetList).show_counts(
                facets["source"], filters.sources)
        if "year" in facets:
            self.query_one("#facet-year", FacetList).show_counts(
                facets["year"], filters.years, order="value")

    def action_trends(self) -> None:
        from tui.app.screens.trends import TrendsScreen

        query = self.query_text.strip()
        self.app.push_screen(TrendsScreen(self.backend, [query] if query else [],
                                          self.filters))

    def action_save_watch(self) -> None:
        from tui.app.dialogs.watch import SaveWatchDialog

        query = self.query_text.strip()
        if not query:
            self.notify("Tapez d’abord une recherche à enregistrer comme veille.",
                        severity="warning")
            return
        filters = self.filters
        note = ""
        if len(filters.years) > 1:
            note = (f"Une veille suit les articles à venir : elle part du 1er janvier "
                    f"{filters.years[0]} ; les années choisies ne sont pas gardées.")
        elif filters.until is not None:
            note = "Une veille suit les articles à venir : la date de fin n’est pas gardée."
        self.app.push_screen(
            SaveWatchDialog(query, filters.describe(), note,
                            lambda name: self._save_watch(name, query, filters)),
            self._watch_saved)

    def _save_watch(self, name: str, query: str, filters: Filters) -> str | None:
        """Save the watch; None, or why it cannot be saved (in French, for the dialog)."""
        from indexer.watches import NAME_PATTERN, WatchBook, WatchError

        if not NAME_PATTERN.match(name):
            return "nom invalide : lettres, chiffres, - _ . (64 au plus)"
        try:
            with WatchBook(self.backend.home) as book:
                if book.get(name) is not None:
                    return f"une veille « {name} » existe déjà"
                book.add(name, query, filters.sources, filters.since)
        except WatchError as exc:
            return f"enregistrement impossible : {exc}"
        except Exception as exc:  # a damaged watch list: say so, never crash
            return f"enregistrement impossible : {exc}"
        return None

    def _watch_saved(self, name: str | None) -> None:
        if name:
            self.notify(f"Veille « {name} » enregistrée : le bilan de chaque collecte dira "
                        "ses nouveaux articles.", timeout=4)
            self._load_watches()
