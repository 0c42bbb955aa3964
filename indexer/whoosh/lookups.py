"""Two lookups "did you mean" makes (indexer.suggest, indexer.evidence), done without
Whoosh's shortcuts that read far more than asked:

- `first_docs` (and `first_docs_with_all`): the first documents a query matches (every
  term of an `And`, a title phrase). Whoosh's `docs_for_query` of an `And` takes the
  intersection matcher's `all_ids`, which builds a set of each term's whole posting list
  (every document of a common word, at each keystroke of a mistyped word next to it)
  before the first document comes out; walking the matcher stops at `limit`. Same
  documents, in the same (ascending) order.
- `words_within`: the words within an edit distance of a word, sharing its first letters.
  On a multi-segment reader Whoosh computes the Damerau-Levenshtein distance of every
  word with the prefix, in Python; a word whose length differs by more than the distance
  cannot be within it and is passed over first. Same words, in the same order.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from whoosh import query as wq
from whoosh.query.qcore import TermNotFound
from whoosh.support.levenshtein import distance


def first_docs(searcher: Any, query: Any, limit: int | None) -> list[int]:
    """The docnums of the first `limit` documents (all of them for None) matching `query`,
    ascending (segment after segment, each in order), its matchers walked only that far."""
    found: list[int] = []
    for sub, offset in searcher.subsearchers or [(searcher, 0)]:
        if limit is not None and len(found) >= limit:
            break
        try:
            matcher = query.matcher(sub, sub.boolean_context())
        except TermNotFound:
            continue
        while matcher.is_active() and (limit is None or len(found) < limit):
            found.append(matcher.id() + offset)
            matcher.next()
    return found


def first_docs_with_all(searcher: Any, fieldname: str, terms: Sequence[str],
                        limit: int | None) -> list[int]:
    """The first `limit` documents holding every one of `terms` in `fieldname`."""
    return first_docs(searcher, wq.And([wq.Term(fieldname, t) for t in terms]), limit)


def words_within(reader: Any, fieldname: str, text: str, maxdist: int,
                 prefix: int = 0) -> Iterator[Any]:
    """`reader.terms_within(fieldname, text, maxdist, prefix)`, the same terms in the same
    order, each of them decoded from the field's bytes as Whoosh does."""
    if reader.is_atomic():   # a segment walks its word graph: already quick
        yield from reader.terms_within(fieldname, text, maxdist, prefix=prefix)
        return
    fieldobj = reader.schema[fieldname]
    size = len(text)
    for btext in reader.expand_prefix(fieldname, text[:prefix]):
        word = fieldobj.from_bytes(btext)
        if abs(len(word) - size) <= maxdist and distance(word, text, limit=maxdist) <= maxdist:
            yield word
