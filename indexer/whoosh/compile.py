"""From the parsed query tree to a Whoosh query, through the French analysis chain."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from whoosh import query as wq

from indexer.analysis import DEFAULT_CHAIN, QUERY_CHAIN, FrenchChain, fold
from indexer.engine import Compiled as Compiled  # re-exported: the fast path builds one
from indexer.query import AnyOf, DateRange, Group, Node, ParsedQuery, Phrase, Word
from indexer.questions import trim
from indexer.ranking import Ranking
from indexer.whoosh.matchers import PhraseCheck, SoftAnd, VerifiedPhrase

NAME_CHAIN = FrenchChain(stem=False, stop=False)
MIN_PREFIX = 2


class Compiler:
    def __init__(self, ranking: Ranking, phrase_check: PhraseCheck,
                 field_terms: Callable[[str, str], list[str]] | None = None) -> None:
        self.ranking = ranking
        self.phrase_check = phrase_check
        self.field_terms = field_terms  # indexed values of a field equal to one, folded

    def prepare(self, parsed: ParsedQuery) -> tuple[ParsedQuery, bool]:
        """(the query as searched, whether it is ranked as a question): a question's
        scaffolding dropped (indexer.questions)."""
        trimmed, question = trim(parsed)
        if not self.ranking.scaffolding:
            trimmed = parsed
        return trimmed, question and self.ranking.question_soft

    def compile(self, parsed: ParsedQuery) -> Compiled:
        source = parsed
        parsed, question = self.prepare(parsed)
        out = Compiled(None, notes=list(parsed.notes), question=question, source=source)
        out.query = self._group(parsed.root, out, top=True)
        return out

    # -- groups ----------------------------------------------------------------------

    def _group(self, group: Group, out: Compiled, top: bool = False) -> Any | None:
        soft = [q for q in (self._node(n, out) for n in group.should) if q is not None]
        must = [q for q in (self._node(n, out) for n in group.must) if q is not None]
        unwanted = [q for q in (self._node(n, out, negated=True) for n in group.must_not)
                    if q is not None]
        if len(must) < len(group.must):
            return None  # a required clause that cannot match (only stop words, etc.)
        positive: list[Any] = list(must)
        if len(soft) > 1:
            if top and not out.question:
                strict = wq.And(must + soft)
                out.strict = _exclude(strict, unwanted)
            bonus = 0.0 if out.question else self.ranking.all_terms_bonus
            positive.append(SoftAnd(soft, bonus=bonus))
        elif soft:
            positive.append(soft[0])
        if not positive:
            if not unwanted:
                if top and (group.should or group.must):
                    out.notes.append("que des mots vides : rien à chercher")
                return None
            positive = [wq.Every()]
        result = positive[0] if len(positive) == 1 else wq.And(positive)
        return _exclude(result, unwanted)

    def node(self, node: Node, out: Compiled, negated: bool = False) -> Any | None:
        """One clause as a Whoosh query (None when it cannot match anything)."""
        return self._node(node, out, negated)

    def _node(self, node: Node, out: Compiled, negated: bool = False) -> Any | None:
        if isinstance(node, Word):
            return self._word(node, out, negated)
        if isinstance(node, Phrase):
            return self._phrase(node, out, negated)
        if isinstance(node, DateRange):
            return _date_range(node)
        if isinstance(node, AnyOf):
            options = [q for q in (self._node(n, out, negated) for n in node.options)
                       if q is not None]
            if not options:
                return None
            return options[0] if len(options) == 1 else wq.Or(options)
        return self._group(node, out)

    # -- leaves ----------------------------------------------------------------------

    def _word(self, word: Word, out: Compiled, negated: bool) -> Any | None:
        fieldname = word.field
        if fieldname in ("source", "tags", "section"):
            value = word.text if fieldname == "source" else word.text.lower()
            options = {value, value.lower()}
            if self.field_terms is not None:  # accents and case aside, as in the text
                options.update(self.field_terms(fieldname, value))
            terms = [wq.Term(fieldname, v) for v in sorted(options)]
            return terms[0] if len(terms) == 1 else wq.Or(terms)
        if fieldname == "author":
            names = NAME_CHAIN.terms(word.text)
            return _all([wq.Term("author", n) for n in names])
        if word.prefix:
            return self._prefix(word, out, negated)
        stems = QUERY_CHAIN.terms(word.text)
        if not stems:
            return None
        if not negated:
            out.highlight.update(stems)
            if fieldname is None:
                out.keywords.append(word.text)
        if fieldname == "title":
            return _all([wq.Term("title", s) for s in stems])
        return _all([self._text_term(s) for s in stems])

    def _text_term(self, stem: str) -> Any:
        boost = self.ranking.title_boost
        if not boost:
            return wq.Term("text", stem)
        return wq.Or([wq.Term("text", stem), wq.Term("title", stem, boost=boost)])

    def _prefix(self, word: Word, out: Compiled, negated: bool) -> Any | None:
        folded = fold(word.text)
        stem = DEFAULT_CHAIN.term(word.text) or folded
        base = stem if folded.startswith(stem) else folded
        if len(base) < MIN_PREFIX:
            out.notes.append(f"préfixe {word.text}* trop court : recherché comme un mot")
            return self._word(Word(word.text, word.field), out, negated)
        if not negated:
            out.prefixes.add(base)
        fieldname = "title" if word.field == "title" else "text"
        return wq.Prefix(fieldname, base)

    def _phrase(self, phrase: Phrase, out: Compiled, negated: bool) -> Any | None:
        if phrase.field in ("source", "tags", "section"):
            return self._word(Word(phrase.text, phrase.field), out, negated)
        if phrase.field == "author":
            names = NAME_CHAIN.terms(phrase.text)
            if len(names) <= 1:
                return _all([wq.Term("author", n) for n in names])
            return wq.Phrase("author", names)
        stems = QUERY_CHAIN.terms(phrase.text)
        if not stems:
            return None
        if not negated:
            out.highlight.update(stems)
        if len(stems) == 1:
            return self._word(Word(phrase.text, phrase.field), out, negated)
        if phrase.field == "title":
            return wq.Phrase("title", stems)
        return VerifiedPhrase(stems, self.phrase_check)


def _exclude(result: Any, unwanted: list[Any]) -> Any:
    if not unwanted:
        return result
    return wq.AndNot(result, unwanted[0] if len(unwanted) == 1 else wq.Or(unwanted))


def _all(queries: list[Any]) -> Any | None:
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else wq.And(queries)


def _date_range(node: DateRange) -> Any:
    start = _day_start(node.start) if node.start else None
    end = datetime.combine(node.end, time(23, 59, 59, 999999)) if node.end else None
    return wq.DateRange("published", start, end)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(0, 0))
