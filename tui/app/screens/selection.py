"""The selection screen: every kept article with its preview; `space` drops one, `e`
exports them, Escape goes back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Footer, Static

from indexer import Hit
from tui.app.backend import Backend
from tui.app.screens.browse import BrowseScreen
from tui.app.screens.selection_jobs import selection_job
from tui.app.widgets.preview import PreviewPane
from tui.app.widgets.results import ResultsList
from tui.selection import Entry


def entry_hit(entry: Entry) -> Hit:
    return Hit(entry.id, entry.url, entry.title, entry.source, entry.published, "", 0.0, "")


class SelectionScreen(BrowseScreen):
    BINDINGS = [
        Binding("escape", "close", "Retour"),
        Binding("space", "drop", "Retirer"),
    ]

    def __init__(self, backend: Backend, focus_id: str | None = None) -> None:
        super().__init__(backend)
        self.focus_id = focus_id
        self.entries: list[Entry] = []

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="similar-title")
        yield ResultsList(id="results")
        yield PreviewPane(id="preview")
        yield Footer()

    def on_mount(self) -> None:
        self._load()
        self.results.focus()

    def _load(self, drop: str | None = None) -> None:
        selection_job(self, lambda _, entries: self._show(entries),
                      None if drop is None else lambda s: s.remove([drop]),
                      create=drop is not None, severity="error")

    def _show(self, entries: list[Entry]) -> None:
        self.entries = entries
        count = len(entries)
        self.query_one("#similar-title", Static).update(Content.assemble(
            ("Sélection", "bold"), (f"  {count} article{'s' if count > 1 else ''}", "$text-muted"),
            ("  ·  Espace retire · e exporte · veille review --from-selection pour la revue",
             "$text-muted")))
        keep = self.focus_id
        current = self.current_hit()
        self.results.show_hits([entry_hit(e) for e in entries],
                               keep=keep or (current.id if current else None))
        self.focus_id = None
        self.show_preview(self.current_hit(), force=True)

    def action_drop(self) -> None:
        hit = self.current_hit()
        if hit is not None:
            index = self.results.highlighted or 0
            following = self.results.hits[index + 1:] or self.results.hits[:index]
            self.focus_id = following[0].id if following else None
            self._load(drop=hit.id)

    def action_close(self) -> None:
        self.dismiss(None)

    def export_description(self) -> tuple[str, int | None, str]:
        return "la sélection", len(self.entries), "veille-selection"
