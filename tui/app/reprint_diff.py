"""What a reprint added to or cut from a story's representative, sentence by sentence."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from corpus import Article

_SENTENCE = re.compile(r"(?<=[.!?…»])\s+(?=[«A-ZÀ-ÖØ-Þ0-9])")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Change:
    kind: str   # "ajouté", "coupé" or "identique"
    text: str


def sentences(article: Article) -> list[str]:
    """The lead and the body, as sentences (the unit a reprint cuts or adds)."""
    found: list[str] = []
    for block in (article.lead, *article.text.split("\n")):
        for sentence in _SENTENCE.split(block.strip()):
            clean = _SPACES.sub(" ", sentence).strip()
            if clean:
                found.append(clean)
    return found


def _key(sentence: str) -> str:
    """Typography aside: apostrophes, quotes, case and spaces do not make a change."""
    return _SPACES.sub(" ", sentence.replace("’", "'").replace("«", '"').replace("»", '"')
                       .replace("\u00a0", " ")).lower().strip()


def compare(base: Article, other: Article) -> list[Change]:
    """`other` against `base`: sentences it added, those it cut, the rest kept (in order)."""
    a, b = sentences(base), sentences(other)
    matcher = difflib.SequenceMatcher(a=[_key(s) for s in a], b=[_key(s) for s in b],
                                      autojunk=False)
    changes: list[Change] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            changes += [Change("identique", s) for s in b[j1:j2]]
            continue
        changes += [Change("coupé", s) for s in a[i1:i2]]
        changes += [Change("ajouté", s) for s in b[j1:j2]]
    return changes


def summary(changes: list[Change]) -> str:
    """`3 phrases ajoutées, 2 coupées, 14 identiques`."""
    from corpus.french import count, plural

    added = sum(c.kind == "ajouté" for c in changes)
    cut = sum(c.kind == "coupé" for c in changes)
    same = sum(c.kind == "identique" for c in changes)
    return (f"{count(added, 'phrase ajoutée', 'phrases ajoutées')}, "
            f"{cut} {plural(cut, 'coupée')}, {same} {plural(same, 'identique')}")
