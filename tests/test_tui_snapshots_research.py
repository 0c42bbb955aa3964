"""Snapshot tests of the trends screen, the selection panel and the preview with tags, at
80×24 and 120×35, in the dark and the light theme (pytest-textual-snapshot).

Deterministic as `test_tui_snapshots.py`: our own articles with fixed dates, no timings,
no polling. Refresh with `--snapshot-update` and look at the SVGs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_tui_app import build_home, fill, make_articles, settle, utc
from test_tui_snapshots import to_results
from textual.pilot import Pilot

from corpus import Home
from tui.app import VeilleApp
from tui.app.screens.trends import TrendsScreen
from tui.selection import Entry, Selection

SIZES = [(80, 24), (120, 35)]
THEMES = ["textual-dark", "textual-light"]

__all__ = ["utc"]


@pytest.fixture
def research_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, utc: None) -> Home:
    monkeypatch.setenv("HOME", str(tmp_path))
    articles = make_articles()
    articles[3] = dataclasses.replace(articles[3], section="Industrie", language="fr",
                                      tags=["IA", "Industrie 4.0", "maintenance"])
    home = build_home(tmp_path / "home", articles, looked_seq=8)
    with Selection.open(home) as selection:
        selection.add([Entry.of(articles[0]), Entry.of(articles[6])])
    return home


def app_for(home: Home, query: str) -> VeilleApp:
    return VeilleApp(home, query, show_timings=False, poll_interval=None)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES)
def test_trends_screen(snap_compare: Callable[..., bool], research_home: Home,
                       size: tuple[int, int], theme: str) -> None:
    async def trends(pilot: Pilot[Any]) -> None:
        pilot.app.theme = theme
        await to_results(pilot)
        await pilot.press("g")
        await settle(pilot, lambda: isinstance(pilot.app.screen, TrendsScreen)
                     and pilot.app.screen.trends is not None)
        screen = pilot.app.screen
        assert isinstance(screen, TrendsScreen)
        await fill(pilot, "#trends-queries", "hydrogène ; usines ; solaire")
        await settle(pilot, lambda: screen.trends is not None
                     and len(screen.trends.series) == 3)
        await pilot.press("b", "b")  # by year: the same few rows whatever the size
        await settle(pilot, lambda: screen.trends is not None and screen.trends.by == "year"
                     and len(screen.trends.series) == 3)

    assert snap_compare(app_for(research_home, "hydrogène"), terminal_size=size,
                        run_before=trends)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES)
def test_selection_panel(snap_compare: Callable[..., bool], research_home: Home,
                         size: tuple[int, int], theme: str) -> None:
    async def kept(pilot: Pilot[Any]) -> None:
        pilot.app.theme = theme
        await to_results(pilot)
        await pilot.press("space")  # a third article kept
        await settle(pilot, lambda: len(getattr(pilot.app.screen, "kept", ())) == 3)
        side = pilot.app.screen.query_one("#side")
        side.scroll_end(animate=False)  # the panel is at the bottom of the side column
        pilot.app.clear_notifications()
        await settle(pilot)

    assert snap_compare(app_for(research_home, "IA"), terminal_size=size, run_before=kept)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES)
def test_preview_with_tags(snap_compare: Callable[..., bool], research_home: Home,
                           size: tuple[int, int], theme: str) -> None:
    async def preview(pilot: Pilot[Any]) -> None:
        pilot.app.theme = theme
        await to_results(pilot)

    assert snap_compare(app_for(research_home, "IA usines"), terminal_size=size,
                        run_before=preview)
