"""The index schema, and how an Article becomes an index document.

Lean by design (see docs/performance.md): `text` (title + lead + body + tags + section)
keeps term frequencies only, no positions; `title` keeps positions for title phrases;
display fields are stored, but the article text is not: snippets and body phrases read the
corpus, which is the source of truth and is always beside the index.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Token
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, FieldType, Schema
from whoosh.formats import Existence

from corpus import Article, date_problem
from indexer.filters import utc_naive
from indexer.whoosh.analysis import (
    FastFrequency,
    FrenchAnalyzer,
    french_analyzer,
    surface_analyzer,
)

# Bump when the schema or the analysis chain changes: an index with another version
# must be rebuilt (`veille index --rebuild`).
SCHEMA_VERSION = 2  # 2: AI/AS/EU/ES kept only as acronyms (capitals), not j’ai; the
#                     author field keeps its names apart (NamesAnalyzer)


class LeanCodec(W3Codec):  # type: ignore[misc]
    """Whoosh's codec without per-block length statistics in the postings.

    Whoosh looks up each posting's field length when writing a segment, only to record the
    shortest and longest document of every 128-posting block (used to skip blocks that
    cannot reach the top N, which almost never happens here; the fast path never does).
    Skipping the lookups makes writing faster; a block's length bounds then read as 0,
    which keeps its score bound an over-estimate: results are unchanged. The codec is
    pickled into the index, so it stays importable here.
    """

    length_stats = False


_NAME_BREAK = re.compile(r"[,;\n]")
NAME_GAP = 100   # positions between two names: no phrase spans two authors


class NamesAnalyzer(FrenchAnalyzer):
    """The author names' analyzer (folded words, no stemming) for a joined author string:
    each name ("Claire Martin, Jean Dupont") starts NAME_GAP positions after the previous
    one, so that `auteur:"Martin Jean"` matches no one while each name matches."""

    def __init__(self) -> None:
        super().__init__(stem=False, stop=False)

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, mode: str = "", **kwargs: Any) -> Iterator[Token]:
        pos, offset = start_pos, start_char
        for part in _NAME_BREAK.split(value):
            count = 0
            for token in super().__call__(part, positions, chars, keeporiginal, removestops,
                                          pos, offset, mode, **kwargs):
                count += 1
                yield token
            pos += count + NAME_GAP
            offset += len(part) + 1


def codec() -> LeanCodec:
    return LeanCodec()


def build_schema() -> Schema:
    french = french_analyzer()
    return Schema(
        id=ID(unique=True, stored=True, sortable=True),
        url=STORED(),
        title=TEXT(analyzer=french, phrase=True, stored=True),
        text=FieldType(FastFrequency(), french, scorable=True),
        author=TEXT(analyzer=NamesAnalyzer(), phrase=True, stored=True),
        source=ID(stored=True, sortable=True),
        section=KEYWORD(lowercase=True, commas=True),
        tags=KEYWORD(lowercase=True, commas=True),
        published=DATETIME(stored=True, sortable=True),
        year=ID(sortable=True),
        language=ID(),
        words=FieldType(Existence(), surface_analyzer()),
    )


def document(article: Article) -> dict[str, Any]:
    """The index document of an article."""
    body = "\n".join(p for p in (article.title, article.lead, article.text,
                                 " ".join(article.tags), article.section) if p)
    doc: dict[str, Any] = {"id": article.id, "url": article.url, "title": article.title,
                           "text": body, "words": f"{article.title}\n{article.lead}"}
    optional = {"author": article.author, "source": article.source,
                "section": article.section, "tags": ",".join(article.tags),
                "language": article.language}
    doc.update((name, value) for name, value in optional.items() if value)  # less to write
    # Articles are checked on the way in (corpus.datecheck); one stored by an older Veille
    # may still hold an absurd date: it is indexed without it rather than failing.
    if article.published is not None and date_problem(article.published) is None:
        doc["published"] = utc_naive(article.published)
        doc["year"] = f"{article.published.year:04d}"
    return doc
