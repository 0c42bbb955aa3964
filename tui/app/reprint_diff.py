"""What a reprint added to or cut from a story's representative, sentence by sentence."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from corpus import Article

_SENTENCE = re.compile(r"(?<=[.!?…»\"])\s+(?=[«\"A-ZÀ-ÖØ-Þ0-9])")
_SPACES = re.compile(r"\s+")
_QUOTES = re.compile(r"\s*[«»“”\"]\s*")


@dataclass(frozen=True)
class Change:
    kind: str   # "ajouté", "coupé", "déplacé" (kept, elsewhere) or "identique"
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
    text = _QUOTES.sub('"', sentence.replace("’", "'").replace("\u00a0", " "))
    return _SPACES.sub(" ", text).lower().strip()


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
    return _moves(changes)


def _moves(changes: list[Change]) -> list[Change]:
    """A sentence cut here and added there was moved: shown once, where the reprint has it."""
    cut = {_key(c.text) for c in changes if c.kind == "coupé"}
    added = {_key(c.text) for c in changes if c.kind == "ajouté"}
    moved = cut & added
    if not moved:
        return changes
    return [Change("déplacé", c.text) if c.kind == "ajouté" and _key(c.text) in moved else c
            for c in changes if not (c.kind == "coupé" and _key(c.text) in moved)]


def summary(changes: list[Change]) -> str:
    """`3 phrases ajoutées, 2 coupées, 1 déplacée, 14 identiques`."""
    from corpus.french import count, plural

    n = {kind: sum(c.kind == kind for c in changes)
         for kind in ("ajouté", "coupé", "déplacé", "identique")}
    moved = f", {n['déplacé']} {plural(n['déplacé'], 'déplacée')}" if n["déplacé"] else ""
    return (f"{count(n['ajouté'], 'phrase ajoutée', 'phrases ajoutées')}, "
            f"{n['coupé']} {plural(n['coupé'], 'coupée')}{moved}, "
            f"{n['identique']} {plural(n['identique'], 'identique')}")
