"""Pilot tests of the facets: several sources combined, the others keeping their counts,
years switched in one key, sources shown by their full titles."""

from __future__ import annotations

from test_tui_app import indexed, make_app, search_screen, settle, shown

from corpus import Home
from tui.app.widgets.facets import FacetList

__all__ = ["indexed"]

SOURCES = (
    '[[source]]\nname = "usine-demo"\ntitle = "L’Usine Démo, le quotidien de l’industrie"\n'
    'url = "https://u.example/"\n'
    '[[source]]\nname = "echos-demo"\ntitle = "Les Échos Démo"\nurl = "https://e.example/"\n')


def option_texts(facets: FacetList) -> list[str]:
    return [str(facets.get_option_at_index(i).prompt) for i in range(facets.option_count)]


async def test_two_sources_combine_and_the_others_keep_their_counts(indexed: Home) -> None:
    app = make_app(indexed, "hydrogène")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "hydrogène"))
        screen = search_screen(app)
        facets = screen.query_one("#facet-source", FacetList)
        before = dict(zip(facets.values, option_texts(facets), strict=True))
        assert set(before) == {"echos-demo", "usine-demo"}
        facets.focus()
        facets.highlighted = facets.values.index("usine-demo")
        await pilot.press("enter")
        await settle(pilot, lambda: screen.shown is not None
                     and screen.shown.filters.sources == ("usine-demo",)
                     and "echos-demo" in facets.values)
        echos = option_texts(facets)[facets.values.index("echos-demo")]
        assert echos.rstrip().endswith("2")  # still counted: what choosing it would add
        assert {h.source for h in screen.results.hits} == {"usine-demo"}
        facets.highlighted = facets.values.index("echos-demo")
        await pilot.press("enter")
        await settle(pilot, lambda: screen.shown is not None
                     and set(screen.shown.filters.sources) == {"usine-demo", "echos-demo"})
        assert {h.source for h in screen.results.hits} == {"usine-demo", "echos-demo"}
        assert all(text.startswith("●") for text in option_texts(facets))


async def test_another_year_is_one_key_away(indexed: Home) -> None:
    app = make_app(indexed, "hydrogène")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "hydrogène"))
        screen = search_screen(app)
        years = screen.query_one("#facet-year", FacetList)
        years.focus()
        years.highlighted = years.values.index("2025")
        await pilot.press("enter")
        await settle(pilot, lambda: screen.shown is not None
                     and screen.shown.filters.period == "2025" and "2024" in years.values)
        years.highlighted = years.values.index("2024")
        await pilot.press("enter")
        await settle(pilot, lambda: screen.shown is not None
                     and screen.shown.filters.period == "2024")
        assert all(h.published is not None and h.published.year == 2024
                   for h in screen.results.hits)


async def test_sources_show_their_titles_whole_when_there_is_room(indexed: Home) -> None:
    indexed.sources_file.write_text(SOURCES, encoding="utf-8")
    app = make_app(indexed, "hydrogène")
    async with app.run_test(size=(150, 40)) as pilot:
        await settle(pilot, shown(app, "hydrogène"))
        facets = search_screen(app).query_one("#facet-source", FacetList)
        texts = option_texts(facets)
        assert any("Les Échos Démo" in t for t in texts)
        assert not any("…" in t for t in texts if "Échos" in t)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        texts = option_texts(facets)
        assert any("L’Usine Démo" in t and "…" in t for t in texts)  # narrow: cut
