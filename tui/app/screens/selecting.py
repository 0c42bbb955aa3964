"""What lets a screen keep articles across searches: `space` on a result adds it to the
home's selection (or drops it), the results mark kept articles, the panel counts them."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Label, OptionList

from tui.app.screens.live import LiveScreen
from tui.app.screens.selection_jobs import selection_job
from tui.app.widgets.results import ResultsList
from tui.app.widgets.selection import KeptChosen, SelectionPanel, selection_title
from tui.selection import Entry


class SelectingScreen(LiveScreen):
    """Needs `#selection` (SelectionPanel) and `#selection-title` (Label)."""

    BINDINGS = [Binding("space", "toggle_kept", "Garder", show=False)]

    kept: frozenset[str] = frozenset()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_kept":
            if isinstance(self.focused, OptionList) and not isinstance(self.focused,
                                                                       ResultsList):
                return False  # in a side panel, Space is not about the highlighted result
            return self.current_hit() is not None or None
        return super().check_action(action, parameters)

    def action_toggle_kept(self) -> None:
        hit = self.current_hit()
        if hit is not None:
            entry = Entry.of(hit)
            selection_job(self, self._toggled, lambda s: s.toggle(entry), create=True,
                          group="selection", exclusive=False, severity="error")

    def _toggled(self, now_kept: bool | None, entries: list[Entry]) -> None:
        count = len(entries)
        what = "Gardé dans la sélection" if now_kept else "Retiré de la sélection"
        self.notify(f"{what} ({count} article{'s' if count > 1 else ''})", timeout=2)
        self._show_selection(entries)

    def _load_selection(self) -> None:
        selection_job(self, lambda _, entries: self._show_selection(entries))

    def _show_selection(self, entries: list[Entry]) -> None:
        self.kept = frozenset(e.id for e in entries)
        self.query_one("#selection", SelectionPanel).show_entries(entries)
        self.query_one("#selection-title", Label).update(selection_title(len(entries)))
        self.results.mark_kept(self.kept)

    def on_kept_chosen(self, message: KeptChosen) -> None:
        from tui.app.screens.selection import SelectionScreen

        self.app.push_screen(SelectionScreen(self.backend, message.article_id),
                             self._selection_closed)

    def _selection_closed(self, _: None) -> None:
        self._load_selection()
