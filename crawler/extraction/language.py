"""The page's language: declared (lang attribute, meta, JSON-LD) or guessed from stop words."""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœæß]+")
STOPWORDS = {
    "fr": frozenset("le la les des du de un une et est dans pour que qui sur au aux avec par "
                    "pas plus ce cette ont été sont leur mais ou où nous vous elle il ils".split()),
    "en": frozenset("the of and to in is that for it with as was on are be by this have from "
                    "at which or an not but they has were their been".split()),
    "de": frozenset("der die das und ist nicht ein eine zu den von mit sich des auf für im "
                    "dem auch es an als wird werden sind bei oder nach aus einer".split()),
    "es": frozenset("el la los las de y en que del se por con para una un es su al lo como "
                    "más pero sus le ya o este".split()),
}


def normalise(code: str) -> str:
    """'fr-FR', 'fr_FR', 'French' → 'fr'; '' when it does not look like a language code."""
    code = code.strip().lower().replace("_", "-")
    names = {"french": "fr", "français": "fr", "english": "en", "german": "de", "deutsch": "de"}
    if code in names:
        return names[code]
    head = code.split("-", 1)[0].split(",", 1)[0].strip()
    return head if re.fullmatch(r"[a-z]{2,3}", head) else ""


def detect(text: str) -> str:
    """A cheap guess from stop-word counts in the first few thousand characters."""
    words = _WORD.findall(text[:5_000].lower())
    if len(words) < 8:
        return ""
    counts = {lang: sum(1 for w in words if w in stop) for lang, stop in STOPWORDS.items()}
    lang, best = max(counts.items(), key=lambda item: item[1])
    return lang if best >= max(3, len(words) * 0.08) else ""
