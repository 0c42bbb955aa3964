"""Search shows stories: reprints folded into one hit, counted and paged consistently,
regrouped as the corpus changes; --no-group, --prefer, show, export --group."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

import indexer
from corpus import Article, Home, Store
from indexer.grouping import Member, group_by_story
from indexer.ranking import Ranking
from tests.test_stories import DISPATCH, INDEPENDENT, _article, _reprint
from tui.cli import main

QUERY = "Sahel Ciments Thiès"


def _copy(source: str, hours: int, cut: int = 0) -> Article:
    """The dispatch as another title prints it, `hours` after the first."""
    paragraphs = DISPATCH[:len(DISPATCH) - cut]
    return _article(source, paragraphs, title=f"Ciment : la ligne de Thiès ({source})",
                    published=f"2026-03-05T{10 + hours:02d}:00:00+00:00")


def _others(n: int) -> list[Article]:
    """Lone articles on the same subject, each its own story."""
    words = ["clinker", "four", "carrière", "calcaire", "gypse", "broyeur", "silo", "quai",
             "bascule", "laitier", "cendres", "argile"]
    found = []
    for i in range(n):
        w1, w2 = words[i % len(words)], words[(i * 5 + 3) % len(words)]
        found.append(Article(
            url=f"https://autre-{i}.example/2026/03/{i}/sahel",
            title=f"Sahel Ciments : le {w1} de Thiès, note {i}",
            text=(f"À Thiès, le {w1} et le {w2} du site de Sahel Ciments font l’objet de la "
                  f"note numéro {i} : {i * 7} tonnes, {i * 3} salariés, chantier {w2}. "
                  f"Une analyse propre au titre autre-{i}, sans dépêche reprise."),
            published=f"2026-02-{1 + i % 27:02d}T08:00:00+00:00", source=f"autre-{i % 4}"))
    return found


def _home(tmp_path: Path, articles: list[Article]) -> Home:
    home = Home.resolve(tmp_path / "home")
    home.ensure()
    with Store.open(home.corpus_db) as store:
        store.upsert_many(articles)
    indexer.update_index(home)
    return home


@pytest.fixture
def story_home(tmp_path: Path) -> Home:
    """The dispatch printed by four titles, one independent report, lone articles."""
    return _home(tmp_path, [
        _article("courrier-industriel", DISPATCH), _reprint(),
        _copy("energies-afrique", 2, cut=1), _copy("usine-maghreb", 5, cut=2),
        _article("ports-logistique", INDEPENDENT, title="Sahel Ciments : Thiès double"),
        *_others(14)])


def _json(capsys: pytest.CaptureFixture[str], home: Home, *args: str) -> dict:  # type: ignore[type-arg]
    assert main(["--home", str(home.root), *args]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_reprints_fold_into_one_hit_represented_by_the_earliest(story_home: Home) -> None:
    with indexer.Searcher(story_home) as s:
        grouped = s.search(QUERY, limit=50)
        flat = s.search(QUERY, limit=50, group=False)
    story = [h for h in grouped.hits if h.reprints]
    assert len(story) == 1
    hit = story[0]
    assert hit.source == "courrier-industriel"  # published first, at 10:00
    assert [r.source for r in hit.reprints] == ["energies-afrique", "dakar-eco",
                                                "usine-maghreb"]  # earliest first
    assert hit.titles == 3 and hit.story_size == 4 and hit.story is not None
    assert all(r.url and r.title and r.published for r in hit.reprints)
    independent = [h for h in grouped.hits if h.source == "ports-logistique"]
    assert len(independent) == 1 and not independent[0].reprints
    assert grouped.grouped and not flat.grouped
    assert grouped.total == flat.total - 3 == grouped.total_stories
    assert grouped.total_articles == flat.total == flat.total_articles
    assert flat.total_stories == grouped.total
    assert all(not h.reprints for h in flat.hits)
    assert {h.id for h in flat.hits} == {h.id for h in grouped.hits} | {
        r.id for r in hit.reprints}
    assert len({h.story for h in flat.hits if h.story == hit.story}) == 1


def test_facets_count_stories_once_per_source(story_home: Home) -> None:
    with indexer.Searcher(story_home) as s:
        grouped = s.search(QUERY, limit=50)
    assert grouped.facets["year"] == {"2026": grouped.total}
    assert grouped.facets_articles["year"] == {"2026": grouped.total_articles}
    for source in ("courrier-industriel", "dakar-eco", "energies-afrique", "usine-maghreb"):
        assert grouped.facets["source"][source] == grouped.facets_articles["source"][source]


@pytest.mark.parametrize("sort", ["relevance", "date"])
@pytest.mark.parametrize("size", [1, 3, 4, 7])
def test_pages_of_stories_are_disjoint_and_cover_total(story_home: Home, sort: str,
                                                       size: int) -> None:
    with indexer.Searcher(story_home) as s:
        whole = s.search(QUERY, limit=100, sort=sort)
        walked = []
        for offset in range(0, whole.total + size, size):
            page = s.search(QUERY, limit=size, offset=offset, sort=sort)
            assert (page.total, page.total_articles, page.facets) == (
                whole.total, whole.total_articles, whole.facets)
            walked += page.hits
    assert [h.id for h in walked] == [h.id for h in whole.hits]
    assert len(walked) == whole.total
    if sort == "date":  # a story stands where the date it shows puts it
        dates = [h.published for h in walked]
        assert dates == sorted(dates, reverse=True)


def test_a_preferred_source_represents_the_story(story_home: Home, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    with indexer.Searcher(story_home) as s:
        hit = next(h for h in s.search(QUERY, limit=50, prefer=["nowhere", "dakar-eco"]).hits
                   if h.reprints)
    assert hit.source == "dakar-eco"
    assert [r.source for r in hit.reprints] == ["courrier-industriel", "energies-afrique",
                                                "usine-maghreb"]
    out = _json(capsys, story_home, "search", QUERY, "--json", "--prefer", "usine-maghreb")
    assert [r["source"] for r in out["results"] if r["reprints"]] == ["usine-maghreb"]
    story_home.sources_file.write_text(
        '[stories]\nprefer = ["energies-afrique"]\n\n[[source]]\nname = "energies-afrique"\n'
        'url = "https://energies-afrique.example/"\n', encoding="utf-8")
    out = _json(capsys, story_home, "search", QUERY, "--json")
    assert [r["source"] for r in out["results"] if r["reprints"]] == ["energies-afrique"]
    assert main(["--home", str(story_home.root), "search", QUERY, "--prefer", "dakar-ecco"]) == 2
    err = capsys.readouterr().err
    assert "--prefer : source inconnue « dakar-ecco »" in err and "Traceback" not in err


def test_cli_json_and_text_say_stories_and_articles(story_home: Home,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = _json(capsys, story_home, "search", QUERY, "--json", "--limit", "50")
    assert out["grouped"] is True and out["total"] == out["total_stories"]
    assert out["total_articles"] == out["total"] + 3
    story = next(r for r in out["results"] if r["reprints"])
    assert story["reprint_count"] == 3 and story["story_size"] == 4
    assert set(story["reprints"][0]) == {"id", "url", "title", "source", "published"}
    assert sum(out["facets_articles"]["source"].values()) == out["total_articles"]
    flat = _json(capsys, story_home, "search", QUERY, "--json", "--limit", "50", "--no-group")
    assert flat["grouped"] is False and flat["total"] == out["total_articles"]
    assert all(r["reprints"] == [] and isinstance(r["story"], int) for r in flat["results"])
    assert main(["--home", str(story_home.root), "search", QUERY, "--limit", "50"]) == 0
    text = capsys.readouterr().out
    assert "repris par 3 titres : energies-afrique (05/03/2026), dakar-eco (05/03/2026), " \
           "usine-maghreb (05/03/2026)" in text
    assert f"sur {out['total']} sujets ({out['total_articles']} articles)" in text


def test_an_edit_regroups_at_the_next_search(story_home: Home) -> None:
    with indexer.Searcher(story_home) as s:
        before = next(h for h in s.search(QUERY, limit=50).hits if h.reprints)
        with Store.open(story_home.corpus_db) as store:  # another connection writes
            edited = _copy("usine-maghreb", 5, cut=2)
            edited.text = (
                "La rédaction d’Usine Maghreb a visité la ligne de Sahel Ciments à Thiès : "
                "les ouvriers y décrivent des cadences soutenues et un four encore en rodage."
                "\n\nLes sous-traitants marocains du bâtiment suivent de près ce chantier, "
                "qui pourrait leur ouvrir le marché malien si le corridor routier est achevé.")
            store.upsert(edited)
        indexer.update_index(story_home)
        s.refresh()
        after = next(h for h in s.search(QUERY, limit=50).hits if h.reprints)
        alone = [h for h in s.search(QUERY, limit=50).hits if h.source == "usine-maghreb"]
    assert "usine-maghreb" in {r.source for r in before.reprints}
    assert "usine-maghreb" not in {r.source for r in after.reprints}
    assert len(after.reprints) == 2 and after.story == before.story
    assert len(alone) == 1 and not alone[0].reprints and alone[0].story != before.story


def test_a_deleted_article_leaves_its_story_in_search(story_home: Home) -> None:
    with indexer.Searcher(story_home) as s:
        before = s.search(QUERY, limit=50)
        hit = next(h for h in before.hits if h.reprints)
        with Store.open(story_home.corpus_db) as store:
            assert store.delete(hit.reprints[0].id)
        indexer.update_index(story_home)
        s.refresh()
        after = s.search(QUERY, limit=50)
    story = next(h for h in after.hits if h.reprints)
    assert [r.id for r in story.reprints] == [r.id for r in hit.reprints[1:]]
    assert story.story_size == 3
    assert after.total == before.total and after.total_articles == before.total_articles - 1


def test_a_story_map_follows_the_store_without_reopening(story_home: Home) -> None:
    with indexer.Searcher(story_home) as s:
        assert any(h.reprints for h in s.search(QUERY, limit=50).hits)
        with Store.open(story_home.corpus_db) as store:
            for aid, _ in store.grouped_stories().items():
                store.delete(aid)
        # The index still holds the deleted articles: each is now alone in no story.
        hits = s.search(QUERY, limit=50).hits
    assert not any(h.reprints for h in hits)


def test_show_lists_the_other_articles_of_the_story(story_home: Home,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    first = _article("courrier-industriel", DISPATCH)
    assert main(["--home", str(story_home.root), "show", first.id]) == 0
    text = capsys.readouterr().out
    assert "Même sujet, 3 autres articles :" in text
    assert text.index("energies-afrique") < text.index("dakar-eco") < text.index("usine-maghreb")
    data = _json(capsys, story_home, "show", _reprint().id, "--json")
    assert [r["source"] for r in data["reprints"]] == ["courrier-industriel",
                                                       "energies-afrique", "usine-maghreb"]
    assert data["reprints"][1]["agency"] == "" and isinstance(data["story"], int)
    lone = _json(capsys, story_home, "show", _others(1)[0].id, "--json")
    assert lone["reprints"] == []


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_group_writes_one_line_per_story(story_home: Home, fmt: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    h = ["--home", str(story_home.root)]
    found = _json(capsys, story_home, "search", QUERY, "--json", "--limit", "100")
    assert main([*h, "export", "--query", QUERY, "--group", "--format", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.splitlines()]
        reprints = [[r["id"] for r in row["reprints"]] for row in rows]
    else:
        rows = list(csv.DictReader(io.StringIO(out)))
        reprints = [[u for u in row["reprints"].split("; ") if u] for row in rows]
    assert [r["id"] for r in rows] == [r["id"] for r in found["results"]]
    story = next(i for i, r in enumerate(found["results"]) if r["reprints"])
    expected = found["results"][story]["reprints"]
    assert reprints[story] == [r["id" if fmt == "jsonl" else "url"] for r in expected]
    assert main([*h, "export", "--query", QUERY, "--no-group"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == found["total_articles"]
    assert main([*h, "export", "--query", QUERY]) == 0          # grouped by default
    assert [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()] == \
        [r["id"] for r in found["results"]]
    assert main([*h, "export", "--group"]) == 2
    assert "--group ne s’applique qu’avec --query" in capsys.readouterr().err


# -- the grouping itself, engine aside ---------------------------------------------------

def _when(day: int) -> datetime:
    return datetime(2026, 3, day, tzinfo=UTC)


INFO = {"a": Member("s1", "2026", _when(5)), "b": Member("s2", "2026", _when(3)),
        "c": Member("s1", "2026", _when(4)), "x": Member("s3", "2025", _when(9)),
        "y": Member("s2", "2025", None)}


def _describe(ids: list[str], dated: set[str]) -> dict[str, Member]:
    return {i: INFO[i] if i in dated else Member(INFO[i].source, INFO[i].year, None)
            for i in ids if i in INFO}


def test_group_keeps_the_order_and_places_stories_by_sort() -> None:
    ids = ["x", "a", "y", "b", "z", "c"]  # the result set in its order
    stories = {"a": 1, "b": 1, "c": 1, "y": 2}  # y's story has another article elsewhere
    relevance = group_by_story(ids, stories, _describe)
    assert [(e.lead, e.others) for e in relevance.entries] == [
        (0, ()), (3, (5, 1)), (2, ()), (4, ())]  # the story where "a" ranks, shown by "b"
    assert relevance.stories == 4 and relevance.articles == 6
    by_date = group_by_story(ids, stories, _describe, by_date=True)
    assert [e.lead for e in by_date.entries] == [0, 2, 3, 4]  # where "b" itself stands
    preferred = group_by_story(ids, stories, _describe, prefer=["s1"])
    assert [(e.lead, e.others) for e in preferred.entries][1] == (5, (3, 1))


def test_group_turns_article_facets_into_story_facets() -> None:
    ids = ["a", "b", "c", "x"]
    facets = {"source": {"s1": 2, "s2": 1, "s3": 1}, "year": {"2026": 3, "2025": 1}}
    found = group_by_story(ids, {"a": 1, "b": 1, "c": 1}, _describe, facets=facets)
    assert found.facets == {"source": {"s1": 1, "s2": 1, "s3": 1},
                            "year": {"2025": 1, "2026": 1}}


def test_stories_beyond_the_ranked_prefix_need_no_dates() -> None:
    asked: list[set[str]] = []

    def describe(ids: list[str], dated: set[str]) -> dict[str, Member]:
        asked.append(dated)
        return _describe(ids, dated)

    # "x" and "a" are ranked; "b", "c" (a's story) and "y", "z" (a story of their own)
    # are only known to be in the set.
    found = group_by_story(["x", "a", "b", "c", "y", "z"], {"a": 1, "b": 1, "c": 1,
                                                          "y": 2, "z": 2},
                           describe, ranked=2)
    assert asked == [{"a", "b", "c"}]
    assert [(e.lead, e.others) for e in found.entries][:2] == [(0, ()), (2, (3, 1))]
    assert found.stories == 3


def test_group_of_a_cut_set_estimates_stories() -> None:
    found = group_by_story(["a", "b"], {"a": 1, "b": 1}, _describe, total=10)
    assert (found.stories, found.articles) == (9, 10)  # the 8 unseen counted one each


# -- watches count stories ---------------------------------------------------------------

def test_a_watch_reports_a_story_once_and_a_later_reprint_as_a_reprise(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from indexer.watches import WatchBook

    home = _home(tmp_path, _others(3))
    h = ["--home", str(home.root)]
    assert main([*h, "watch", "add", "ciment", "Sahel Ciments Thiès"]) == 0
    original, reprint = _article("courrier-industriel", DISPATCH), _reprint()
    independent = _article("ports-logistique", INDEPENDENT, title="Sahel Ciments : Thiès")
    with Store.open(home.corpus_db) as store:
        store.upsert_many([reprint, independent, original])  # the reprint stored first
    indexer.update_index(home)
    with WatchBook(home) as book:
        arrivals = book.arrivals("ciment")
        assert sorted(arrivals.stories) == sorted([[original.id, reprint.id], [independent.id]])
        assert arrivals.reprises == [] and book.unread_counts() == {"ciment": 2}
        report = book.report_arrivals()["ciment"]
        assert report["new"] == 2 and set(report["ids"]) == {original.id, reprint.id,
                                                            independent.id}
    out = _json(capsys, home, "watch", "show", "ciment", "--new", "--json")
    assert (out["new"], out["new_articles"], out["reprises"]) == (2, 3, 0)
    assert {r["id"] for r in out["results"]} == {original.id, independent.id}
    lead = next(r for r in out["results"] if r["id"] == original.id)
    assert lead["new_reprints"] == [reprint.id]
    assert main([*h, "watch", "show", "ciment", "--new"]) == 0
    text = capsys.readouterr().out
    assert "2 nouveaux sujets" in text and "repris par 1 titre : dakar-eco" in text

    assert main([*h, "watch", "seen", "ciment"]) == 0
    copy = _copy("energies-afrique", 2, cut=1)
    with Store.open(home.corpus_db) as store:
        store.upsert(copy)
    indexer.update_index(home)
    with WatchBook(home) as book:
        assert book.unread_counts() == {"ciment": 0}  # not a new story
        assert book.arrivals("ciment").reprises == [copy.id]
        assert book.report_arrivals()["ciment"] == {
            "new": 0, "ids": [], "stories": [], "reprises": [copy.id]}
    capsys.readouterr()
    assert main([*h, "watch", "show", "ciment", "--new"]) == 0
    text = capsys.readouterr().out
    assert "0 nouveau sujet, 1 nouvelle reprise" in text
    assert "energies-afrique · 5 mars 2026 · nouvelle reprise" in text
    assert main([*h, "watch", "show", "ciment", "--format", "markdown"]) == 0
    assert "*(nouvelle reprise)*" in capsys.readouterr().out
    assert main([*h, "watch", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["watches"]
    assert [w["new"] for w in listed] == [0]


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_the_prefix_and_the_whole_set_group_alike(story_home: Home, sort: str) -> None:
    """The keyword fast path ranks only a page's prefix (plus what folds away); the other
    path ranks the whole set: the same stories, the same counts."""
    from indexer.whoosh.compile import Ranking

    def stories(s: indexer.Searcher, size: int) -> tuple[object, ...]:
        first = s.search(QUERY, limit=size, sort=sort)
        hits = [h for offset in range(0, first.total, size)
                for h in s.search(QUERY, limit=size, offset=offset, sort=sort).hits]
        return (first.total, first.total_articles, first.facets,
                sorted((h.id, tuple(r.id for r in h.reprints)) for h in hits))

    with indexer.Searcher(story_home) as fast, \
            indexer.Searcher(story_home, ranking=Ranking(fast_path=False)) as whole:
        assert stories(fast, 2) == stories(whole, 2) == stories(fast, 50)


def test_a_story_shows_the_score_of_its_best_ranked_article(story_home: Home) -> None:
    """Placed where its best-ranked article sits, a story shows that article's score,
    whichever article represents it (on the fast path and on Whoosh's alike)."""
    for fast in (True, False):
        with indexer.Searcher(story_home, ranking=Ranking(fast_path=fast)) as s:
            grouped = s.search(QUERY, limit=50, prefer=["usine-maghreb"])
            flat = s.search(QUERY, limit=50, group=False)
        story = next(h for h in grouped.hits if h.reprints)
        members = {story.id} | {r.id for r in story.reprints}
        best = next(h for h in flat.hits if h.id in members)
        own = next(h for h in flat.hits if h.id == story.id)
        assert story.source == "usine-maghreb" and story.id != best.id
        assert story.score == best.score > own.score
