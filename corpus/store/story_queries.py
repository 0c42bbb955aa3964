"""The part of a CorpusStore that every store answers alike: looking an article up by id
or URL, and the story queries over its StoryIndex (corpus/stories.py). The SQLite and
PostgreSQL stores inherit it; each provides `_stories` and `published_dates`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from corpus.stories import StoryIndex
from corpus.urls import article_id


class StoryQueries:
    _stories: StoryIndex

    def published_dates(self, ids: Iterable[str]) -> dict[str, datetime]:
        raise NotImplementedError  # each store reads its own table

    @staticmethod
    def _resolve_id(article_id_or_url: str) -> str:
        """An article id from an id or any URL of the article (canonicalised)."""
        if "://" in article_id_or_url:
            return article_id(article_id_or_url)
        return article_id_or_url.strip().lower()

    def story_of(self, article_id_or_url: str) -> int | None:
        """The story group of an article by id or URL (None when it is not stored)."""
        try:
            aid = self._resolve_id(article_id_or_url)
        except ValueError:
            return None
        return self._stories.story_of(aid)

    def stories_of(self, ids: Iterable[str]) -> dict[str, int]:
        """Story of each article id, in bulk (missing ids are left out)."""
        return self._stories.stories_of(ids)

    def story_members(self, story_id: int) -> list[str]:
        """Ids of a story's articles, earliest published first (undated last, by arrival)."""
        ids = self._stories.members(story_id)
        dates = self.published_dates(ids)
        order = {aid: i for i, aid in enumerate(ids)}
        far = datetime.max.replace(tzinfo=UTC)
        return sorted(ids, key=lambda aid: (dates.get(aid, far), order[aid]))

    def story_sizes(self, story_ids: Iterable[int]) -> dict[int, int]:
        """Number of articles in each story, in bulk (unknown stories are left out)."""
        return self._stories.sizes(story_ids)

    def grouped_stories(self) -> dict[str, int]:
        """Story of every article sharing its story with another (the others are alone)."""
        return self._stories.grouped()
