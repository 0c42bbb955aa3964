"""Long posting lists of big segments, kept flat beside the segment for the fast path.

Whoosh stores a term's postings in pickled, compressed blocks of at most 128 documents;
decoding one block costs ~50 µs in Python, so a word held by a third of a million
articles costs ~1 s to read before any scoring. The fast path sums BM25 over whole
posting lists with numpy (indexer/whoosh/fastpath.py), so what it needs of a common word
is two flat arrays: document numbers and frequencies. After each commit, every segment of
at least `MIN_DOCS` documents gets a file `<segment id>.vpost` beside it holding, for the
terms of at least `MIN_DF` documents, those arrays in numpy-ready form; the rarer terms
(a few blocks each) are still read through Whoosh.

The file is a cache of what the segment holds, never the only copy: it is written to a
hidden part file and renamed into place, and a search reads it only once its layout is
checked, each term's first and last document numbers compared with the table's. A file
that is missing, truncated or inconsistent is ignored (Whoosh's own blocks answer). Each
`veille index` checks every file's CRC-32 and writes again one that is missing or
damaged. Whoosh deletes the file with its segment, its name following Whoosh's segment
file pattern (`MAIN_<id>.<ext>`).

The file also keeps the segment's source and year columns as one code per document
(uint8 up to 256 names), which opening a segment would otherwise compute from Whoosh's
column: 150 ms of a cold search at a million articles.

Layout (little-endian): MAGIC, the arrays, a JSON table {"doccount": n, "crc32": of the
arrays, "fields": {field: {term: [offset, count, first, last, ids, weights]}},
"columns": {name: [offset, dtype, names]}}, then the table's length (8 bytes) and MAGIC
again. `ids` is "u2d" (the first document number, then gaps of
16 bits) or "i4" (every document number); `weights` is "u1", "u2" (whole frequencies)
or "f4".
"""

from __future__ import annotations

import json
import logging
import os
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from indexer.whoosh import npcolumns
from indexer.whoosh.segments import numpy_or_none, posting_blocks, segment_id

log = logging.getLogger(__name__)
T = TypeVar("T")

MAGIC = b"VEILLE-POSTINGS-2\n"  # 2: with the source and year columns as codes
SUFFIX = ".vpost"
FIELDS = ("text", "title")
COLUMNS = ("source", "year")   # string columns kept as codes (the facets, the filters)
MIN_DOCS = 20_000   # segments this big get a file (the fast path's numpy segments)
MIN_DF = 512        # terms held by this many documents of the segment (4+ blocks)
_FOOTER = struct.Struct("<Q")
_ID_KINDS = {"u2d": "<u2", "i4": "<i4"}
_WEIGHT_KINDS = {"u1": "<u1", "u2": "<u2", "f4": "<f4"}


class CorruptPostings(Exception):
    """A postings file whose layout does not hold together."""


class OlderPostings(CorruptPostings):
    """A postings file of an older layout (written by an older Veille): not damaged,
    only to be written again."""


def path_for(directory: Path, reader: Any) -> Path:
    return _path(directory, segment_id(reader))


def _path(directory: Path, segment: str) -> Path:
    return directory / f"{segment}{SUFFIX}"


# -- writing -------------------------------------------------------------------------------

def write_missing(directory: Path, ix: Any) -> int:
    """Write the postings file of every big segment of `ix` that has none, or a damaged
    one; returns how many were written. Part files a killed writer left are removed."""
    np = numpy_or_none()
    if np is None:
        return 0
    for stale in directory.glob(f".*{SUFFIX}.part"):
        stale.unlink(missing_ok=True)
    missing = {seg.segment_id() for seg in ix._segments()
               if seg.doc_count_all() >= MIN_DOCS
               and not _sound(_path(directory, seg.segment_id()), seg.doc_count_all())}
    if not missing:
        return 0
    with ix.reader() as top:
        for reader, _ in top.leaf_readers():
            if segment_id(reader) in missing:
                write(np, reader, path_for(directory, reader))
    return len(missing)


def _sound(path: Path, doccount: int) -> bool:
    """Whether `path` is a postings file whose layout holds, for `doccount` documents."""
    if not path.exists():
        return False
    try:
        found = SegmentPostings(path)
        try:
            if not found.matches(doccount):
                raise CorruptPostings("écrit pour un segment d’une autre taille")
            found.verify()
        finally:
            found.close()
    except OlderPostings:
        log.info("fichier de postings %s d’un format antérieur : réécrit", path.name)
        return False
    except (OSError, CorruptPostings) as exc:
        log.warning("fichier de postings %s abîmé (%s) : réécrit", path.name, exc)
        return False
    return True


def write(np: Any, reader: Any, target: Path) -> None:
    """The postings file of one segment reader, atomically at `target`."""
    part = target.with_name(f".{target.name}.part")
    try:
        _write_part(np, reader, part)
    except BaseException:
        part.unlink(missing_ok=True)  # a full disk, a signal: no half file left behind
        raise
    part.replace(target)


def _write_part(np: Any, reader: Any, part: Path) -> None:
    table: dict[str, dict[str, list[Any]]] = {}
    with open(part, "wb") as file:
        file.write(MAGIC)
        data = _Summed(file)
        for fname in FIELDS:
            if fname not in reader.schema:
                continue
            terms = table[fname] = {}
            for term, info in reader.iter_field(fname):
                if info.doc_frequency() < MIN_DF:
                    continue
                ids, weights = _read_term(np, reader, fname, term)
                if len(ids) == 0:
                    continue
                terms[_text(term)] = _write_term(np, data, ids, weights)
        columns = {name: _write_column(np, data, reader, name) for name in COLUMNS}
        header = json.dumps({"doccount": reader.doc_count_all(), "crc32": data.crc,
                             "fields": table,
                             "columns": {k: v for k, v in columns.items() if v is not None}},
                            ensure_ascii=False, separators=(",", ":")).encode()
        file.write(header)
        file.write(_FOOTER.pack(len(header)))
        file.write(MAGIC)
        file.flush()
        os.fsync(file.fileno())


class _Summed:
    """A file being written, and the CRC-32 of what is written after its MAGIC."""

    def __init__(self, file: Any) -> None:
        self.file = file
        self.crc = 0
        self.size = 0

    def write(self, data: bytes) -> None:
        self.file.write(data)
        self.crc = zlib.crc32(data, self.crc)
        self.size += len(data)


def _read_term(np: Any, reader: Any, fname: str, term: Any) -> tuple[Any, Any]:
    ids: list[Any] = []
    weights: list[Any] = []
    for block_ids, block_weights in posting_blocks(reader.postings(fname, term)):
        ids.append(np.asarray(block_ids, dtype=np.int64))
        weights.append(np.asarray(block_weights, dtype=np.float64))
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    return np.concatenate(ids), np.concatenate(weights)


def _write_term(np: Any, out: _Summed, ids: Any, weights: Any) -> list[Any]:
    offset = out.size
    gaps = np.diff(ids)
    if len(gaps) == 0 or (gaps.min() > 0 and gaps.max() < 1 << 16):
        id_kind = "u2d"
        out.write(gaps.astype("<u2").tobytes())
    else:
        id_kind = "i4"
        out.write(ids.astype("<i4").tobytes())
    whole = bool(np.all(weights == np.floor(weights))) and weights.min() >= 0
    top = weights.max()
    w_kind = ("u1" if top < 1 << 8 else "u2" if top < 1 << 16 else "f4") if whole else "f4"
    out.write(weights.astype(_WEIGHT_KINDS[w_kind]).tobytes())
    return [offset, len(ids), int(ids[0]), int(ids[-1]), id_kind, w_kind]


def _write_column(np: Any, out: _Summed, reader: Any, name: str) -> list[Any] | None:
    """A string column's code per document and its names: [offset, dtype, names]."""
    found = npcolumns.string_codes(np, reader, name, reader.doc_count_all())
    if found is None:
        return None
    codes, names = found
    dtype = "<u1" if len(names) <= 1 << 8 else "<u2" if len(names) <= 1 << 16 else "<u4"
    offset = out.size
    out.write(np.asarray(codes).astype(dtype).tobytes())
    return [offset, dtype, list(names)]


def _text(term: Any) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else str(term)


# -- reading -------------------------------------------------------------------------------

class SegmentPostings:
    """One open postings file: `get(field, term)` gives (document numbers as int32,
    frequencies as float64), or None for a term the file does not hold."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        self._columns: dict[str, Any] = {}
        try:
            self._table, self._doccount, self._data_end, self._crc = self._read_table()
        except BaseException:
            os.close(self._fd)
            raise

    def _read_table(self) -> tuple[dict[str, dict[str, list[Any]]], int, int, int]:
        size = os.fstat(self._fd).st_size
        tail = len(MAGIC) + _FOOTER.size
        if size < 2 * len(MAGIC) + _FOOTER.size:
            raise CorruptPostings("trop court")
        head = os.pread(self._fd, len(MAGIC), 0)
        if head != MAGIC:
            if head.startswith(MAGIC[:-3]):
                raise OlderPostings("format antérieur")
            raise CorruptPostings("en-tête inconnu")
        end = os.pread(self._fd, tail, size - tail)
        if end[_FOOTER.size:] != MAGIC:
            raise CorruptPostings("fin illisible")
        (length,) = _FOOTER.unpack(end[:_FOOTER.size])
        start = size - tail - length
        if start < len(MAGIC):
            raise CorruptPostings("longueur de table incohérente")
        try:
            header = json.loads(os.pread(self._fd, length, start))
            self._columns = dict(header.get("columns", {}))
            return (dict(header["fields"]), int(header["doccount"]), start - len(MAGIC),
                    int(header["crc32"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise CorruptPostings(f"table illisible : {exc}") from None

    def matches(self, doccount: int) -> bool:
        return doccount == self._doccount

    def verify(self) -> None:
        """Read the whole file and check its CRC-32 (what a search does not do)."""
        crc, position, end = 0, len(MAGIC), len(MAGIC) + self._data_end
        while position < end:
            chunk = os.pread(self._fd, min(1 << 22, end - position), position)
            if not chunk:
                raise CorruptPostings("lecture incomplète")
            crc = zlib.crc32(chunk, crc)
            position += len(chunk)
        if crc != self._crc:
            raise CorruptPostings("CRC-32 différent")

    def get(self, np: Any, fname: str, term: str) -> tuple[Any, Any] | None:
        entry = self._table.get(fname, {}).get(term)
        if entry is None:
            return None
        try:
            offset, count, first, last, id_kind, w_kind = entry
            id_dtype = np.dtype(_ID_KINDS[id_kind])
            w_dtype = np.dtype(_WEIGHT_KINDS[w_kind])
        except (ValueError, KeyError, TypeError):
            raise CorruptPostings(f"entrée illisible pour {fname}:{term}") from None
        id_count = count - 1 if id_kind == "u2d" else count
        size = id_count * id_dtype.itemsize + count * w_dtype.itemsize
        if offset < 0 or count < 1 or offset + size > self._data_end:
            raise CorruptPostings(f"entrée hors du fichier pour {fname}:{term}")
        raw = os.pread(self._fd, size, len(MAGIC) + offset)
        if len(raw) != size:
            raise CorruptPostings("lecture incomplète")
        split = id_count * id_dtype.itemsize
        stored = np.frombuffer(raw, dtype=id_dtype, count=id_count)
        if id_kind == "u2d":
            ids = np.empty(count, dtype=np.int32)
            ids[0] = first
            ids[1:] = stored
            np.cumsum(ids, out=ids)
        else:
            ids = stored.astype(np.int32)
        if int(ids[0]) != first or int(ids[-1]) != last or last >= self._doccount:
            raise CorruptPostings(f"postings incohérents pour {fname}:{term}")
        weights = np.frombuffer(raw, dtype=w_dtype, count=count, offset=split)
        return ids, weights.astype(np.float64)

    def column(self, np: Any, name: str) -> tuple[Any, list[str]] | None:
        """(code per document as int64, sorted names) of string column `name`, or None."""
        entry = self._columns.get(name)
        if entry is None:
            return None
        try:
            offset, dtype, names = entry
            width = np.dtype(dtype).itemsize
            names = [str(n) for n in names]
        except (ValueError, TypeError):
            raise CorruptPostings(f"colonne {name} illisible") from None
        size = self._doccount * width
        if offset < 0 or offset + size > self._data_end:
            raise CorruptPostings(f"colonne {name} hors du fichier")
        raw = os.pread(self._fd, size, len(MAGIC) + offset)
        if len(raw) != size:
            raise CorruptPostings("lecture incomplète")
        codes = np.frombuffer(raw, dtype=dtype).astype(np.int64)
        if len(codes) and int(codes.max()) >= len(names):
            raise CorruptPostings(f"colonne {name} : un code sans nom")
        return codes, names

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


class PostingFiles:
    """The postings files of one index directory, opened on first use per segment."""

    def __init__(self) -> None:
        self.directory: Path | None = None
        self._open: dict[Any, SegmentPostings] = {}
        self._bad: set[Any] = set()

    def use(self, directory: Path) -> None:
        """Read the files of `directory` from now on (a new index version)."""
        if directory != self.directory:
            self.close()
            self.directory = directory

    def get(self, np: Any, reader: Any, fname: str, term: str) -> tuple[Any, Any] | None:
        """(ids, weights) of `term` from the segment's file, or None: no file, a term it
        does not hold, or a damaged file (logged once, then left alone)."""
        return self._read(reader, lambda found: found.get(np, fname, term))

    def _read(self, reader: Any, what: Callable[[SegmentPostings], T | None]) -> T | None:
        if self.directory is None or reader.doc_count_all() < MIN_DOCS:
            return None
        key = segment_id(reader)
        if key in self._bad:
            return None
        found = self._open.get(key)
        try:
            if found is None:
                path = path_for(self.directory, reader)
                if not path.exists():
                    return None  # not written yet (an index being built): Whoosh answers
                found = self._open[key] = SegmentPostings(path)
                if not found.matches(reader.doc_count_all()):
                    raise CorruptPostings("écrit pour un segment d’une autre taille")
            return what(found)
        except (OSError, CorruptPostings) as exc:
            if not isinstance(exc, OlderPostings):  # an upgrade: quietly, until rewritten
                log.warning("fichier de postings du segment %s ignoré (%s) : les recherches "
                            "restent justes, plus lentes ; `veille index` le réécrit", key, exc)
            self._bad.add(key)
            dropped = self._open.pop(key, None)
            if dropped is not None:
                dropped.close()
            return None

    def column(self, np: Any, reader: Any, name: str) -> tuple[Any, list[str]] | None:
        """(codes, names) of string column `name` from the segment's file, or None."""
        return self._read(reader, lambda found: found.column(np, name))

    def close(self) -> None:
        for opened in self._open.values():
            opened.close()
        self._open.clear()
        self._bad.clear()
