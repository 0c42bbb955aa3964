"""Pilot tests of the facets: several sources combined, the others keeping their counts,
several years combined (even apart), sources shown by their full titles."""

from __future__ import annotations

from pathlib import Path

from test_tui_app import (
    build_home,
    indexed,
    make_app,
    make_articles,
    screen_text,
    search_screen,
    settle,
    shown,
)

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


async def test_several_years_combine_and_the_others_keep_their_counts(indexed: Home) -> None:
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
        assert all(h.published is not None and h.published.year == 2025
                   for h in screen.results.hits)
        count_2024 = option_texts(years)[years.values.index("2024")]
        assert count_2024.rstrip()[-1].isdigit() and not count_2024.startswith("●")
        years.highlighted = years.values.index("2024")
        await pilot.press("enter")
        await settle(pilot, lambda: screen.shown is not None
                     and screen.shown.filters.years == ("2024", "2025"))
        assert {h.published.year for h in screen.results.hits
                if h.published is not None} == {2024, 2025}
        chosen = [v for v, text in zip(years.values, option_texts(years), strict=True)
                  if text.startswith("●")]
        assert sorted(chosen) == ["2024", "2025"]
        assert "2024, 2025" in screen_text(app)  # the header says both
        years.highlighted = years.values.index("2025")
        await pilot.press("enter")  # again: 2025 is dropped, 2024 stays
        await settle(pilot, lambda: screen.shown is not None
                     and screen.shown.filters.years == ("2024",))
        assert all(h.published is not None and h.published.year == 2024
                   for h in screen.results.hits)


async def test_years_apart_leave_out_the_years_between(tmp_path: Path) -> None:
    rows = [("usine-demo", f"{year}-0{month}-10T08:00:00+00:00",
             f"Hydrogène vert : le chantier avance ({year}-{month})", "Le point.",
             "L’électrolyseur de la zone industrielle entre en service.")
            for year in (2023, 2024, 2025) for month in (3, 6)]
    home = build_home(tmp_path / "home", make_articles(rows))
    app = make_app(home, "hydrogène")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "hydrogène"))
        screen = search_screen(app)
        years = screen.query_one("#facet-year", FacetList)
        years.focus()
        for year in ("2023", "2025"):
            years.highlighted = years.values.index(year)
            await pilot.press("enter")
            await settle(pilot, lambda y=year: screen.shown is not None  # type: ignore[misc]
                         and y in screen.shown.filters.years)
        await settle(pilot, lambda: screen.result is not None and screen.result.total == 4)
        assert {h.published.year for h in screen.results.hits
                if h.published is not None} == {2023, 2025}
        texts = dict(zip(years.values, option_texts(years), strict=True))
        assert texts["2024"].rstrip().endswith("2")  # what choosing it would add


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
