"""'Did you mean': corrections built from the corpus's real words (as written, accents
and all), never from stems."""

from __future__ import annotations

import logging
from typing import Any

from indexer.analysis import DEFAULT_CHAIN, fold

log = logging.getLogger(__name__)
MIN_LENGTH = 4       # shorter words are too ambiguous to correct
MAX_EDITS = 2
PREFIX = 2           # the first letters are rarely the mistaken ones, and this is 5x faster


def suggest(searcher: Any, keywords: list[str]) -> str | None:
    """A corrected query when some keywords are unknown to the corpus, else None."""
    reader = searcher.reader()
    changed = False
    words: list[str] = []
    for word in keywords:
        best = _correct(reader, word)
        if best is not None and fold(best) != fold(word):
            words.append(best)
            changed = True
        else:
            words.append(word)
    return " ".join(words) if changed else None


def _correct(reader: Any, word: str) -> str | None:
    stem = DEFAULT_CHAIN.term(word)
    if stem is None or len(word) < MIN_LENGTH or not word.isalpha():
        return None
    known = reader.doc_frequency("text", stem)
    if known:
        return None  # a real word of the corpus: not a typo
    lowered = word.lower()
    candidates: list[tuple[int, int, str]] = []
    try:
        found = list(reader.terms_within("words", lowered, MAX_EDITS, prefix=PREFIX))
    except Exception as exc:  # an index without the words field: no suggestions
        log.debug("suggestions unavailable: %s", exc)
        return None
    for candidate in found:
        if candidate == lowered:
            continue
        other = DEFAULT_CHAIN.term(candidate)
        if other is None or other == stem:
            continue
        freq = reader.doc_frequency("text", other)
        if freq > 0:
            distance = _distance(fold(lowered), fold(candidate))
            candidates.append((distance, -freq, candidate))
    if not candidates:
        return None
    candidates.sort()
    return candidates[0][2]


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
