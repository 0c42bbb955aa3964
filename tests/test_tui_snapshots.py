"""Snapshot tests of the workbench's main screens (pytest-textual-snapshot).

Deterministic: our own articles with fixed dates, a fixed last crawl and "last looked"
state, no timings (`show_timings=False`), no polling, the focus off the text cursor.
Refresh with `pytest tests/test_tui_snapshots.py --snapshot-update` and look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_tui_app import build_home, settle, utc
from textual.pilot import Pilot

from corpus import Home
from tui.app import VeilleApp
from tui.app.screens.search import SearchScreen
from tui.app.widgets.facets import MonthStrip

SIZES = [(100, 30), (80, 24)]


__all__ = ["utc"]  # the fixture, imported for its use below


@pytest.fixture
def snapshot_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, utc: None) -> Home:
    monkeypatch.setenv("HOME", str(tmp_path))
    return build_home(tmp_path / "home", looked_seq=6)


def results_ready(pilot: Pilot[None]) -> bool:
    screen = pilot.app.screen
    if not isinstance(screen, SearchScreen) or screen.result is None:
        return False
    return bool(screen.query_one(MonthStrip).counts)


async def to_results(pilot: Pilot[None]) -> None:
    await settle(pilot, lambda: results_ready(pilot))
    await pilot.press("down")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_results_with_preview(snap_compare: Callable[..., bool], snapshot_home: Home,
                              size: tuple[int, int]) -> None:
    app = VeilleApp(snapshot_home, "hydrogène", show_timings=False, poll_interval=None)
    assert snap_compare(app, terminal_size=size, run_before=to_results)


def test_results_light_theme(snap_compare: Callable[..., bool], snapshot_home: Home) -> None:
    app = VeilleApp(snapshot_home, "hydrogène", show_timings=False, poll_interval=None)

    async def light(pilot: Pilot[Any]) -> None:
        pilot.app.theme = "textual-light"
        await to_results(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=light)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare: Callable[..., bool], snapshot_home: Home,
              size: tuple[int, int]) -> None:
    app = VeilleApp(snapshot_home, "hydrogène", show_timings=False, poll_interval=None)

    async def help_screen(pilot: Pilot[Any]) -> None:
        await to_results(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=help_screen)


@pytest.mark.parametrize("size", SIZES)
def test_empty_home(snap_compare: Callable[..., bool], tmp_path: Path,
                    monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    app = VeilleApp(tmp_path / "veille", show_timings=False, poll_interval=None)

    async def wait(pilot: Pilot[Any]) -> None:
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=wait)
