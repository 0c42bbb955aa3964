"""Reprint grouping at query time: one hit per story (corpus/stories.py), engine-neutral.

A search's *result set* (indexer.ranking) is a list of articles in a total order. Grouped,
its hits are *stories*: the articles of the set that belong to one story group collapse
into one hit, in the same total order, so pages stay disjoint and an offset walk covers
every story exactly once:

- the story is *represented* by its earliest published article in the set (undated ones
  last, then the better ranked); when the researcher prefers sources (`prefer`, in order),
  by the earliest article of the first preferred source present in the story;
- the other articles of the story in the set are its `reprints`, earliest first;
- the story takes a place in the order: where its best-ranked article stands for a
  relevance sort, where its representative stands for a date sort (so that the date shown
  is the date the list is sorted by);
- `total` counts stories; the articles stay counted apart (`articles`). A facet value
  counts the stories holding an article with that value: the number of stories the same
  search filtered on that value would find (a story reprinted by two sources counts once
  under each, so a facet's counts may add up to more than `total`).

Only articles of stories of two or more articles in the corpus can collapse, and they are
few: the story of every other article is itself. The map of those grouped articles is read
from the store and kept while the store is unchanged (`StoryMap`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Protocol, TypeVar

from indexer.results import Hit, Reprint, SearchResult

_FAR = datetime.max.replace(tzinfo=UTC)
K = TypeVar("K", str, int)   # what names an article: its id, or its docnum in an index


class StoryStore(Protocol):
    """What grouping reads of the corpus store (corpus.Store)."""

    def grouped_stories(self) -> dict[str, int]: ...
    def data_version(self) -> int: ...
    def stories_of(self, ids: Iterable[str]) -> dict[str, int]: ...
    def story_sizes(self, story_ids: Iterable[int]) -> dict[int, int]: ...


class StoryMap:
    """Article id -> story id for the articles sharing their story with another, read
    from the store again whenever the store changed since the last read."""

    def __init__(self, store: StoryStore) -> None:
        self._store = store
        self._version: int | None = None
        self._map: dict[str, int] = {}

    def get(self) -> dict[str, int]:
        version = self._store.data_version()
        if version != self._version:
            self._map = self._store.grouped_stories()
            self._version = version
        return self._map

    def forget(self) -> None:
        self._version = None


class StoryDocs:
    """The engine's side of a StoryMap: which documents of an index version are articles
    of a story with reprints, and how many of a result set's articles fold away."""

    def __init__(self, story_map: StoryMap, docnums: Callable[[list[str]], dict[str, int]],
                 describe: Callable[[list[int]], dict[int, tuple[str, str]]]) -> None:
        self.map = story_map
        self._docnums_of = docnums
        self._describe = describe
        self._docnums: dict[str, int] | None = None   # grouped article id -> docnum
        self._source: dict[str, int] | None = None
        self._stories: dict[int, int] = {}            # docnum -> story, grouped articles
        self.info: dict[int, tuple[str, str, str]] = {}  # docnum -> id, source, year

    def forget(self) -> None:
        """A new index version: docnums changed."""
        self._docnums = self._source = None

    def by_docnum(self) -> dict[int, int]:
        grouped = self.map.get()
        if self._source is not grouped or self._docnums is None:
            self._docnums = docnums = self._docnums_of(list(grouped))
            self._stories = {docnums[aid]: story for aid, story in grouped.items()
                             if aid in docnums}
            described = self._describe(list(self._stories))
            self.info = {docnums[aid]: (aid, *described[docnums[aid]])
                         for aid in grouped if aid in docnums}
            self._source = grouped
        return self._stories

    def duplicates(self, holds: Callable[[int], bool]) -> int:
        """Articles of a result set (`holds`) that fold into another's story: a look at
        each article of a story with reprints, whatever the size of the set."""
        found = [story for d, story in self.by_docnum().items() if holds(d)]
        return len(found) - len(set(found))

    def rest(self, ranked: list[tuple[int, float]], holds: Callable[[int], bool] | None,
             total: int) -> list[tuple[int, float]]:
        """The articles of the set (`holds`, `total` of them) beyond the ranked prefix that
        belong to a story with reprints (what grouping needs to know of them), by docnum."""
        if holds is None or len(ranked) >= total:
            return []
        seen = {d for d, _ in ranked}
        return [(d, 0.0) for d in sorted(self.by_docnum()) if d not in seen and holds(d)]


@dataclass(frozen=True)
class Member:
    """What grouping needs to know of an article of a story with reprints."""

    source: str
    year: str | None
    published: datetime | None


@dataclass(frozen=True)
class Entry:
    """One hit of a grouped result: positions in the article order of the set."""

    lead: int                        # the representative
    story: int | None                # its story id (None: alone in its story)
    others: tuple[int, ...] = ()     # the reprints, earliest first
    best: int | None = None          # the story's best-ranked article, when not the lead


@dataclass
class Grouping:
    entries: list[Entry]
    articles: int                    # articles of the set (the entries' and their reprints')
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    folded: int = 0                  # articles folded into another's story

    @property
    def stories(self) -> int:
        """Stories of the set (an estimate when a time budget cut it: each article it
        left out counted as a story)."""
        return self.articles - self.folded


def shared_stories(ids: Sequence[K], stories: Mapping[K, int]) -> dict[int, list[int]]:
    """Story -> positions in `ids`, for the stories holding several of them."""
    members: dict[int, list[int]] = {}
    for position, aid in enumerate(ids):
        story = stories.get(aid)
        if story is not None:
            members.setdefault(story, []).append(position)
    return {story: found for story, found in members.items() if len(found) > 1}


def group_by_story(ids: Sequence[K], stories: Mapping[K, int],
                   describe: Callable[[list[K], set[K]], dict[K, Member]], *,
                   by_date: bool = False, prefer: Sequence[str] = (),
                   facets: Mapping[str, Mapping[str, int]] | None = None,
                   total: int | None = None, ranked: int | None = None) -> Grouping:
    """Group the result set `ids` (in its order) by story.

    `stories`: the story of each grouped article (others are alone in their story);
    `describe(ids, dated)`: source and year of those articles, and the date of those in
    `dated`; `facets`: the article facets of the set, turned into story facets; `total`:
    the size of the set when `ids` is only part of it; `ranked`: how many of `ids` are in
    the set's order (the others, beyond, are only counted: a story none of whose articles
    is among the first `ranked` needs no representative, its place being beyond them).
    """
    shared = shared_stories(ids, stories)
    limit = len(ids) if ranked is None else ranked
    dated = {ids[i] for found in shared.values() if found[0] < limit for i in found}
    info = describe([ids[i] for found in shared.values() for i in found], dated) \
        if shared else {}
    placed: dict[int, Entry] = {}
    for story, found in shared.items():
        if found[0] >= limit:
            continue  # beyond the ranked prefix: counted, never shown
        ordered = sorted(found, key=lambda i: _date_key(info.get(ids[i]), ids[i]))
        lead = _representative(ordered, [info.get(ids[i]) for i in ordered], prefer)
        entry = Entry(lead, story, tuple(i for i in ordered if i != lead),
                      best=found[0] if found[0] != lead else None)
        placed[lead if by_date else found[0]] = entry
    entries: list[Entry] = []
    in_story = {i for found in shared.values() for i in found}
    for position in range(limit):
        if position in placed:
            entries.append(placed[position])
        elif position not in in_story:
            entries.append(Entry(position, stories.get(ids[position])))
    articles = len(ids) if total is None else max(total, len(ids))
    folded = sum(len(found) - 1 for found in shared.values())
    result = Grouping(entries, articles, folded=folded)
    if facets is not None:
        result.facets = _story_facets(facets, list(shared.values()), ids, info)
    return result


def _date_key(member: Member | None, tie: K) -> tuple[datetime, K]:
    published = member.published if member is not None else None
    if published is not None and published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    return (published or _FAR, tie)


def _representative(ordered: list[int], info: list[Member | None],
                    prefer: Sequence[str]) -> int:
    """The earliest article of the first preferred source present, else the earliest."""
    for source in prefer:
        for position, member in zip(ordered, info, strict=True):
            if member is not None and member.source == source:
                return position
    return ordered[0]


def _story_facets(facets: Mapping[str, Mapping[str, int]], groups: list[list[int]],
                  ids: Sequence[K], info: Mapping[K, Member]) -> dict[str, dict[str, int]]:
    """Article facets -> story facets: a story with k articles of one value counts once."""
    result: dict[str, dict[str, int]] = {}
    for name, counts in facets.items():
        fixed = Counter({str(k): int(v) for k, v in counts.items()})
        for found in groups:
            values = Counter(_value(info.get(ids[i]), name) for i in found)
            for value, n in values.items():
                if value is not None and value in fixed:
                    fixed[value] -= n - 1
        result[name] = dict(sorted(((k, v) for k, v in fixed.items() if v > 0),
                                   key=lambda kv: (-kv[1], kv[0])))
    return result


def _value(member: Member | None, name: str) -> str | None:
    if member is None:
        return None
    return member.source if name == "source" else member.year if name == "year" else None


# -- a search's page of stories ------------------------------------------------------------

Dates = Callable[[list[str]], Mapping[str, datetime]]
HitsAt = Callable[[list[int], bool], list[Hit]]   # positions -> hits (True: with snippets)


class StoryPaging:
    """Fills a SearchResult's counts and page from its ranked result set, by story.

    The engine gives the set's documents (docnums) in order, a StoryDocs over the same
    index version, the corpus's dates of articles, and hits for positions.
    """

    def __init__(self, docs: StoryDocs, dates: Dates, hits_at: HitsAt) -> None:
        self.docs, self.dates, self.hits_at = docs, dates, hits_at

    def fill(self, result: SearchResult, keys: list[int], facets: Mapping[str, Mapping[str, int]],
             total: int, window: tuple[int, int], *, ranked: int, by_date: bool,
             prefer: Sequence[str], group: bool,
             scored: Sequence[tuple[int, float]] = ()) -> None:
        """`keys`: the first `ranked` documents of the set in its order, then the set's other
        documents of stories with reprints (any order); `total`: the set's size; `scored`:
        the (document, score) of the first `ranked` (ranked by relevance, a story shows the
        score of its best-ranked article, where it is placed, whichever article leads it)."""
        offset, limit = window
        stories = self.docs.by_docnum()
        if not group:  # the articles, and how many stories they make
            result.total_stories = max(total, len(keys)) - sum(
                len(f) - 1 for f in shared_stories(keys, stories).values())
            result.hits = self.hits_at(list(range(offset, min(offset + limit, ranked))), True)
            return
        info = self.docs.info

        def members(found: list[int], dated: set[int]) -> dict[int, Member]:
            dates = self.dates([info[d][0] for d in found if d in dated])
            return {d: Member(info[d][1], info[d][2] or None, dates.get(info[d][0]))
                    for d in found}

        grouping = group_by_story(keys, stories, members, by_date=by_date, prefer=prefer,
                                  facets=facets, total=total, ranked=ranked)
        result.total_stories = grouping.stories
        result.grouped, result.total, result.facets = True, grouping.stories, \
            grouping.facets
        entries = grouping.entries[offset:offset + limit]
        hits = self.hits_at([e.lead for e in entries], True)
        others = [i for e in entries for i in e.others]
        folded = dict(zip(others, self.hits_at(others, False), strict=True))
        result.hits = [replace(hit, reprints=tuple(_reprint(folded[i]) for i in e.others),
                               score=_story_score(hit.score, e, scored, by_date))
                       for hit, e in zip(hits, entries, strict=True)]


def _story_score(own: float, entry: Entry, scored: Sequence[tuple[int, float]],
                 by_date: bool) -> float:
    if by_date or entry.best is None or entry.best >= len(scored):
        return own
    return float(scored[entry.best][1] or 0.0)


def with_stories(hits: list[Hit], store: StoryStore) -> list[Hit]:
    """`hits` with their story and the number of its articles in the corpus."""
    if not hits:
        return hits
    stories = store.stories_of([h.id for h in hits])
    sizes = store.story_sizes(set(stories.values()))
    return [replace(h, story=stories.get(h.id), story_size=sizes.get(stories.get(h.id, -1), 1))
            for h in hits]


def _reprint(hit: Hit) -> Reprint:
    return Reprint(hit.id, hit.url, hit.title, hit.source, hit.published)
