"""Pilot tests of stories in the workbench: « repris par N titres », the reprints in the
preview, the story screen (`v`), the diff view (`a`), the grouping toggle (`u`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus import Home
from tests.test_grouping import _copy, _others
from tests.test_stories import DISPATCH, INDEPENDENT, _article, _reprint
from tests.test_tui_app import build_home, make_app, screen_text, search_screen, settle, shown
from tui.app.reprint_diff import compare, summary
from tui.app.screens.help import HelpScreen
from tui.app.screens.story import DiffScreen, StoryScreen

QUERY = "Sahel Ciments Thiès"


@pytest.fixture
def home(tmp_path: Path) -> Home:
    return build_home(tmp_path / "home", [
        _article("courrier-industriel", DISPATCH), _reprint(),
        _copy("energies-afrique", 2, cut=1),
        _article("ports-logistique", INDEPENDENT, title="Sahel Ciments : Thiès double"),
        *_others(4)])


async def test_a_story_shows_its_titles_and_its_reprints(home: Home) -> None:
    app = make_app(home, QUERY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, shown(app, QUERY))
        screen = search_screen(app)
        assert screen.result is not None and screen.result.grouped
        story = [h for h in screen.results.hits if h.reprints]
        assert len(story) == 1 and story[0].source == "courrier-industriel"
        text = screen_text(app)
        assert "↻ repris par 2 titres" in text
        assert f"{screen.result.total} sujets ({screen.result.total_articles} articles" in text
        index = screen.results.hits.index(story[0])
        screen.results.highlighted = index
        await settle(pilot)
        preview = screen.preview.text
        assert "↻ Repris par 2 titres :" in preview
        assert "1. 5 mars 2026 · energies-afrique — Ciment : la ligne de Thiès" in preview
        assert "2. 5 mars 2026 · dakar-eco — Thiès : le cimentier recrute" in preview


async def test_u_toggles_grouping_and_keeps_the_counts_honest(home: Home) -> None:
    app = make_app(home, QUERY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, shown(app, QUERY))
        screen = search_screen(app)
        assert screen.result is not None
        grouped = screen.result.total
        screen.results.focus()
        await pilot.press("u")
        await settle(pilot, lambda: screen.shown is not None and not screen.shown.group
                     and screen.result is not None and not screen.result.grouped)
        assert screen.result.total == grouped + 2 == screen.result.total_articles
        assert not any(h.reprints for h in screen.results.hits)
        assert "↻" not in screen_text(app)
        await pilot.press("u")
        await settle(pilot, lambda: screen.result is not None and screen.result.grouped)
        assert screen.result.total == grouped


async def test_v_opens_the_story_and_a_shows_what_a_reprint_changed(home: Home) -> None:
    app = make_app(home, QUERY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, shown(app, QUERY))
        screen = search_screen(app)
        story = next(h for h in screen.results.hits if h.reprints)
        screen.results.highlighted = screen.results.hits.index(story)
        screen.results.focus()
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot, lambda: isinstance(app.screen, StoryScreen))
        story_screen = app.screen
        assert isinstance(story_screen, StoryScreen)
        assert [h.source for h in story_screen.results.hits] == [
            "courrier-industriel", "energies-afrique", "dakar-eco"]
        await pilot.press("down", "down")  # the dakar-eco reprint, previewed whole
        await settle(pilot)
        assert "Nouvel investissement d'envergure" in story_screen.preview.text
        await pilot.press("a")
        await settle(pilot, lambda: isinstance(app.screen, DiffScreen))
        diff = app.screen
        assert isinstance(diff, DiffScreen)
        text = diff.text
        assert "+ Nouvel investissement d'envergure dans la région de Thiès." in text
        assert "− Fondé en 1978, Sahel Ciments emploie 1 400 salariés" in text
        assert "phrases ajoutées" in screen_text(app) or "phrase ajoutée" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, StoryScreen))
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is screen)


async def test_help_lists_the_story_keys(home: Home) -> None:
    app = make_app(home)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        app.action_help()
        await settle(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = screen_text(app)
        assert "regrouper les reprises" in text and "ses reprises" in text


def test_the_diff_ignores_typography_and_sees_cuts_and_additions() -> None:
    base, reprint = _article("courrier-industriel", DISPATCH), _reprint()
    changes = compare(base, reprint)
    kinds = {c.kind for c in changes}
    assert kinds == {"ajouté", "coupé", "déplacé", "identique"}
    # DISPATCH[3] moved up before DISPATCH[1]: kept, shown once, where the reprint has it.
    moved = [c.text for c in changes if c.kind == "déplacé"]
    assert moved and all(t not in [c.text for c in changes if c.kind == "coupé"]
                         for t in moved)
    cut = [c.text for c in changes if c.kind == "coupé"]
    assert any(t.startswith("Fondé en 1978") for t in cut)
    # The reprint retyped « » and ’ as ASCII: the quoted sentence is not a change.
    kept = [c.text for c in changes if c.kind == "identique"]
    assert any("a déclaré Moussa Diallo" in t for t in kept)
    same = compare(base, base)
    assert {c.kind for c in same} == {"identique"}
    assert summary(same).startswith("0 phrase ajoutée, 0 coupée")
