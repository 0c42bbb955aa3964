"""The extractor on every demo article page, offline: exactly the article, nothing else.

The demo sites are six house styles (JSON-LD, OpenGraph only, microdata, no structured data,
AMP, windows-1252), each page wrapped in a site header, menus, a cookie banner, related
links, share buttons, a newsletter box and a footer. The body must start with the article's
first paragraph and end with its last: no header, tagline, section label or byline before
it, no boilerplate after it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from corpus import clean_line, clean_text
from crawler.extraction import extract_page
from tui.demo import SITES, DemoArticle, load_articles
from tui.demo.content import build_site

BASE = "http://127.0.0.1:8000"


def pages() -> Iterator[tuple[str, DemoArticle, bytes]]:
    articles = load_articles()
    for spec in SITES:
        own = [a for a in articles if a.site == spec.name]
        content = build_site(spec, BASE, own)
        for article in own:
            path = spec.article_path_of(article)
            yield spec.name, article, content.resources[path].body


PAGES = list(pages())


@pytest.mark.parametrize(("site", "article", "body"), PAGES,
                         ids=[f"{s}/{a.slug}" for s, a, _ in PAGES])
def test_demo_page_extracts_exactly_the_article(site: str, article: DemoArticle,
                                                body: bytes) -> None:
    page = extract_page(body, BASE + "/x")
    text = clean_text(page.text)
    paragraphs = [clean_line(p) for p in article.body]
    assert page.title == clean_line(article.title)
    assert text.split("\n\n")[0] == paragraphs[0], "body must start with the first paragraph"
    assert text.split("\n\n")[-1] == paragraphs[-1], "body must end with the last paragraph"
    assert text == "\n\n".join(paragraphs)
    assert page.author == clean_line(article.author)
    assert page.published is not None
    assert page.published.date() == article.published.date()
