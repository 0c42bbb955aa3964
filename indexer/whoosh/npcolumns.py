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
    """(code per document, sorted names) of a short string column (source, year). Empty
    values read as "".

    Linear in the segment, without sorting it: each value packed into little-endian
    64-bit words read straight from the column's data, the words hashed into buckets,
    one document per bucket taken as the bucket's representative and every document
    compared with its own; the documents whose value differs from their bucket's (two
    values in one bucket) go round again with another hash. The codes are the ranks of
    the distinct values in byte order, as `np.unique` gives them."""
    if not reader.has_column(fieldname):
        return np.zeros(n, dtype=np.int64), [""]
    col = reader.column_reader(fieldname, translate=False)
    inner = getattr(col, "_reader", col)
    try:
        offsets = np.asarray(inner._offsets, dtype=np.int64)[:n]
        lengths = np.asarray(inner.field_lengths if hasattr(inner, "field_lengths")
                             else inner._lengths, dtype=np.int64)[:n]
        end = int((offsets + lengths).max()) if len(offsets) else 0
        data = bytes(inner._dbfile.get(inner._basepos, end))
    except AttributeError:
        return None
    width = int(lengths.max()) if len(lengths) else 0
    if width > 64:
        return None  # not a short label: the list reader is fine
    keys = _packed(np, data, offsets, lengths, n, max(1, -(-width // 8)))
    return _codes(np, keys, n)


_WORD = 8
_BUCKET_BITS = 16
_MIX = 0x9E3779B97F4A7C15  # 2^64 / golden ratio, odd


def _packed(np: Any, data: bytes, offsets: Any, lengths: Any, n: int, words: int
            ) -> list[Any]:
    """`words` arrays of n uint64: word j of document d's value, zero-padded, little-endian
    (documents past the column's end have the empty value)."""
    buf = np.zeros(len(data) + _WORD * words, dtype=np.uint8)
    buf[:len(data)] = np.frombuffer(data, dtype=np.uint8)
    # every 8-byte window of the data as one (unaligned) little-endian word
    windows = np.ndarray(shape=(len(buf) - _WORD + 1,), dtype="<u8", buffer=buf,
                         strides=(1,))
    masks = np.array([(1 << (8 * k)) - 1 for k in range(_WORD + 1)], dtype=np.uint64)
    keys = []
    for j in range(words):
        word = windows[offsets + _WORD * j] & masks[np.clip(lengths - _WORD * j, 0, _WORD)]
        if len(word) < n:
            word = np.concatenate([word, np.zeros(n - len(word), dtype=np.uint64)])
        keys.append(word)
    return keys


def _codes(np: Any, keys: list[Any], n: int) -> tuple[Any, list[str]]:
    rep_of = np.zeros(n, dtype=np.int64)  # per document, the document standing for its value
    reps = []
    todo = np.arange(n, dtype=np.int64)
    salt = 0
    while len(todo):
        sub = keys if salt == 0 else [word[todo] for word in keys]
        h = np.full(len(todo), salt * 2 + 1, dtype=np.uint64)
        for word in sub:
            h = (h ^ word) * np.uint64(_MIX)
            h ^= h >> np.uint64(29)
        bucket = (h >> np.uint64(64 - _BUCKET_BITS)).astype(np.int64)
        first = np.zeros(1 << _BUCKET_BITS, dtype=np.int64)
        first[bucket] = todo  # one document per bucket (whichever the assignment keeps)
        rep = first[bucket]
        same = np.ones(len(todo), dtype=bool)
        for word, mine in zip(keys, sub, strict=True):
            same &= word[rep] == mine
        rep_of[todo[same]] = rep[same]
        reps.append(todo[rep == todo])
        todo = todo[~same]
        salt += 1
    found = np.concatenate(reps) if reps else np.zeros(0, dtype=np.int64)
    values = [b"".join(int(word[r]).to_bytes(_WORD, "little") for word in keys).rstrip(b"\0")
              for r in found.tolist()]
    order = np.asarray(sorted(range(len(values)), key=values.__getitem__), dtype=np.int64)
    rank = np.zeros(n, dtype=np.int64)
    rank[found[order]] = np.arange(len(order), dtype=np.int64)
    return rank[rep_of], [values[i].decode("utf-8") for i in order.tolist()]
