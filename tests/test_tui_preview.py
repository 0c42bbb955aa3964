"""Pilot tests of the preview's facts (section, tags, language), of n/N between matches,
and of highlighted titles in the results list."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from test_tui_app import build_home, make_app, make_articles, search_screen, settle, shown

from corpus import Home
from tui.app.text import HIGHLIGHT

LONG_TEXT = "\n\n".join(
    f"Paragraphe {i} : les équipementiers parlent de leurs usines et de leurs clients."
    + (" L’hydrogène y revient souvent." if i in (3, 14, 27) else "")
    for i in range(30))


@pytest.fixture
def tagged(tmp_path: Path) -> Home:
    articles = make_articles()
    articles[3] = dataclasses.replace(articles[3], section="Industrie", language="fr",
                                      tags=["IA", "Industrie 4.0", "maintenance"])
    articles[0] = dataclasses.replace(articles[0], text=LONG_TEXT)
    return build_home(tmp_path / "home", articles)


async def test_preview_shows_section_tags_and_language(tagged: Home) -> None:
    app = make_app(tagged, "IA")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "IA"))
        screen = search_screen(app)
        hit = next(h for h in screen.results.hits if "usines 4.0" in h.title)
        screen.results.highlighted = screen.results.hits.index(hit)
        await settle(pilot)
        text = screen.preview.text
        assert "Rubrique Industrie · Mots-clés IA, Industrie 4.0, maintenance · français" in text
        content = screen.preview.content
        marked = [content.plain[s.start:s.end] for s in content.spans if s.style == HIGHLIGHT]
        assert "IA" in marked  # the tag that matched is highlighted too


async def test_n_and_shift_n_jump_between_matches(tagged: Home) -> None:
    app = make_app(tagged, "hydrogène")
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot, shown(app, "hydrogène"))
        screen = search_screen(app)
        hit = next(h for h in screen.results.hits if h.title.startswith("Le Maroc"))
        screen.results.highlighted = screen.results.hits.index(hit)
        await pilot.press("down")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        preview = screen.preview
        assert preview.has_focus
        rows = preview._match_rows()
        assert len(rows) >= 4 and rows[-1] > preview.size.height  # beyond the first screen
        seen = []
        for _ in range(len(rows)):
            await pilot.press("n")
            await settle(pilot)
            seen.append(preview.match_index)
        assert seen == list(range(len(rows)))
        assert preview.scroll_y == max(rows[-1] - 2, 0) or preview.scroll_y == preview.max_scroll_y
        await pilot.press("N")
        await settle(pilot)
        assert preview.match_index == len(rows) - 2
        await pilot.press("n", "n")
        await settle(pilot)
        assert preview.match_index == 0  # wraps around


async def test_titles_in_the_list_are_highlighted(tagged: Home) -> None:
    app = make_app(tagged, "charbon")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "charbon"))
        screen = search_screen(app)
        prompt = screen.results.get_option_at_index(0).prompt
        first_line = str(prompt).split("\n")[0]
        assert "charbon" in first_line
        spans = [str(prompt)[s.start:s.end] for s in prompt.spans  # type: ignore[union-attr]
                 if s.style == HIGHLIGHT]
        assert "charbon" in spans
