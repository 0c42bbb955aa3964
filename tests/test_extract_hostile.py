"""Hostile input never crashes and never hangs: empty, binary, truncated, deeply nested,
gigantic pages, broken JSON-LD, control characters, concurrent calls."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest

import crawler
from crawler.extraction import extract_page
from crawler.extraction.document import MAX_HTML_CHARS

URL = "https://www.example-press.ma/industrie/article-1"
FIXTURES = Path(__file__).parent / "fixtures" / "extraction"
PARAGRAPH = ("<p>Les industriels marocains de l’agroalimentaire investissent dans le froid, "
             "la traçabilité et l’emballage recyclable, selon la fédération du secteur.</p>")


def article_html(body: str = PARAGRAPH * 4, head: str = "") -> str:
    return (f"<html lang='fr'><head><title>Un titre d’article</title>{head}</head><body>"
            f"<article><h1>Un titre d’article</h1>{body}</article></body></html>")


@pytest.mark.parametrize("html", ["", b"", "   \n\t ", b"\xef\xbb\xbf", "<html></html>",
                                  "<!-- rien -->", "<html><body></body></html>"])
def test_empty_pages_are_no_article(html: str | bytes) -> None:
    page = extract_page(html, URL)
    assert not page.is_article and page.reason
    assert crawler.extract(html, URL) is None


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40,
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" * 50,
    bytes(range(256)) * 200,
    b"\x1f\x8b\x08\x00" + b"\x00\xff" * 5000,
])
def test_binary_content_is_refused(data: bytes) -> None:
    page = extract_page(data, URL)
    assert page.reason == "binary content"


def test_text_that_is_mostly_control_characters_is_refused() -> None:
    assert extract_page("\x01\x02\x03<p>\x04\x05</p>" * 400, URL).reason == "binary content"


@pytest.mark.parametrize("cut", [10, 200, 400, 700, 900, -30, -5])
def test_truncated_pages_do_not_crash(cut: int) -> None:
    head = ('<script type="application/ld+json">{"@type":"NewsArticle","headline":"Un titre",'
            '"datePublished":"2025-03-12T10:00:00+01:00"}</script>')
    html = article_html(head=head)
    page = extract_page(html[:cut], URL)
    assert isinstance(page.reason, str)


def test_a_page_cut_mid_paragraph_still_gives_its_text() -> None:
    html = article_html(PARAGRAPH * 6)
    page = extract_page(html[: len(html) - 150], URL)
    assert page.is_article
    assert "traçabilité" in page.text


def test_hundred_thousand_nested_divs_finish() -> None:
    html = "<html><body>" + "<div>" * 100_000 + PARAGRAPH + "</div>" * 100_000 + "</body></html>"
    start = time.perf_counter()
    page = extract_page(html, URL)
    assert time.perf_counter() - start < 60
    assert isinstance(page.reason, str)


def test_deeply_nested_inline_tags_and_lists_finish() -> None:
    html = "<html><body><p>" + "<b><i>" * 20_000 + "fin" + "</i></b>" * 20_000 + "</p>"
    html += "<ul><li>" * 20_000 + "</body></html>"
    page = extract_page(html, URL)
    assert isinstance(page.reason, str)


def test_gigantic_page_is_bounded() -> None:
    html = article_html(PARAGRAPH * 40_000)  # about 6 MB
    assert len(html) > 2 * MAX_HTML_CHARS
    start = time.perf_counter()
    page = extract_page(html, URL)
    assert time.perf_counter() - start < 120
    assert page.is_article
    assert len(page.text) <= MAX_HTML_CHARS


def test_huge_and_deeply_nested_json_ld_is_ignored() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    huge = '{"@type":"NewsArticle","articleBody":"' + "x" * 2_000_000 + '"}'
    head = (f'<script type="application/ld+json">{deep}</script>'
            f'<script type="application/ld+json">{huge}</script>')
    page = extract_page(article_html(head=head), URL)
    assert page.is_article
    assert "xxxx" not in page.text


@pytest.mark.parametrize("script", [
    '{"@type": "NewsArticle", "headline": "Titre JSON", "author": {"name": "A. B."},}',
    '<!--{"@type":"NewsArticle","headline":"Titre JSON"}-->',
    '{"@type":"NewsArticle","headline":"Titre JSON"} {"@type":"Organization"}',
    '{"@type":"NewsArticle","headline":"Titre\nJSON"}',
    '{"@type": 42, "headline": ["Titre JSON"], "author": [null, 3, {"name": null}]}',
    "{not json at all",
    "null",
    '"just a string"',
])
def test_broken_or_odd_json_ld_is_tolerated(script: str) -> None:
    html = article_html(head=f'<script type="application/ld+json">{script}</script>')
    page = extract_page(html, URL)
    assert page.is_article
    assert page.title


def test_control_characters_and_escapes_are_stripped_from_every_field() -> None:
    dirty = "Par\x07 Claire\x1b[31m Martin\u202e"
    head = (f'<meta name="author" content="{dirty}"><meta property="article:section" '
            f'content="Indus\x00trie\x1b]8;;evil\x07">'
            f'<meta property="article:tag" content="tag\x08un">')
    body = f"<p>Texte\x0b avec\x1b[2J des\u200b contrôles \x9b31m{PARAGRAPH[3:]}" * 3
    article = crawler.extract(article_html(body, head), URL)
    assert article is not None
    for value in (article.title, article.text, article.author, article.section, *article.tags):
        assert not any(ord(c) < 32 and c not in "\n\t" for c in value), repr(value)
        assert "\x1b" not in value and "\x9b" not in value and "\u202e" not in value
    assert article.author == "Claire Martin"


def test_xml_declaration_and_url_like_input_raise_no_warning() -> None:
    # pytest runs with filterwarnings=error: a bs4 warning would fail this test.
    extract_page('<?xml version="1.0" encoding="utf-8"?>\n' + article_html(), URL)
    extract_page("https://www.example.org/page.html", URL)
    extract_page(b"page.html", URL)


def test_invalid_selectors_fall_back_to_the_heuristic() -> None:
    page = extract_page(article_html(), URL, selectors={"body": "div[[[", "title": "::nope",
                                                        "date": "", "author": "p:has("})
    assert page.is_article and "traçabilité" in page.text


def test_concurrent_calls_give_the_same_results() -> None:
    pages = [p.read_bytes() for p in sorted(FIXTURES.glob("*.html"))]
    expected = [extract_page(data, URL).text for data in pages]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda data: extract_page(data, URL).text, pages * 2))
    assert got == expected * 2


@pytest.mark.parametrize("line", ["Publié il y a 99999999 ans", "vor 100000000 Jahren",
                                  "posted 999999999999 days ago"])
def test_absurd_relative_dates_are_no_date(line: str) -> None:
    prose = "<p>" + "Le chantier du port avance selon le calendrier prévu. " * 8 + "</p>"
    html = f"<html><body><article><h1>Un port</h1><p>{line}</p>{prose}</article></body></html>"
    page = extract_page(html, "https://www.example-press.ma/a",
                        fetched_at=datetime(2025, 12, 1, tzinfo=UTC))
    assert page.is_article
    assert page.published is None
