"""Pilot tests of the search workbench against a real index built from our own articles."""

from __future__ import annotations

import csv
import inspect
import json
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerCancelled

import indexer
from corpus import Article, Home, Store
from corpus.article import JSON_FIELDS
from tui.app import VeilleApp
from tui.app.dialogs.dates import DateRangeDialog
from tui.app.dialogs.export import ExportDialog
from tui.app.screens.empty import EmptyHomeScreen
from tui.app.screens.help import HelpScreen
from tui.app.screens.search import SearchScreen
from tui.app.screens.similar import SimilarScreen
from tui.app.widgets.facets import FacetList
from tui.app.widgets.search_box import SearchBox
from tui.app.widgets.watches import WatchesPanel

HOSTILE_TITLE = "[bold red]ALERTE[/] cyberattaque chez un équipementier"

# (source, published, title, lead, text): written for these tests, in the press register.
ARTICLES = [
    ("usine-demo", "2025-03-12T09:30:00+01:00", "Le Maroc accélère sur l’hydrogène vert",
     "Rabat mise sur l’hydrogène vert pour ses exportations vers l’Europe.",
     "Le royaume a sélectionné six consortiums pour produire de l’hydrogène vert dans "
     "le Sud.\n\nLes premières unités d’électrolyse doivent entrer en service en 2027, "
     "selon le ministère de la Transition énergétique."),
    ("echos-demo", "2024-11-05T14:05:00+01:00", "Hydrogène : Airbus et Engie signent un accord",
     "Les deux groupes veulent décarboner l’aviation.",
     "L’accord porte sur l’approvisionnement en hydrogène des aéroports français.\n\n"
     "Les industriels évoquent « un cap décisif » pour la filière."),
    ("usine-demo", "2025-06-02T08:00:00+02:00", "Data center : un nouveau site à Casablanca",
     "L’opérateur investit 200 millions de dirhams.",
     "Le data center de 12 mégawatts accueillera des serveurs d’IA générative.\n\n"
     "La demande des banques et des opérateurs télécoms tire le marché."),
    ("echos-demo", "2026-01-15T10:00:00+01:00", "L’IA générative entre dans les usines 4.0",
     "Les PME industrielles testent des assistants de maintenance.",
     "Dans l’Industrie 4.0, l’IA prédit les pannes des machines.\n\n"
     "Les sous-traitants automobiles sont les premiers à s’équiper."),
    ("usine-demo", "2025-09-20T11:00:00+02:00", HOSTILE_TITLE,
     "Un rançongiciel \x1b[31mpersistant\x1b[0m a paralysé la production.",
     "L’attaque a touché les chaînes de montage \x1b]0;pwned\x07pendant trois jours.\n\n"
     "[link=https://evil.example]cliquez ici[/link] n’est pas un lien."),
    ("cacao-demo", "2024-04-02T09:00:00+00:00", "Cacao : Abidjan veut transformer sur place",
     "La Côte d’Ivoire vise 50 % de transformation locale.",
     "Les broyeurs investissent dans de nouvelles usines près du port.\n\n"
     "Les prix mondiaux du cacao ont doublé en un an."),
    ("echos-demo", "2025-02-18T07:45:00+01:00", "Acier vert : l’hydrogène remplace le charbon",
     "Un haut fourneau converti en réduction directe.",
     "Le sidérurgiste remplace le coke par de l’hydrogène pour réduire ses émissions.\n\n"
     "Le procédé divise par trois les émissions de CO2 par tonne d’acier."),
    ("cacao-demo", "2026-02-01T12:00:00+00:00",
     "Énergie solaire : la Tunisie lance un appel d’offres",
     "Cinq centrales photovoltaïques au programme.",
     "L’appel d’offres porte sur 500 mégawatts d’énergie solaire.\n\n"
     "Les lauréats seront connus à l’automne."),
]


def make_articles(rows: list[tuple[str, str, str, str, str]] = ARTICLES,
                  prefix: str = "a") -> list[Article]:
    return [
        Article(url=f"https://{source}.example/{prefix}{i}", title=title, lead=lead, text=text,
                source=source, published=published, author="Rédaction",
                fetched_at=datetime(2026, 11, 1, tzinfo=UTC))
        for i, (source, published, title, lead, text) in enumerate(rows)
    ]


def build_home(root: Path, articles: list[Article] | None = None, *,
               last_crawl: str | None = "2026-11-28T06:15:00+00:00",
               looked_seq: int | None = None) -> Home:
    """A home with a corpus of our articles, indexed; optional crawl meta and state."""
    home = Home.resolve(root)
    home.ensure()
    with Store.open(home.corpus_db) as store:
        store.upsert_many(articles if articles is not None else make_articles())
        if last_crawl:
            store.set_meta("last_crawl", json.dumps({"finished_at": last_crawl}))
    indexer.update_index(home)
    if looked_seq is not None:
        home.state_file.write_text(json.dumps({"last_looked_seq": looked_seq}))
    return home


def add_articles(home: Home, articles: list[Article]) -> None:
    with Store.open(home.corpus_db) as store:
        store.upsert_many(articles)
    indexer.update_index(home)


def screen_text(app: VeilleApp) -> str:
    """What the terminal shows, as text (rendered strips of the current screen)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def settle(pilot: Pilot[None], until: Callable[[], bool] | None = None,
                 rounds: int = 200) -> None:
    """Let messages, timers and workers finish; with `until`, until it holds."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause()
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:  # a newer search cancelled an older one: wait again
            continue
        await pilot.pause()
        if until is None or until():
            return
        await pilot.pause(0.01)  # let a debounce timer fire; the loop waits on a condition
    raise AssertionError("the app never reached the expected state")


async def fill(pilot: Pilot[None], selector: str, text: str) -> None:
    """Put `text` in the input `selector` of the current screen (as a paste would) and
    press Enter; typing long paths key by key only slows the tests down."""
    box = pilot.app.screen.query_one(selector, Input)
    box.value = text
    box.cursor_position = len(text)
    box.focus()
    await pilot.press("enter")


def search_screen(app: VeilleApp) -> SearchScreen:
    assert isinstance(app.screen, SearchScreen), type(app.screen)
    return app.screen


def shown(app: VeilleApp, query: str) -> Callable[[], bool]:
    def check() -> bool:
        screen = app.screen
        return isinstance(screen, SearchScreen) and screen.shown is not None \
            and screen.shown.query == query and screen.result is not None
    return check


def make_app(home: Home, query: str = "") -> VeilleApp:
    return VeilleApp(home, query, poll_interval=None, show_timings=False)


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC (the status line shows the last crawl in local time)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def indexed(tmp_path: Path) -> Home:
    return build_home(tmp_path / "home")


# -- typing, results, preview ------------------------------------------------------------

async def test_typing_shows_results_and_preview(indexed: Home) -> None:
    app = make_app(indexed)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"hydrogène")
        await settle(pilot, shown(app, "hydrogène"))
        screen = search_screen(app)
        assert screen.result is not None and screen.result.total >= 3
        titles = [h.title for h in screen.results.hits]
        assert all("ydrogène" in t or "ydrogène" in h.snippet
                   for t, h in zip(titles, screen.results.hits, strict=True))
        text = screen_text(app)
        assert "résultats" in text
        assert titles[0] in text  # in the list and in the preview
        assert "Rédaction" in screen.preview.text


async def test_newer_query_wins(indexed: Home) -> None:
    app = make_app(indexed)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"cacao")
        await pilot.press("backspace", *["backspace"] * 4, *"acier")
        await settle(pilot, shown(app, "acier"))
        screen = search_screen(app)
        assert screen.results.hits[0].title.startswith("Acier vert")
        assert all(h.title != "Cacao : Abidjan veut transformer sur place"
                   for h in screen.results.hits)


async def test_navigation_moves_preview(indexed: Home) -> None:
    app = make_app(indexed, "hydrogène")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "hydrogène"))
        screen = search_screen(app)
        await pilot.press("enter")  # from the search box to the results
        await settle(pilot)
        assert screen.results.has_focus
        first, second = screen.results.hits[0], screen.results.hits[1]
        assert first.title in screen.preview.text
        await pilot.press("down")
        await settle(pilot)
        assert second.title in screen.preview.text
        await pilot.press("k")
        await settle(pilot)
        assert first.title in screen.preview.text
        await pilot.press("j")
        await settle(pilot)
        assert screen.results.highlighted == 1
        await pilot.press("enter")  # read the preview
        await settle(pilot)
        assert screen.preview.has_focus
        await pilot.press("escape")
        await settle(pilot)
        assert screen.results.has_focus
        await pilot.press("slash")
        await settle(pilot)
        assert screen.search_box.has_focus


async def test_down_in_search_box_goes_to_results(indexed: Home) -> None:
    app = make_app(indexed, "cacao")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "cacao"))
        await pilot.press("down")
        await settle(pilot)
        assert search_screen(app).results.has_focus


async def test_preview_highlights_matched_words(indexed: Home) -> None:
    app = make_app(indexed, "charbon")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "charbon"))
        screen = search_screen(app)
        content = screen.preview.query_one("#preview-body").content  # type: ignore[attr-defined]
        marked = {content.plain[s.start:s.end].lower() for s in content.spans
                  if "warning" in str(s.style)}
        assert "charbon" in marked


# -- sort and filters ----------------------------------------------------------------------

async def test_sort_toggles_between_relevance_and_date(indexed: Home) -> None:
    app = make_app(indexed, "hydrogène")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "hydrogène"))
        screen = search_screen(app)
        await pilot.press("down")
        await pilot.press("s")
        await settle(pilot, lambda: screen.shown is not None and screen.shown.sort == "date")
        dates = [h.published for h in screen.results.hits]
        assert dates == sorted(dates, reverse=True)  # type: ignore[type-var]
        assert "tri : date" in screen_text(app)
        await pilot.press("s")
        await settle(pilot, lambda: screen.shown is not None and screen.shown.sort == "relevance")
        assert "tri : pertinence" in screen_text(app)


async def test_source_facet_filters(indexed: Home) -> None:
    app = make_app(indexed, "hydrogène")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "hydrogène"))
        screen = search_screen(app)
        await pilot.press("down", "f")
        await settle(pilot)
        facets = screen.query_one("#facet-source", FacetList)
        assert facets.has_focus
        chosen = facets.values[0]
        await pilot.press("enter")
        await settle(pilot, lambda: screen.shown is not None
                     and screen.shown.filters.sources == (chosen,))
        assert screen.results.hits
        assert {h.source for h in screen.results.hits} == {chosen}
        assert "filtres" in screen_text(app)
        await pilot.press("enter")  # choosing it again removes the filter
        await settle(pilot, lambda: screen.shown is not None
                     and not screen.shown.filters.sources)
        assert len({h.source for h in screen.results.hits}) > 1


async def test_year_facet_filters(indexed: Home) -> None:
    app = make_app(indexed, "hydrogène")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "hydrogène"))
        screen = search_screen(app)
        years = screen.query_one("#facet-year", FacetList)
        years.focus()
        years.highlighted = years.values.index("2025")
        await pilot.press("enter")
        await settle(pilot, lambda: screen.shown is not None
                     and screen.shown.filters.period == "2025")
        assert screen.results.hits
        assert all(h.published is not None and h.published.year == 2025
                   for h in screen.results.hits)


async def test_date_range_dialog_filters(indexed: Home) -> None:
    app = make_app(indexed, "hydrogène")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "hydrogène"))
        screen = search_screen(app)
        await pilot.press("down", "d")
        await settle(pilot)
        assert isinstance(app.screen, DateRangeDialog)
        await pilot.press(*"2025-01", "enter", *"2025-06", "enter")
        await settle(pilot, lambda: screen.shown is not None
                     and screen.shown.filters.since is not None)
        assert app.screen is screen
        assert screen.results.hits
        assert all(h.published is not None and h.published.year == 2025
                   for h in screen.results.hits)
        assert all(h.published.month <= 6 for h in screen.results.hits)  # type: ignore[union-attr]
        assert "01/01/2025 → 30/06/2025" in screen_text(app)
        await pilot.press("x")  # all filters off
        await settle(pilot, lambda: screen.shown is not None
                     and not screen.shown.filters.active)
        assert any(h.published and h.published.year == 2024 for h in screen.results.hits)


async def test_date_range_dialog_rejects_bad_dates(indexed: Home) -> None:
    app = make_app(indexed, "hydrogène")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "hydrogène"))
        await pilot.press("down", "d")
        await settle(pilot)
        await pilot.press(*"mars", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DateRangeDialog)
        assert "date illisible" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)


# -- helpfulness ---------------------------------------------------------------------------

async def test_suggestion_shown_and_applied(indexed: Home) -> None:
    app = make_app(indexed)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"hydrogne")
        await settle(pilot, shown(app, "hydrogne"))
        screen = search_screen(app)
        assert screen.result is not None and screen.result.suggestion
        assert "Vouliez-vous dire" in screen_text(app)
        suggestion = screen.result.suggestion
        await pilot.press("ctrl+g")
        await settle(pilot, shown(app, suggestion))
        assert screen.search_box.value == suggestion
        assert screen.results.hits
        assert "Vouliez-vous dire" not in screen_text(app)


async def test_query_notes_are_quiet(indexed: Home) -> None:
    app = make_app(indexed)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*'"hydrogène vert')
        await settle(pilot, shown(app, '"hydrogène vert'))
        screen = search_screen(app)
        assert screen.result is not None and screen.result.notes
        assert screen.result.notes[0][:20] in screen_text(app)


async def test_history_persists_and_walks(indexed: Home) -> None:
    app = make_app(indexed)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"cacao", "enter")
        await settle(pilot, shown(app, "cacao"))
        await pilot.press("slash", "ctrl+u", *"acier", "enter")
        await settle(pilot, shown(app, "acier"))
    assert indexed.history_file.read_text(encoding="utf-8").splitlines()[-2:] == [
        "cacao", "acier"]
    app = make_app(indexed)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        box = app.screen.query_one(SearchBox)
        await pilot.press("up")
        assert box.value == "acier"
        await pilot.press("up")
        assert box.value == "cacao"
        await pilot.press("down")
        assert box.value == "acier"
        await pilot.press("down")
        assert box.value == ""
        await settle(pilot)


async def test_help_screen_lists_keys_and_syntax(indexed: Home) -> None:
    app = make_app(indexed, "cacao")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "cacao"))
        await pilot.resize_terminal(100, 60)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for needle in ("Ctrl+G", "Échap", "exporter"):
            assert needle in text
        await pilot.press("end")  # the help scrolls to the query syntax
        await settle(pilot)
        text = screen_text(app)
        for needle in ("Syntaxe des requêtes", "OR"):
            assert needle in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("down", "question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_q_types_in_box_and_quits_outside(indexed: Home) -> None:
    app = make_app(indexed)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        assert search_screen(app).search_box.value == "q"
        assert app.is_running
        await pilot.press("ctrl+u", *"cacao", "enter")
        await settle(pilot, shown(app, "cacao"))
        await pilot.press("q")
        await settle(pilot)
        assert not app.is_running


# -- safety --------------------------------------------------------------------------------

async def test_markup_and_escapes_shown_literally(indexed: Home) -> None:
    app = make_app(indexed, "cyberattaque")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "cyberattaque"))
        text = screen_text(app)
        assert "[bold red]ALERTE[/]" in text  # in the list and in the preview
        assert text.count("[bold red]ALERTE[/]") >= 2
        assert "[link=https://evil.example]cliquez ici[/link]" in text
        assert "\x1b" not in text and "\x07" not in text
        assert "pwned" not in text


# -- export --------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
async def test_export_writes_valid_file(indexed: Home, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"out.{fmt}"
    app = make_app(indexed, "hydrogène")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "hydrogène"))
        screen = search_screen(app)
        expected = [h.id for h in screen.results.hits]
        await pilot.press("down", "e")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        await fill(pilot, "#export-path", str(target))
        await settle(pilot, target.exists)
    if fmt == "jsonl":
        rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
        assert [r["id"] for r in rows] == expected
        assert all(r["text"] for r in rows)
    else:
        with target.open(encoding="utf-8", newline="") as f:
            table = list(csv.reader(f))
        assert tuple(table[0]) == JSON_FIELDS
        assert [r[0] for r in table[1:]] == expected


async def test_month_strip_counts_what_a_relaxed_search_found(indexed: Home) -> None:
    """No article holds both words: the search relaxes to either, and so does the strip."""
    from tui.app.widgets.facets import MonthStrip

    app = make_app(indexed, "charbon photovoltaïques")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "charbon photovoltaïques"))
        screen = search_screen(app)
        assert screen.result is not None and screen.result.total == 2
        strip = screen.query_one("#months", MonthStrip)
        await settle(pilot, lambda: not strip.pending and bool(strip.counts))
        assert sum(strip.counts.values()) == 2
        assert len(screen.export_ids()) == 2


async def test_export_never_replaces_silently(indexed: Home, tmp_path: Path) -> None:
    target = tmp_path / "keep.jsonl"
    target.write_text("précieux\n", encoding="utf-8")
    app = make_app(indexed, "hydrogène")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "hydrogène"))
        await pilot.press("down", "e")
        await settle(pilot)
        await fill(pilot, "#export-path", str(target))
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        assert "existe déjà" in screen_text(app)
        assert target.read_text(encoding="utf-8") == "précieux\n"
        await pilot.press("enter")  # confirmed
        await settle(pilot, lambda: target.read_text(encoding="utf-8") != "précieux\n")
    assert all(json.loads(line)["id"] for line in target.read_text().splitlines())


# -- more like this, palette ---------------------------------------------------------------

async def test_more_like_this_screen(indexed: Home) -> None:
    app = make_app(indexed, "hydrogène")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "hydrogène"))
        origin = search_screen(app).results.hits[0]
        await pilot.press("down", "m")
        await settle(pilot)
        assert isinstance(app.screen, SimilarScreen)
        similar = app.screen
        await settle(pilot, lambda: similar.result is not None)
        assert origin.id not in {h.id for h in similar.results.hits}
        assert "Articles proches de" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)


async def test_command_palette_has_the_actions(indexed: Home) -> None:
    app = make_app(indexed, "cacao")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "cacao"))
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for title in ("Exporter les résultats…", "Articles similaires", "Copier l’URL",
                      "Trier par pertinence ou par date", "Période de publication…", "Aide"):
            assert title in titles
        copy = next(c for c in app.get_system_commands(app.screen)
                    if c.title == "Copier l’URL")
        copied: list[str] = []
        app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
        outcome = copy.callback()
        if inspect.isawaitable(outcome):
            await outcome
        await settle(pilot)
        assert copied == [search_screen(app).results.hits[0].url]


# -- empty home, refresh, status, watches --------------------------------------------------

async def test_empty_home_explains_then_opens_when_articles_arrive(tmp_path: Path) -> None:
    home = Home.resolve(tmp_path / "empty")
    app = make_app(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, EmptyHomeScreen)
        text = screen_text(app)
        for needle in ("veille crawl", "veille import", "make demo"):
            assert needle in text
        build_home(home.root)
        await pilot.press("r")
        await settle(pilot, lambda: isinstance(app.screen, SearchScreen))
    assert not (tmp_path / "empty" / "watches.sqlite3").exists()


async def test_refresh_shows_new_articles(indexed: Home) -> None:
    app = make_app(indexed, "batteries")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "batteries"))
        screen = search_screen(app)
        assert not screen.results.hits
        add_articles(indexed, make_articles([(
            "usine-demo", "2026-11-20T08:00:00+01:00", "Batteries : une gigafactory à Kénitra",
            "Le projet chinois se précise.", "La gigafactory produira des batteries.")],
            prefix="new"))
        await pilot.press("f5")  # `r` too, outside the search box
        await settle(pilot, lambda: bool(screen.results.hits))
        assert screen.results.hits[0].title.startswith("Batteries")
        await settle(pilot, lambda: "1 arrivé pendant la session" in screen_text(app))


async def test_status_line_shows_size_crawl_and_new(tmp_path: Path, utc: None) -> None:
    home = build_home(tmp_path / "home", looked_seq=5)
    app = make_app(home, "cacao")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, lambda: "articles indexés" in screen_text(app))
        text = screen_text(app)
        assert f"{len(ARTICLES)} articles indexés" in text
        assert "collecte du 28/11/2026 à 6h15" in text  # local time; TZ=UTC here
        assert f"{len(ARTICLES) - 5} nouveaux depuis votre dernière visite" in text
    state = json.loads(home.state_file.read_text())
    assert state["last_looked_seq"] == len(ARTICLES)


async def test_watch_panel_counts_and_marks_new(tmp_path: Path) -> None:
    watches = pytest.importorskip("indexer.watches")
    home = build_home(tmp_path / "home")
    with watches.WatchBook(home) as book:
        book.add("hydro", "hydrogène")
        book.add("cacao", "cacao")
    fresh = make_articles([(
        "usine-demo", "2026-11-25T08:00:00+01:00", "Hydrogène : Ouarzazate choisie",
        "Un nouveau site pour l’électrolyse.", "L’hydrogène vert sera produit près du solaire."),
    ], prefix="w")
    add_articles(home, fresh)
    app = make_app(home)
    async with app.run_test(size=(100, 30)) as pilot:
        panel = app.screen.query_one(WatchesPanel)
        await settle(pilot, lambda: bool(panel.watches))
        counts = {w.name: w.unread for w in panel.watches}
        assert counts == {"hydro": 1, "cacao": 0}
        assert "1 nouv." in screen_text(app)
        panel.focus()
        panel.highlighted = [w.name for w in panel.watches].index("hydro")
        await pilot.press("enter")
        screen = search_screen(app)
        await settle(pilot, lambda: bool(screen.shown and screen.shown.query == "hydrogène"
                                         and screen.new_ids))
        assert screen.new_ids == {fresh[0].id}
        assert "● 1 nouveau " in screen_text(app)
        await settle(pilot, lambda: {w.name: w.unread for w in panel.watches}["hydro"] == 0)


# -- more ----------------------------------------------------------------------------------

async def test_empty_box_lists_latest_articles(indexed: Home) -> None:
    app = make_app(indexed)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, ""))
        screen = search_screen(app)
        dates = [h.published for h in screen.results.hits]
        assert len(dates) == len(ARTICLES)
        assert dates == sorted(dates, reverse=True)  # type: ignore[type-var]
        assert "Derniers articles" in screen_text(app)


async def test_polling_picks_up_new_articles(indexed: Home) -> None:
    app = VeilleApp(indexed, "gigafactory", poll_interval=0.05, show_timings=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "gigafactory"))
        screen = search_screen(app)
        assert not screen.results.hits
        add_articles(indexed, make_articles([(
            "usine-demo", "2026-11-20T08:00:00+01:00", "Une gigafactory à Kénitra",
            "Le projet se précise.", "La gigafactory produira des cellules.")], prefix="p"))
        await settle(pilot, lambda: bool(screen.results.hits))
        assert screen.results.hits[0].title == "Une gigafactory à Kénitra"


async def test_more_hits_load_at_the_end_of_the_list(tmp_path: Path) -> None:
    rows = [("usine-demo", f"2025-{1 + i % 12:02d}-10T08:00:00+01:00",
             f"Ciment numéro {i} : la cimenterie investit",
             "Un four plus sobre.", f"La cimenterie {i} modernise son four à ciment.")
            for i in range(35)]
    home = build_home(tmp_path / "home", make_articles(rows))
    app = make_app(home, "ciment")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "ciment"))
        screen = search_screen(app)
        assert screen.result is not None and screen.result.total == 35
        assert len(screen.results.hits) < 35
        await pilot.press("down")
        for _ in range(10):  # each time the highlight reaches the end, a page more
            if len(screen.results.hits) == 35:
                break
            await pilot.press("home", "end")
            await settle(pilot)
        assert len(screen.results.hits) == 35
        assert len({h.id for h in screen.results.hits}) == 35


async def test_open_in_browser_runs_in_a_thread(indexed: Home,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    app = make_app(indexed, "cacao")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "cacao"))
        await pilot.press("down", "o")
        await settle(pilot, lambda: bool(opened))
        assert opened == [search_screen(app).results.hits[0].url]


async def test_theme_toggle_is_remembered(indexed: Home) -> None:
    app = make_app(indexed)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        await pilot.press("down", "t")
        await settle(pilot)
        assert app.theme == "textual-light"
    app = make_app(indexed)
    assert app.theme == "textual-light"


def test_veille_without_arguments_opens_the_workbench(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capfd: pytest.CaptureFixture[str]) -> None:
    import logging

    from tui.cli import main

    ran: list[tuple[Path, str]] = []

    def fake_run(self: VeilleApp) -> None:
        ran.append((self.home.root, self.initial_query))
        logging.getLogger("indexer.x").warning("pendant l’app")  # must not reach stderr

    monkeypatch.setattr(VeilleApp, "run", fake_run)
    monkeypatch.setattr("tui.cli.commands.tui.has_terminal", lambda: True)
    root = logging.getLogger()
    before = list(root.handlers)
    assert main(["--home", str(tmp_path / "h")]) == 0
    build_home(tmp_path / "h")
    assert main(["--home", str(tmp_path / "h"), "tui", "hydrogène\x1b[31m vert"]) == 0
    assert ran == [(tmp_path / "h", ""), (tmp_path / "h", "hydrogène vert")]
    assert "pendant l’app" not in capfd.readouterr().err
    log = (tmp_path / "h" / "logs" / "workbench.log").read_text(encoding="utf-8")
    assert "pendant l’app" in log
    for handler in [h for h in root.handlers if h not in before]:  # main() added them
        root.removeHandler(handler)


def test_the_workbench_refuses_to_run_without_a_terminal(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    assert main(["--home", str(tmp_path / "h")]) == 2  # stdin/stdout are not a tty here
    err = capsys.readouterr().err
    assert "besoin d’un terminal" in err and "veille search" in err
    assert not (tmp_path / "h").exists()


async def test_corpus_without_index_says_to_index(tmp_path: Path) -> None:
    home = Home.resolve(tmp_path / "home")
    home.ensure()
    with Store.open(home.corpus_db) as store:
        store.upsert_many(make_articles())
    app = make_app(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, EmptyHomeScreen))
        text = screen_text(app)
        assert "l’index est vide ou absent" in text and "veille index" in text
        indexer.update_index(home)
        await pilot.press("r")
        await settle(pilot, lambda: isinstance(app.screen, SearchScreen))
        await settle(pilot, shown(app, ""))
        assert len(search_screen(app).results.hits) == len(ARTICLES)


async def test_export_dialog_refuses_impossible_paths(indexed: Home, tmp_path: Path) -> None:
    app = make_app(indexed, "hydrogène")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "hydrogène"))
        await pilot.press("down", "e")
        await settle(pilot)
        for bad, message in [
            (str(tmp_path / "nope" / "x.jsonl"), "n’existe pas"),
            (str(tmp_path), "est un dossier"),
            (str(tmp_path / ("x" * 300 + ".jsonl")), "chemin impossible"),
            ("[red]x[/red]/out.csv", "[red]x[/red] n’existe pas"),
        ]:
            await fill(pilot, "#export-path", bad)
            await settle(pilot)
            assert isinstance(app.screen, ExportDialog)
            assert message in screen_text(app).replace("\n", "")


async def test_export_from_similar_articles(indexed: Home, tmp_path: Path) -> None:
    target = tmp_path / "proches.csv"
    app = make_app(indexed, "hydrogène")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, shown(app, "hydrogène"))
        await pilot.press("down", "m")
        await settle(pilot, lambda: isinstance(app.screen, SimilarScreen)
                     and app.screen.result is not None)
        similar = app.screen
        assert isinstance(similar, SimilarScreen)
        expected = [h.id for h in similar.results.hits]
        assert expected
        await pilot.press("e")
        await settle(pilot)
        await fill(pilot, "#export-path", str(target))
        await settle(pilot, target.exists)
    with target.open(encoding="utf-8", newline="") as f:
        assert [row["id"] for row in csv.DictReader(f)] == expected
