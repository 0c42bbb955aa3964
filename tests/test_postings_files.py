"""Big segments' postings files (indexer/whoosh/postings.py): what they hold is what
Whoosh's blocks hold, searches give the very same answers with or without them, and a
missing, damaged or half-written file never changes an answer."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pytest

import indexer
from corpus import Article, Home, Store
from indexer import location
from indexer.ranking import Ranking
from indexer.whoosh import fastpath, postings, storage
from indexer.whoosh.segments import posting_blocks, segment_id
from tests.test_fastpath_operators import QUERIES, articles, same

MORE = ["usine énergie", "hydrogène vert", "ciment", "énergie solaire réseau",
        "industrie", "l’acier vers l’Europe", "emplois OR usine"]


@pytest.fixture(autouse=True)
def small_segments_count(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every segment is big enough for a file, and every term of 2+ documents goes in."""
    monkeypatch.setattr(postings, "MIN_DOCS", 1)
    monkeypatch.setattr(postings, "MIN_DF", 2)
    monkeypatch.setattr(fastpath, "NUMPY_FROM", 0)


def build(root: Path) -> Home:
    """Three segments, an update and a deletion (as the operator tests' fixture)."""
    home = Home.resolve(root / "home").ensure()
    for start, count, seed in ((0, 40, 3), (40, 25, 4), (65, 15, 5)):
        with Store.open(home.corpus_db) as store:
            store.upsert_many(Article.from_json(a) for a in articles(start, count, seed))
            if start == 65:
                store.delete("https://presse.example/3")
        indexer.update_index(home)
    return home


def version_dir(home: Home) -> Path:
    found = location.current_version(home)
    assert found is not None
    return found


def files(home: Home) -> list[Path]:
    return sorted(version_dir(home).glob(f"*{postings.SUFFIX}"))


@pytest.fixture
def home(tmp_path: Path) -> Home:
    return build(tmp_path)


def answers(home: Home, fast_path: bool = True) -> list[tuple[object, ...]]:
    with indexer.Searcher(home, ranking=Ranking(fast_path=fast_path)) as s:
        out = []
        for q in QUERIES + MORE:
            r = s.search(q, limit=20)
            out.append((q, r.total, r.facets, [(h.id, h.score) for h in r.hits]))
        return out


def test_each_segment_gets_a_file_that_holds_what_whoosh_holds(home: Home) -> None:
    ix = storage.open_dir(version_dir(home))
    try:
        with ix.reader() as top:
            leaves = [r for r, _ in top.leaf_readers()]
            assert len(leaves) >= 2
            assert {p.stem for p in files(home)} == {segment_id(r) for r in leaves}
            checked = 0
            for reader in leaves:
                opened = postings.SegmentPostings(postings.path_for(version_dir(home), reader))
                try:
                    for fname in postings.FIELDS:
                        for term, info in reader.iter_field(fname):
                            found = opened.get(np, fname, postings._text(term))
                            if info.doc_frequency() < postings.MIN_DF:
                                assert found is None
                                continue
                            assert found is not None
                            ids, weights = found
                            want_ids, want_w = [], []
                            for block_ids, block_w in posting_blocks(reader.postings(fname,
                                                                                     term)):
                                want_ids += list(block_ids)
                                want_w += list(block_w)
                            assert ids.tolist() == want_ids
                            assert weights.tolist() == [float(w) for w in want_w]
                            checked += 1
                finally:
                    opened.close()
            assert checked > 50
    finally:
        ix.close()


def test_answers_are_the_same_with_and_without_the_files(home: Home) -> None:
    with_files = answers(home)
    for path in files(home):
        path.unlink()
    without = answers(home)
    assert with_files == without
    # and the same as Whoosh's own matchers
    with indexer.Searcher(home) as fast, \
            indexer.Searcher(home, ranking=Ranking(fast_path=False)) as slow:
        for q in QUERIES:
            same(fast.search(q, limit=20), slow.search(q, limit=20))


def test_a_later_index_run_writes_missing_files_and_removes_part_files(home: Home) -> None:
    gone = files(home)[0]
    gone.unlink()
    part = gone.with_name(f".{gone.name}.part")
    part.write_bytes(b"half written")
    report = indexer.update_index(home)  # nothing new in the corpus
    assert report.added == 0
    assert gone.exists() and not part.exists()


@pytest.mark.parametrize("damage", ["truncate", "table", "data", "empty", "other-size"])
def test_a_damaged_file_is_ignored_then_written_again(
        home: Home, damage: str, caplog: pytest.LogCaptureFixture) -> None:
    want = answers(home)
    path = max(files(home), key=lambda p: p.stat().st_size)
    raw = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(raw[: len(raw) // 2])
    elif damage == "table":
        path.write_bytes(raw.replace(b'"fields"', b'"fieldz"'))
    elif damage == "data":  # every gap of the document numbers made huge
        start = len(postings.MAGIC)
        end = raw.rindex(b'{"doccount"')
        path.write_bytes(raw[:start] + b"\xff" * (end - start) + raw[end:])
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        table_at = raw.rindex(b'{"doccount"')
        length = len(raw) - len(postings.MAGIC) - 8 - table_at
        table = json.loads(raw[table_at:table_at + length])
        table["doccount"] += 1
        body = json.dumps(table, separators=(",", ":")).encode()
        path.write_bytes(raw[:table_at] + body + len(body).to_bytes(8, "little")
                         + postings.MAGIC)
    with caplog.at_level(logging.WARNING, logger="indexer.whoosh.postings"):
        assert answers(home) == want
    assert "ignoré" in caplog.text
    indexer.update_index(home)
    assert path.read_bytes() == raw  # written again, as it was
    assert answers(home) == want


def test_a_merged_segment_takes_its_files_with_it(home: Home) -> None:
    before = {p.name for p in files(home)}
    ix = storage.open_dir(version_dir(home))
    try:
        ix.optimize()  # one segment: Whoosh removes the old segments' files
    finally:
        ix.close()
    assert not ({p.name for p in files(home)} & before)
    want = answers(home)
    indexer.update_index(home)
    assert len(files(home)) == 1
    assert answers(home) == want


def test_small_segments_get_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postings, "MIN_DOCS", 1000)
    home = build(tmp_path)
    assert files(home) == []
    with indexer.Searcher(home) as fast, \
            indexer.Searcher(home, ranking=Ranking(fast_path=False)) as slow:
        for q in QUERIES:
            same(fast.search(q, limit=20), slow.search(q, limit=20))


def test_a_searcher_opened_before_the_files_uses_them_once_written(
        home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[str] = []
    real = postings.SegmentPostings.get

    def counted(self: postings.SegmentPostings, np_: object, fname: str,
                term: str) -> object:
        reads.append(term)
        return real(self, np_, fname, term)

    monkeypatch.setattr(postings.SegmentPostings, "get", counted)
    saved = {p: p.read_bytes() for p in files(home)}
    for p in saved:
        p.unlink()
    with indexer.Searcher(home) as searcher:
        want = searcher.search("usine énergie", limit=10)
        assert reads == []
        for p, raw in saved.items():
            p.write_bytes(raw)
        again = searcher.search("usine énergie", limit=10)
        assert reads
    assert [(h.id, h.score) for h in again.hits] == [(h.id, h.score) for h in want.hits]


def test_a_full_disk_while_writing_keeps_the_index_and_leaves_no_part_file(
        home: Home, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    import errno

    for path in files(home):
        path.unlink()
    real = postings._Summed.write

    def full(self: postings._Summed, data: bytes) -> None:
        if self.size > 100:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(self, data)

    monkeypatch.setattr(postings._Summed, "write", full)
    with caplog.at_level(logging.WARNING, logger="indexer.update"):
        report = indexer.update_index(home, rebuild=True)
    assert report.documents == 79
    assert "non écrits" in caplog.text
    assert files(home) == [] and not list(version_dir(home).glob(".*.part"))
    with indexer.Searcher(home) as fast, \
            indexer.Searcher(home, ranking=Ranking(fast_path=False)) as slow:
        for q in QUERIES:
            same(fast.search(q, limit=20), slow.search(q, limit=20))


def test_the_files_keep_the_source_and_year_columns_as_codes(home: Home) -> None:
    from indexer.whoosh import npcolumns

    ix = storage.open_dir(version_dir(home))
    try:
        with ix.reader() as top:
            for reader, _ in top.leaf_readers():
                opened = postings.SegmentPostings(postings.path_for(version_dir(home), reader))
                try:
                    for name in postings.COLUMNS:
                        found = opened.column(np, name)
                        want = npcolumns.string_codes(np, reader, name, reader.doc_count_all())
                        assert found is not None and want is not None
                        assert found[0].tolist() == want[0].tolist() and found[1] == want[1]
                finally:
                    opened.close()
    finally:
        ix.close()


def test_a_file_of_the_first_layout_is_passed_over_quietly_then_written_again(
        home: Home, caplog: pytest.LogCaptureFixture) -> None:
    want = answers(home)
    path = files(home)[0]
    raw = path.read_bytes()
    old = b"VEILLE-POSTINGS-1\n"
    path.write_bytes(old + raw[len(postings.MAGIC):-len(postings.MAGIC)] + old)
    with caplog.at_level(logging.WARNING, logger="indexer.whoosh.postings"):
        assert answers(home) == want
    assert caplog.text == ""  # an upgrade is not damage: nothing said at each search
    indexer.update_index(home)
    assert path.read_bytes() == raw
