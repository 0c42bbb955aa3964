"""Plain-text rendering of articles and dates for the terminal (no markup interpreted)."""

from __future__ import annotations

import shutil
import textwrap
import unicodedata
from datetime import datetime

from corpus import Article
from corpus.text import strip_controls

MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
)


def french_date(value: datetime | None, *, with_time: bool = False) -> str:
    """`12 mars 2025` (and `à 14h05` with `with_time`); empty for None."""
    if value is None:
        return ""
    text = f"{value.day} {MONTHS_FR[value.month - 1]} {value.year}"
    if with_time and (value.hour or value.minute):
        text += f" à {value.hour}h{value.minute:02d}"
    return text


def short_date(value: datetime | None) -> str:
    """`12/03/2025`, the compact French form for result lists."""
    return value.strftime("%d/%m/%Y") if value is not None else "          "


def safe(text: str) -> str:
    """Text from the web made safe for a terminal: no escape sequences, no controls."""
    return strip_controls(text)


def format_article_text(article: Article, width: int | None = None) -> str:
    """A whole article as wrapped plain text, for `veille show`."""
    width = width or min(shutil.get_terminal_size((100, 24)).columns, 100)
    lines = [safe(article.title) or "(sans titre)", ""]
    meta = [p for p in (
        article.source,
        french_date(article.published, with_time=True),
        f"par {article.author}" if article.author else "",
        "réservé aux abonnés (texte visible seulement)" if article.paywalled else "",
    ) if p]
    if meta:
        lines.append(safe(" · ".join(meta)))
    if article.modified and article.modified != article.published:
        lines.append(f"mis à jour le {french_date(article.modified, with_time=True)}")
    lines.append(safe(article.url))
    lines.append(f"id {safe(article.id)}")
    lines.append("")
    lines.extend(wrapped_body(article.lead, article.text, width))
    return "\n".join(lines)


def wrapped_body(lead: str, text: str, width: int) -> list[str]:
    """The lead and the paragraphs of `text`, wrapped to `width`, each followed by a blank."""
    lines: list[str] = []
    if lead:
        lines.extend(textwrap.wrap(safe(lead), width))
        lines.append("")
    for paragraph in safe(text).split("\n\n"):
        lines.extend(textwrap.wrap(paragraph, width) or [""])
        lines.append("")
    return lines


def fold(text: str) -> str:
    """Lowercase without accents, one character for one character (offsets are kept, so a
    match found in the folded text is at the same place in `text`): for highlighting."""
    return "".join(_fold_char(c) for c in text)


def _fold_char(char: str) -> str:
    if char.isascii():
        return char.lower()
    base = unicodedata.normalize("NFD", char)[0].lower()
    return base if len(base) == 1 else char.lower()
