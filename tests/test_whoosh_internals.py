"""The Whoosh 2.7 internals Veille relies on, pinned: whoosh-reloaded is no longer
maintained, so a change of them must fail here, loudly, not slow the fast path down
silently (its readers fall back to Whoosh's public, per-document interface) or make old
indexes unreadable.

What is pinned: the distribution and version; the private W3 codec (`W3Codec` and its
`length_stats` switch, `LENGTHS_COLUMN`, `_lenfield`) and the on-disk layouts
`indexer.whoosh.segments` reads in bulk (field lengths, VarBytes and fixed-width
columns, posting blocks), each compared with what the public interface reads; the
module paths older indexes pickled.
"""

from __future__ import annotations

import importlib.metadata
import io
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import indexer
from corpus import Article, Home, Store
from indexer import location


def _article(n: int, text: str, source: str, day: int) -> Article:
    return Article(url=f"https://presse.example/{source}/{n}", title=f"Titre {n} {text[:12]}",
                   text=text, source=source, published=f"2025-03-{day:02d}T08:00:00+01:00")


TEXTS = [
    "Le nickel calédonien repart à la hausse malgré la crise des usines du Nord",
    "Le cobalt congolais et le nickel, deux métaux sous tension pour les batteries",
    "Hydrogène vert : la filière marocaine attend ses premiers électrolyseurs",
    "Les électrolyseurs européens face à la concurrence chinoise de l’hydrogène",
    "Un court texte",
    "Le ciment bas carbone gagne les chantiers, le nickel aussi",
]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = Home.resolve(tmp_path_factory.mktemp("internals") / "home").ensure()
    with Store.open(home.corpus_db) as store:
        store.upsert_many([_article(i, t, ("usine", "mines")[i % 2], 1 + i)
                           for i, t in enumerate(TEXTS)])
    indexer.update_index(home, procs=1)
    return location.require_version(home)


@pytest.fixture
def reader(index_dir: Path) -> Iterator[Any]:
    from whoosh import index

    ix = index.open_dir(str(index_dir))
    with ix.searcher() as searcher:
        readers = [sub.reader() for sub, _ in searcher.leaf_searchers()]
        assert len(readers) == 1  # one fresh segment: the layouts below are its own
        yield readers[0]
    ix.close()


def test_the_pinned_distribution_is_installed() -> None:
    assert importlib.metadata.version("whoosh-reloaded") == "2.7.5"


def test_the_w3_codec_internals_exist() -> None:
    from whoosh.codec import whoosh3

    assert hasattr(whoosh3.W3Codec, "length_stats")   # LeanCodec turns it off
    assert whoosh3._lenfield("text") != "text"          # lengths: a column of their own
    assert whoosh3.LENGTHS_COLUMN._typecode == "B"       # one quantised byte per document


def test_the_lean_codec_writes_the_segments(reader: Any) -> None:
    from indexer.whoosh.schema import LeanCodec

    assert isinstance(reader.segment().codec(), LeanCodec)
    assert LeanCodec.length_stats is False


def _no_slow_path(monkeypatch: pytest.MonkeyPatch, cls: type, name: str) -> None:
    """Make the public per-document way fail: the bulk reader must not fall back to it."""
    def slow(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"fell back to {cls.__name__}.{name}")

    monkeypatch.setattr(cls, name, slow)


def test_field_lengths_are_read_in_bulk_as_whoosh_reads_them(
        reader: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
    from whoosh.util.numeric import byte_to_length

    from indexer.whoosh.segments import field_lengths

    n = reader.doc_count_all()
    col = reader._perdoc._cached_reader(_lenfield("text"), LENGTHS_COLUMN)
    assert (col._dbfile, col._basepos, col._count) and col._count == n
    assert byte_to_length(0) == 0 and byte_to_length(255) == 106374  # the quantisation
    public = {f: [float(reader.doc_field_length(d, f, 1) or 1) for d in range(n)]
              for f in ("text", "title")}
    _no_slow_path(monkeypatch, type(reader), "doc_field_length")
    for fieldname in ("text", "title"):
        assert field_lengths(reader, fieldname, n) == public[fieldname]
    assert len(set(field_lengths(reader, "text", n))) > 1


def test_string_columns_are_read_in_bulk(reader: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from indexer.whoosh.segments import string_column

    n = reader.doc_count_all()
    inner = getattr(reader.column_reader("source", translate=False), "_reader", None)
    inner = inner or reader.column_reader("source", translate=False)
    assert len(inner._offsets) == len(inner._lengths) == n   # VarBytes layout
    assert inner._dbfile is not None and isinstance(inner._basepos, int)
    public = [v.decode("utf-8") for v in reader.column_reader("source", translate=False)]
    _no_slow_path(monkeypatch, type(inner), "__iter__")
    _no_slow_path(monkeypatch, type(inner), "__getitem__")
    assert string_column(reader, "source", n, "") == public
    assert set(public) == {"usine", "mines"}


def test_number_columns_are_read_in_bulk(reader: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from indexer.whoosh.segments import number_column

    n = reader.doc_count_all()
    col = reader.column_reader("published", translate=False)
    inner = getattr(col, "_reader", col)
    assert inner._fixedlen == 8 and inner._typecode in ("q", "Q") and inner._count == n
    public = [int(v) for v in col]
    _no_slow_path(monkeypatch, type(inner), "__iter__")
    _no_slow_path(monkeypatch, type(inner), "__getitem__")
    bulk = number_column(reader, "published", n)
    assert bulk == public
    assert bulk == sorted(bulk) or bulk == sorted(bulk, reverse=True)  # one a day


def test_posting_blocks_decode_the_w3_leaf_matcher(reader: Any) -> None:
    from indexer.whoosh.segments import posting_blocks

    matcher = reader.postings("text", "nickel")
    for name in ("_read_data", "_next_block", "_read_weights", "_byteids", "_data",
                 "_weights"):
        assert hasattr(matcher, name), name
    ids, weights = [], []
    for block_ids, block_weights in posting_blocks(matcher):
        ids += list(block_ids)
        weights += list(block_weights)
    public = reader.postings("text", "nickel")
    expected = []
    while public.is_active():
        expected.append((public.id(), public.weight()))
        public.next()
    assert list(zip(ids, weights, strict=True)) == expected
    assert len(expected) == 3


def test_names_pickled_by_older_indexes_still_resolve() -> None:
    from indexer.whoosh import analysis, schema

    unpickler = pickle.Unpickler(io.BytesIO(b""))
    assert unpickler.find_class("indexer.schema", "LeanCodec") is schema.LeanCodec
    assert unpickler.find_class("indexer.schema", "NamesAnalyzer") is schema.NamesAnalyzer
    assert unpickler.find_class("indexer.analysis", "FrenchAnalyzer") is analysis.FrenchAnalyzer
    assert unpickler.find_class("indexer.analysis", "FastFrequency") is analysis.FastFrequency
    with pytest.raises(AttributeError):
        unpickler.find_class("indexer.schema", "Nothing")


def test_the_schema_pickles_under_the_engine_package(index_dir: Path) -> None:
    from whoosh import index

    ix = index.open_dir(str(index_dir))
    try:
        analyzer = ix.schema["text"].analyzer
        assert type(analyzer).__module__ == "indexer.whoosh.analysis"
        assert pickle.loads(pickle.dumps(analyzer)) == analyzer
    finally:
        ix.close()
