"""Where a query's words may begin in a text, whatever its accents, ligatures and case.

`pattern(keys)` is the regex the snippets search a text with (`indexer.snippets`): a
token start (not after a word character, an apostrophe, a dot or a comma), an optional
elision of up to six letters, then one of the keys (stems and prefixes) with each letter
standing for its accented forms and `oe`/`ae` for `œ`/`æ`, case ignored.

Compiling it costs ~1.5 ms (its letter classes hold characters beyond Latin-1), and each
keystroke of a typed query is a new query, while a title is read in a few microseconds.
`starts(text, keys)` gives the same starts as `pattern(keys).finditer(text)` without
compiling it: it tries the pattern's pieces in the regex's own order of trial, each
character checked by the one-character regex of its piece (compiled once for all
queries), so case folding and classes are the regex engine's own.
"""

from __future__ import annotations

import re
import unicodedata
from collections import OrderedDict
from collections.abc import Iterator
from functools import lru_cache


def _variant_classes() -> dict[str, str]:
    """For each ASCII letter, a regex class of it and its accented forms (e → [eéèêë…])."""
    variants: dict[str, set[str]] = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = unicodedata.normalize("NFKD", char)[0].lower()
        if base != char.lower() and base.isascii() and base.isalpha():
            variants.setdefault(base, set()).add(char)
    return {b: "[" + b + "".join(sorted(v)) + "]" for b, v in variants.items()}


VARIANTS = _variant_classes()
LIGATURE_FORMS = {"oe": ("oe", "œ"), "ae": ("ae", "æ")}
LIGATURES = {pair: "(?:" + "|".join(forms) + ")" for pair, forms in LIGATURE_FORMS.items()}
_BEFORE = r"[\w'’.,]"     # what a candidate may not follow
_ELISION_LETTER = "[a-z]"
_APOSTROPHE = "['’]"
_MAX_ELISION = 6


def accent_free(stem: str) -> str:
    """A regex matching `stem` whatever the accents, ligatures and case of the text."""
    return "".join("|".join("".join(form) for form in unit) if len(unit) == 1
                   else "(?:" + "|".join("".join(form) for form in unit) + ")"
                   for unit in _units(stem))


def pattern(keys: tuple[str, ...]) -> re.Pattern[str]:
    """Where a token starting (after an elision) with one of `keys` may begin.

    Snowball stems are prefixes of the folded word, so this finds every candidate; each
    is then checked through the analysis chain itself. The last `PATTERNS_KEPT` are kept.
    """
    found = _PATTERNS.get(keys)
    if found is None:
        alternatives = "|".join(accent_free(s) for s in sorted(keys, key=len, reverse=True))
        found = _PATTERNS[keys] = re.compile(
            f"(?<!{_BEFORE})(?:{_ELISION_LETTER}{{1,{_MAX_ELISION}}}{_APOSTROPHE})?"
            f"(?:{alternatives})", re.IGNORECASE)
        if len(_PATTERNS) > PATTERNS_KEPT:
            _PATTERNS.popitem(last=False)
    else:
        _PATTERNS.move_to_end(keys)
    return found


def compiled(keys: tuple[str, ...]) -> re.Pattern[str] | None:
    """`pattern(keys)` if it is compiled already (a search's snippets compiled it)."""
    return _PATTERNS.get(keys)


_PATTERNS: OrderedDict[tuple[str, ...], re.Pattern[str]] = OrderedDict()
PATTERNS_KEPT = 256


Unit = tuple[tuple[str, ...], ...]   # the forms a piece may take, each one regex a character


@lru_cache(maxsize=4096)
def _units(stem: str) -> tuple[Unit, ...]:
    """`stem` piece by piece: a ligature pair (its forms in the order tried), else one
    letter with its accented forms, else the character itself."""
    out: list[Unit] = []
    i = 0
    while i < len(stem):
        pair = stem[i:i + 2]
        if pair in LIGATURE_FORMS:
            out.append(tuple(tuple(form) for form in LIGATURE_FORMS[pair]))
            i += 2
            continue
        out.append(((VARIANTS.get(stem[i], re.escape(stem[i])),),))
        i += 1
    return tuple(out)


@lru_cache(maxsize=512)
def _one(source: str) -> re.Pattern[str]:
    return re.compile(source, re.IGNORECASE)


@lru_cache(maxsize=65536)
def _is(source: str, char: str) -> bool:
    """Whether the one-character regex `source` (case ignored) matches `char`."""
    return _one(source).match(char) is not None


def starts(text: str, keys: tuple[str, ...]) -> Iterator[int]:
    """The start of each match of `pattern(keys)` in `text`, as `finditer` gives them."""
    alternatives = [_units(k) for k in sorted(keys, key=len, reverse=True)]
    p = 0
    while p <= len(text):
        end = None
        if not (p and _is(_BEFORE, text[p - 1])):
            end = _match_end(text, p, alternatives)
        if end is None:
            p += 1
            continue
        yield p
        p = end if end > p else p + 1


def _match_end(text: str, p: int, alternatives: list[tuple[Unit, ...]]) -> int | None:
    """Where the regex's first successful path from `p` ends: with an elision (its letters
    cannot be apostrophes, so only the whole run of letters may precede one), then
    without, each key in the pattern's order."""
    n = len(text)
    run = 0
    while run <= _MAX_ELISION and p + run < n and _is(_ELISION_LETTER, text[p + run]):
        run += 1
    if 1 <= run <= _MAX_ELISION and p + run < n and _is(_APOSTROPHE, text[p + run]):
        for units in alternatives:
            end = _end(text, p + run + 1, units, 0)
            if end is not None:
                return end
    for units in alternatives:
        end = _end(text, p, units, 0)
        if end is not None:
            return end
    return None


def _end(text: str, q: int, units: tuple[Unit, ...], u: int) -> int | None:
    """Where `units[u:]` first match from `q` (backtracking into ligatures' forms)."""
    while u < len(units):
        unit = units[u]
        if len(unit) > 1:
            for form in unit:
                after = _form(text, q, form)
                if after is not None and (end := _end(text, after, units, u + 1)) is not None:
                    return end
            return None
        after = _form(text, q, unit[0])
        if after is None:
            return None
        q, u = after, u + 1
    return q


def _form(text: str, q: int, form: tuple[str, ...]) -> int | None:
    if q + len(form) > len(text):
        return None
    for j, source in enumerate(form):
        if not _is(source, text[q + j]):
            return None
    return q + len(form)
