"""Agency credits: which news agency a text says it comes from ("(MAP)", "– APS", "avec AFP").

A credit is an agency name *in a credit position*: a dateline at the start of a paragraph
("Rabat, 3 mars (MAP) –", "Alger – APS –", "DAKAR (Reuters) -"), a trailer at the end of
one ("… du secteur. – APS", "… (avec AFP)"), a signature paragraph of its own ("Avec
Reuters", "Source : MAP"), or the byline ("La rédaction avec AFP"). An agency merely named
in running text ("selon l’agence Reuters", "la Maghreb Arabe Presse (MAP) rapporte") is a
source being quoted, not a credit; acronyms count only in capitals ("la MAP du projet",
"MAPPING" are not credits). Photo credits ("© AFP", "Photo : AFP") are not text credits.
"""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from corpus.article import Article

# Canonical short name -> the spellings that credit it. Acronyms are matched in capitals
# only; names and full names in any case.
_AGENCIES: dict[str, tuple[str, ...]] = {
    "MAP": ("MAP", "Maghreb Arabe Presse"),
    "APS": ("APS", "Algérie Presse Service", "Agence de presse sénégalaise"),
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "APA": ("APA", "Agence de presse africaine"),
    "AP": ("AP", "Associated Press"),
    "TAP": ("TAP", "Tunis Afrique Presse"),
    "AIP": ("AIP", "Agence ivoirienne de presse"),
    "ACP": ("ACP", "Agence congolaise de presse"),
    "ANP": ("ANP", "Agence nigérienne de presse"),
    "PANA": ("PANA", "Agence panafricaine de presse"),
    "ATS": ("ATS",),
    "DPA": ("DPA",),
    "EFE": ("EFE",),
    "ANSA": ("ANSA",),
    "Reuters": ("Reuters",),
    "Xinhua": ("Xinhua",),
    "Anadolu": ("Anadolu",),
    "Belga": ("Belga",),
    "Bloomberg": ("Bloomberg",),
    "Ecofin": ("Agence Ecofin",),
}


def _spelling(name: str) -> str:
    if name.isupper():
        return re.escape(name)
    pattern = re.escape(name).replace(r"\ ", r"\s+").replace(r"\-", r"[\s-]")
    return f"(?i:{pattern})"


_CANONICAL = {
    re.sub(r"[\s-]+", " ", spelling.casefold()): short
    for short, spellings in _AGENCIES.items() for spelling in spellings
}
_NAME = r"\b(?:" + "|".join(
    _spelling(s) for s in sorted((s for ss in _AGENCIES.values() for s in ss),
                                 key=len, reverse=True)
) + r")\b"
_NAME_RE = re.compile(_NAME)
_NAMES = rf"{_NAME}(?:\s*(?:/|,|&|\bet\b)\s*{_NAME})*"
_WITH = r"(?:(?i:avec)\s+(?:l['’]\s*)?)"
_DASH = r"[-–—]"
# A dateline: a place (a few words, capitalised first), optionally ", 3 mars [2026]".
_PLACE = r"[A-ZÀ-Þ][\w'’.-]*(?:\s+(?:[A-ZÀ-Þ][\w'’.-]*|de|du|des|el|es|al|sur|en)){0,3}?"
_DATE = r"(?:\s*,\s*(?:le\s+)?\d{1,2}(?:er)?\s+[a-zéû]+\.?(?:\s+\d{4})?)"
_DATELINE = re.compile(
    rf"^\s*(?P<place>{_PLACE}{_DATE}?)?\s*"
    rf"(?:\(\s*{_WITH}?(?P<a>{_NAMES})\s*\)|{_DASH}\s*(?P<b>{_NAMES})\s*(?={_DASH}|:))"
)
_LEADING = re.compile(rf"^\s*\(?\s*(?P<a>{_NAMES})\s*\)?\s*{_DASH}\s")
_TRAILER = re.compile(
    rf"(?:(?<=[.!?»”\"])\s*\(\s*{_WITH}?(?P<a>{_NAMES})\s*\)"
    rf"|\s{_DASH}\s*{_WITH}?(?P<c>{_NAMES}))\s*\.?\s*$"
)
_WITH_CREDIT = re.compile(rf"\(\s*{_WITH}(?P<a>{_NAMES})\s*\)")
_SIGNATURE = re.compile(
    rf"^\s*[(\[]?\s*(?:(?i:sources?|avec|par|d['’]après)\s*:?\s*(?:l['’]\s*)?)?"
    rf"(?P<a>{_NAMES})\s*[)\]]?\s*\.?\s*$"
)
_BYLINE = re.compile(
    rf"{_WITH}(?P<a>{_NAMES})|\(\s*(?P<b>{_NAMES})\s*\)|(?:/|{_DASH})\s*(?P<c>{_NAMES})\s*$"
)
# Words that show the "place" before a parenthesis is an agency's name, not a dateline.
_NOT_A_PLACE = re.compile(r"(?i)\b(?:agence|presse|press|service|news|selon)\b")
_PARAGRAPHS = re.compile(r"\n\s*\n|\n")


def _names(match: re.Match[str] | None) -> list[str]:
    if match is None:
        return []
    found: list[str] = []
    for group in ("a", "b", "c"):
        text = match.groupdict().get(group)
        if text:
            found += [canonical(m.group(0)) for m in _NAME_RE.finditer(text)]
    return found


def canonical(name: str) -> str:
    """The short name of an agency spelling ("Agence France-Presse" -> "AFP")."""
    return _CANONICAL.get(re.sub(r"[\s-]+", " ", name.casefold()), name)


_EDGE = 240  # credits sit at the edges of a paragraph: only those are searched


def _paragraph_credits(paragraph: str) -> list[str]:
    found: list[str] = []
    head, tail = paragraph[:_EDGE], paragraph[-_EDGE:]
    dateline = _DATELINE.match(head)
    if dateline and not _NOT_A_PLACE.search(dateline.group("place") or ""):
        found += _names(dateline)
    else:
        found += _names(_LEADING.match(head))
    signature = _SIGNATURE.match(paragraph) if len(paragraph) <= _EDGE else None
    found += _names(signature) or _names(_TRAILER.search(tail))
    for match in _WITH_CREDIT.finditer(paragraph):
        found += _names(match)
    return found


def credits(text: str, lead: str = "", author: str = "") -> list[str]:
    """The agencies credited by an article, in order of appearance, each once."""
    found: list[str] = []
    for block in (lead, text):
        for paragraph in _PARAGRAPHS.split(block):
            if paragraph.strip():
                found += _paragraph_credits(paragraph)
    if author.strip():
        found += _names(_SIGNATURE.match(author)) or _names(_BYLINE.search(author))
    return list(dict.fromkeys(found))


def detect_agency(text: str, lead: str = "", author: str = "") -> str:
    """The article's `agency` field: the credited agencies joined by ", " ("" for none)."""
    return ", ".join(credits(text, lead, author))


def with_agency(article: Article) -> Article:
    """`article` with its `agency` read from its credits when it has none (a copy; the
    article itself when nothing is found or it already has one)."""
    if article.agency:
        return article
    agency = detect_agency(article.text, article.lead, article.author)
    if not agency:
        return article
    article = copy.copy(article)
    article.agency = agency
    return article
