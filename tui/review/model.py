"""What a press review holds: a title page, groups of articles, each with its excerpt."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from corpus import Article
from corpus.french import plural
from corpus.text import strip_controls
from tui.render import MONTHS_FR, fold

GROUPINGS = ("source", "theme")
EXCERPT_WORDS = 70          # an excerpt taken from the body is about this many words
OTHER_THEME = "Autres sujets"
_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)
_WORD = re.compile(r"\w+(?:[.,]\w+)*")
_SPACES = re.compile(r"\s+")

# An excerpt is a list of segments: (text, highlighted).
Segments = list[tuple[str, bool]]


@dataclass(frozen=True)
class ReviewItem:
    title: str
    source: str          # the source's display title
    published: datetime | None
    author: str
    url: str
    excerpt: Segments

    @property
    def date_fr(self) -> str:
        return french_day(self.published)


@dataclass(frozen=True)
class ReviewGroup:
    title: str
    items: list[ReviewItem]


@dataclass(frozen=True)
class Review:
    title: str
    subtitle: str                 # what it was made from
    made_on: date
    groups: list[ReviewGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(g.items) for g in self.groups)

    @property
    def span(self) -> str:
        """`du 3 mars 2025 au 5 juin 2026` over the dated articles ('' if none)."""
        dates = [i.published for g in self.groups for i in g.items if i.published]
        if not dates:
            return ""
        first, last = min(dates), max(dates)
        if first.date() == last.date():
            return f"le {french_day(first)}"
        return f"du {french_day(first)} au {french_day(last)}"

    @property
    def facts(self) -> str:
        """`12 articles publiés du 3 mars 2025 au 5 juin 2026` (the title page's line)."""
        n = self.count
        facts = f"{n} {plural(n, 'article')}"
        return f"{facts} {plural(n, 'publié')} {self.span}" if self.span else facts

    @property
    def made_on_fr(self) -> str:
        return french_day(self.made_on)


def french_day(value: date | datetime | None) -> str:
    """`1er mars 2025`, `12 mars 2025` ('' for None)."""
    if value is None:
        return ""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS_FR[value.month - 1]} {value.year}"


def clean(text: str | None) -> str:
    """Text from the web on one line, without control characters."""
    return _SPACES.sub(" ", strip_controls(text or "")).strip()


def build_review(articles: Iterable[Article], *, title: str, subtitle: str, made_on: date,
                 grouping: str = "source", titles: Mapping[str, str] | None = None,
                 words: Iterable[str] = (), snippets: Mapping[str, str] | None = None
                 ) -> Review:
    """Group `articles` (by source, or by theme: section, else first tag), newest first in
    each group; biggest groups first. `words` are highlighted; `snippets` (id → search
    snippet with `<mark>`) give the excerpt of an article whose lead says nothing of them."""
    if grouping not in GROUPINGS:
        raise ValueError(f"unknown grouping {grouping!r}")
    titles = titles or {}
    folded = {fold(w) for w in words if w}
    groups: dict[str, list[tuple[Article, ReviewItem]]] = {}
    for article in articles:
        source = titles.get(article.source) or clean(article.source)
        key = source if grouping == "source" else theme_of(article)
        excerpt = excerpt_of(article, folded, (snippets or {}).get(article.id, ""))
        item = ReviewItem(clean(article.title) or "(sans titre)", source, article.published,
                          clean(article.author), clean(article.url), excerpt)
        groups.setdefault(key, []).append((article, item))
    ordered = sorted(groups.items(),
                     key=lambda kv: (kv[0] == OTHER_THEME, -len(kv[1]), fold(kv[0])))
    out = []
    for key, pairs in ordered:
        pairs.sort(key=lambda p: p[0].published.timestamp() if p[0].published else 0,
                   reverse=True)
        out.append(ReviewGroup(key, [item for _, item in pairs]))
    return Review(clean(title), clean(subtitle), made_on, out)


def theme_of(article: Article) -> str:
    """The article's section, else its first tag, else « Autres sujets »."""
    for candidate in (article.section, *(article.tags or [])):
        text = clean(candidate)
        if text:
            return text[:1].upper() + text[1:]
    return OTHER_THEME


def excerpt_of(article: Article, words: set[str], snippet: str) -> Segments:
    """The lead when it holds a highlighted word (or when nothing is to be highlighted),
    else the search snippet, else the start of the body; words highlighted."""
    lead = clean(article.lead)
    if lead and (not words or _has_word(lead, words)):
        return highlight(lead, words)
    if snippet and _MARK.search(snippet):
        return _from_marks(clean(snippet))
    if lead:
        return highlight(lead, words)
    body = clean(article.text).split(" ")
    text = " ".join(body[:EXCERPT_WORDS]) + (" …" if len(body) > EXCERPT_WORDS else "")
    return highlight(text, words)


def highlight(text: str, words: set[str]) -> Segments:
    """`text` cut into segments, the whole-word occurrences of `words` (folded) marked."""
    if not words:
        return [(text, False)] if text else []
    folded = fold(text)
    segments: Segments = []
    pos = 0
    for match in _WORD.finditer(folded):
        if match.group() in words:
            if match.start() > pos:
                segments.append((text[pos:match.start()], False))
            segments.append((text[match.start():match.end()], True))
            pos = match.end()
    if pos < len(text):
        segments.append((text[pos:], False))
    return merge_runs(segments)


def merge_runs(segments: Segments) -> Segments:
    """Highlighted words separated only by spaces become one highlight (`**hydrogène
    vert**`, not `**hydrogène** **vert**`)."""
    out: Segments = []
    for text, hot in segments:
        if hot and len(out) >= 2 and out[-2][1] and not out[-1][1] and not out[-1][0].strip():
            space = out.pop()[0]
            out[-1] = (out[-1][0] + space + text, True)
        elif out and out[-1][1] == hot:
            out[-1] = (out[-1][0] + text, hot)
        else:
            out.append((text, hot))
    return out


def _has_word(text: str, words: set[str]) -> bool:
    return any(m.group() in words for m in _WORD.finditer(fold(text)))


def _from_marks(snippet: str) -> Segments:
    segments: Segments = []
    pos = 0
    for match in _MARK.finditer(snippet):
        if match.start() > pos:
            segments.append((_unmark(snippet[pos:match.start()]), False))
        segments.append((_unmark(match.group(1)), True))
        pos = match.end()
    if pos < len(snippet):
        segments.append((_unmark(snippet[pos:]), False))
    return merge_runs([s for s in segments if s[0]])


def _unmark(text: str) -> str:
    return text.replace("<mark>", "").replace("</mark>", "")


def marked_words(snippets: Iterable[str]) -> set[str]:
    """Words the search engine marked in snippets, folded (to highlight them elsewhere)."""
    found: set[str] = set()
    for snippet in snippets:
        for inner in _MARK.findall(snippet):
            found.update(fold(w) for w in _WORD.findall(inner))
    return found
