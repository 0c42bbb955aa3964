"""The date range dialog: publication dates from … to … (either may stay empty)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from tui.app.dates import BadDate, parse_bound


@dataclass(frozen=True)
class DateRange:
    since: datetime | None
    until: datetime | None


class DateRangeDialog(ModalScreen[DateRange | None]):
    """Returns the chosen range, an empty range to clear it, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Annuler")]

    def __init__(self, since: str = "", until: str = "") -> None:
        super().__init__()
        self.since_text = since
        self.until_text = until

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Période de publication", classes="dialog-title")
            yield Static("2025 · 2025-03 · 2025-03-12 · 12/03/2025 · 03/2025 · mars 2025 · "
                         "1er mars 2025 — vide : sans limite",
                         classes="dialog-hint", markup=False)
            with Horizontal(classes="dialog-row"):
                yield Label("Du", classes="dialog-label")
                yield Input(self.since_text, placeholder="début", id="since")
            with Horizontal(classes="dialog-row"):
                yield Label("Au", classes="dialog-label")
                yield Input(self.until_text, placeholder="fin", id="until")
            yield Static("", id="date-error", classes="dialog-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Appliquer", variant="primary", id="apply")
                yield Button("Effacer", id="clear")
                yield Button("Annuler", id="cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "since":
            self.query_one("#until", Input).focus()
        else:
            self._apply()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "apply":
            self._apply()
        elif event.button.id == "clear":
            self.dismiss(DateRange(None, None))
        else:
            self.dismiss(None)

    def _apply(self) -> None:
        error = self.query_one("#date-error", Static)
        try:
            since = parse_bound(self.query_one("#since", Input).value, end=False)
            until = parse_bound(self.query_one("#until", Input).value, end=True)
        except BadDate as exc:
            error.update(Content(str(exc)))
            return
        if since and until and since > until:
            error.update(Content("la date de début est après la date de fin"))
            return
        self.dismiss(DateRange(since, until))

    def action_cancel(self) -> None:
        self.dismiss(None)
