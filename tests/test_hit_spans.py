"""Hits carry the spans of their matched words; JSON keeps `<mark>` for scripts; the
workbench renders the spans (the same display as reading the `<mark>` pairs back)."""

from __future__ import annotations

import json

import pytest

import indexer
from corpus import Article, Home, Store
from indexer import Marked
from indexer.analysis import DEFAULT_CHAIN, strip_elision
from tui.app.text import line_of, marked_words, snippet_content


@pytest.fixture
def indexed(home: Home) -> Home:
    home.ensure()
    with Store.open(home.corpus_db) as store:
        store.upsert_many([
            Article(url="https://presse.example/h2/1", title="L’hydrogène vert au Maroc",
                    lead="Rabat mise sur l’hydrogène.",
                    text="Les électrolyseurs de l’hydrogène vert arrivent.\n\nLe vert "
                         "domine.", source="presse", published="2025-03-12"),
            Article(url="https://presse.example/h2/2", title="Électrolyseurs : <mark>x</mark>",
                    text="Un   texte\tavec des  espaces et  l’Hydrogène  Vert.",
                    source="presse", published="2025-03-13"),
        ])
    indexer.update_index(home)
    return home


def test_spans_are_the_marks_of_the_json(indexed: Home) -> None:
    result = indexer.search("hydrogène vert", home=indexed, limit=5)
    assert len(result.hits) == 2
    stems = set(DEFAULT_CHAIN.terms("hydrogène vert"))
    for hit in result.hits:
        excerpt = hit.marked_snippet
        assert excerpt.html() == hit.snippet == hit.to_json()["snippet"]
        assert excerpt.spans and "<mark>" not in excerpt.text
        for word in excerpt.words():
            assert DEFAULT_CHAIN.term(strip_elision(word)) in stems
        for start, end in hit.title_spans:
            assert DEFAULT_CHAIN.term(strip_elision(hit.title[start:end])) in stems
    first = next(h for h in result.hits if h.title.startswith("L’hydrogène"))
    assert [first.title[s:e] for s, e in first.title_spans] == ["hydrogène", "vert"]
    keys = set(json.loads(json.dumps(result.to_json()))["results"][0])
    assert keys == {"id", "url", "title", "source", "published", "author", "score", "snippet",
                    "story", "reprint_count", "reprints", "story_size"}  # no spans


def test_a_literal_mark_in_a_title_is_not_a_span(indexed: Home) -> None:
    with indexer.Searcher(indexed) as searcher:
        (hit,) = searcher.search("électrolyseurs texte", limit=5, partial=False).hits
    assert hit.title_spans == ((0, len("Électrolyseurs")),)


def _marked(text: str, *words: str) -> Marked:
    spans, cursor = [], 0
    for word in words:
        start = text.index(word, cursor)
        spans.append((start, start + len(word)))
        cursor = start + len(word)
    return Marked(text, tuple(spans))


@pytest.mark.parametrize("marked", [
    _marked("la Énergie  [bold]x[/]\n\n \x1b]0;t\x07 vert", "Énergie", "vert"),
    _marked("  début\t\tet  fin  ", "début", "fin"),
    _marked("…l’hydrogène\r\n  vert…", "hydrogène", "vert"),
    _marked(""),
])
def test_rendering_spans_equals_reading_marks_back(marked: Marked) -> None:
    from_spans = snippet_content(marked)
    from_marks = snippet_content(marked.html())
    assert from_spans.plain == from_marks.plain
    assert [(s.start, s.end) for s in from_spans.spans] == \
        [(s.start, s.end) for s in from_marks.spans]
    line = line_of(marked)
    assert line.words() == [w for w in marked.words() if w]
    assert marked_words([marked]) == marked_words([marked.html()])


def test_the_cli_marks_the_spans_in_reverse_video(indexed: Home) -> None:
    import subprocess

    from tests.conftest import veille_exe

    def run(*color: str) -> str:
        proc = subprocess.run([veille_exe(), "--home", str(indexed.root), "search",
                               "hydrogène vert", *color], capture_output=True, timeout=60,
                              stdin=subprocess.DEVNULL, text=True)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    coloured = run("--color", "always")
    assert "\x1b[1;7mhydrogène\x1b[0m" in coloured and "\x1b[1;7mvert\x1b[0m" in coloured
    snippets = [line for line in coloured.splitlines() if line.startswith("     Un texte")]
    assert snippets == ["     Un texte avec des espaces et l’\x1b[1;7mHydrogène\x1b[0m "
                        "\x1b[1;7mVert\x1b[0m."]
    plain = run()
    assert "     Un texte avec des espaces et l’Hydrogène Vert." in plain.splitlines()
    assert "\x1b" not in plain
    assert "<mark>x</mark>" in plain   # a title says what it says


def test_the_results_list_highlights_the_title_spans() -> None:
    from tui.app.text import title_content

    title = Marked("Les  électrolyseurs\neuropéens", ((5, 19),))
    content = title_content(title, {"europeens"})
    assert content.plain == "Les électrolyseurs européens"
    assert [content.plain[s.start:s.end] for s in content.spans] == \
        ["électrolyseurs", "européens"]
    assert title_content(Marked("électrolyseurs", ((0, 14),)), {"electrolyseurs"}).spans \
        == title_content(Marked("électrolyseurs"), {"electrolyseurs"}).spans   # no double
    assert title_content(Marked(" \n"), {"sans"}).plain == "(sans titre)"
