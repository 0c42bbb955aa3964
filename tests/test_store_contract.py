"""The store contract: what every CorpusStore does, run once per store implementation
(FACTORIES in tests/store_contract.py), through the interface only."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from corpus import Article, LockHeld, StoreError, Upsert
from corpus.store import CorpusStore, StoreLocation
from tests.articles import make_article
from tests.store_contract import FACTORIES, OLDER_ARTICLES, OLDER_SAME_STORY, StoreFactory
from tests.test_stories import DISPATCH, INDEPENDENT


@pytest.fixture(params=FACTORIES, ids=lambda f: f.name)
def factory(request: pytest.FixtureRequest) -> StoreFactory:
    chosen: StoreFactory = request.param
    return chosen


@pytest.fixture
def location(factory: StoreFactory, tmp_path: Path) -> StoreLocation:
    return factory.fresh(tmp_path)


@pytest.fixture
def store(location: StoreLocation) -> Iterator[CorpusStore]:
    with location.open() as opened:
        yield opened


def _edited(article: Article, words: str = "Mise à jour : le calendrier glisse.") -> Article:
    return article.replace(text=f"{article.text}\n\n{words}")


# -- opening ----------------------------------------------------------------------------


def test_a_fresh_location_has_no_corpus_until_created(location: StoreLocation) -> None:
    assert not location.exists()
    with pytest.raises(StoreError):
        location.open(create=False)
    with pytest.raises(StoreError):
        location.open(read_only=True)
    assert not location.exists()  # refusing created nothing
    with location.open() as store:
        assert store.count() == 0 and store.last_seq() == 0
    assert location.exists()


def test_articles_and_corpus_id_outlive_the_connection(location: StoreLocation) -> None:
    with location.open() as store:
        store.upsert(make_article(1))
        corpus_id = store.corpus_id()
        assert len(corpus_id) >= 16 and store.corpus_id() == corpus_id
    with location.open(create=False) as store:
        assert store.count() == 1 and store.corpus_id() == corpus_id
        assert store.location.display == location.display


def test_read_only_reads_and_refuses_every_write(location: StoreLocation) -> None:
    with location.open() as store:
        store.upsert(make_article(1))
        store.set_meta("k", "v")
    with location.open(read_only=True) as store:
        assert store.count() == 1 and store.get_meta("k") == "v"
        for write in (lambda: store.upsert(make_article(2)),
                      lambda: store.delete(make_article(1).id),
                      lambda: store.set_meta("k", "w")):
            with pytest.raises(StoreError):
                write()
    with location.open() as store:
        assert store.count() == 1 and store.get_meta("k") == "v"


# -- upsert and revisions -----------------------------------------------------------------


def test_upsert_new_unchanged_changed_keeps_the_arrival(store: CorpusStore) -> None:
    a = make_article(1)
    assert store.upsert(a) is Upsert.NEW
    first = store.record(a.id)
    assert first is not None and first.revision == 1 and first.added_seq == first.change_seq
    seq = store.last_seq()
    assert store.upsert(a) is Upsert.UNCHANGED
    assert store.last_seq() == seq  # an unchanged upsert writes nothing
    assert store.upsert(_edited(a)) is Upsert.CHANGED
    second = store.record(a.url)
    assert second is not None and second.revision == 2
    assert second.added_seq == first.added_seq and second.change_seq > first.change_seq
    assert second.added_at == first.added_at and second.updated_at >= first.updated_at
    stored = store.get(a.id)
    assert stored is not None and stored.text.endswith("le calendrier glisse.")
    assert store.count() == 1


def test_any_url_of_the_canonical_form_finds_the_article(store: CorpusStore) -> None:
    a = make_article(2)
    tracked = a.url.replace("https://www.", "HTTPS://WWW.") + "?utm_source=lettre#haut"
    assert store.upsert(a.replace(url=tracked)) is Upsert.NEW
    assert store.upsert(a) is Upsert.UNCHANGED
    for key in (a.id, a.url, tracked, a.id.upper()):
        found = store.get(key)
        assert found is not None and found.id == a.id and found.url == a.url
    assert store.get("https://inconnu.example/rien") is None
    assert store.get("pas une adresse") is None
    assert store.record("https://inconnu.example/rien") is None


def test_the_stored_article_is_the_article(store: CorpusStore) -> None:
    a = make_article(3).replace(
        published=datetime(2026, 3, 4, 9, 30, tzinfo=timezone(timedelta(hours=1))),
        tags=["Maroc", "énergie"], paywalled=True, agency="MAP")
    store.upsert(a)
    got = store.get(a.id)
    assert got is not None
    for name in ("url", "title", "lead", "text", "author", "source", "section", "tags",
                 "language", "paywalled", "agency", "authors"):
        assert getattr(got, name) == getattr(a, name), name
    assert got.published == a.published and got.published is not None
    assert got.published.utcoffset() == timedelta(hours=1)  # the site's own offset


def test_upsert_many_counts_each_outcome_across_batches(store: CorpusStore) -> None:
    arts = [make_article(i) for i in range(7)]
    assert store.upsert_many(arts, batch_size=3) == {"new": 7, "changed": 0, "unchanged": 0}
    again = [_edited(arts[0]), _edited(arts[4]), *arts[1:4], *arts[5:]]
    assert store.upsert_many(again, batch_size=2) == {"new": 0, "changed": 2, "unchanged": 5}
    assert store.count() == 7


def test_get_many_leaves_out_missing_ids(store: CorpusStore) -> None:
    arts = [make_article(i) for i in range(4)]
    store.upsert_many(arts)
    got = store.get_many([arts[0].id, "absent", arts[3].id])
    assert set(got) == {arts[0].id, arts[3].id}
    assert got[arts[3].id].title == arts[3].title
    assert store.get_many([]) == {}


# -- the change feed -------------------------------------------------------------------------


def test_change_feed_with_tombstones_each_once_at_its_latest(store: CorpusStore) -> None:
    arts = [make_article(i) for i in range(5)]
    store.upsert_many(arts)
    assert [c.id for c in store.changes_since(0)] == [a.id for a in arts]
    mark = store.last_seq()
    store.upsert(arts[1].replace(title="Premier titre revu"))
    assert store.delete(arts[3].url)
    assert not store.delete(arts[3].id)
    store.upsert(arts[1].replace(title="Second titre revu"))
    changes = list(store.changes_since(mark, chunk=1))
    assert [(c.id, c.article is None) for c in changes] == [
        (arts[3].id, True), (arts[1].id, False)]
    assert changes[1].article is not None and changes[1].article.title == "Second titre revu"
    assert [c.seq for c in changes] == sorted(c.seq for c in changes)
    assert changes[-1].seq == store.last_seq()
    assert list(store.changes_since(store.last_seq())) == []
    assert store.get(arts[3].id) is None and store.count() == 4


def test_an_article_back_after_deletion_is_a_change_not_a_tombstone(store: CorpusStore) -> None:
    a = make_article(1)
    store.upsert(a)
    store.delete(a.id)
    mark = store.last_seq()
    assert store.upsert(a) is Upsert.NEW
    changes = list(store.changes_since(0))
    assert [(c.id, c.article is not None) for c in changes] == [(a.id, True)]
    record = store.record(a.id)
    assert record is not None and record.added_seq > mark  # a new arrival


def test_feed_chunks_do_not_change_the_feed(store: CorpusStore) -> None:
    arts = [make_article(i) for i in range(9)]
    store.upsert_many(arts)
    for a in arts[::3]:
        store.delete(a.id)
    whole = [(c.seq, c.id) for c in store.changes_since(0)]
    assert [(c.seq, c.id) for c in store.changes_since(0, chunk=2)] == whole
    assert len(whole) == 9


def test_added_since_counts_arrivals_not_edits(store: CorpusStore) -> None:
    arts = [make_article(i) for i in range(3)]
    store.upsert_many(arts[:2])
    mark = store.last_seq()
    store.upsert(_edited(arts[0]))
    store.upsert(arts[2])
    assert store.added_since(mark) == [arts[2].id]
    assert store.added_since(0) == [a.id for a in arts]
    seqs = store.added_seqs([a.id for a in arts] + ["absent"])
    assert set(seqs) == {a.id for a in arts}
    assert seqs[arts[0].id] < seqs[arts[1].id] <= mark < seqs[arts[2].id]


def test_iter_articles_streams_in_id_order_by_source(store: CorpusStore) -> None:
    arts = [make_article(i) for i in range(8)]
    store.upsert_many(arts)
    ids = [a.id for a in store.iter_articles(chunk=3)]
    assert ids == sorted(a.id for a in arts)
    mine = [a.id for a in store.iter_articles(source="source-1", chunk=1)]
    assert mine == sorted(a.id for a in arts if a.source == "source-1") and mine


# -- statistics ----------------------------------------------------------------------------


def test_publication_months_dates_and_source_stats(store: CorpusStore) -> None:
    plus_one = timezone(timedelta(hours=1))
    dated = make_article(1).replace(
        source="alpha", published=datetime(2026, 3, 31, 23, 30, tzinfo=plus_one))
    later = make_article(2).replace(source="alpha",
                                    published=datetime(2026, 5, 2, 8, 0, tzinfo=UTC))
    undated = make_article(3).replace(source="beta", published=None)
    store.upsert_many([dated, later, undated])
    months = store.published_months()
    assert months == {dated.id: "2026-03", later.id: "2026-05"}  # the site's own month
    dates = store.published_dates([dated.id, undated.id, "absent"])
    assert dates == {dated.id: dated.published}
    stats = store.source_stats()
    assert [(s.source, s.articles) for s in stats] == [("alpha", 2), ("beta", 1)]
    assert stats[0].first_published == dated.published
    assert stats[0].last_published == later.published
    assert stats[1].first_published is None and stats[1].last_added is not None


# -- stories ---------------------------------------------------------------------------------


def _dispatch(slug: str, paragraphs: list[str], published: str) -> Article:
    return Article(url=f"https://{slug}.example/2026/03/05/sahel-ciments",
                   title=f"Sahel Ciments à Thiès ({slug})", text="\n\n".join(paragraphs),
                   published=published, source=slug)


def test_stories_group_reprints_and_list_them_earliest_first(store: CorpusStore) -> None:
    late = _dispatch("reprise", [DISPATCH[2], DISPATCH[0], DISPATCH[1], DISPATCH[3]],
                     "2026-03-06T09:00:00+00:00")
    first = _dispatch("agence", DISPATCH, "2026-03-05T10:00:00+00:00")
    other = _dispatch("enquete", INDEPENDENT, "2026-03-05T12:00:00+00:00")
    store.upsert_many([late, first, other])
    story = store.story_of(first.url)
    assert story is not None and story == store.story_of(late.id) != store.story_of(other.id)
    assert store.story_members(story) == [first.id, late.id]
    assert store.stories_of([first.id, other.id, "absent"]) == {
        first.id: story, other.id: store.story_of(other.id)}
    other_story = store.story_of(other.id)
    assert other_story is not None
    assert store.story_sizes([story, other_story, 10**9]) == {story: 2, other_story: 1}
    store.delete(late.id)
    assert store.story_members(story) == [first.id]
    assert store.story_of(late.id) is None and store.story_of("pas une adresse") is None


def test_grouped_stories_and_the_data_version_for_readers(location: StoreLocation) -> None:
    first = _dispatch("agence", DISPATCH, "2026-03-05T10:00:00+00:00")
    late = _dispatch("reprise", DISPATCH[:3], "2026-03-06T09:00:00+00:00")
    other = _dispatch("enquete", INDEPENDENT, "2026-03-05T12:00:00+00:00")
    with location.open() as writer, location.open() as reader:
        writer.upsert_many([first, other])
        assert reader.grouped_stories() == {}  # every story holds one article
        version = reader.data_version()
        assert reader.data_version() == version  # nothing changed meanwhile
        writer.upsert(late)
        assert reader.data_version() != version  # a reader's caches are stale now
        story = reader.story_of(first.id)
        assert reader.grouped_stories() == {first.id: story, late.id: story}


# -- meta and transactions ----------------------------------------------------------------------


def test_meta_is_kept_and_overwritten(store: CorpusStore) -> None:
    assert store.get_meta("last_crawl") is None
    store.set_meta("last_crawl", '{"new": 3}')
    store.set_meta("last_crawl", '{"new": 4, "note": "élan"}')
    assert store.get_meta("last_crawl") == '{"new": 4, "note": "élan"}'


def test_a_failed_transaction_leaves_nothing_and_nesting_joins(store: CorpusStore) -> None:
    store.upsert(make_article(0))
    seq = store.last_seq()
    with pytest.raises(RuntimeError), store.transaction():
        store.upsert(make_article(1))
        with store.transaction():
            store.set_meta("k", "v")
            store.delete(make_article(0).id)
        raise RuntimeError("interrompu")
    assert store.count() == 1 and store.get(make_article(0).id) is not None
    assert store.get_meta("k") is None and store.last_seq() == seq
    with store.transaction():
        store.upsert(make_article(1))
        with store.transaction():
            store.upsert(make_article(2))
    assert store.count() == 3


# -- the writer lock --------------------------------------------------------------------------

_TRY_LOCK = """
import sys
from corpus import LockHeld
from corpus.store import locate
try:
    with locate(sys.argv[1]).writer_lock(sys.argv[2]):
        print("pris")
except LockHeld:
    print("tenu")
"""


def _other_process_takes(location: StoreLocation, kind: str) -> str:
    run = subprocess.run([sys.executable, "-c", _TRY_LOCK, location.url, kind],
                         capture_output=True, text=True, timeout=60, check=True)
    return run.stdout.strip()


def test_one_writer_at_a_time_even_before_the_corpus_exists(location: StoreLocation) -> None:
    with location.writer_lock("crawl") as held:
        assert not location.exists()
        assert _other_process_takes(location, "crawl") == "tenu"
        with pytest.raises(LockHeld):
            location.writer_lock("crawl").acquire()
        held.release()
        assert _other_process_takes(location, "crawl") == "pris"
    with location.open() as store, store.writer_lock("import"):
        assert _other_process_takes(location, "import") == "tenu"
    assert _other_process_takes(location, "index") == "pris"


# -- migrations ---------------------------------------------------------------------------------


def test_a_corpus_of_every_older_schema_is_upgraded_whole(factory: StoreFactory,
                                                          tmp_path: Path) -> None:
    older = factory.older(tmp_path)
    assert older, "a store with a schema history must test its upgrades"
    for version, location in older:
        assert location.exists(), version
        with location.open(create=False) as store:
            arts = {a.source: a for a in store.iter_articles()}
            assert {s: a.agency for s, a in arts.items()} == OLDER_ARTICLES, version
            one, two = (arts[s].id for s in OLDER_SAME_STORY)
            assert store.story_of(one) == store.story_of(two) is not None, version
            assert len(set(store.stories_of(a.id for a in arts.values()).values())) == 2
            for article in arts.values():  # re-importing them changes nothing
                assert store.upsert(article.replace(agency="")) is Upsert.UNCHANGED
            assert store.upsert(make_article(1)) is Upsert.NEW
            assert [c.id for c in store.changes_since(store.last_seq() - 1)] == \
                [make_article(1).id]
        with location.open(create=False) as store:  # upgraded once, kept upgraded
            assert store.count() == len(OLDER_ARTICLES) + 1


# -- side databases (crawl state, watches, selection) --------------------------------------------


def test_side_databases_are_made_on_demand_and_kept(location: StoreLocation) -> None:
    assert location.side_db("watches", create=False) is None
    assert not location.side_db_exists("watches")
    db = location.side_db("watches")
    assert db is not None
    with db:
        db.execute("INSERT INTO watches(name, query, sources, since, created_at, seen_seq, "
                   "seen_at, reported_seq) VALUES (?, ?, '[]', NULL, ?, 5, NULL, 5)",
                   ("h2", "hydrogène vert", "2026-03-01T08:00:00+00:00"))
        # The statements features write: portable upserts and a watermark that never drops.
        for seq in (9, 7):
            db.execute("UPDATE watches SET seen_seq=CASE WHEN seen_seq > ? THEN seen_seq "
                       "ELSE ? END WHERE name=?", (seq, seq, "h2"))
    assert location.side_db_exists("watches")
    again = location.side_db("watches", create=False)
    assert again is not None
    with again:
        assert again.execute("SELECT query, seen_seq FROM watches").fetchall() == [
            ("hydrogène vert", 9)]
        assert again.size_bytes() >= 0
    assert not location.side_db_exists("selection")  # one side database made, not all


def test_side_database_writes_are_atomic_and_counted(location: StoreLocation) -> None:
    db = location.side_db("selection")
    assert db is not None
    rows = [(f"id{i}", f"https://a.example/{i}", f"Titre {i}", "a", None, "2026-03-01")
            for i in range(3)]
    insert = ("INSERT INTO selection (id, url, title, source, published, added_at) "
              "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING")
    with db:
        with db.transaction():
            assert db.executemany(insert, rows[:2]) == 2
            with db.transaction():  # nesting joins the outer one
                assert db.executemany(insert, rows) == 1  # two were there already
        with pytest.raises(RuntimeError), db.transaction():
            db.execute("DELETE FROM selection")
            raise RuntimeError("interrompu")
        ids = [r[0] for r in db.execute("SELECT id FROM selection ORDER BY position")]
        assert ids == ["id0", "id1", "id2"]
