"""The save-as-watch dialog (`w`): the current query and filters saved as a veille, under
a name the researcher types (a name from the query is proposed)."""

from __future__ import annotations

import re
from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from tui.app.text import one_line


def proposed_name(query: str) -> str:
    """`hydrogène vert` → `hydrogène-vert` (letters, digits, `-`, `_`, `.`; 40 at most)."""
    return re.sub(r"[^\w.-]+", "-", query.strip().lower()).strip("-._")[:40]


class SaveWatchDialog(ModalScreen[str | None]):
    """Returns the saved watch's name, or None when cancelled. `save(name)` saves and
    returns None, or an error message shown in the dialog (the name stays editable)."""

    BINDINGS = [Binding("escape", "cancel", "Annuler")]

    def __init__(self, query: str, described_filters: str, note: str,
                 save: Callable[[str], str | None]) -> None:
        super().__init__()
        self.watch_query = query
        self.described_filters = described_filters
        self.note = note
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Enregistrer comme veille", classes="dialog-title")
            what = f"« {one_line(self.watch_query)} »"
            if self.described_filters:
                what += f" · {one_line(self.described_filters)}"
            yield Static(Content(what), classes="dialog-hint")
            if self.note:
                yield Static(Content(self.note).stylize("$text-warning"), classes="dialog-hint")
            with Horizontal(classes="dialog-row"):
                yield Label("Nom", classes="dialog-label")
                yield Input(proposed_name(self.watch_query), id="watch-name",
                            placeholder="lettres, chiffres, - _ .")
            yield Static("", id="watch-error", classes="dialog-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Enregistrer", variant="primary", id="save")
                yield Button("Annuler", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#watch-name", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self._save()
        else:
            self.dismiss(None)

    def _save(self) -> None:
        name = self.query_one("#watch-name", Input).value.strip()
        error = self.save(name) if name else "donnez un nom à la veille"
        if error:
            self.query_one("#watch-error", Static).update(Content(error))
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)
