"""The search box: an Input with query history on ↑/↓ (persisted in the home)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input

from tui.app.messages import FocusResults
from tui.history import QueryHistory


class SearchBox(Input):
    """Typing edits the query; ↑ in an empty box walks back through past queries."""

    BINDINGS = [
        Binding("up", "history_older", "Historique", show=False),
        Binding("down", "down", "Résultats", show=False),
    ]

    def __init__(self, history: QueryHistory, value: str = "", **kwargs: object) -> None:
        super().__init__(
            value=value,
            placeholder="Rechercher dans la presse…  (F1 aide · Entrée résultats)",
            **kwargs,  # type: ignore[arg-type]
        )
        self.history = history

    def action_history_older(self) -> None:
        if self.value and not (self.history.walking and self.value == self.history.current()):
            return
        older = self.history.older()
        if older is not None:
            self._show(older)

    def action_down(self) -> None:
        if self.history.walking and self.value == self.history.current():
            newer = self.history.newer()
            if newer is not None:
                self._show(newer)
                return
        self.history.stop()
        self.post_message(FocusResults())

    async def action_submit(self) -> None:  # Enter: to the results
        self.history.stop()
        self.post_message(FocusResults(submitted=True))

    def _show(self, query: str) -> None:
        self.value = query
        self.cursor_position = len(query)
