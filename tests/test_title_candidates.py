"""Title spans found without compiling the query's pattern: the same starts as the regex.

`indexer.candidates.starts` walks the pattern piece by piece instead of compiling it; it
must give exactly the starts `pattern(keys).finditer` gives, on texts chosen for what
could tell them apart (case folding beyond ASCII, ligatures, elisions, runs of letters
longer than an elision, punctuation inside keys, empty keys)."""

from __future__ import annotations

import random
import re

import pytest

from indexer import candidates
from indexer.analysis import fold
from indexer.candidates import VARIANTS, accent_free, pattern, starts
from indexer.snippets import _matches, title_spans


def former_accent_free(stem: str) -> str:
    """The former `indexer.snippets.accent_free`, word for word."""
    ligatures = {"oe": "(?:oe|œ)", "ae": "(?:ae|æ)"}
    out = []
    i = 0
    while i < len(stem):
        pair = stem[i:i + 2]
        if pair in ligatures:
            out.append(ligatures[pair])
            i += 2
            continue
        char = stem[i]
        out.append(VARIANTS.get(char, re.escape(char)))
        i += 1
    return "".join(out)


def former_pattern(keys: tuple[str, ...]) -> str:
    alternatives = "|".join(former_accent_free(s) for s in sorted(keys, key=len, reverse=True))
    return r"(?<![\w'’.,])(?:[a-z]{1,6}['’])?(?:" + alternatives + ")"


TITLES = [
    "L’hydrogène vert : l'Énergie SOLAIRE au cœur de l’œuvre",
    "Œdipe, ŒUVRE, oeuvre, OEuvre, æther, Æsop, cæcum, coeur, cŒur",
    "Kelvin K, ſoleil, İstanbul, ıle, ǅemal, ǆ, ß, ẞ, ﬁnance, ＡＢＣ",
    "jusqu’à l’aube d'hier, aujourd’hui, quoiqu'il, prud'hommes, abcdefg'hij",
    "4.0 et 14,2 ; 1.000 t, fin.Début, a,b x'y ’z '' ‘ ’ l’",
    "— « Électrolyseurs » (électricité) : éléctro-mobilité / ÉNERGIES",
    "a---b -- c----d  e   f",
    "",
]
KEYS = [("hydrogen", "vert"), ("energi", "solair", "coeur", "oeuvr"), ("oe", "ae"),
        ("k", "s", "i", "dz", "ss"), ("aujourd'hui", "hier", "aub"), ("4.0", "14,2", "1"),
        ("electr", "energi"), ("",), ("", "fin"), ("a.b", "x'y", "-"), ("l'", "’z"),
        ("debut", "fin"), ("abcdefg", "hij", "cd"),
        ("--", " "), ("-", "  ")]


def _same(text: str, keys: tuple[str, ...]) -> None:
    assert pattern(keys).pattern == former_pattern(keys)
    expected = [m.start() for m in re.compile(former_pattern(keys), re.I).finditer(text)]
    assert list(starts(text, keys)) == expected, (text, keys)


@pytest.mark.parametrize("keys", KEYS)
def test_starts_are_the_regex_starts(keys: tuple[str, ...]) -> None:
    for text in TITLES:
        _same(text, keys)


def test_accent_free_is_unchanged() -> None:
    for stem in ("coeur", "oeoe", "aeo", "hydrogen", "a.b", "x'y", "l’", "éé", "", "ÿ"):
        assert accent_free(stem) == former_accent_free(stem)


PIECES = ["hydrogène", "Hydrogene", "HYDROGÈNE", "vert", "VERTE", "ouvert", "cœur", "COEUR",
          "Œuvre", "œ", "æ", "l'", "L’", "d’", "qu'", "jusqu’", "abcdefg'", "4.0", "14,2",
          "K", "ſ", "İ", "ı", "ǅ", "ß", "é", "É", "e\u0301", "x", "_", "ab"]
GLUE = [" ", "", "'", "’", ".", ",", "-", " — ", " « ", "\n", "(", ")", "/", "…", "\u00a0"]


def test_starts_are_the_regex_starts_on_random_titles() -> None:
    rng = random.Random(5)
    stems = ["hydrogen", "vert", "coeur", "oeuvr", "oe", "k", "s", "i", "ss", "ab", "4.0",
             "14", "l'", "x", "e", "abcdefg", "dz", ""]
    for _ in range(300):
        text = "".join(rng.choice(PIECES) + rng.choice(GLUE) for _ in range(rng.randint(1, 15)))
        keys = tuple(sorted(set(rng.sample(stems, rng.randint(1, 4)))))
        _same(text, keys)


def test_title_spans_are_those_of_the_compiled_pattern() -> None:
    rng = random.Random(9)
    for text in TITLES + ["".join(rng.choice(PIECES) + rng.choice(GLUE) for _ in range(12))
                          for _ in range(100)]:
        for stems, prefixes in ((("hydrogen", "vert"), ()), (("coeur",), ("oeuv",)),
                                ((), ("hydro", "ver")), (("energi",), ("ab",))):
            candidates._PATTERNS.clear()     # not compiled: found piece by piece
            spans = title_spans(text, stems, prefixes)
            expected = tuple((s, e) for s, e, _ in _matches(text, stems, prefixes))
            assert spans == expected
            assert title_spans(text, stems, prefixes) == expected   # compiled now
    title = "L’hydrogène vert, un cœur d’Énergie"
    spans = title_spans(title, {"hydrogen", "coeur"}, {fold("éner")})
    assert [title[s:e] for s, e in spans] == ["hydrogène", "cœur", "Énergie"]
