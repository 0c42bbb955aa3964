"""The export dialog: where to write the current results, in one of the article formats
(`tui.formats`: JSON Lines, CSV)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from tui import formats
from tui.app.backend import export_path_format
from tui.app.text import one_line, thousands


@dataclass(frozen=True)
class ExportChoice:
    path: Path
    fmt: str  # a name of formats.choices("articles")


class ExportDialog(ModalScreen[ExportChoice | None]):
    """Asks for a path (the format follows a `.csv` suffix, or the radio buttons).

    An existing file is never replaced silently: the first Enter warns, the second confirms.
    """

    BINDINGS = [Binding("escape", "cancel", "Annuler")]

    def __init__(self, default_path: Path, what: str, count: int | None) -> None:
        super().__init__()
        self.default_path = default_path
        self.what = what
        self.count = count
        self._confirm_overwrite: Path | None = None

    def compose(self) -> ComposeResult:
        fmt = export_path_format(self.default_path)
        how_many = f"{thousands(self.count)} articles" if self.count is not None else "articles"
        with Vertical(id="dialog"):
            yield Label("Exporter les résultats", classes="dialog-title")
            yield Static(f"{how_many} · {one_line(self.what)}", classes="dialog-hint",
                         markup=False)
            yield Input(str(self.default_path), id="export-path")
            with RadioSet(id="export-format"):
                for name in formats.choices("articles"):
                    f = formats.get(name)
                    yield RadioButton(f"{f.label} ({f.suffix})", value=fmt == name,
                                      id=f"fmt-{name}")
            yield Static("", id="export-error", classes="dialog-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Exporter", variant="primary", id="export")
                yield Button("Annuler", id="cancel")

    def on_mount(self) -> None:
        box = self.query_one("#export-path", Input)
        box.focus()
        box.cursor_position = len(box.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._confirm_overwrite = None
        self.query_one("#export-error", Static).update(Content(""))
        fmt = formats.for_path(event.value, "articles")
        if fmt is not None:
            self.query_one(f"#fmt-{fmt.name}", RadioButton).value = True

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        box = self.query_one("#export-path", Input)
        path = Path(box.value)
        want = formats.get(str(event.pressed.id).removeprefix("fmt-")).suffix
        suffixes = {formats.get(name).suffix for name in formats.choices("articles")}
        if box.value and path.suffix.lower() in suffixes and path.suffix != want:
            box.value = str(path.with_suffix(want))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export":
            self._submit()
        else:
            self.dismiss(None)

    def _submit(self) -> None:
        error = self.query_one("#export-error", Static)
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            error.update(Content("indiquez un fichier"))
            return
        try:
            path = Path(text).expanduser()
            problem = _path_problem(path)
            exists = path.exists()
        except (OSError, RuntimeError) as exc:  # e.g. a name too long, an unknown ~user
            path, problem, exists = Path(text), f"chemin impossible : {exc}", False
        if problem:
            error.update(Content(problem))
            return
        if exists and self._confirm_overwrite != path:
            self._confirm_overwrite = path
            error.update(Content(f"{path.name} existe déjà : Entrée à nouveau pour remplacer"))
            return
        pressed = self.query_one("#export-format", RadioSet).pressed_button
        fmt = str(pressed.id).removeprefix("fmt-") if pressed is not None else "jsonl"
        self.dismiss(ExportChoice(path, fmt))

    def action_cancel(self) -> None:
        self.dismiss(None)


def _path_problem(path: Path) -> str | None:
    """Why `path` cannot be the export file, or None."""
    if path.is_dir():
        return f"{path} est un dossier : ajoutez un nom de fichier"
    if not path.parent.is_dir():
        return f"le dossier {path.parent} n’existe pas"
    return None
