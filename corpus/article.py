"""The Article record and its JSON form (see DESIGN.md, "Article JSON")."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from corpus.datecheck import checked_date
from corpus.errors import BadArticle
from corpus.text import clean_line, clean_text
from corpus.urls import BadURL, article_id, canonical_url

JSON_FIELDS = (
    "id", "url", "title", "lead", "text", "published", "modified", "author", "authors",
    "source", "section", "tags", "language", "fetched_at", "paywalled", "agency",
)
AUTHOR_SEPARATOR = ", "   # `author` is `authors` joined with it


def split_authors(author: str) -> list[str]:
    """The names in a joined `author` string ("Claire Martin, Jean Dupont"), in order.

    A part of a single word ("Martin, Claire": surname, first name) is no name of its own
    unless it is an acronym ("AFP"): the string then stays one name.
    """
    whole = clean_line(author)
    parts = [clean_line(p) for p in author.replace(";", ",").split(",")]
    parts = [p for p in parts if p]
    if len(parts) > 1 and any(len(p.split()) < 2 and not p.isupper() for p in parts):
        return [whole]
    names: list[str] = []
    for name in parts:
        if name.casefold() not in (n.casefold() for n in names):
            names.append(name)
    return names


def parse_datetime(value: str | datetime | date | None) -> datetime | None:
    """An ISO 8601 string (or date/datetime) as a timezone-aware datetime; naive means UTC.

    Raises ValueError for anything unparsable.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        dt = datetime.fromisoformat(text)
    else:
        raise ValueError(f"pas une date : {value!r}")
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt


def format_datetime(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass
class Article:
    """One press article. `url` is canonical; `id` derives from it."""

    url: str
    text: str
    title: str = ""
    lead: str = ""
    published: datetime | None = None
    modified: datetime | None = None
    author: str = ""
    source: str = ""
    section: str = ""
    tags: list[str] = field(default_factory=list)
    language: str = ""
    fetched_at: datetime | None = None
    paywalled: bool = False    # only what the paywall leaves visible was stored
    id: str = ""
    # What was dropped on the way in (a date out of range): for the importer to report.
    notes: list[str] = field(default_factory=list, compare=False, repr=False)
    authors: list[str] = field(default_factory=list)   # `author` is them joined
    agency: str = ""   # the news agency the text credits ("MAP", "APS"...)

    def __post_init__(self) -> None:
        try:
            self.url = canonical_url(self.url)
        except BadURL as exc:
            raise BadArticle(str(exc)) from None
        self.id = article_id(self.url)
        self.text = clean_text(self.text)
        for name in ("title", "lead", "author", "source", "section", "language", "agency"):
            setattr(self, name, clean_line(getattr(self, name) or ""))
        self.tags = [t for t in (clean_line(str(tag)) for tag in self.tags) if t]
        self.notes = list(self.notes)
        names = [n for n in (clean_line(str(a)) for a in self.authors) if n]
        self.authors = split_authors(AUTHOR_SEPARATOR.join(names)) if names else \
            split_authors(self.author)
        if names:
            self.author = AUTHOR_SEPARATOR.join(self.authors)
        for name in ("published", "modified", "fetched_at"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, datetime) or value.tzinfo is None):
                try:
                    value = parse_datetime(value)
                except ValueError:
                    raise BadArticle(f"'{name}' n’est pas une date ISO 8601 : {value!r}") from None
            checked, note = checked_date(name, value)
            setattr(self, name, checked)
            if note is not None:
                self.notes.append(note)

    def content_hash(self) -> str:
        """A hash of what a reader sees: an unchanged hash means an unchanged article."""
        parts = [
            self.title, self.lead, self.text, self.author, self.section, "\x1f".join(self.tags),
            self.language, format_datetime(self.published) or "",
            format_datetime(self.modified) or "",
        ]
        if self.paywalled:      # (only then: the hash of every free article is unchanged)
            parts.append("paywalled")
        if self.agency:  # appended only when set: hashes of articles without one stay put
            parts.append(self.agency)
        return hashlib.sha1("\x1e".join(parts).encode("utf-8")).hexdigest()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "lead": self.lead,
            "text": self.text,
            "published": format_datetime(self.published),
            "modified": format_datetime(self.modified),
            "author": self.author,
            "authors": list(self.authors),
            "source": self.source,
            "section": self.section,
            "tags": list(self.tags),
            "language": self.language,
            "fetched_at": format_datetime(self.fetched_at),
            "paywalled": self.paywalled,
            "agency": self.agency,
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False)

    @classmethod
    def from_json(cls, data: Any) -> Article:
        """Build an Article from its JSON object; unknown keys are ignored.

        Raises BadArticle naming the field at fault.
        """
        if not isinstance(data, dict):
            raise BadArticle("pas un objet JSON")
        url = data.get("url")
        if not isinstance(url, str) or not url.strip():
            raise BadArticle("'url' manquant")
        text = data.get("text")
        if not isinstance(text, str) or not text.strip():
            raise BadArticle("'text' manquant")
        kwargs: dict[str, Any] = {"url": url, "text": text}
        for name in ("title", "lead", "author", "source", "section", "language", "agency"):
            value = data.get(name)
            if value is None:
                continue
            if not isinstance(value, str):
                raise BadArticle(f"'{name}' doit être une chaîne")
            kwargs[name] = value
        tags = data.get("tags")
        if tags is not None:
            if isinstance(tags, str):
                tags = [t.strip() for t in tags.split(",")]
            if not isinstance(tags, list):
                raise BadArticle("'tags' doit être une liste de chaînes")
            kwargs["tags"] = [str(t) for t in tags if t is not None]
        paywalled = data.get("paywalled")
        if paywalled is not None:
            if not isinstance(paywalled, bool):
                raise BadArticle("'paywalled' doit valoir true ou false")
            kwargs["paywalled"] = paywalled
        authors = data.get("authors")
        if authors is not None:
            if isinstance(authors, str):
                authors = split_authors(authors)
            if not isinstance(authors, list):
                raise BadArticle("'authors' doit être une liste de chaînes")
            kwargs["authors"] = [str(a) for a in authors if a is not None]
        for name in ("published", "modified", "fetched_at"):
            value = data.get(name)
            if value is None or value == "":
                continue
            try:
                kwargs[name] = parse_datetime(value)
            except (ValueError, TypeError):
                raise BadArticle(f"'{name}' n’est pas une date ISO 8601 : {value!r}") from None
        return cls(**kwargs)

    def replace(self, **changes: Any) -> Article:
        return dataclasses.replace(self, **changes)
