"""The fast path for keyword queries: BM25F by term-at-a-time accumulation.

Whoosh scores document by document through a tree of matcher objects: 10-20 µs per matched
document in Python, which makes an exact top 10 over 100k articles cost 0.1-0.3 s on
common words. Plain keyword queries (the common case, and every keystroke of the
workbench) are instead scored term by term: each posting block is decoded once and its
scores added into flat per-segment arrays (well under 1 µs per posting). The scores are
Whoosh's own BM25F (same idf, same quantised field lengths, same title boost), so the
ranking is the one the Whoosh path gives; the test suite checks they agree.

Per-segment data (field lengths, source, year and date columns) is loaded once per
segment and kept while the segment lives.
"""

from __future__ import annotations

import itertools
import logging
from array import array
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from indexer.analysis import QUERY_CHAIN
from indexer.query import AnyOf, DateRange, ParsedQuery, Word
from indexer.whoosh import npcolumns
from indexer.whoosh.compile import Compiled, Compiler
from indexer.whoosh.masks import segment_mask
from indexer.whoosh.postings import PostingFiles
from indexer.whoosh.resultset import NpPart, Outcome, Part
from indexer.whoosh.segments import (
    Segment,
    field_lengths,
    number_column,
    numpy_or_none,
    posting_blocks,
    segment_id,
    string_column,
)

log = logging.getLogger(__name__)

FIELDS = ("text", "title")
NUMPY_FROM = 20_000   # segments this big accumulate with numpy (when installed)
CACHED_POSTINGS = 8_000_000   # decoded postings kept (8 bytes each: ~64 MB at most)


@dataclass(frozen=True)
class Keyword:
    """One clause of a keyword query: the stems of one typed word, which must all occur
    (`l’usine 4.0`), or with `any_of` alternatives of one stem each (`solaire OR
    éolien`), one of which must occur. `required`: every result holds it (AND, +word)."""

    stems: tuple[str, ...]
    any_of: bool = False
    required: bool = False
    title_only: bool = False   # title:word — scored on the title field alone, boost 1


@dataclass
class FastPlan:
    """A query the fast path can answer: keywords, plus filters Whoosh computes."""

    keywords: list[Keyword]
    required: Any | None      # a Whoosh query every result must match (date:, source:)
    excluded: Any | None      # a Whoosh query no result may match (-word, NOT ...)
    question: bool = False    # ranked by score alone, no all-keywords-first tier


def _bare(node: Any) -> bool:
    return isinstance(node, Word) and node.field is None and not node.prefix


def _keyword(node: Any, required: bool) -> Keyword | None | bool:
    """The keyword of a clause; None when it holds only stop words (dropped, as Whoosh
    drops it); False when the fast path cannot score it exactly as Whoosh does."""
    if isinstance(node, Word) and node.field == "title" and not node.prefix:
        stems = QUERY_CHAIN.terms(node.text)
        return Keyword(tuple(stems), required=True, title_only=True) if stems else None
    if _bare(node):
        stems = QUERY_CHAIN.terms(node.text)
        return Keyword(tuple(stems), required=required) if stems else None
    if isinstance(node, AnyOf) and all(_bare(o) for o in node.options):
        options = [QUERY_CHAIN.terms(o.text) for o in node.options if isinstance(o, Word)]
        options = [o for o in options if o]
        if any(len(o) > 1 for o in options):
            return False  # a word of several stems inside OR: Whoosh scores it otherwise
        if not options:
            return None
        if len(options) == 1:
            return Keyword(tuple(options[0]), required=required)
        return Keyword(tuple(o[0] for o in options), any_of=True, required=required)
    return False


def fast_plan(parsed: ParsedQuery, compiler: Compiler) -> FastPlan | None:
    """The fast plan of a query made of keywords: bare words, OR of bare words, AND and
    +, title: words, with filters (date:, source:) and exclusions (-word, NOT); else None
    (phrases, other fields, prefixes, groups go through Whoosh). Scores and order are
    Whoosh's."""
    from whoosh import query as wq

    parsed, question = compiler.prepare(parsed)
    root = parsed.root
    keywords: list[Keyword] = []
    required = []
    scratch = Compiled(None)
    for node in root.must:
        if isinstance(node, DateRange) or (isinstance(node, Word) and node.field == "source"):
            q = compiler.node(node, scratch)
            if q is None:
                return None
            required.append(q)
            continue
        found = _keyword(node, required=True)
        if found is None:
            return None  # a required clause that cannot match: Whoosh's answer (nothing)
        if found is False:
            return None
        assert isinstance(found, Keyword)
        keywords.append(found)
    soft = []
    for node in root.should:
        found = _keyword(node, required=False)
        if found is False:
            return None
        if found is not None:
            assert isinstance(found, Keyword)
            soft.append(found)
    if len(soft) == 1 and keywords:
        # Whoosh: one soft clause beside required ones is required too (compile._group)
        soft = [Keyword(soft[0].stems, soft[0].any_of, required=True)]
    keywords += soft
    if not keywords:
        return None
    excluded = [q for q in (compiler.node(n, scratch, negated=True) for n in root.must_not)
                if q is not None]
    return FastPlan(
        keywords,
        (required[0] if len(required) == 1 else wq.And(required)) if required else None,
        (excluded[0] if len(excluded) == 1 else wq.Or(excluded)) if excluded else None,
        question,
    )


def ranked_top(outcome: Outcome, depth: int, only_complete: bool,
               tiered: bool) -> list[tuple[int, float, int]]:
    """The `depth` best (docnum, score, tier); untiered: by score alone (tier 0)."""
    if tiered:
        return outcome.top(depth, only_complete)
    # each part's and tier's top `depth`: their union holds the best `depth`
    best = [(score, -(d + part.offset)) for part in outcome.parts
            for _, d, score in part.top(depth, False)]
    best.sort(reverse=True)  # ties: the lower docnum first, as in Outcome.top
    return [(-g, score, 0) for score, g in best[:depth]]


class FastScorer:
    """Term-at-a-time BM25F over one open Whoosh searcher."""

    def __init__(self, k1: float, b: float, title_boost: float) -> None:
        self.k1 = k1
        self.b = b
        self.title_boost = title_boost
        self._segments: dict[Any, Segment] = {}
        self._postings: OrderedDict[tuple[Any, str, str], tuple[array[int], array[float]]]
        self._postings = OrderedDict()
        self._cached = 0
        self.files = PostingFiles()  # big segments' long posting lists, flat on disk

    def forget(self) -> None:
        """Drop per-segment data (after a refresh: statistics and deletions change);
        decoded postings stay valid, segments being immutable."""
        self._segments.clear()

    def _decoded(self, reader: Any, fname: str, stem: str) -> tuple[array[int], array[float]]:
        """A term's postings in one segment as flat arrays, decoded once and kept in a
        small LRU (words typed in a row share terms; common words recur)."""
        key = (segment_id(reader), fname, stem)
        found = self._postings.get(key)
        if found is not None:
            self._postings.move_to_end(key)
            return found
        ids: array[int] = array("i")
        weights: array[float] = array("f")
        for block_ids, block_weights in posting_blocks(reader.postings(fname, stem)):
            ids.extend(block_ids)
            weights.extend(block_weights)
        self._postings[key] = (ids, weights)
        self._cached += len(ids)
        while self._cached > CACHED_POSTINGS and len(self._postings) > 1:
            _, (old, _) = self._postings.popitem(last=False)
            self._cached -= len(old)
        return ids, weights

    # -- per-segment data ------------------------------------------------------------------

    def _segment(self, searcher: Any, reader: Any) -> Segment:
        key = (segment_id(reader), reader.doc_count_all(), reader.doc_count())
        seg = self._segments.get(key)
        if seg is None:
            seg = self._load(searcher, reader)
            self._segments[key] = seg
        return seg

    def _load(self, top: Any, reader: Any) -> Segment:
        n = reader.doc_count_all()
        deleted = frozenset(reader.deleted_docs_set) if reader.has_deletions() else frozenset()
        np = numpy_or_none()
        if np is not None and n >= NUMPY_FROM:
            arrays = self._load_np(np, top, reader, n)
            if arrays is not None:
                return Segment(n, deleted, arrays=arrays)
        norms = {}
        k1, b = self.k1, self.b
        for f in FIELDS:
            avg = top.avg_field_length(f) or 1.0
            norms[f] = [k1 * ((1 - b) + b * fl / avg) for fl in field_lengths(reader, f, n)]
        return Segment(n, deleted, lists={
            "norms": norms, "source": string_column(reader, "source", n, ""),
            "year": string_column(reader, "year", n, ""),
            "published": number_column(reader, "published", n)})

    def _load_np(self, np: Any, top: Any, reader: Any, n: int) -> dict[str, Any] | None:
        """A big segment's data as numpy arrays, read in bulk (None: another layout)."""
        arrays: dict[str, Any] = {"norms": {}}
        k1, b = self.k1, self.b
        for f in FIELDS:
            lengths = npcolumns.field_lengths(np, reader, f, n)
            if lengths is None:
                return None
            avg = top.avg_field_length(f) or 1.0
            arrays["norms"][f] = k1 * ((1 - b) + b * lengths / avg)
        arrays["published"] = npcolumns.number_column(np, reader, "published", n)
        for name in ("source", "year"):
            arrays[name + ":codes"] = (self.files.column(np, reader, name)
                                       or npcolumns.string_codes(np, reader, name, n))
        if any(v is None for v in arrays.values()):
            return None
        return arrays

    # -- scoring -----------------------------------------------------------------------------

    def run(self, searcher: Any, keywords: Sequence[Keyword], allowed: Any | None,
            excluded: Any | None) -> Outcome:
        """Score `keywords` over the whole index; `hits[d]` counts the keywords document
        d holds; documents missing a required keyword are left out.

        `allowed`/`excluded`: Whoosh queries (filters, negations) every result must /
        no result may match, applied per segment as bitmaps (indexer.whoosh.masks).
        """
        outcome = Outcome([], need=len(keywords))
        needed = sum(1 for k in keywords if k.required)
        sets = None if numpy_or_none() else _docsets(searcher, allowed, excluded)
        for sub, offset in searcher.leaf_searchers():
            reader = sub.reader()
            seg = self._segment(searcher, reader)
            np = numpy_or_none() if seg.doccount >= NUMPY_FROM else None
            acc: Any = np.zeros(seg.doccount) if np else [0.0] * seg.doccount
            hits: Any = np.zeros(seg.doccount, dtype=np.uint8) if np else bytearray(seg.doccount)
            held_all: Any = np.zeros_like(hits) if np else bytearray(seg.doccount)
            add = self._add_np if np else self._add
            for kw in keywords:
                fields = (("title", 1.0),) if kw.title_only else None
                if len(kw.stems) == 1 and not kw.required:
                    add(searcher, reader, seg, kw.stems[0], acc, hits, fields)
                    continue
                # several stems (`data-center`): held when all occur; `any_of`: when one does
                seen: Any = np.zeros_like(hits) if np else bytearray(seg.doccount)
                for stem in kw.stems:
                    add(searcher, reader, seg, stem, acc, seen, fields)
                least = 1 if kw.any_of else len(kw.stems)
                if np:
                    held = seen >= least
                    hits += held
                    if kw.required:
                        held_all += held
                    continue
                for d in itertools.compress(range(seg.doccount), seen):
                    if seen[d] >= least:
                        hits[d] += 1
                        if kw.required:
                            held_all[d] += 1
            if needed:
                hits = _require(np, hits, held_all, needed)
            if sets is not None:
                hits = _restrict(hits, seg, offset, *sets)
            else:
                hits = self._masked(hits, sub, seg, allowed, excluded)
            part = NpPart if np else Part
            outcome.add(part(offset, seg, acc, hits, len(keywords)))
        return outcome

    def _masked(self, hits: Any, sub: Any, seg: Segment, allowed: Any | None,
                excluded: Any | None) -> Any:
        """`hits` at 0 for deleted documents and those `allowed` leaves out or `excluded`
        holds (numpy bitmaps; a plain-Python `hits` comes back as a bytearray)."""
        np = numpy_or_none()
        keep = np.ones(seg.doccount, dtype=bool)
        if seg.deleted:
            keep[np.fromiter(seg.deleted, dtype=np.int64)] = False
        if allowed is not None:
            keep &= segment_mask(np, allowed, sub, seg, self._posting_ids)
        if excluded is not None:
            keep &= ~segment_mask(np, excluded, sub, seg, self._posting_ids)
        if isinstance(hits, bytearray):
            return bytearray((np.frombuffer(bytes(hits), dtype=np.uint8) * keep).tobytes())
        hits[~keep] = 0
        return hits

    def _posting_ids(self, reader: Any, fname: str, text: str) -> Any:
        np = numpy_or_none()
        found = self.files.get(np, reader, fname, text) if np is not None else None
        return found[0] if found is not None else self._decoded(reader, fname, text)[0]

    def _np_postings(self, np: Any, reader: Any, fname: str, stem: str) -> tuple[Any, Any]:
        """(document numbers, frequencies as float64) of a term in one segment: from the
        segment's postings file when it holds the term, else decoded from Whoosh's
        blocks. Both give the same numbers (frequencies are whole, or float32 in both)."""
        found = self.files.get(np, reader, fname, stem)
        if found is not None:
            return found
        raw_ids, raw_weights = self._decoded(reader, fname, stem)
        return (np.frombuffer(raw_ids, dtype=np.int32),
                np.frombuffer(raw_weights, dtype=np.float32).astype(np.float64))

    def _fields(self, fields: Sequence[tuple[str, float]] | None
                ) -> Sequence[tuple[str, float]]:
        return fields or (("text", 1.0), ("title", self.title_boost))

    def _add_np(self, searcher: Any, reader: Any, seg: Segment, stem: str, acc: Any,
                hits: Any, fields: Sequence[tuple[str, float]] | None = None) -> None:
        """`_add` with numpy: the same arithmetic over whole posting lists at once."""
        np = numpy_or_none()
        k1p1 = self.k1 + 1
        fields = self._fields(fields)
        for fname, boost in fields:
            if not boost or (fname, stem) not in reader:
                continue
            idf = searcher.idf(fname, stem) * boost * k1p1
            norm = seg.np_norms.get(fname)
            if norm is None:
                norm = seg.np_norms[fname] = np.asarray(seg.norms[fname])
            ids, w = self._np_postings(np, reader, fname, stem)
            acc[ids] += idf * w / (w + norm[ids])
            if fname == fields[0][0]:
                hits[ids] += 1

    def _add(self, searcher: Any, reader: Any, seg: Segment, stem: str, acc: list[float],
             hits: bytearray, fields: Sequence[tuple[str, float]] | None = None) -> None:
        """Add one stem's BM25F scores (text, then title with its boost; or the `fields`
        given) into `acc`; count the documents holding it (in the first field) in `hits`."""
        k1p1 = self.k1 + 1
        fields = self._fields(fields)
        for fname, boost in fields:
            if not boost or (fname, stem) not in reader:
                continue
            idf = searcher.idf(fname, stem) * boost * k1p1
            norm = seg.norms[fname]
            ids, weights = self._decoded(reader, fname, stem)
            if fname == fields[0][0]:
                for d, w in zip(ids, weights, strict=True):
                    acc[d] += idf * w / (w + norm[d])
                    hits[d] += 1
            else:
                for d, w in zip(ids, weights, strict=True):
                    acc[d] += idf * w / (w + norm[d])

def _require(np: Any, hits: Any, held: Any, needed: int) -> Any:
    """`hits` with the documents holding fewer than `needed` required keywords at 0."""
    if np is not None:
        hits[held < needed] = 0
        return hits
    keep = held.translate(bytes(255 if i >= needed else 0 for i in range(256)))
    return bytearray((int.from_bytes(hits, "big") & int.from_bytes(keep, "big"))
                     .to_bytes(len(hits), "big"))


def _docsets(searcher: Any, allowed: Any | None,
             excluded: Any | None) -> tuple[set[int] | None, set[int] | None]:
    """Without numpy: the global docnums of the filters and of the exclusions."""
    return (set(searcher.docs_for_query(allowed)) if allowed is not None else None,
            set(searcher.docs_for_query(excluded)) if excluded is not None else None)


def _restrict(hits: bytearray, seg: Segment, offset: int, allowed: set[int] | None,
              excluded: set[int] | None) -> bytearray:
    """`hits` with deleted, filtered-out and excluded documents set to 0."""
    drop = set(seg.deleted)
    if excluded:
        drop.update(g - offset for g in excluded if 0 <= g - offset < seg.doccount)
    if allowed is not None:
        keep = bytearray(seg.doccount)
        for g in allowed:
            if 0 <= g - offset < seg.doccount:
                keep[g - offset] = 255
        n = seg.doccount
        hits = bytearray((int.from_bytes(hits, "big") & int.from_bytes(keep, "big"))
                         .to_bytes(n, "big"))
    for d in drop:
        hits[d] = 0
    return hits
