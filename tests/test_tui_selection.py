"""Pilot tests of the selection in the workbench: space keeps an article across searches,
the panel counts them, the selection screen lists and drops them."""

from __future__ import annotations

from test_tui_app import indexed, make_app, screen_text, search_screen, settle, shown

from corpus import Home
from tui.app.screens.selection import SelectionScreen
from tui.app.widgets.selection import SelectionPanel
from tui.selection import Selection

__all__ = ["indexed"]


def kept(home: Home) -> list[str]:
    with Selection.open(home, create=False) as selection:
        return selection.ids()


async def test_space_keeps_articles_across_searches(indexed: Home) -> None:
    app = make_app(indexed, "hydrogène")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "hydrogène"))
        screen = search_screen(app)
        await pilot.press("down")
        first = screen.results.hits[0]
        await pilot.press("space")
        await settle(pilot, lambda: len(screen.kept) == 1)
        assert kept(indexed) == [first.id]
        assert "Sélection (1)" in screen_text(app)
        assert first.id in screen.results.kept_ids
        prompt = screen.results.get_option_at_index(0).prompt
        assert str(prompt).startswith("✚")
        screen.set_query("cacao")
        await settle(pilot, shown(app, "cacao"))
        await pilot.press("down")
        cacao = screen.results.hits[0]
        await pilot.press("space")
        await settle(pilot, lambda: len(screen.kept) == 2)
        assert kept(indexed) == [first.id, cacao.id]
        panel = screen.query_one("#selection", SelectionPanel)
        assert [e.id for e in panel.entries] == [cacao.id, first.id]  # last kept on top
        await pilot.press("space")  # again: dropped
        await settle(pilot, lambda: len(screen.kept) == 1)
        assert kept(indexed) == [first.id]


async def test_space_in_the_search_box_types_a_space(indexed: Home) -> None:
    app = make_app(indexed)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"acier", "space", *"vert")
        await settle(pilot, shown(app, "acier vert"))
        assert not indexed.selection_db.exists()


async def test_the_selection_screen_lists_and_drops(indexed: Home) -> None:
    app = make_app(indexed, "hydrogène")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "hydrogène"))
        screen = search_screen(app)
        await pilot.press("down", "space", "down", "space")
        await settle(pilot, lambda: len(screen.kept) == 2)
        panel = screen.query_one("#selection", SelectionPanel)
        panel.focus()
        panel.highlighted = 0
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, SelectionScreen)
                     and len(app.screen.results.hits) == 2)
        selection_screen = app.screen
        assert isinstance(selection_screen, SelectionScreen)
        top = selection_screen.current_hit()
        assert top is not None and top.id == panel.entries[0].id
        assert top.title in selection_screen.preview.text
        await pilot.press("space")
        await settle(pilot, lambda: len(selection_screen.results.hits) == 1)
        assert len(kept(indexed)) == 1
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is screen and len(screen.kept) == 1)
        assert "Sélection (1)" in screen_text(app)


async def test_space_in_a_side_panel_keeps_nothing(indexed: Home) -> None:
    from tui.app.widgets.facets import FacetList

    app = make_app(indexed, "hydrogène")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "hydrogène"))
        screen = search_screen(app)
        await pilot.press("down", "f")
        await settle(pilot)
        assert isinstance(screen.focused, FacetList)
        await pilot.press("space")
        await settle(pilot)
        assert not indexed.selection_db.exists() and not screen.kept
