"""URL identity: the spellings of one URL merge, different URLs stay apart."""

from __future__ import annotations

import pytest

from corpus import canonical_url
from corpus.urls import article_id

SAME = [
    ("https://www.ex.ma/a/./b/../c", "https://www.ex.ma/a/c"),
    ("https://www.ex.ma/2026/03/../03/hydrogene", "https://www.ex.ma/2026/03/hydrogene"),
    ("https://www.ex.ma/a/b/..", "https://www.ex.ma/a/"),
    ("https://www.ex.ma/../../a", "https://www.ex.ma/a"),
    ("https://www.ex.ma/a/%2E%2E/b", "https://www.ex.ma/b"),
    ("https://www.ex.ma/a%2fb", "https://www.ex.ma/a%2Fb"),
    ("https://www.ex.ma/%7Eredaction", "https://www.ex.ma/~redaction"),
    ("https://www.ex.ma/l-%C3%A9t%C3%A9", "https://www.ex.ma/l-été"),
    ("https://www.ex.ma/%c3%a9", "https://www.ex.ma/%C3%A9"),
    ("HTTPS://WWW.EX.MA:443/a", "https://www.ex.ma/a"),
    ("https://www.ex.ma/a?b=2&a=1&utm_source=x", "https://www.ex.ma/a?a=1&b=2"),
    ("https://www.ex.ma", "https://www.ex.ma/"),
]
APART = [
    ("https://www.ex.ma/a%2Fb", "https://www.ex.ma/a/b"),
    ("https://www.ex.ma/a%3Fb", "https://www.ex.ma/a?b"),
    ("https://www.ex.ma/a%2541", "https://www.ex.ma/aA"),
    ("https://www.ex.ma/%E9t%E9", "https://www.ex.ma/%E8t%E8"),
    ("https://www.ex.ma/a/b", "https://www.ex.ma/a/b/"),
    ("https://www.ex.ma/a/b/../c", "https://www.ex.ma/a/b/c"),
    ("https://www.ex.ma/a?id=1", "https://www.ex.ma/a?id=2"),
    ("https://www.ex.ma/A", "https://www.ex.ma/a"),
]


@pytest.mark.parametrize(("one", "other"), SAME)
def test_spellings_of_one_url_merge(one: str, other: str) -> None:
    assert canonical_url(one) == canonical_url(other)
    assert article_id(one) == article_id(other)


@pytest.mark.parametrize(("one", "other"), APART)
def test_different_urls_stay_apart(one: str, other: str) -> None:
    assert canonical_url(one) != canonical_url(other)


@pytest.mark.parametrize("url", [u for pair in SAME + APART for u in pair])
def test_canonical_form_is_stable(url: str) -> None:
    once = canonical_url(url)
    assert canonical_url(once) == once


def test_dot_segments_resolved_and_slash_escape_kept() -> None:
    assert canonical_url("https://ex.ma/a/./b/../c") == "https://ex.ma/a/c"
    assert canonical_url("https://ex.ma/dossier/a%2Fb") == "https://ex.ma/dossier/a%2Fb"
