"""What the search screen offers beyond searching: the trends of the current query (`g`),
saving it as a watch (`w`), and keeping articles (`space`, from `SelectingScreen`)."""

from __future__ import annotations

from textual.binding import Binding

from tui.app.backend import Filters
from tui.app.screens.selecting import SelectingScreen


class ResearchScreen(SelectingScreen):
    """Needs `query_text` and `filters` (the search screen's)."""

    BINDINGS = [
        Binding("g", "trends", "Tendances"),
        Binding("w", "save_watch", "Veille", show=False),
    ]

    query_text: str
    filters: Filters

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
        if filters.until is not None:
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
