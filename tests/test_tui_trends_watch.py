"""Pilot tests of the trends screen (`g`) and of saving the search as a watch (`w`)."""

from __future__ import annotations

import json

import pytest
from test_tui_app import fill, indexed, make_app, screen_text, search_screen, settle, shown
from textual.widgets import Input

from corpus import Home
from indexer.watches import WatchBook
from tui.app.dialogs.watch import SaveWatchDialog, proposed_name
from tui.app.screens.trends import TrendsScreen, split_queries
from tui.app.widgets.watches import WatchesPanel
from tui.cli import main

__all__ = ["indexed"]


def trends_ready(app: object) -> bool:
    screen = getattr(app, "screen", None)
    return isinstance(screen, TrendsScreen) and screen.trends is not None


async def test_trends_of_the_current_search_count_as_the_search(
        indexed: Home, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--home", str(indexed.root), "trends", "hydrogène", "IA", "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    app = make_app(indexed, "hydrogène")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "hydrogène"))
        await pilot.press("down", "g")
        await settle(pilot, lambda: trends_ready(app))
        screen = app.screen
        assert isinstance(screen, TrendsScreen) and screen.trends is not None
        series = screen.trends.series[0]
        assert series.total == search_screen_total(cli, 0)
        assert "mars 2025" in screen_text(app) and "Tendances" in screen_text(app)
        await fill(pilot, "#trends-queries", "hydrogène ; IA")
        await settle(pilot, lambda: trends_ready(app) and len(screen.trends.series) == 2)
        assert [s.total for s in screen.trends.series] == [
            search_screen_total(cli, 0), search_screen_total(cli, 1)]
        assert screen.trends.periods == cli["periods"]
        await pilot.press("b")
        await settle(pilot, lambda: trends_ready(app) and screen.trends.by == "week")
        await pilot.press("b")
        await settle(pilot, lambda: trends_ready(app) and screen.trends.by == "year")
        assert screen.trends.periods == ["2024", "2025", "2026"]
        await pilot.press("p")
        await settle(pilot, lambda: trends_ready(app) and screen.per_source)
        assert {s.query for s in screen.trends.series} == {"echos-demo", "usine-demo"}
        assert "par source" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is search_screen(app)


def search_screen_total(cli: dict[str, list[dict[str, int]]], index: int) -> int:
    return cli["series"][index]["total"]


async def test_trends_with_the_filters_and_at_most_five(indexed: Home) -> None:
    app = make_app(indexed, "hydrogène")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "hydrogène"))
        screen = search_screen(app)
        screen.filters = screen.filters.toggle_source("echos-demo")
        await pilot.press("down", "g")
        await settle(pilot, lambda: trends_ready(app))
        trends = app.screen
        assert isinstance(trends, TrendsScreen) and trends.trends is not None
        assert trends.trends.series[0].total == 2
        assert "echos-demo" in screen_text(app)
        await fill(pilot, "#trends-queries", "a ; b ; c ; d ; e ; f ; g")
        await settle(pilot, lambda: trends_ready(app) and len(trends.queries) == 5)
        assert len(trends.trends.series) == 5


def test_split_queries() -> None:
    assert split_queries(" hydrogène vert ;ammoniac;; ") == ["hydrogène vert", "ammoniac"]
    assert proposed_name("Hydrogène vert (Maroc)") == "hydrogène-vert-maroc"


async def test_w_saves_the_search_and_its_filters_as_a_watch(indexed: Home) -> None:
    app = make_app(indexed, "hydrogène")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "hydrogène"))
        screen = search_screen(app)
        screen.filters = screen.filters.toggle_source("usine-demo")
        await pilot.press("down", "w")
        await settle(pilot, lambda: isinstance(app.screen, SaveWatchDialog))
        name_box = app.screen.query_one("#watch-name", Input)
        assert name_box.value == "hydrogène"
        await fill(pilot, "#watch-name", "h2 maroc")  # a space: refused, dialog stays
        await settle(pilot)
        assert isinstance(app.screen, SaveWatchDialog)
        assert "nom invalide" in screen_text(app)
        await fill(pilot, "#watch-name", "h2-maroc")
        await settle(pilot, lambda: app.screen is screen
                     and bool(screen.query_one(WatchesPanel).watches))
        with WatchBook(indexed) as book:
            watch = book.get("h2-maroc")
        assert watch is not None and watch.query == "hydrogène"
        assert watch.sources == ("usine-demo",)
        assert [w.name for w in screen.query_one(WatchesPanel).watches] == ["h2-maroc"]
        await pilot.press("w")
        await settle(pilot, lambda: isinstance(app.screen, SaveWatchDialog))
        await fill(pilot, "#watch-name", "h2-maroc")
        await settle(pilot)
        assert "existe déjà" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_w_without_a_query_says_so(indexed: Home) -> None:
    app = make_app(indexed)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, ""))
        await pilot.press("down", "w")
        await settle(pilot)
        assert not isinstance(app.screen, SaveWatchDialog)
        assert not indexed.watches_db.exists()
