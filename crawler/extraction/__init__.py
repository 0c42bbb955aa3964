"""Article extraction from HTML (BeautifulSoup + lxml).

    crawler.extract(html, url) -> corpus.Article | None      # None: the page is no article
    extract_page(html, url) -> Extraction                    # everything, with canonical
                                                             # URL, AMP link and the reason
"""

from __future__ import annotations

from datetime import datetime

from corpus import Article
from crawler.decode import decode_text
from crawler.extraction.model import Extraction
from crawler.extraction.page import extract_page


def extract(html: str | bytes, url: str, *, fetched_at: datetime | None = None,
            selectors: dict[str, str] | None = None) -> Article | None:
    """The article in `html`, or None when the page is no article.

    `html` may be bytes (decoded from BOM, `<meta charset>`, then detection). `fetched_at`
    anchors relative dates ("il y a 3 heures"); `selectors` (keys body, title, date,
    author, lead) are per-source CSS selectors overriding the heuristics. `source` is left
    empty for the caller to set. Raises corpus.BadArticle only when `url` is not a usable
    http(s) URL.
    """
    return extract_page(html, url, fetched_at=fetched_at, selectors=selectors).article()


__all__ = ["Extraction", "decode_text", "extract", "extract_page"]
