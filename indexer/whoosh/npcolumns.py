"""Whoosh 2.7 columns read straight into numpy arrays, for big segments.

Loading a segment's per-document data through Python lists costs ~1 µs a document and
column (a million-article index: seconds before its first search, and again after each
commit). Here each column is one read and a few array operations. The layouts are those
of indexer.whoosh.segments' bulk readers (Whoosh 2.7's W3 codec); None means "not this
layout", and the caller falls back to them.
"""

from __future__ import annotations

from typing import Any


def field_lengths(np: Any, reader: Any, fieldname: str, n: int) -> Any | None:
    """The quantised field lengths (as Whoosh decodes them; 0 read as 1) as float64."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
    from whoosh.util.numeric import byte_to_length

    try:
        col = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if col is None:
            return np.ones(n)
        raw = np.frombuffer(bytes(col._dbfile.get(col._basepos, col._count)), dtype=np.uint8)
    except AttributeError:
        return None
    table = np.array([float(byte_to_length(b)) or 1.0 for b in range(256)])
    out = np.ones(n)
    out[:len(raw)] = table[raw[:n]]
    return out


def number_column(np: Any, reader: Any, fieldname: str, n: int) -> Any | None:
    """An unsigned 64-bit column (the date) as uint64, its default past its end."""
    if not reader.has_column(fieldname):
        return np.zeros(n, dtype=np.uint64)
    col = reader.column_reader(fieldname, translate=False)
    inner = getattr(col, "_reader", col)
    if getattr(inner, "_typecode", None) != "Q":
        return None
    raw = bytes(inner._dbfile.get(inner._basepos, inner._fixedlen * inner._count))
    out = np.full(n, int(inner._default), dtype=np.uint64)
    values = np.frombuffer(raw, dtype=">u8")
    out[:len(values)] = values[:n]
    return out


def string_codes(np: Any, reader: Any, fieldname: str, n: int
                 ) -> tuple[Any, list[str]] | None:
    """(code per document, sorted names) of a short string column (source, year): each
    value cut into a fixed-width row, the rows' distinct values by np.unique. Empty
    values read as ""."""
    if not reader.has_column(fieldname):
        return np.zeros(n, dtype=np.int64), [""]
    col = reader.column_reader(fieldname, translate=False)
    inner = getattr(col, "_reader", col)
    try:
        offsets = np.asarray(inner._offsets, dtype=np.int64)
        lengths = np.asarray(inner.field_lengths if hasattr(inner, "field_lengths")
                             else inner._lengths, dtype=np.int64)
        end = int((offsets + lengths).max()) if len(offsets) else 0
        data = np.frombuffer(bytes(inner._dbfile.get(inner._basepos, end)), dtype=np.uint8)
    except AttributeError:
        return None
    width = int(lengths.max()) if len(lengths) else 0
    if width > 64:
        return None  # not a short label: the list reader is fine
    rows = np.zeros((n, max(width, 1)), dtype=np.uint8)
    if width and len(offsets):
        spots = offsets[:, None] + np.arange(width)[None, :]
        inside = np.arange(width)[None, :] < lengths[:, None]
        rows[:len(offsets)] = np.where(inside, data[np.minimum(spots, max(end - 1, 0))], 0)
    keys = np.ascontiguousarray(rows).view(f"S{rows.shape[1]}").ravel()
    unique, codes = np.unique(keys, return_inverse=True)
    names = [bytes(u).rstrip(b"\0").decode("utf-8") for u in unique]
    return codes.astype(np.int64).ravel(), names
