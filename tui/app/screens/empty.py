"""The friendly screen of a home with nothing to search yet: how to get articles."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.app.text import clean


def short_path(path: str) -> str:
    """`path` with the user's home directory shown as `~`."""
    try:
        return "~/" + str(Path(path).relative_to(Path.home()))
    except (ValueError, RuntimeError):
        return path


def empty_content(home: str, has_corpus: bool, problem: str | None = None) -> Content:
    state = ("Le corpus existe mais l’index est vide ou absent." if has_corpus
             else "Aucun article dans ce dossier pour l’instant.")
    lines: list[Content | str] = [
        Content("Rien à chercher pour l’instant").stylize("bold $text-accent"),
        "",
        Content(state),
    ]
    if problem:
        lines.append(Content(clean(problem)).stylize("$text-warning"))
    lines += [
        Content.assemble(("Dossier de données : ", "$text-muted"), (clean(short_path(home)), "")),
        "",
        Content("Pour obtenir des articles :").stylize("bold"),
        Content.assemble(("  make demo", "bold $text-accent"),
                         "              le corpus de démonstration, hors ligne"),
        Content.assemble(("  veille crawl", "bold $text-accent"),
                         "           collecter les sources de sources.toml"),
        Content.assemble(("  veille import FICHIER", "bold $text-accent"),
                         "  importer des articles (JSON Lines)"),
    ]
    if has_corpus:
        lines.append(Content.assemble(("  veille index", "bold $text-accent"),
                                      "           construire l’index depuis le corpus"))
        lines.append(Content.assemble(("  veille index --rebuild", "bold $text-accent"),
                                      " le reconstruire s’il est abîmé"))
    lines += [
        "",
        Content("Cet écran s’actualise tout seul dès que des articles arrivent "
                "(ou r pour vérifier).").stylize("$text-muted"),
    ]
    return Content("\n").join(lines)


class EmptyHomeScreen(Screen[None]):
    BINDINGS = [
        Binding("r", "check", "Vérifier"),
        Binding("q", "app.quit", "Quitter"),
    ]

    def __init__(self, home: str, has_corpus: bool, poll_interval: float | None,
                 problem: str | None = None) -> None:
        super().__init__()
        self.home = home
        self.has_corpus = has_corpus
        self.problem = problem
        self.poll_interval = poll_interval

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="empty"):
            yield Static(empty_content(self.home, self.has_corpus, self.problem), id="empty-text")
        yield Footer()

    def on_mount(self) -> None:
        if self.poll_interval:
            self.set_interval(self.poll_interval, self.action_check)

    def action_check(self) -> None:
        self.app.call_later(self.app.check_home)  # type: ignore[attr-defined]
