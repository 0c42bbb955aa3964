"""Author names: structured data, meta, rel=author, byline blocks ("Par Claire Martin")."""

from __future__ import annotations

import re

from bs4 import Tag

from corpus import strip_controls
from crawler.extraction.document import Index, attr_str, inside, squash
from crawler.extraction.text import text_of

_LABEL = re.compile(
    r"^\W*(?:(?:soumis|submitted|texte|text|textes|auteure?|autor(?:in)?|author|écrit|ecrit|"
    r"written|posted|publié|publie|rédigé|redige|redigé|reportage|propos recueillis|"
    r"interview|von|by|par|por|de la rédaction|un article de|article de|"
    r"(?:zeige |view )?(?:alle |all )?(?:beiträge|artikel|posts|articles) (?:von|by|de)|"
    r"eingestellt|geschrieben|verfasst|veröffentlicht)\b\s*(?:par|by|von|:)?\s*)+",
    re.IGNORECASE,
)
_GLUED_LABEL = re.compile(r"^(?:Author|Autor|Auteur|Von|By|Par)(?=[A-ZÀ-Ý][a-zà-ÿ])")
_CUT = re.compile(
    r"\s*(?:\||•|·|—|–|\s-\s|\bpubli[ée]|\bmis à jour|\bmise à jour|\bupdated\b|\bpublished\b|"
    r"\baktualisiert|\bveröffentlicht|\bposted\b|\bon\s+\d|\bam\s+\d|\bil y a\b|"
    r"\ble\s+(?:\d|1er|lun|mar|mer|jeu|ven|sam|dim)|"
    r"\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}|\bfollow\b|\bsuivre\b|\btwitter\b|"
    r"\bfacebook\b|\blinkedin\b|\bemail\b|\be-mail\b|\bcontact\b|\bmail\b|\n).*$",
    re.IGNORECASE | re.DOTALL,
)
_PLACE = re.compile(
    r",?\s+(?:à|a|en|au|aux|in|aus|at|depuis)\s+[A-ZÀ-Ý][\w’'.-]*(?:[\s-][A-ZÀ-Ý][\w’'.-]*)?\s*$"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|@\w+|https?://\S+")
_ROLE = re.compile(
    r",?\s*(?:journaliste|correspondante?|envoyée? spéciale?|rédact(?:eur|rice)(?: en chef)?|"
    r"reporter|photographe|chroniqueur|chroniqueuse|staff writer|senior (?:writer|editor)|"
    r"contributor|correspondent)\b.*$",
    re.IGNORECASE,
)
_BRACKETS = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*")
_DATEISH = re.compile(r"\d")
BYLINE_START = re.compile(
    r"^\s*(?:par|by|von|por|texte\s*:|text\s*:|soumis par|submitted by|posted by|"
    r"publié par|écrit par|written by|rédigé par)\s+\S",
    re.IGNORECASE,
)
_AUTHOR_CLASS = re.compile(
    r"author|byline|auteur|autor|signature|writer|journalist|redacteur|rédacteur|creator|"
    r"verfasser",
    re.IGNORECASE,
)
_NOT_AUTHOR_CLASS = re.compile(r"bio|avatar|description|about|comment|box|image|photo|img|"
                               r"more|other|list|related|social|follow", re.IGNORECASE)
_NOT_A_NAME = re.compile(
    r"\b(?:voir|tous les|toutes les|articles?|posts|beiträge|profil|profile|biograph\w*|"
    r"newsletter|abonnez|subscribe|follow|suivre)\b",
    re.IGNORECASE,
)
_GENERIC = {"admin", "administrator", "administrateur", "redaction", "rédaction", "staff",
            "editor", "webmaster", "guest", "anonymous", "anonyme", "unknown", "user"}


def clean_byline(text: str) -> str:
    """The names in a byline: no "Par", no dates, no e-mail, no place ("à Casablanca")."""
    text = squash(_EMAIL.sub(" ", strip_controls(text)))
    text = _LABEL.sub("", _GLUED_LABEL.sub("", text))
    text = _CUT.sub("", text)
    text = _BRACKETS.sub(" ", text)
    text = _ROLE.sub("", squash(text))
    text = _PLACE.sub("", squash(text))
    text = text.strip(" ,;:-–—|/")
    if not text or len(text) > 90 or len(text.split()) > 12 or _DATEISH.search(text):
        return ""
    if text.lower() in _GENERIC or not any(c.isalpha() for c in text) or _NOT_A_NAME.search(text):
        return ""
    return text


_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\+|/|\s(?:et|and|und|y|e|avec|with|mit)\s)\s*",
                         re.IGNORECASE)
MAX_AUTHORS = 6


def split_names(byline: str) -> list[str]:
    """The names in a cleaned byline: "Claire Martin et Jean Dupont" → two names.

    A part of a single word ("Martin, Claire" read as surname and first name, an initial)
    is no name of its own: the byline then stays one name.
    """
    parts = [p.strip(" .,;") for p in _NAME_SPLIT.split(byline)]
    parts = [p for p in parts if p]
    if len(parts) < 2 or any(len(p.split()) < 2 and not p.isupper() for p in parts):
        return [byline] if byline else []
    return parts


def join_names(names: list[str]) -> list[str]:
    """Cleaned, split and deduplicated names, in order (at most MAX_AUTHORS)."""
    seen: list[str] = []
    for raw in names:
        for name in split_names(clean_byline(raw)):
            if name.lower() not in (s.lower() for s in seen):
                seen.append(name)
    return seen[:MAX_AUTHORS]


def is_site_name(name: str, site: str) -> bool:
    a, b = name.lower().strip(), site.lower().strip()
    return bool(a) and bool(b) and (a == b or a in b or b in a and len(a) < len(b) + 3)


def from_page(index: Index, excluded: set[int]) -> str:
    """A byline in the page body: rel=author, author-ish class or itemprop."""
    for link in index.tags("a", "link", "span"):
        if "author" in attr_str(link, "rel").lower().split() and not inside(link, excluded):
            name = clean_byline(text_of(link, limit=200))
            if name:
                return name
    tried = 0
    for tag, names in index.named:
        if not _AUTHOR_CLASS.search(names) or _NOT_AUTHOR_CLASS.search(names):
            continue
        if inside(tag, excluded):
            continue
        name = clean_byline(_byline_text(tag))
        if name:
            return name
        tried += 1
        if tried >= 20:
            break
    for tag in index.itemprop:
        if attr_str(tag, "itemprop") in ("author", "creator") and not inside(tag, excluded):
            name = clean_byline(_byline_text(tag))
            if name:
                return name
    return ""


def _byline_text(tag: Tag) -> str:
    name = tag.find(attrs={"itemprop": "name"})
    if isinstance(name, Tag):
        return text_of(name, limit=200)
    link = tag.find("a")
    text = text_of(tag, limit=300)
    if isinstance(link, Tag) and len(text) > 60:
        return text_of(link, limit=200)
    return text


def from_text_lines(lines: list[str]) -> str:
    """A "Par Claire Martin" line among short blocks of the page's top."""
    for line in lines:
        if len(line) < 120 and BYLINE_START.match(line):
            name = clean_byline(line)
            if name:
                return name
    return ""
