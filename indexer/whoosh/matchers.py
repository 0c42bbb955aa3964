"""Two Whoosh query types of our own.

`SoftAnd`: the union of keyword clauses, where a document matching every clause gets a
bonus that ranks it above those matching only some (DESIGN.md, "Query semantics": keywords
find articles holding all of them first; questions in plain French keep their recall).

`VerifiedPhrase`: an exact phrase over the `text` field, which keeps no positions (a lean
index): candidates are the documents holding every word, then the phrase is checked on
the article text (read from the corpus) and the rest filtered out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from whoosh import matching, query

PHRASE_CHECK_LIMIT = 5_000  # candidates checked per segment; beyond, accepted unchecked


class SoftAnd(query.compound.CompoundQuery):  # type: ignore[misc]
    """Or of `subqueries`, plus `bonus` when all match (scores: bm25 + bonus)."""

    JOINT = " SOFTAND "

    def __init__(self, subqueries: list[Any], bonus: float = 1000.0, boost: float = 1.0):
        super().__init__(subqueries, boost=boost)
        self.bonus = bonus

    def _matcher(self, subs: list[Any], searcher: Any, context: Any) -> Any:
        children = [q.matcher(searcher, context) for q in subs]
        needed = len(children)
        active = [m for m in children if m.is_active()]
        if not active:
            return matching.NullMatcher()
        return SoftAndMatcher(active, needed, self.bonus)

    def normalize(self) -> Any:
        subs = [q.normalize() for q in self.subqueries]
        subs = [q for q in subs if q is not query.NullQuery]
        if not subs:
            return query.NullQuery
        if len(subs) == 1:
            return subs[0]
        return SoftAnd(subs, self.bonus, self.boost)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, SoftAnd) and self.subqueries == other.subqueries
                and self.bonus == other.bonus)

    def __hash__(self) -> int:
        return hash((tuple(self.subqueries), self.bonus))


class SoftAndMatcher(matching.Matcher):  # type: ignore[misc]
    """An n-ary union that knows how many of its children match the current document."""

    def __init__(self, children: list[Any], needed: int, bonus: float) -> None:
        self._children = children
        self._needed = needed
        self._bonus = bonus
        self._id = min(m.id() for m in children) if children else None

    def is_active(self) -> bool:
        return self._id is not None

    def id(self) -> int:
        return self._id  # type: ignore[return-value]

    def _settle(self) -> None:
        self._children = [m for m in self._children if m.is_active()]
        self._id = min((m.id() for m in self._children), default=None)

    def next(self) -> bool:
        current = self._id
        for m in self._children:
            if m.id() == current:
                m.next()
        self._settle()
        return False

    def skip_to(self, target: int) -> bool:
        for m in self._children:
            if m.id() < target:
                m.skip_to(target)
        self._settle()
        return False

    def score(self) -> float:
        current = self._id
        total = 0.0
        hits = 0
        for m in self._children:
            if m.id() == current:
                total += m.score()
                hits += 1
        if hits == self._needed:
            total += self._bonus
        return total

    def weight(self) -> float:
        current = self._id
        return float(sum(m.weight() for m in self._children if m.id() == current))

    def all_ids(self) -> Iterable[int]:
        while self._id is not None:
            yield self._id
            self.next()

    def supports(self, astype: str) -> bool:
        return all(m.supports(astype) for m in self._children)

    def supports_block_quality(self) -> bool:
        return False

    def max_quality(self) -> float:
        return float(sum(m.max_quality() for m in self._children)) + self._bonus

    def copy(self) -> SoftAndMatcher:
        return SoftAndMatcher([m.copy() for m in self._children], self._needed, self._bonus)

    def replace(self, minquality: float = 0) -> Any:
        if not self.is_active():
            return matching.NullMatcher()
        return self

    def children(self) -> list[Any]:
        return list(self._children)

    def term_matchers(self) -> Iterable[Any]:
        for m in self._children:
            yield from m.term_matchers()

    def matching_terms(self, id: int | None = None) -> Iterable[Any]:
        current = self._id if id is None else id
        for m in self._children:
            if m.is_active() and m.id() == current:
                yield from m.matching_terms(current)


# check(article ids) -> the ids whose text holds the phrase
PhraseCheck = Callable[[list[str], list[str]], set[str]]


class VerifiedPhrase(query.qcore.Query):  # type: ignore[misc]
    """Documents whose article text holds `stems` consecutively (stop words aside)."""

    def __init__(self, stems: list[str], check: PhraseCheck, boost: float = 1.0) -> None:
        self.stems = list(stems)
        self.check = check
        self.boost = boost
        self.fieldname = "text"
        self._cache: dict[int, set[int]] = {}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, VerifiedPhrase) and self.stems == other.stems

    def __hash__(self) -> int:
        return hash(("VerifiedPhrase", tuple(self.stems)))

    def __unicode__(self) -> str:
        return 'text:"' + " ".join(self.stems) + '"'

    __str__ = __unicode__

    def _inner(self) -> Any:
        return query.And([query.Term("text", s) for s in self.stems], boost=self.boost)

    def terms(self, phrases: bool = True) -> Iterable[tuple[str, str]]:
        for s in self.stems:
            yield ("text", s)

    def estimate_size(self, ixreader: Any) -> int:
        return int(self._inner().estimate_size(ixreader))

    def normalize(self) -> Any:
        return self

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        key = id(searcher.reader())
        allowed = self._cache.get(key)
        if allowed is None:
            allowed = self._verify(searcher)
            self._cache[key] = allowed
        if not allowed:
            return matching.NullMatcher()
        inner = self._inner().matcher(searcher, context)
        return matching.FilterMatcher(inner, allowed, exclude=False)

    def _verify(self, searcher: Any) -> set[int]:
        inner = self._inner().matcher(searcher, None)
        docnums = []
        for docnum in inner.all_ids():
            docnums.append(docnum)
        if not docnums:
            return set()
        reader = searcher.reader()
        ids_column = reader.column_reader("id")
        checked = docnums[:PHRASE_CHECK_LIMIT]
        ids = [_text(ids_column[d]) for d in checked]
        ok = self.check(ids, self.stems)
        allowed = {d for d, aid in zip(checked, ids, strict=True) if aid in ok}
        allowed.update(docnums[PHRASE_CHECK_LIMIT:])
        return allowed


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)
