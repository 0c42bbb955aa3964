"""A story of reprints (`v` on a hit): its articles, each openable, and a diff view (`a`)
of what the highlighted reprint added or cut against the article representing the story."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from corpus import Article
from indexer import Hit
from tui.app.backend import Backend
from tui.app.reprint_diff import compare, summary
from tui.app.screens.browse import BrowseScreen
from tui.app.text import one_line, plain
from tui.app.widgets.preview import PreviewPane
from tui.app.widgets.results import ResultsList
from tui.reprints import story_label

STYLES = {"ajouté": ("+ ", "$text-success"), "coupé": ("− ", "$text-error"),
          "déplacé": ("↕ ", "$text-accent"), "identique": ("  ", "$text-muted")}


class StoryScreen(BrowseScreen):
    BINDINGS = [Binding("escape", "back", "Retour"),
                Binding("a", "diff", "Ajouts et coupes")]

    def __init__(self, backend: Backend, hit: Hit) -> None:
        super().__init__(backend)
        self.origin = hit
        self.hits = [hit] + [Hit(r.id, r.url, r.title, r.source, r.published, "", 0.0, "",
                                 story=hit.story) for r in hit.reprints]

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble(("Sujet : ", "$text-muted"),
                                      (one_line(self.origin.title), "bold"),
                                      ("  ·  " + story_label(self.origin), "$text-warning")),
                     id="story-title")
        with Vertical(id="main"):
            yield Static(plain("L’article qui représente le sujet, puis ses reprises  ·  "
                               "« a » : ajouts et coupes  ·  Échap pour revenir",
                               "$text-muted"), id="results-header")
            yield ResultsList(id="results")
            yield PreviewPane(id="preview")
        yield Footer()

    def on_mount(self) -> None:
        self.results.show_hits(self.hits)
        self.results.focus()
        self.show_preview(self.current_hit())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "story":
            return False
        if action == "diff":
            hit = self.current_hit()
            return (hit is not None and hit.id != self.origin.id) or None
        return super().check_action(action, parameters)

    def export_description(self) -> tuple[str, int | None, str]:
        return (f"reprises de « {self.origin.title} »", len(self.hits),
                f"veille-sujet-{self.origin.id[:8]}")

    def action_diff(self) -> None:
        hit = self.current_hit()
        if hit is None or hit.id == self.origin.id:
            return
        base, other = self.backend.article(self.origin.id), self.backend.article(hit.id)
        if base is None or other is None:
            self.notify("Cet article n’est plus dans le corpus.", severity="warning")
            return
        self.app.push_screen(DiffScreen(base, other))

    def action_back(self) -> None:
        if self.preview.has_focus:
            self.results.focus()
        else:
            self.dismiss(None)


class DiffScreen(Screen[None]):
    """Sentence by sentence: + added by the reprint, − cut from the representative."""

    BINDINGS = [Binding("escape,q", "back", "Retour")]

    def __init__(self, base: Article, other: Article) -> None:
        super().__init__()
        self.base, self.other = base, other
        self.changes = compare(base, other)

    def compose(self) -> ComposeResult:
        head = Content("\n").join([
            Content.assemble(("Reprise : ", "$text-muted"),
                             (f"{one_line(self.other.source)} — {one_line(self.other.title)}",
                              "bold")),
            Content.assemble(("Face à : ", "$text-muted"),
                             (f"{one_line(self.base.source)} — {one_line(self.base.title)}",
                              "")),
            plain(summary(self.changes) + "  ·  + ajouté par la reprise  ·  − coupé  ·  "
                  "↕ déplacé  ·  Échap pour revenir", "$text-muted"),
        ])
        yield Static(head, id="diff-title", markup=False)
        with VerticalScroll(id="diff"):
            yield Static(self.body(), id="diff-body", markup=False)
        yield Footer()

    def body(self) -> Content:
        lines = [Content.assemble((STYLES[c.kind][0], f"bold {STYLES[c.kind][1]}"),
                                  plain(c.text, STYLES[c.kind][1]))
                 for c in self.changes]
        return Content("\n").join(lines) if lines else Content("(aucune phrase)")

    @property
    def text(self) -> str:
        return str(self.query_one("#diff-body", Static).content)

    def action_back(self) -> None:
        self.dismiss(None)
