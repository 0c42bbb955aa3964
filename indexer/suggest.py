"""'Did you mean': corrections built from the corpus's real words (as written, accents
and all), never from stems, word by word.

A query word is corrected when
- it is unknown to the corpus and a real word is close to it (`cimment` → `ciment`);
- it is rare (in at most RARE_DF articles) and a close word is far more common;
- or, next to another query word, a close word forms a pair the corpus writes side by
  side far more often (`hydrogene vers` → `hydrogène vert`: both words exist, but the
  articles say "hydrogène vert", not "hydrogène vers"). This needs reading a few
  articles (`Evidence`), so time-budgeted searches (each keystroke) skip it.

The other words stay as typed, or take their corpus spelling when it differs only by
accents (`hydrogene` → `hydrogène`), and the suggestion is offered even when the query
matched articles.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from indexer.analysis import DEFAULT_CHAIN, fold
from indexer.engine import TermStats

log = logging.getLogger(__name__)
MIN_LENGTH = 4       # shorter words are too ambiguous to correct
MAX_EDITS = 2
PREFIX = 2           # the first letters are rarely the mistaken ones, and this is 5x faster
RARE_DF = 2          # a word in at most this many articles may be a typo of a common one
COMMON_RATIO = 10    # ... when the close word is in this many times more articles
PAIR_MIN = 2         # a corrected pair must be written side by side in this many articles
PAIR_RATIO = 3       # ... and this many times more often than the pair as typed
PAIR_SAMPLE = 20     # articles read per pair (the first in index order)
MAX_CONTEXT_WORDS = 3  # longer queries (questions) skip the pair check


class Evidence(Protocol):
    """What the pair check asks: whether a headline holds terms side by side (an index
    lookup), and in how many of a sample of articles they are (reading them)."""

    def in_titles(self, stems: Sequence[str]) -> int: ...

    def side_by_side(self, stems: Sequence[str], enough: int) -> int: ...


def suggest(reader: TermStats, keywords: list[str], context: Evidence | None = None,
            query: str | None = None) -> str | None:
    """A corrected query when some keywords look mistyped, else None: `query` (default:
    the keywords) with each mistyped word replaced, everything else as typed. `reader`:
    the engine's term statistics."""
    fixes: dict[str, str] = {}
    for i, word in enumerate(keywords):
        best = _correct(reader, word)
        if best is None and context is not None and 1 < len(keywords) <= MAX_CONTEXT_WORDS:
            best = _correct_in_pair(reader, keywords, i, context)
        if best is not None and fold(best) != fold(word):
            fixes[word] = best
    if not fixes:
        return None
    for word in keywords:
        if word not in fixes and (spelled := _spelled(reader, word)) != word:
            fixes[word] = spelled
    return rewrite(query if query is not None else " ".join(keywords), fixes)


def rewrite(query: str, fixes: dict[str, str]) -> str:
    """`query` with each word of `fixes` (as a whole word) replaced."""
    import re

    for word, replacement in fixes.items():
        pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")
        match = pattern.search(query)
        if match is not None:
            query = query[:match.start()] + replacement + query[match.end():]
    return query


def _candidates(reader: TermStats, word: str,
                max_edits: int = MAX_EDITS) -> list[tuple[int, int, str]]:
    """Real words close to `word`: (distance, -articles, word), best first."""
    stem = DEFAULT_CHAIN.term(word)
    lowered = word.lower()
    try:
        found = list(reader.terms_within("words", lowered, max_edits, prefix=PREFIX))
    except Exception as exc:  # an index without the words field: no suggestions
        log.debug("suggestions unavailable: %s", exc)
        return []
    out = []
    for candidate in found:
        if candidate == lowered:
            continue
        other = DEFAULT_CHAIN.term(candidate)
        if other is None or other == stem:
            continue
        freq = reader.doc_frequency("text", other)
        if freq > 0 and not _inflection(fold(lowered), fold(candidate)):
            out.append((_distance(fold(lowered), fold(candidate)), -freq, candidate))
    return sorted(out)


_ENDINGS = frozenset(["e", "s", "x", "es", "ee", "ees", "ex"])


def _inflection(a: str, b: str) -> bool:
    """Whether `a` and `b` differ only by a gender or number ending (accompagnée,
    accompagné): another form of the word, not a typo."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and long[len(short):] in _ENDINGS


def _correctable(word: str) -> str | None:
    stem = DEFAULT_CHAIN.term(word)
    if stem is None or len(word) < MIN_LENGTH or not word.isalpha():
        return None
    return stem


def _correct(reader: TermStats, word: str) -> str | None:
    """The correction of an unknown or rare word, else None."""
    stem = _correctable(word)
    if stem is None:
        return None
    known = reader.doc_frequency("text", stem)
    if known > RARE_DF:
        return None
    candidates = _candidates(reader, word, MAX_EDITS if not known else 1)
    if not candidates:
        return None
    distance, minus_freq, best = candidates[0]
    if known and -minus_freq < COMMON_RATIO * known:
        return None
    return best


def _correct_in_pair(reader: TermStats, keywords: list[str], i: int,
                     evidence: Evidence) -> str | None:
    """A close word that the corpus writes next to a neighbouring query word far more
    often than the word as typed, else None."""
    word = keywords[i]
    stem = _correctable(word)
    if stem is None:
        return None
    pairs = []
    for j in (i - 1, i + 1):
        if 0 <= j < len(keywords) and (neighbour := DEFAULT_CHAIN.terms(keywords[j])):
            sequence = neighbour + [stem] if j < i else [stem] + neighbour
            if evidence.in_titles(sequence):
                return None  # a headline writes it so: no typo (and no reading)
            pairs.append((neighbour, j < i))
    typed_counts = []
    for neighbour, before in pairs:
        typed = evidence.side_by_side(_pair(neighbour, [stem], before), PAIR_MIN)
        if typed >= PAIR_MIN:
            return None  # the articles write it so next to a neighbour: no typo
        typed_counts.append(typed)
    options = [c for d, _, c in _candidates(reader, word, 1) if d == 1][:2] if pairs else []
    for (neighbour, before), typed in zip(pairs, typed_counts, strict=True):
        for option in options:
            other = DEFAULT_CHAIN.term(option)
            if other is None:
                continue
            need = max(PAIR_MIN, PAIR_RATIO * typed)
            if evidence.side_by_side(_pair(neighbour, [other], before), need) >= need:
                return option
    return None


def _pair(neighbour: list[str], stems: list[str], before: bool) -> list[str]:
    return neighbour + stems if before else stems + neighbour


def _spelled(reader: TermStats, word: str) -> str:
    """`word` as the corpus most often writes it when that differs only by accents
    (`hydrogene` → `hydrogène`), else as typed."""
    if not word.isalpha() or not word.isascii():
        return word
    lowered = word.lower()
    try:
        forms = [f for f in reader.terms_within("words", lowered, 2, prefix=PREFIX)
                 if f != lowered and fold(f) == lowered]
    except Exception:
        return word
    if not forms:
        return word
    counts = Counter({f: reader.doc_frequency("words", f) for f in forms})
    return str(counts.most_common(1)[0][0])


def _distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]
