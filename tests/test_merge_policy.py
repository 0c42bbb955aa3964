"""The tiered merge policy of index runs (indexer/whoosh/merging.py): bounded merges, a
bounded number of segments, big segments never merged by a run, and the same answers
after a merge as before it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import indexer
from corpus import Article, Home, Store
from indexer import location
from indexer.whoosh import merging, storage
from tests.test_fastpath_operators import articles


def simulate(start: list[int], increments: list[int]) -> tuple[list[int], int]:
    """The segment sizes after one index run per increment, and the biggest merge."""
    segments, biggest = list(start), 0
    for added in increments:
        # as Whoosh applies a policy: over the segments already there, merged into the
        # run's own new segment
        chosen = merging.to_merge(segments)
        merged = sum(segments[i] for i in chosen)
        biggest = max(biggest, merged + added if chosen else 0)
        segments = [s for i, s in enumerate(segments) if i not in chosen] + [merged + added]
    return segments, biggest


def test_tiers_are_powers_of_the_factor() -> None:
    assert [merging.tier(n) for n in (0, 1, 9, 10, 99, 100, 9_999, 10_000)] == \
        [0, 0, 0, 1, 1, 2, 3, 4]


def test_nothing_to_merge_below_a_full_tier() -> None:
    assert merging.to_merge([500_000, 500_000] + [1_000] * 9) == []
    assert merging.to_merge([]) == []


def test_a_full_tier_merges_its_smallest_segments() -> None:
    sizes = [500_000, 3_000, 1_000, 2_000, 1_500, 1_200, 1_100, 1_300, 1_400, 1_600,
             1_700, 20_000]
    chosen = merging.to_merge(sizes)
    assert len(chosen) == merging.FACTOR
    assert sorted(sizes[i] for i in chosen) == sorted(s for s in sizes if s < 10_000)[:10]
    assert 0 not in chosen and 11 not in chosen


def test_big_segments_are_never_merged_by_index_runs() -> None:
    """A million-article index and two years of hourly runs of 1,000 articles."""
    final, biggest = simulate([500_000, 500_000], [1_000] * 17_520)
    assert final.count(500_000) == 2
    assert biggest < merging.MAX_MERGED + 1_000
    # about FACTOR - 1 segments per tier, and one per MAX_MERGED / 2 above
    assert len(final) <= 4 * (merging.FACTOR - 1) + 2 + 17_520_000 // (merging.MAX_MERGED // 2)


def test_uneven_runs_keep_segments_bounded_and_merges_small() -> None:
    rng = random.Random(5)
    runs = [rng.choice([3, 40, 300, 1_000, 2_500, 8_000, 30_000]) for _ in range(3_000)]
    final, biggest = simulate([], runs)
    assert biggest < merging.MAX_MERGED + max(runs)
    assert sum(final) == sum(runs)  # merging loses no document
    small = [s for s in final if s < merging.MAX_MERGED // 2]
    assert len(small) <= 4 * merging.FACTOR


def test_whooshs_own_policy_would_merge_the_whole_index() -> None:
    """Why the policy exists: Whoosh's MERGE_SMALL rule, on the same runs, folds the two
    big segments into one merge of the whole index (its rule, copied from whoosh 2.7.5's
    writing.MERGE_SMALL, asserted to be still what Whoosh does below)."""
    from whoosh.util import fib

    segments, whole = [500_000, 500_000], None
    for run in range(1, 3_000):
        segments.append(1_000)
        ordered, total = sorted(segments), 0
        for i, size in enumerate(ordered):
            total += size
            if i > 3 and total < fib(i + 5):
                merged = sum(ordered[:i + 1])
                segments = ordered[i + 1:] + [merged]
                if merged >= 1_000_000:
                    whole = run
                break
        if whole:
            break
    assert whole is not None


def test_whoosh_merge_small_is_the_rule_the_test_above_copies() -> None:
    import inspect

    from whoosh import writing

    source = inspect.getsource(writing.MERGE_SMALL)
    assert "total_docs < fib(i + 5)" in source and "i > 3" in source


def _home(root: Path) -> Home:
    return Home.resolve(root / "home").ensure()


def test_index_runs_merge_a_full_tier_and_answer_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(merging, "FACTOR", 3)
    home = _home(tmp_path)

    def segment_sizes() -> list[int]:
        version = location.current_version(home)
        assert version is not None
        ix = storage.open_dir(version)
        try:
            return sorted(seg.doc_count_all() for seg in ix._segments())
        finally:
            ix.close()

    seen = []
    for start, seed in ((0, 1), (4, 2), (8, 3), (12, 4), (16, 5)):
        with Store.open(home.corpus_db) as store:
            store.upsert_many(Article.from_json(a) for a in articles(start, 4, seed))
        indexer.update_index(home)
        seen.append(segment_sizes())
    # FACTOR=3: tiers 1-2, 3-8, 9-26 documents; each run writes a segment of 4 (tier 1)
    # and merges into it three segments of a full tier: the fourth run's segment is 16
    assert seen[:3] == [[4], [4, 4], [4, 4, 4]]
    assert seen[3] == [16]
    assert seen[4] == [4, 16]
    queries = ["usine", "énergie solaire", "hydrogène OR ciment", "usine NOT acier"]
    merged = _answers(home, queries)
    indexer.update_index(home, rebuild=True)  # one segment, nothing merged
    assert segment_sizes() == [20]
    rebuilt = _answers(home, queries)
    for (total, facets, scores), (total2, facets2, scores2) in zip(merged, rebuilt,
                                                                  strict=True):
        assert (total, facets, scores.keys()) == (total2, facets2, scores2.keys())
        # a merged segment sums its documents' quantised lengths (Whoosh stores one byte
        # a length), so the average length, and the scores, move by a hair
        assert all(abs(scores[k] - scores2[k]) < 1e-2 * scores2[k] for k in scores)


def _answers(home: Home, queries: list[str]) -> list[tuple[int, object, dict[str, float]]]:
    with indexer.Searcher(home) as s:
        return [(r.total, r.facets, {h.id: h.score for h in r.hits})
                for r in (s.search(q, limit=50) for q in queries)]
