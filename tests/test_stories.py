"""Story groups at ingest: reprints join the dispatch's story, independent coverage does
not; edits regroup, deletes leave; an old corpus file is upgraded and grouped."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from corpus import Article, Home, Store, StoreError, Upsert
from corpus.store.sqlite.migrations import LATEST
from corpus.stories import GROUPED
from tests.conftest import veille_exe

FIXTURES = Path(__file__).parent / "fixtures" / "corpus"

DISPATCH = [
    "Le groupe Sahel Ciments a inauguré mercredi une deuxième ligne de production dans son "
    "usine de Thiès, qui porte la capacité du site à deux millions de tonnes par an. Le "
    "cimentier a investi 85 milliards de francs CFA et recruté 300 techniciens.",
    "« Nous répondons à une demande qui a doublé en dix ans », a déclaré Moussa Diallo, "
    "directeur général du groupe, devant les autorités de la région et les représentants "
    "des entreprises du bâtiment.",
    "La nouvelle ligne consomme un tiers d’énergie de moins que l’ancienne grâce à un four "
    "de nouvelle génération, fourni par un équipementier allemand qui assurera aussi la "
    "formation des équipes de maintenance.",
    "Le ciment produit à Thiès est destiné au marché sénégalais et aux pays voisins, Mali "
    "et Guinée en tête, où les chantiers d’infrastructures se multiplient depuis deux ans.",
    "Fondé en 1978, Sahel Ciments emploie 1 400 salariés et réalise un tiers de ses ventes à "
    "l’export. Le groupe prévoit une troisième ligne d’ici à 2029 si la demande se maintient.",
]
# Same event, the title's own words: must stay apart.
INDEPENDENT = [
    "À Thiès, Sahel Ciments double presque sa production : la ligne mise en service "
    "mercredi ajoute un million de tonnes par an aux capacités du cimentier, pour un coût "
    "annoncé de 85 milliards de francs CFA.",
    "Sur place, les élus ont salué les 300 embauches, même si les syndicats rappellent que "
    "la plupart des postes qualifiés ont été pourvus par des techniciens venus de Dakar.",
    "Le marché régional reste porteur, estiment les analystes, qui s’interrogent toutefois "
    "sur la concurrence des importations turques et sur le prix de l’électricité.",
]


def _article(slug: str, paragraphs: list[str], *, title: str = "Sahel Ciments à Thiès",
             published: str = "2026-03-05T10:00:00+00:00", **extra: str) -> Article:
    return Article(url=f"https://{slug}.example/2026/03/05/sahel-ciments", title=title,
                   text="\n\n".join(paragraphs), published=published, source=slug, **extra)


def _reprint() -> Article:
    """Cut, reordered, new headline, a lead of the site's own, another typography, a credit."""
    kept = [DISPATCH[0], DISPATCH[3], DISPATCH[1]]
    retyped = [p.replace("’", "'").replace("« ", "\"").replace(" »", "\"") for p in kept]
    retyped[0] = "Dakar – APS – " + retyped[0]
    return _article("dakar-eco", ["Nouvel investissement d'envergure dans la région de Thiès."]
                    + retyped, title="Thiès : le cimentier recrute 300 techniciens",
                    published="2026-03-05T14:20:00+00:00")


def _sizes_agree(path: Path) -> dict[str, int]:
    """Every story's kept size is its number of members, and the stories of two or more
    read through their index are those a GROUP BY over the members finds; the grouped
    articles (article id -> story)."""
    conn = sqlite3.connect(path)
    counted = dict(conn.execute("SELECT story_id, COUNT(*) FROM story_members "
                                "GROUP BY story_id").fetchall())
    kept = dict(conn.execute("SELECT id, size FROM stories").fetchall())
    expected = dict(conn.execute(
        "SELECT article_id, story_id FROM story_members WHERE story_id IN "
        "(SELECT story_id FROM story_members GROUP BY story_id HAVING COUNT(*) > 1)"))
    plan = " ".join(str(r) for r in conn.execute(f"EXPLAIN QUERY PLAN {GROUPED}"))
    conn.close()
    assert kept == {story: counted.get(story, 0) for story in kept}
    assert set(counted) <= set(kept)
    assert "stories USING INDEX stories_grouped" in plan and "SCAN story_members" not in plan
    with Store.open(path) as store:
        assert store.grouped_stories() == expected
    return expected


def test_a_cut_reordered_relabelled_reprint_joins_the_story(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.db") as store:
        dispatch, reprint = _article("sahel-eco", DISPATCH), _reprint()
        store.upsert(dispatch)
        store.upsert(reprint)
        story = store.story_of(dispatch.id)
        assert story is not None and store.story_of(reprint.url) == story
        assert store.story_members(story) == [dispatch.id, reprint.id]  # earliest first
        assert store.story_sizes([story]) == {story: 2}
        stored = store.get(reprint.id)
        assert stored is not None and stored.agency == "APS"
        assert store.get(dispatch.id).agency == ""  # type: ignore[union-attr]


def test_independent_coverage_of_the_same_event_stays_apart(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.db") as store:
        dispatch = _article("sahel-eco", DISPATCH)
        own = _article("senego-eco", INDEPENDENT + [DISPATCH[4]])  # shares the boilerplate
        store.upsert_many([dispatch, own])
        stories = store.stories_of([dispatch.id, own.id])
        assert len(stories) == 2 and stories[dispatch.id] != stories[own.id]
        assert store.story_members(stories[own.id]) == [own.id]


def test_an_edit_regroups_and_a_headline_change_does_not(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.db") as store:
        dispatch, reprint = _article("sahel-eco", DISPATCH), _reprint()
        store.upsert_many([dispatch, reprint])
        story = store.story_of(dispatch.id)
        retitled = reprint.replace(title="Un autre titre")
        assert store.upsert(retitled) is Upsert.CHANGED
        assert store.story_of(reprint.id) == story
        # The title's page now carries another article under the same URL: it leaves.
        replaced = reprint.replace(text="\n\n".join(INDEPENDENT))
        assert store.upsert(replaced) is Upsert.CHANGED
        alone = store.story_of(reprint.id)
        assert alone is not None and alone != story
        assert store.story_members(story) == [dispatch.id]  # type: ignore[arg-type]
        assert store.get(reprint.id).agency == ""  # type: ignore[union-attr]
        # And back: the re-crawled reprint rejoins the dispatch's story.
        store.upsert(reprint)
        assert store.story_of(reprint.id) == story
        assert store.story_members(alone) == []
    assert _sizes_agree(tmp_path / "c.db") == {dispatch.id: story, reprint.id: story}


def test_a_lone_article_keeps_its_story_id_when_edited(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.db") as store:
        own = _article("senego-eco", INDEPENDENT)
        store.upsert(own)
        story = store.story_of(own.id)
        store.upsert(own.replace(text=own.text + "\n\nMise à jour : la ligne tourne."))
        assert store.story_of(own.id) == story


def test_a_deleted_article_leaves_its_story(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.db") as store:
        dispatch, reprint = _article("sahel-eco", DISPATCH), _reprint()
        store.upsert_many([dispatch, reprint])
        story = store.story_of(dispatch.id)
        assert story is not None
        assert store.delete(dispatch.id)
        assert store.story_of(dispatch.id) is None
        assert store.story_members(story) == [reprint.id]
        assert _sizes_agree(tmp_path / "c.db") == {}
        assert store.delete(reprint.url)
        assert store.story_members(story) == [] and store.story_sizes([story]) == {}
        conn = sqlite3.connect(tmp_path / "c.db")
        assert conn.execute("SELECT COUNT(*) FROM story_bands").fetchone() == (0,)
        assert conn.execute("SELECT COUNT(*) FROM stories").fetchone() == (0,)
        conn.close()


def test_a_third_version_bridging_two_cuts_merges_their_stories(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.db") as store:
        head = _article("one.example", DISPATCH[:3], published="2026-03-05T11:00:00+00:00")
        tail = _article("two.example", DISPATCH[2:], published="2026-03-05T12:00:00+00:00")
        store.upsert_many([head, tail])
        assert store.story_of(head.id) != store.story_of(tail.id)  # little in common
        whole = _article("sahel-eco", DISPATCH, published="2026-03-05T09:00:00+00:00")
        store.upsert(whole)
        story = store.story_of(whole.id)
        assert story is not None and store.story_of(head.id) == store.story_of(tail.id) == story
        assert store.story_members(story) == [whole.id, head.id, tail.id]
    assert _sizes_agree(tmp_path / "c.db") == {whole.id: story, head.id: story,
                                               tail.id: story}


def test_short_texts_are_never_grouped(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.db") as store:
        stubs = [_article(f"s{i}", ["Lire la suite de notre dossier sur Sahel Ciments."])
                 for i in range(3)]
        store.upsert_many(stubs)
        assert len(set(store.stories_of(a.id for a in stubs).values())) == 3


def test_an_agency_given_on_import_is_kept(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.db") as store:
        art = _article("sahel-eco", DISPATCH, agency="AFP")
        store.upsert(art)
        assert store.get(art.id).agency == "AFP"  # type: ignore[union-attr]
        assert store.upsert(art) is Upsert.UNCHANGED


def test_an_old_corpus_is_upgraded_and_grouped(tmp_path: Path) -> None:
    path = tmp_path / "corpus.sqlite3"
    shutil.copy(FIXTURES / "v1.sqlite3", path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone() == (1,)
    before = conn.execute("SELECT id, content_hash FROM articles ORDER BY id").fetchall()
    conn.close()
    with Store.open(path) as store:
        assert store.count() == 3
        arts = {a.source: a for a in store.iter_articles()}
        assert arts["lematin-eco"].agency == "MAP" and arts["sahel-eco"].agency == "APS"
        assert arts["afrique-usines"].agency == ""
        assert store.story_of(arts["lematin-eco"].id) == store.story_of(arts["afrique-usines"].id)
        assert store.story_of(arts["sahel-eco"].id) != store.story_of(arts["lematin-eco"].id)
        # Re-importing the same articles changes nothing, agency detected or not.
        for article in arts.values():
            assert store.upsert(article.replace(agency="")) is Upsert.UNCHANGED
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone() == (LATEST,)
    after = dict(conn.execute("SELECT id, content_hash FROM articles").fetchall())
    conn.close()
    assert [aid for aid, _ in before] == sorted(after)
    with Store.open(path) as store:  # a second open has nothing left to do
        assert store.count() == 3
    assert len(_sizes_agree(path)) == 2


def test_a_version_3_corpus_gets_its_story_sizes(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    with Store.open(path) as store:
        store.upsert_many([_article("sahel-eco", DISPATCH), _reprint(),
                           _article("senego-eco", INDEPENDENT)])
    conn = sqlite3.connect(path)  # as version 3 left it: no sizes, no index
    conn.execute("DROP INDEX stories_grouped")
    conn.execute("ALTER TABLE stories DROP COLUMN size")
    conn.execute("PRAGMA user_version=3")
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert store.count() == 3
    assert len(_sizes_agree(path)) == 2


def test_a_newer_corpus_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version=99")
    conn.close()
    with pytest.raises(StoreError, match="version plus récente de Veille"):
        Store.open(path)


def test_import_groups_and_show_reports_the_agency(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    lines = [_article("sahel-eco", DISPATCH), _reprint(), _article("senego-eco", INDEPENDENT)]
    src.write_text("".join(a.dumps() + "\n" for a in lines), encoding="utf-8")
    home = tmp_path / "home"
    run = subprocess.run([veille_exe(), "--home", str(home), "import", str(src), "--no-index"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    show = subprocess.run([veille_exe(), "--home", str(home), "show", lines[1].url, "--json"],
                          capture_output=True, text=True, timeout=120)
    assert show.returncode == 0, show.stderr
    assert json.loads(show.stdout)["agency"] == "APS"
    with Store.open(Home.resolve(home).corpus_db, create=False) as store:
        stories = store.stories_of(a.id for a in lines)
        assert stories[lines[0].id] == stories[lines[1].id] != stories[lines[2].id]


def test_an_old_corpus_that_cannot_be_written_says_so_and_stays_whole(tmp_path: Path) -> None:
    from corpus.store.sqlite import migrations
    path = tmp_path / "corpus.sqlite3"
    shutil.copy(FIXTURES / "v1.sqlite3", path)
    # A read-only connection stands for a read-only file (root ignores file modes).
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    with pytest.raises(StoreError, match="mise à niveau du corpus .* inchangé"):
        migrations.upgrade(conn, path)
    assert conn.execute("PRAGMA user_version").fetchone() == (1,)
    conn.close()
    with Store.open(path) as store:  # writable again: upgraded, nothing lost
        assert store.count() == 3
