"""The extraction result: the article's fields plus what the crawler needs to decide."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from corpus import Article


@dataclass
class Extraction:
    """Everything extracted from one page.

    `reason` is empty when the page is an article, else why it is not ("listing page",
    "error page", "too little text", "no text", "binary content", "empty page").
    """

    url: str
    title: str = ""
    text: str = ""
    lead: str = ""
    lead_in_page: bool = False   # the lead is visible text (not only a meta description)
    published: datetime | None = None
    modified: datetime | None = None
    author: str = ""             # the authors joined with ", "
    authors: list[str] = field(default_factory=list)
    section: str = ""
    tags: list[str] = field(default_factory=list)
    language: str = ""
    canonical_url: str = ""      # <link rel=canonical>, absolute
    og_url: str = ""             # <meta property=og:url>, absolute
    amp_url: str = ""            # <link rel=amphtml>: the AMP version of this page
    is_amp: bool = False         # this page is itself an AMP page
    reason: str = ""
    paywalled: bool = False      # only part of the article is visible (isAccessibleForFree)
    fetched_at: datetime | None = None

    @property
    def is_article(self) -> bool:
        return not self.reason

    def article(self, url: str | None = None) -> Article | None:
        """The Article (url defaults to the fetched URL), or None for a non-article page."""
        if self.reason:
            return None
        return Article(
            url=url or self.url, text=self.text, title=self.title, lead=self.lead,
            published=self.published, modified=self.modified, author=self.author,
            authors=list(self.authors),
            section=self.section, tags=list(self.tags), language=self.language,
            fetched_at=self.fetched_at, paywalled=self.paywalled,
        )
