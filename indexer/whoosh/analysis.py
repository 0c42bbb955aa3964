"""The French analysis chain (`indexer.analysis.FrenchChain`) as Whoosh analyzers.

Whoosh pickles a schema's analyzers into the index: the classes here stay importable under
this module path (indexes built before the move name `indexer.analysis`, which resolves
them lazily).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Analyzer, Token
from whoosh.formats import Frequency
from whoosh.system import pack_uint

from indexer.analysis import TOKEN_RE, FrenchChain, fold


class FrenchAnalyzer(Analyzer):  # type: ignore[misc]
    """A Whoosh analyzer running `FrenchChain` (stemming and stop words by default).

    With `stem=False` and `stop=False` it gives the folded surface words (for suggestions
    and author names).
    """

    def __init__(self, stem: bool = True, stop: bool = True, fold: bool = True) -> None:
        self.chain = FrenchChain(stem=stem, stop=stop, fold=fold)

    def _key(self) -> tuple[bool, bool, bool]:
        return (self.chain.stem, self.chain.stop, self.chain.fold)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FrenchAnalyzer) and other._key() == self._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, mode: str = "", **kwargs: Any) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        term = self.chain.term
        pos = start_pos
        for m in TOKEN_RE.finditer(value):
            text = term(m.group())
            if text is None:
                if not removestops:
                    token.stopped = True
                    token.text = fold(m.group())
                    yield token
                    token.stopped = False
                continue
            token.text = text
            token.boost = 1.0
            if keeporiginal:
                token.original = m.group()
            if positions:
                token.pos = pos
                pos += 1
            if chars:
                token.startchar = start_char + m.start()
                token.endchar = start_char + m.end()
            yield token


class FastFrequency(Frequency):  # type: ignore[misc]
    """Whoosh's Frequency format, counting terms straight from a FrenchAnalyzer's chain
    (no Token objects per word): the same postings, written faster."""

    def word_values(self, value: str, analyzer: Any, **kwargs: Any) -> Any:
        if not isinstance(analyzer, FrenchAnalyzer):
            return super().word_values(value, analyzer, **kwargs)
        freqs: defaultdict[str, int] = defaultdict(int)
        term = analyzer.chain.term
        for raw, count in Counter(TOKEN_RE.findall(value)).items():  # each form once
            stem = term(raw)
            if stem is not None:
                freqs[stem] += count
        fb = self.field_boost
        return ((w, f, f * fb, pack_uint(f)) for w, f in freqs.items())


def french_analyzer() -> FrenchAnalyzer:
    """The full chain: elision, lowercase, folding, stop words, stemming."""
    return FrenchAnalyzer()


def name_analyzer() -> FrenchAnalyzer:
    """Elision, lowercase and folding only (author names: Hélène = helene)."""
    return FrenchAnalyzer(stem=False, stop=False)


def surface_analyzer() -> FrenchAnalyzer:
    """Elision and lowercase only: real words with their accents, for "did you mean"."""
    return FrenchAnalyzer(stem=False, stop=True, fold=False)
