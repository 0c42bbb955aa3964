"""Article extraction from HTML (BeautifulSoup + lxml)."""

from __future__ import annotations

from datetime import datetime

from corpus import Article


def extract(html: str | bytes, url: str, *, fetched_at: datetime | None = None,
            selectors: dict[str, str] | None = None) -> Article | None:
    """The article in `html`, or None when the page is no article."""
    raise NotImplementedError("extraction is being built")


__all__ = ["extract"]
