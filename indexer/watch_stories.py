"""What a watch's arrivals are, story by story: new stories, and new reprints of old ones.

A watch reports a *story* once (corpus/stories.py: the reprints of one dispatch). Of the
matching articles that arrived after a watermark (a corpus sequence number):
- those whose story already held a matching article at the watermark are *reprises*: the
  story was counted before, the article is shown as « nouvelle reprise » and is not new;
- the others are grouped by story: each story is one *new story*, represented by its
  earliest published arrival, its other arrivals folded into it.

Nothing is stored for this: the watermarks and the corpus's story groups say it all, at
the time of asking, so a story merged or split since is counted as it stands now.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from corpus import CorpusStore

_FAR = datetime.max.replace(tzinfo=UTC)


@dataclass
class Arrivals:
    """A watch's arrivals after a watermark, by story."""

    stories: list[list[str]] = field(default_factory=list)  # new: [representative, others…]
    reprises: list[str] = field(default_factory=list)        # reprints of stories counted

    @property
    def new(self) -> int:
        """New stories: what a watch counts."""
        return len(self.stories)

    @property
    def leads(self) -> list[str]:
        return [s[0] for s in self.stories]

    @property
    def ids(self) -> list[str]:
        """Every arrival: the new stories' articles, then the reprises."""
        return [i for s in self.stories for i in s] + self.reprises

    def folded(self) -> dict[str, list[str]]:
        """Representative -> the other arrivals of its new story."""
        return {s[0]: s[1:] for s in self.stories}


def by_story(store: CorpusStore, arrived: Sequence[str], matching: set[str],
             watermark: int) -> Arrivals:
    """Split `arrived` (matching ids added after `watermark`, newest arrival first) into new
    stories and reprises; `matching`: every id the watch matches."""
    if not arrived:
        return Arrivals()
    stories = store.stories_of(arrived)
    seqs = store.added_seqs(arrived)
    groups: dict[int | str, list[str]] = {}
    for aid in arrived:
        groups.setdefault(stories.get(aid, aid), []).append(aid)
    result = Arrivals()
    for key, ids in groups.items():
        if isinstance(key, int) and _counted_before(store, key, matching, watermark):
            result.reprises += ids
            continue
        dates = store.published_dates(ids) if len(ids) > 1 else {}
        ids.sort(key=lambda i: (_aware(dates.get(i)), seqs.get(i, 0)))
        result.stories.append(ids)
    order = {aid: n for n, aid in enumerate(arrived)}
    result.stories.sort(key=lambda s: min(order[i] for i in s))
    result.reprises.sort(key=order.__getitem__)
    return result


def _counted_before(store: CorpusStore, story: int, matching: set[str], watermark: int) -> bool:
    """Whether `story` held an article the watch matched at `watermark`."""
    earlier = [m for m in store.story_members(story) if m in matching]
    if not earlier:
        return False
    return any(seq <= watermark for seq in store.added_seqs(earlier).values())


def _aware(value: datetime | None) -> datetime:
    if value is None:
        return _FAR
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
