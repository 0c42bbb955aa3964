"""Snapshot tests of stories in the workbench: a story in the results and its preview, the
story screen, the diff view. Refresh with
`pytest tests/test_tui_snapshots_stories.py --snapshot-update` and look at the SVGs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from test_grouping import _copy, _others
from test_stories import DISPATCH, INDEPENDENT, _article, _reprint
from test_tui_app import build_home, settle, utc
from test_tui_snapshots import results_ready
from textual.pilot import Pilot

from corpus import Home
from tui.app import VeilleApp
from tui.app.screens.search import SearchScreen
from tui.app.screens.story import DiffScreen, StoryScreen

__all__ = ["utc"]  # the fixture, imported for its use below

QUERY = "Sahel Ciments Thiès"


@pytest.fixture
def story_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, utc: None) -> Home:
    monkeypatch.setenv("HOME", str(tmp_path))
    return build_home(tmp_path / "home", [
        _article("courrier-industriel", DISPATCH), _reprint(),
        _copy("energies-afrique", 2, cut=1),
        _article("ports-logistique", INDEPENDENT, title="Sahel Ciments : Thiès double"),
        *_others(4)], looked_seq=8)


async def _on_story(pilot: Pilot[None]) -> None:
    await settle(pilot, lambda: results_ready(pilot))
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    screen.results.focus()
    screen.results.highlighted = next(i for i, h in enumerate(screen.results.hits)
                                      if h.reprints)
    await settle(pilot)


def test_a_story_in_the_results(snap_compare: Callable[..., bool], story_home: Home) -> None:
    app = VeilleApp(story_home, QUERY, show_timings=False, poll_interval=None)
    assert snap_compare(app, terminal_size=(140, 36), run_before=_on_story)


def test_the_story_screen_and_its_diff(snap_compare: Callable[..., bool],
                                       story_home: Home) -> None:
    app = VeilleApp(story_home, QUERY, show_timings=False, poll_interval=None)

    async def diff(pilot: Pilot[None]) -> None:
        await _on_story(pilot)
        await pilot.press("v")
        await settle(pilot, lambda: isinstance(pilot.app.screen, StoryScreen))
        await pilot.press("down", "down", "a")
        await settle(pilot, lambda: isinstance(pilot.app.screen, DiffScreen))

    assert snap_compare(app, terminal_size=(120, 34), run_before=diff)
