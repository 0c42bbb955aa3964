"""The table of output formats: each registered once, with what it can write."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TextIO

from corpus import Article
from tui.formats import csvfile, digest, jsonl
from tui.formats.digest import Digest

if TYPE_CHECKING:
    from tui.review.model import Review

Kind = Literal["articles", "digest", "review"]
ArticlesWriter = Callable[[Iterable[Article], TextIO, Callable[[], object] | None,
                           dict[str, dict[str, object]] | None], int]
DigestWriter = Callable[[Digest, TextIO], None]
ReviewWriter = Callable[["Review", Path], None]


@dataclass(frozen=True)
class Format:
    """An output format. `name` is what `--format` takes (`aliases` too); `suffixes` are
    the file endings that ask for it, the first being the one given to new files."""

    name: str
    label: str
    suffixes: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    articles: ArticlesWriter | None = None   # whole articles, streamed (export)
    digest: DigestWriter | None = None       # a watch's digest (watch show)
    review: ReviewWriter | None = None       # a press review, to a file (review)

    def writes(self, kind: Kind) -> bool:
        return getattr(self, kind) is not None

    @property
    def suffix(self) -> str:
        return self.suffixes[0]


def _review_markdown(review: Review, path: Path) -> None:
    from tui.review.markdown import render_markdown

    path.write_text(render_markdown(review), encoding="utf-8")


def _review_html(review: Review, path: Path) -> None:
    from tui.review.html import render_html

    path.write_text(render_html(review), encoding="utf-8")


def _review_docx(review: Review, path: Path) -> None:
    from tui.review.docx import write_docx  # python-docx is imported only for a DOCX

    write_docx(review, path)


FORMATS: tuple[Format, ...] = (
    Format("text", "texte", (".txt",), digest=digest.write_text),
    Format("jsonl", "JSON Lines", (".jsonl", ".json", ".ndjson"),
           articles=jsonl.write_articles, digest=digest.write_jsonl),
    Format("csv", "CSV", (".csv",), articles=csvfile.write_articles),
    Format("markdown", "Markdown", (".md", ".markdown"), aliases=("md",),
           digest=digest.write_markdown, review=_review_markdown),
    Format("html", "HTML", (".html", ".htm"), review=_review_html),
    Format("docx", "Word (DOCX)", (".docx",), review=_review_docx),
)

_BY_NAME = {spelling: f for f in FORMATS for spelling in (f.name, *f.aliases)}


def get(name: str) -> Format:
    """The format `name` (or one of its aliases) names; KeyError for an unknown one."""
    return _BY_NAME[name]


def choices(kind: Kind, *, aliases: bool = False) -> tuple[str, ...]:
    """The names `--format` takes for `kind`, in the table's order (with their aliases)."""
    return tuple(spelling for f in FORMATS if f.writes(kind)
                 for spelling in ((f.name, *f.aliases) if aliases else (f.name,)))


def for_path(path: Path | str, kind: Kind) -> Format | None:
    """The format of `kind` that `path`'s suffix asks for, or None."""
    suffix = Path(path).suffix.lower()
    return next((f for f in FORMATS if f.writes(kind) and suffix in f.suffixes), None)


def write_articles(name: str, articles: Iterable[Article], out: TextIO,
                   advance: Callable[[], object] | None = None,
                   extras: dict[str, dict[str, object]] | None = None) -> int:
    """Write `articles` to `out` in the format `name`; how many were written. `extras`:
    more fields by article id (a story's, for `export --group`). ValueError for a format
    that does not write articles."""
    writer = get(name).articles
    if writer is None:
        raise ValueError(f"the {name} format does not write articles")
    return writer(articles, out, advance, extras)


def write_review(name: str, review: Review, path: Path) -> None:
    """Write `review` in the format `name` to `path`, atomically: replaced whole, or left
    as it was on failure. ValueError for a format that does not write reviews."""
    writer = get(name).review if name in _BY_NAME else None
    if writer is None:
        raise ValueError(f"unknown review format {name!r}")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    os.close(fd)
    try:
        writer(review, Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
