"""Articles like a given one (`m`): its own list and preview; Escape goes back."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Static

from indexer import Hit, IndexerError, SearchResult
from tui.app.backend import Backend
from tui.app.screens.browse import BrowseScreen
from tui.app.text import one_line, thousands
from tui.app.widgets.preview import PreviewPane
from tui.app.widgets.results import ResultsList


class SimilarScreen(BrowseScreen):
    BINDINGS = [Binding("escape", "back", "Retour")]

    def __init__(self, backend: Backend, hit: Hit) -> None:
        super().__init__(backend)
        self.origin = hit
        self.result: SearchResult | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble(
            ("Articles proches de ", "$text-muted"), (one_line(self.origin.title), "bold")),
            id="similar-title")
        with Vertical(id="main"):
            yield Static(Content("Recherche…"), id="results-header")
            yield ResultsList(id="results")
            yield PreviewPane(id="preview")
        yield Footer()

    def on_mount(self) -> None:
        self.results.focus()
        self._load()

    @work(thread=True, exclusive=True, group="similar", exit_on_error=False)
    def _load(self) -> None:
        try:
            result = self.backend.more_like_this(self.origin.id)
        except IndexerError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._show, result)

    def _failed(self, message: str) -> None:
        self.query_one("#results-header", Static).update(Content(f"Échec : {message}"))

    def _show(self, result: SearchResult) -> None:
        self.result = result
        hits = [h for h in result.hits if h.id != self.origin.id]
        self.results.show_hits(hits)
        self.query_one("#results-header", Static).update(Content.assemble(
            (f"{thousands(len(hits))} articles proches", "bold"),
            ("  ·  Échap pour revenir", "$text-muted")))
        self.show_preview(self.current_hit())

    def export_description(self) -> tuple[str, int | None, str]:
        return (f"proches de « {self.origin.title} »", len(self.results.hits),
                f"veille-proches-{self.origin.id[:8]}")

    def action_back(self) -> None:
        if self.preview.has_focus:
            self.results.focus()
        else:
            self.dismiss(None)
