"""The seam between the search pipeline and a search engine.

The pipeline (`indexer.searching`, `indexer.update`) parses the query language, relaxes,
re-ranks, cuts snippets, suggests and counts; an engine stores the documents and answers
compiled queries. Whoosh is the one engine today (`indexer.whoosh`); a new engine
implements `Engine` (opening and building its index in a version directory), `Index` and
`Updater` (writing) and `SearchEngine` (reading), and passes tests/test_engine_contract.py.

Documents are numbered by the engine (`DocNum`): numbers are valid for one open
`SearchEngine` until its `refresh()` says something changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from corpus import Article
from indexer.query import ParsedQuery

DocNum = int
PhraseCheck = Callable[[list[str], list[str]], set[str]]  # (ids, stems) -> ids holding them


@dataclass(frozen=True)
class SearchFilters:
    """What every result must satisfy: one of `sources` (none: any), published within
    [`start`, `end`] (naive UTC datetimes, either end open), and within one of `periods`
    (none: any; closed (start, end) pairs, e.g. the years chosen in the workbench)."""

    sources: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    periods: tuple[tuple[datetime, datetime], ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.sources or self.start or self.end or self.periods)


@dataclass
class Compiled:
    """A query compiled by an engine: its query objects (opaque to the pipeline) and what
    the pipeline needs of it."""

    query: Any | None                  # None: the query matches nothing
    highlight: set[str] = field(default_factory=set)      # stems to mark in snippets
    prefixes: set[str] = field(default_factory=set)       # folded prefixes to mark
    notes: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)     # the words as typed (suggestions)
    strict: Any | None = None  # every keyword required: tried first, when there are several
    question: bool = False     # a question in plain French: ranked without the tier
    source: ParsedQuery | None = None  # the query as parsed (an engine may plan from it)


Candidate = tuple[DocNum, float, int]   # (document, score, tier: 1 holds every keyword)


@dataclass
class Matches:
    """An engine's answer: the result set's size and facets, and its first documents in
    order (relevance: by tier then score; date: newest first). Past the first `total`,
    candidates are only re-ranking material: the pipeline cuts the order at `total`."""

    candidates: list[Candidate]
    total: int
    all_terms: int
    relaxed: bool = False
    complete: bool = True     # False: the time budget cut matching short
    bounded: bool = False     # matching itself kept to the budget (re-rank at full depth)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    holds: Callable[[DocNum], bool] | None = None  # whether a document is in the set
    grown: int = 0            # candidates ranked beyond `want` for `grow`
    whole: bool = False       # `grow` asked, but the whole set was ranked instead


@dataclass(frozen=True)
class IndexedDoc:
    """The stored fields of one document (what a hit shows without the corpus)."""

    id: str
    url: str = ""
    title: str = ""
    source: str = ""
    published: datetime | None = None
    author: str = ""


class TermStats(Protocol):
    """Term statistics, for suggestions and more-like-this."""

    def doc_count(self) -> int: ...

    def doc_frequency(self, fieldname: str, term: str) -> int: ...

    def terms_within(self, fieldname: str, text: str, maxdist: int,
                     prefix: int = 0) -> Iterable[str]: ...


class SearchEngine(TermStats, Protocol):
    """One open index, for many searches (not thread-safe: the pipeline locks)."""

    def reopen(self, version: Path) -> None:
        """Open the index in `version` afresh, keeping what stays valid (caches of
        immutable data); FileNotFoundError when the version vanished meanwhile."""
        ...

    def up_to_date(self) -> bool:
        """False when the open version has new commits (`reopen` it)."""
        ...

    def close(self) -> None: ...

    def compile(self, parsed: ParsedQuery) -> Compiled: ...

    def search(self, compiled: Compiled, filters: SearchFilters, *, sort: str,
               want: int | None, depth: int, budget_ms: float | None,
               partial: bool | None, facets: bool = True,
               grow: Callable[[Callable[[DocNum], bool]], int] | None = None) -> Matches:
        """The result set of `compiled` within `filters`. `want` (None: all) plus `depth`
        (re-ranking) bound how many candidates come back: at least min(total, max(want,
        depth)). Relaxation as `indexer.ranking.relaxes` says, `partial` forcing it.
        `budget_ms`: an engine may stop matching then (`complete` False).
        `grow(holds)` (reprint grouping): given whether a document is in the set, how many
        more than `want` to rank (`grown`, and `holds` in the answer); an engine that
        cannot tell ranks the whole set instead (`whole`)."""
        ...

    def similar(self, terms: Sequence[tuple[str, float]], exclude_id: str,
                want: int) -> Matches:
        """Documents holding some of `terms` (stem, weight), scored, `exclude_id` left
        out (more-like-this)."""
        ...

    def stored(self, docs: Sequence[DocNum]) -> list[IndexedDoc]: ...

    def ids(self, docs: Sequence[DocNum]) -> list[str]: ...

    def docnum(self, article_id: str) -> DocNum | None: ...

    def idf(self, term: str) -> float:
        """The text field's idf of `term` (as the ranking weighs it)."""
        ...

    def titles_with_phrase(self, stems: Sequence[str], limit: int | None = None) -> int:
        """How many titles hold `stems` side by side (counting stops at `limit`: two
        common words over a million headlines are a long walk)."""
        ...

    def docs_with_all(self, stems: Sequence[str], limit: int | None = None) -> list[DocNum]:
        """The documents whose text holds every stem, in index order (the first `limit`,
        without walking the rest)."""
        ...


class Updater(Protocol):
    """Writes into an existing index; `commit()` may be called several times."""

    def known(self, article_id: str) -> bool:
        """Whether the index held `article_id` when the updater was opened."""
        ...

    def delete(self, article_id: str) -> None: ...

    def add(self, article: Article) -> None:
        """Index one article; raises on one it cannot index (nothing is then added)."""
        ...

    def commit(self) -> None: ...

    def cancel(self) -> None:
        """Drop what was written since the last commit."""
        ...

    def close(self) -> None: ...


class Index(Protocol):
    """One version directory of an engine's index, for writing and counting."""

    def doc_count(self) -> int: ...

    def updater(self) -> Updater: ...

    def builder(self, procs: int) -> Updater:
        """A writer for a fresh index (`procs` > 1: several writer processes)."""
        ...

    def close(self) -> None: ...


class Engine(Protocol):
    """An engine: builds, opens and searches its index in a version directory."""

    name: str
    schema_version: int   # bump when an index must be rebuilt (`veille index --rebuild`)

    def create(self, version: Path) -> Index: ...

    def open(self, version: Path) -> Index:
        """Open an index for writing or counting; IndexCorrupt when it is damaged."""
        ...

    def prepare(self, version: Path) -> None:
        """What is done once a version is written and its state saved, so that searches
        read it fast (Whoosh: the postings files of its big segments). Safe to interrupt
        and to repeat; IndexCorrupt when the version is damaged."""
        ...

    def searcher(self, version: Path, ranking: Any, phrase_check: PhraseCheck) -> SearchEngine:
        """Open an index for searching with `ranking` (indexer.ranking.Ranking);
        FileNotFoundError when the version vanished, IndexCorrupt when damaged."""
        ...


def default_engine() -> Engine:
    """The engine Veille searches with (Whoosh)."""
    from indexer.whoosh import WHOOSH

    return WHOOSH
