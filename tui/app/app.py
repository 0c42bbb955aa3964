"""The Veille workbench: a Textual app over one home's index."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen

from corpus import Home
from tui.app.backend import Backend
from tui.app.messages import ShowSimilar, ShowStory
from tui.app.screens.browse import BrowseScreen
from tui.app.screens.empty import EmptyHomeScreen
from tui.app.screens.help import HelpScreen
from tui.app.screens.search import SearchScreen
from tui.app.screens.similar import SimilarScreen
from tui.app.screens.story import StoryScreen
from tui.app.themes import themes

DARK, LIGHT = "textual-dark", "textual-light"

# (action, title, help) for the command palette; the action runs on the current screen.
SCREEN_COMMANDS = [
    ("focus_search", "Rechercher", "Revenir à la boîte de recherche (/)"),
    ("toggle_sort", "Trier par pertinence ou par date", "Basculer le tri (s)"),
    ("focus_filters", "Filtres : sources et années", "Aller aux filtres (f)"),
    ("date_range", "Période de publication…", "Filtrer par dates (d)"),
    ("clear_filters", "Retirer les filtres", "Tous les filtres (x)"),
    ("apply_suggestion", "Appliquer la suggestion", "« Vouliez-vous dire » (Ctrl+G)"),
    ("open_article", "Ouvrir dans le navigateur", "L’article sélectionné (o)"),
    ("copy_url", "Copier l’URL", "De l’article sélectionné, OSC 52 (c)"),
    ("more_like_this", "Articles similaires", "À l’article sélectionné (m)"),
    ("export", "Exporter les résultats…", "JSON Lines ou CSV (e)"),
    ("refresh", "Actualiser", "Prendre en compte les nouveaux articles (r)"),
    ("toggle_kept", "Garder dans la sélection", "L’article sélectionné, ou le retirer (Espace)"),
    ("trends", "Tendances", "La recherche au fil du temps, comparée à d’autres (g)"),
    ("save_watch", "Enregistrer comme veille…", "La recherche et ses filtres (w)"),
]


class VeilleApp(App[None]):
    """`VeilleApp(home, query)`; `show_timings=False` and `poll_interval=None` make the
    rendering deterministic (snapshot tests)."""

    CSS_PATH = "app.tcss"
    TITLE = "Veille"
    BINDINGS = [
        Binding("q", "quit", "Quitter"),
        Binding("question_mark,f1", "help", "Aide"),
        Binding("t", "toggle_theme", "Thème", show=False),
        Binding("ctrl+p", "command_palette", "Commandes", show=False, priority=True,
                tooltip="Ouvrir la palette de commandes"),
    ]

    def __init__(self, home: Home | str | None = None, query: str = "", *,
                 show_timings: bool = True, poll_interval: float | None = 5.0) -> None:
        super().__init__()
        self.home = home if isinstance(home, Home) else Home.resolve(home)
        self.initial_query = query
        self.show_timings = show_timings
        self.poll_interval = poll_interval
        self.backend = Backend(self.home)
        for theme in themes():
            self.register_theme(theme)
        if self.backend.state.theme in (DARK, LIGHT):
            self.theme = self.backend.state.theme

    def on_mount(self) -> None:
        # The search screen is usable at once; it opens the index in a worker thread and
        # hands over to the empty screen if there turns out to be nothing to search.
        if self.home.has_corpus() and self.home.index_dir.exists():
            self.push_screen(self._search_screen())
        else:
            self.push_screen(self._empty_screen())

    def _search_screen(self) -> SearchScreen:
        return SearchScreen(self.backend, self.initial_query, show_timings=self.show_timings,
                            poll_interval=self.poll_interval)

    def _empty_screen(self) -> EmptyHomeScreen:
        return EmptyHomeScreen(str(self.home.root), self.home.has_corpus(), self.poll_interval,
                               problem=self.backend.problem)

    def show_empty_home(self) -> None:
        """Nothing to search (yet): the friendly screen saying how to get articles."""
        if not isinstance(self.screen, EmptyHomeScreen):
            self.switch_screen(self._empty_screen())

    def check_home(self) -> None:
        """From the empty screen: open the search screen as soon as there is an index."""
        self._check_home_worker()

    @work(thread=True, exclusive=True, group="check-home", exit_on_error=False)
    def _check_home_worker(self) -> None:
        if self.backend.ready():
            self.call_from_thread(self._open_search)

    def _open_search(self) -> None:
        if isinstance(self.screen, EmptyHomeScreen):
            self.switch_screen(self._search_screen())

    def on_show_similar(self, message: ShowSimilar) -> None:
        self.push_screen(SimilarScreen(self.backend, message.hit))

    def on_show_story(self, message: ShowStory) -> None:
        self.push_screen(StoryScreen(self.backend, message.hit))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK
        self.backend.state.theme = self.theme

    def action_command_palette(self) -> None:
        """The command palette, in French."""
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CommandPalette(placeholder="Chercher une commande…",
                                            id="--command-palette"))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's own commands (in French), then the workbench's."""
        yield SystemCommand("Quitter", "Fermer Veille (q)", self.action_quit)
        yield SystemCommand("Choisir un thème", "Changer les couleurs de l’interface",
                            self.action_change_theme)
        if screen.query("HelpPanel"):
            yield SystemCommand("Touches", "Masquer le panneau des touches",
                                self.action_hide_help_panel)
        else:
            yield SystemCommand("Touches", "Les touches de l’élément sélectionné",
                                self.action_show_help_panel)
        yield SystemCommand("Capture d’écran", "Enregistrer l’écran en SVG",
                            lambda: self.set_timer(0.1, self.deliver_screenshot))
        yield SystemCommand("Aide", "Toutes les touches et la syntaxe des requêtes (?)",
                            self.action_help)
        yield SystemCommand("Thème clair ou sombre", "Basculer le thème (t)",
                            self.action_toggle_theme)
        if isinstance(screen, BrowseScreen):
            for action, title, help_text in SCREEN_COMMANDS:
                if hasattr(screen, f"action_{action}"):
                    yield SystemCommand(title, help_text,
                                        partial(screen.run_action, action))

    def on_unmount(self) -> None:
        self.backend.save_state()
        self.backend.close()
