"""The help screen lists every key the workbench binds, and reads cleanly at 80×24."""

from __future__ import annotations

from test_tui_app import indexed, make_app, screen_text, settle, shown
from textual.binding import Binding
from textual.widgets import Static

from corpus import Home
from tui.app import VeilleApp
from tui.app.screens.help import KEYS, HelpScreen
from tui.app.screens.search import SearchScreen
from tui.app.screens.selection import SelectionScreen
from tui.app.screens.trends import TrendsScreen
from tui.app.widgets.preview import PreviewPane
from tui.app.widgets.results import ResultsList
from tui.app.widgets.search_box import SearchBox

__all__ = ["indexed"]

LABELS = {"slash": "/", "escape": "Échap", "question_mark": "?", "f1": "F1",
          "space": "Espace", "ctrl+g": "Ctrl+G", "f5": "F5", "ctrl+r": "Ctrl+R",
          "up": "↑", "down": "↓", "enter": "Entrée", "ctrl+p": "Ctrl+P"}


def bound_keys(*classes: type) -> set[str]:
    keys: set[str] = set()
    for cls in classes:
        for klass in cls.__mro__:
            if not klass.__module__.startswith("tui."):
                continue  # Textual's own (editing keys of Input, etc.)
            for binding in vars(klass).get("BINDINGS", []):
                if isinstance(binding, Binding):
                    keys.update(k.strip() for k in binding.key.split(","))
    return keys


def listed_keys() -> set[str]:
    return {token for _, rows in KEYS for key, _ in rows for token in key.split()}


def test_every_bound_key_is_in_the_help() -> None:
    keys = bound_keys(VeilleApp, SearchScreen, PreviewPane, ResultsList, SearchBox,
                      TrendsScreen, SelectionScreen)
    missing = {k for k in keys if LABELS.get(k, k) not in listed_keys()}
    assert not missing
    assert {"g", "w", "Espace", "n", "N", "b", "p"} <= listed_keys()


async def test_the_help_reads_cleanly_at_80x24(indexed: Home) -> None:
    app = make_app(indexed, "cacao")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, shown(app, "cacao"))
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        help_box = app.screen.query_one("#help")
        assert help_box.region.right <= 80 and help_box.region.bottom <= 24
        for key in app.screen.query(".help-key").results(Static):
            # never cut, never merged with what it does: at least one column between
            assert len(str(key.content)) < key.content_region.width, str(key.content)
        text = screen_text(app)
        assert "PgUp PgDn  " in text  # the key column, then space, then what it does
        assert "Recherche" in text and "Résultats" in text
        await pilot.press("end")
        await settle(pilot)
        text = screen_text(app)
        assert "Syntaxe des requêtes" in text or "préfixe" in text
