"""The bundled demo material: articles written for Veille and the judged queries over them.

The articles live as package data in `tui/demo/articles/*.jsonl`, one JSON object per line
(`slug`, `site`, `title`, `lead`, `body` as a list of paragraphs, `author`, `published`,
`modified`, `section`, `tags`, `language`); the judged queries in
`tui/demo/judged-queries*.jsonl` (`query`, `expected` as `site/slug` keys, `kind`,
`sources`, `since`, `until`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from corpus.article import Article, parse_datetime
from corpus.errors import CorpusError

ARTICLE_FIELDS = ("slug", "site", "title", "lead", "body", "author", "published")


class DemoDataError(CorpusError):
    """A demo data file is missing or holds a malformed line (names the file and line)."""


@dataclass(frozen=True)
class DemoArticle:
    """One article of the demo corpus, as written (before any site renders it)."""

    slug: str
    site: str
    title: str
    lead: str
    body: tuple[str, ...]
    author: str
    published: datetime
    modified: datetime | None
    section: str
    tags: tuple[str, ...]
    language: str

    @property
    def key(self) -> str:
        """`site/slug`: how judged queries name an article."""
        return f"{self.site}/{self.slug}"

    @property
    def last_change(self) -> datetime:
        return self.modified or self.published

    @property
    def text(self) -> str:
        return "\n\n".join(self.body)

    def to_article(self, url: str, *, fetched_at: datetime | None = None) -> Article:
        """The corpus Article a perfect crawl of `url` would store."""
        return Article(
            url=url, text=self.text, title=self.title, lead=self.lead,
            published=self.published, modified=self.modified, author=self.author,
            source=self.site, section=self.section, tags=list(self.tags),
            language=self.language, fetched_at=fetched_at,
        )


@dataclass(frozen=True)
class JudgedQuery:
    """A query over the demo corpus and the articles that must come first for it."""

    query: str
    expected: tuple[str, ...]
    kind: str
    sources: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None


def data_dir() -> Traversable:
    """The packaged demo data directory (`tui/demo`)."""
    return resources.files("tui.demo")


def load_articles(directory: Path | Traversable | None = None) -> list[DemoArticle]:
    """Every demo article, sorted by site then publication date.

    `directory` holds the `*.jsonl` files (default: the packaged `articles/` directory).
    Raises DemoDataError on a malformed line or a slug used twice on one site.
    """
    folder = directory if directory is not None else data_dir() / "articles"
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".jsonl")),
                   key=lambda f: f.name)
    if not files:
        raise DemoDataError(f"no demo articles (*.jsonl) in {folder}")
    articles: list[DemoArticle] = []
    seen: set[str] = set()
    for file in files:
        for lineno, obj in _json_lines(file):
            article = _article(obj, f"{file.name}:{lineno}")
            if article.key in seen:
                raise DemoDataError(f"{file.name}:{lineno}: {article.key} appears twice")
            seen.add(article.key)
            articles.append(article)
    articles.sort(key=lambda a: (a.site, a.published, a.slug))
    return articles


def load_judged_queries(directory: Path | Traversable | None = None) -> list[JudgedQuery]:
    """The judged queries of every `judged-queries*.jsonl` file in `directory`."""
    folder = directory if directory is not None else data_dir()
    files = sorted((f for f in folder.iterdir()
                    if f.name.startswith("judged-queries") and f.name.endswith(".jsonl")),
                   key=lambda f: f.name)
    queries = []
    for file in files:
        for lineno, obj in _json_lines(file):
            queries.append(_judged(obj, f"{file.name}:{lineno}"))
    return queries


def slugify(text: str) -> str:
    """`Énergie & Mines` -> `energie-mines`: ASCII, lowercase, hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "divers"


def _json_lines(file: Path | Traversable) -> Iterator[tuple[int, Any]]:
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DemoDataError(f"cannot read {file.name}: {exc}") from None
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield lineno, json.loads(line)
        except json.JSONDecodeError as exc:
            raise DemoDataError(f"{file.name}:{lineno}: not JSON ({exc.msg})") from None


def _article(obj: Any, where: str) -> DemoArticle:
    if not isinstance(obj, dict):
        raise DemoDataError(f"{where}: not a JSON object")
    missing = [name for name in ARTICLE_FIELDS if not obj.get(name)]
    if missing:
        raise DemoDataError(f"{where}: missing {', '.join(missing)}")
    body = obj["body"]
    if not isinstance(body, list) or not all(isinstance(p, str) and p.strip() for p in body):
        raise DemoDataError(f"{where}: 'body' must be a list of non-empty paragraphs")
    slug = str(obj["slug"])
    if slugify(slug) != slug:
        raise DemoDataError(f"{where}: slug {slug!r} is not a URL slug")
    return DemoArticle(
        slug=slug, site=str(obj["site"]), title=str(obj["title"]), lead=str(obj["lead"]),
        body=tuple(p.strip() for p in body), author=str(obj["author"]),
        published=_date(obj["published"], where, "published"),
        modified=_date(obj.get("modified"), where, "modified") if obj.get("modified") else None,
        section=str(obj.get("section") or "Actualité"),
        tags=tuple(str(t) for t in _list(obj.get("tags"), where, "tags")),
        language=str(obj.get("language") or "fr"),
    )


def _judged(obj: Any, where: str) -> JudgedQuery:
    if not isinstance(obj, dict):
        raise DemoDataError(f"{where}: not a JSON object")
    query = obj.get("query")
    if not isinstance(query, str) or not query.strip():
        raise DemoDataError(f"{where}: missing 'query'")
    expected = _list(obj.get("expected"), where, "expected")
    if not expected or not all(isinstance(e, str) and e.count("/") == 1 for e in expected):
        raise DemoDataError(f"{where}: 'expected' must list 'site/slug' keys")
    since, until = obj.get("since"), obj.get("until")
    return JudgedQuery(
        query=query, expected=tuple(expected), kind=str(obj.get("kind") or "keywords"),
        sources=tuple(str(s) for s in _list(obj.get("sources"), where, "sources")),
        since=_date(since, where, "since") if since else None,
        until=_date(until, where, "until") if until else None,
    )


def _list(value: Any, where: str, name: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise DemoDataError(f"{where}: '{name}' must be a list")
    return value


def _date(value: Any, where: str, name: str) -> datetime:
    if isinstance(value, str) and re.fullmatch(r"\d{4}(-\d{2})?", value.strip()):
        value = value.strip() + ("-01-01" if len(value.strip()) == 4 else "-01")
    try:
        parsed = parse_datetime(value)
    except (ValueError, TypeError):
        parsed = None
    if parsed is None:
        raise DemoDataError(f"{where}: '{name}' is not an ISO 8601 date: {value!r}")
    return parsed


def by_key(articles: Iterable[DemoArticle]) -> dict[str, DemoArticle]:
    return {a.key: a for a in articles}
