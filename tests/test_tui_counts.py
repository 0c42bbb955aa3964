"""The workbench counts what the CLI counts (issue 11): whatever the window height and the
sort; its export writes the whole set in the order on screen; Ctrl+G applies a suggestion."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import indexer
from corpus import Home
from tests.test_one_answer import KEYWORDS, build_demo
from tests.test_tui_app import fill, make_app, screen_text, search_screen, settle, shown
from tui.app.dialogs.export import ExportDialog
from tui.app.widgets.facets import MonthStrip


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Home:
    return build_demo(Home.resolve(tmp_path_factory.mktemp("tui-demo") / "home"))


@pytest.mark.parametrize("rows", [24, 35, 60])
async def test_the_count_does_not_depend_on_the_window_or_the_sort(demo: Home,
                                                                    rows: int) -> None:
    with indexer.Searcher(demo) as s:
        expected = s.search(KEYWORDS)
    app = make_app(demo, KEYWORDS)
    async with app.run_test(size=(110, rows)) as pilot:
        await settle(pilot, shown(app, KEYWORDS))
        screen = search_screen(app)
        assert screen.result is not None
        assert (screen.result.total, screen.result.facets) == (expected.total, expected.facets)
        assert "12 résultats, dont 8 avec tous les mots" in screen_text(app)
        await pilot.press("down")  # to the results
        for _ in range(2):
            await pilot.press("s")  # toggle the sort
            await settle(pilot, lambda: screen.shown is not None and screen.shown.exact)
            assert screen.result.total == expected.total
            assert screen.result.facets == expected.facets
        strip = screen.query_one("#months", MonthStrip)
        await settle(pilot, lambda: not strip.pending)
        assert sum(strip.counts.values()) == expected.total


async def test_export_writes_the_whole_set_in_the_order_on_screen(demo: Home,
                                                                  tmp_path: Path) -> None:
    target = tmp_path / "h2.jsonl"
    app = make_app(demo, KEYWORDS)
    async with app.run_test(size=(100, 24)) as pilot:  # fewer hits loaded than found
        await settle(pilot, shown(app, KEYWORDS))
        screen = search_screen(app)
        await pilot.press("down", "s")  # by date, as on screen
        await settle(pilot, lambda: screen.shown is not None and screen.shown.sort == "date"
                     and screen.shown.exact)
        on_screen = [h.id for h in screen.results.hits]
        await pilot.press("e")
        await settle(pilot, lambda: isinstance(app.screen, ExportDialog))
        await fill(pilot, "#export-path", str(target))
        await settle(pilot, target.exists)
    rows = [json.loads(line)["id"] for line in target.read_text(encoding="utf-8").splitlines()]
    assert rows == indexer.search_ids(KEYWORDS, home=demo, sort="date")
    assert len(rows) == 12 and rows[:len(on_screen)] == on_screen


async def test_ctrl_g_applies_a_per_word_suggestion(demo: Home) -> None:
    app = make_app(demo, "hydrogene vers")
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot, shown(app, "hydrogene vers"))
        screen = search_screen(app)
        await settle(pilot, lambda: screen.result is not None
                     and screen.result.suggestion == "hydrogène vert")
        assert "Vouliez-vous dire" in screen_text(app)
        await pilot.press("ctrl+g")
        await settle(pilot, shown(app, "hydrogène vert"))
        assert screen.search_box.value == "hydrogène vert"
        assert screen.result is not None and screen.result.total == 12
