"""Per-segment data of the fast path, read from Whoosh 2.7's files in bulk.

Field lengths, the source/year/date columns and decoded posting blocks. The bulk readers
use the layouts of Whoosh 2.7's W3 codec (pinned: whoosh-reloaded 2.7.5) and fall back to
Whoosh's public, slower per-document interface for anything else.
"""

from __future__ import annotations

import itertools
import struct
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any


class Segment:
    """What the fast path needs of one segment, loaded once: BM25 length norms
    (K1 * (1 - B + B * fl / avgfl) per document), the source, year and date columns and
    the deleted documents. Built from plain lists (`lists`) or from numpy arrays
    (`arrays`: read in bulk, for big segments); each form is derived from the other the
    first time it is asked for."""

    def __init__(self, doccount: int, deleted: frozenset[int],
                 lists: dict[str, Any] | None = None,
                 arrays: dict[str, Any] | None = None) -> None:
        self.doccount = doccount
        self.deleted = deleted
        self._lists: dict[str, Any] = lists or {}
        self._np: dict[str, Any] = arrays or {}
        self.np_norms: dict[str, Any] = self._np.pop("norms", {})

    @property
    def norms(self) -> dict[str, list[float]]:
        if "norms" not in self._lists:
            self._lists["norms"] = {f: a.tolist() for f, a in self.np_norms.items()}
        return self._lists["norms"]  # type: ignore[no-any-return]

    def _strings(self, name: str) -> list[str]:
        if name not in self._lists:
            codes, names = self._np[name + ":codes"]
            self._lists[name] = [names[c] for c in codes.tolist()]
        return self._lists[name]  # type: ignore[no-any-return]

    @property
    def source(self) -> list[str]:
        return self._strings("source")

    @property
    def year(self) -> list[str]:
        return self._strings("year")

    @property
    def published(self) -> list[int]:
        if "published" not in self._lists:
            self._lists["published"] = self._np["published"].tolist()
        return self._lists["published"]  # type: ignore[no-any-return]

    def np_column(self, name: str) -> Any:
        """A numeric column as a numpy array: unsigned 64-bit, as Whoosh stores it (an
        undated document's date is 2**64 - 1, its default)."""
        if name not in self._np:
            self._np[name] = numpy_or_none().asarray(getattr(self, name), dtype="uint64")
        return self._np[name]

    def np_codes(self, name: str) -> tuple[Any, list[str]]:
        """(code per document, names) of a string column, for bincount facets; names
        sorted."""
        key = name + ":codes"
        if key not in self._np:
            values: list[str] = getattr(self, name)
            names = sorted(set(values))
            index = {v: i for i, v in enumerate(names)}
            codes = numpy_or_none().fromiter((index[v] for v in values), dtype="int64",
                                      count=len(values))
            self._np[key] = (codes, names)
        return self._np[key]  # type: ignore[no-any-return]


def numpy_or_none() -> Any:
    try:
        import numpy
    except ImportError:  # optional: the pure-Python path gives the same scores
        return None
    return numpy


def by_count(counts: Counter[str]) -> dict[str, int]:
    return {k: v for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if k}


def segment_id(reader: Any) -> Any:
    try:
        return reader.segment().segment_id()
    except AttributeError:
        return id(reader)


def posting_blocks(matcher: Any) -> Iterable[tuple[Sequence[int], Sequence[float]]]:
    """(ids, weights) of each posting block, decoded once (Whoosh 2.7's W3 leaf matcher);
    falls back to the matcher's public interface for any other matcher."""
    while not hasattr(matcher, "_read_data") and type(matcher).__name__ == "FilterMatcher":
        matcher = matcher.child  # deletions: the caller masks deleted documents itself
    if hasattr(matcher, "_read_data") and hasattr(matcher, "_next_block"):
        while matcher.is_active():
            if matcher._data is None:
                matcher._read_data()
            raw = matcher._data[0]
            ids = raw if matcher._byteids else list(itertools.accumulate(raw))
            if matcher._weights is None:
                matcher._read_weights()
            yield ids, matcher._weights
            matcher._next_block()
        return
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    yield ids, weights


def field_lengths(reader: Any, fieldname: str, n: int) -> list[float]:
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
    from whoosh.util.numeric import byte_to_length

    try:
        col = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if col is None:
            return [1.0] * n
        raw = bytes(col._dbfile.get(col._basepos, col._count))
        table = [float(byte_to_length(b)) or 1.0 for b in range(256)]
        values = [table[b] for b in raw]
        return values + [1.0] * (n - len(values))
    except AttributeError:  # another codec: the public, slower way
        return [float(reader.doc_field_length(d, fieldname, 1) or 1) for d in range(n)]


def string_column(reader: Any, fieldname: str, n: int, default: str) -> list[str]:
    """A string column for every document, read in bulk when the column is Whoosh 2.7's
    VarBytes layout (one read, then slices), else document by document."""
    if not reader.has_column(fieldname):
        return [default] * n
    col = reader.column_reader(fieldname, translate=False)
    names: dict[bytes, str] = {}

    def decode(raw: bytes) -> str:
        value = names.get(raw)
        if value is None:
            value = names[raw] = raw.decode("utf-8") if raw else default
        return value

    inner = getattr(col, "_reader", col)
    try:
        offsets, lengths = inner._offsets, inner._lengths
        data = bytes(inner._dbfile.get(inner._basepos, max(
            (o + ln for o, ln in zip(offsets, lengths, strict=True)), default=0)))
        values = [decode(data[o:o + ln]) for o, ln in zip(offsets, lengths, strict=True)]
    except AttributeError:
        values = [decode(v) if isinstance(v, bytes) else str(v) for v in col]
    return values + [default] * (n - len(values))


def number_column(reader: Any, fieldname: str, n: int) -> list[int]:
    """A numeric column for every document (bulk read of Whoosh's fixed-width layout)."""
    if not reader.has_column(fieldname):
        return [0] * n
    col = reader.column_reader(fieldname, translate=False)
    inner = getattr(col, "_reader", col)
    try:
        width = inner._fixedlen
        raw = bytes(inner._dbfile.get(inner._basepos, width * inner._count))
        values = [int(v) for (v,) in struct.iter_unpack("!" + inner._typecode, raw)]
    except AttributeError:
        values = [int(v or 0) for v in col]
    return values + [int(inner._default if hasattr(inner, "_default") else 0)] * (
        n - len(values))
