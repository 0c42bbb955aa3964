"""Unit tests of the workbench's pure parts: display text, history, dates, month strip."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from indexer import Hit
from tui.app.dates import BadDate, parse_bound, period_label
from tui.app.screens.browse import query_words
from tui.app.text import highlighted, marked_words, one_line, snippet_content
from tui.app.widgets.facets import MAX_BAR, month_range, strip_rows
from tui.app.widgets.results import hit_prompt
from tui.history import MAX_ENTRIES, QueryHistory
from tui.render import fold


def test_snippet_marks_become_spans_and_markup_stays_text() -> None:
    content = snippet_content("la <mark>Énergie</mark> [bold]x[/] \x1b]0;t\x07 <mark>vert</mark>")
    assert content.plain == "la Énergie [bold]x[/] vert"
    assert [content.plain[s.start:s.end] for s in content.spans] == ["Énergie", "vert"]


def test_stray_mark_tags_do_not_leak() -> None:
    assert snippet_content("a <mark>b c").plain == "a b c"
    assert snippet_content("a </mark> b").plain == "a  b"


def test_escape_sequences_never_reach_the_display() -> None:
    hostile = "Titre \x1b[31mrouge\x1b[0m \x1b]0;pwned\x07 \x9b2J fin"
    hit = Hit(id="x", url="https://a.example/1", title=hostile, source="s\x1b[1m",
              published=None, author="", score=1.0, snippet=hostile)
    plain = hit_prompt(hit).plain
    assert "\x1b" not in plain and "\x07" not in plain and "\x9b" not in plain
    assert "pwned" not in plain and "rouge" in plain
    assert "\x1b" not in highlighted(hostile, {"rouge"}).plain
    assert one_line("a\nb\r\nc") == "a b c"


def test_marked_words_drop_elisions_and_fold() -> None:
    words = marked_words(["de <mark>l’Hydrogène</mark> et <mark>d'énergies</mark>"])
    assert words == {"hydrogene", "energies"}


def test_highlight_is_whole_word_and_accent_blind() -> None:
    text = "L’énergie, les Energies et l’énergétique ; énergie."
    content = highlighted(text, {"energie"})
    assert [text[s.start:s.end] for s in content.spans] == ["énergie", "énergie"]
    assert fold("Œuvre Été") == "œuvre ete"
    assert len(fold(text)) == len(text)


def test_query_words_skip_operators_and_fields() -> None:
    assert query_words('hydrogène OR "data center" -charbon et l’IA') == {
        "hydrogene", "data", "center", "charbon", "ia"}


def test_history_walks_dedups_and_persists(tmp_path: Path) -> None:
    path = tmp_path / "h" / "history.txt"
    history = QueryHistory.load(path)
    for q in ("acier", "cacao", "acier", "", "  hydrogène  "):
        history.add(q)
    assert path.read_text(encoding="utf-8").splitlines() == ["cacao", "acier", "hydrogène"]
    again = QueryHistory.load(path)
    assert [again.older(), again.older(), again.older(), again.older()] == [
        "hydrogène", "acier", "cacao", None]
    assert [again.newer(), again.newer(), again.newer(), again.newer()] == [
        "acier", "hydrogène", "", None]


def test_history_is_capped_and_survives_garbage(tmp_path: Path) -> None:
    path = tmp_path / "history.txt"
    path.write_bytes(b"\xff\xfe garbage")
    history = QueryHistory.load(path)
    assert history.entries == []
    for i in range(MAX_ENTRIES + 5):
        history.add(f"q{i}")
    assert len(QueryHistory.load(path).entries) == MAX_ENTRIES


@pytest.mark.parametrize(("text", "end", "expected"), [
    ("2025", False, datetime(2025, 1, 1, tzinfo=UTC)),
    ("2025", True, datetime(2025, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)),
    ("2024-02", True, datetime(2024, 2, 29, 23, 59, 59, 999999, tzinfo=UTC)),
    ("12/03/2025", False, datetime(2025, 3, 12, tzinfo=UTC)),
    ("03/2025", True, datetime(2025, 3, 31, 23, 59, 59, 999999, tzinfo=UTC)),
    ("", False, None),
])
def test_parse_bound(text: str, end: bool, expected: datetime | None) -> None:
    assert parse_bound(text, end=end) == expected


@pytest.mark.parametrize("text", ["mars", "2025-13", "31/02/2025", "20255"])
def test_parse_bound_rejects(text: str) -> None:
    with pytest.raises(BadDate):
        parse_bound(text, end=False)


def test_period_label() -> None:
    since = parse_bound("2025", end=False)
    until = parse_bound("2025", end=True)
    assert period_label(since, until) == "2025"
    assert period_label(since, None) == "depuis le 01/01/2025"
    assert period_label(None, parse_bound("2025-06", end=True)) == "jusqu’au 30/06/2025"


def test_month_strip_fills_gaps_and_fits_width() -> None:
    assert month_range("2024-11", "2025-02") == ["2024-11", "2024-12", "2025-01", "2025-02"]
    top, bottom, starts = strip_rows({"2024-11": 4, "2025-02": 1}, 40)
    assert starts == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert len(bottom) == 4 * MAX_BAR                  # few months: wider bars
    bars = [bottom[i * MAX_BAR] for i in range(4)]
    assert bottom[0] == "█" and top[0] == "█"          # the peak fills both rows
    assert bars[1] == " " and bars[2] == " "           # empty months stay empty
    assert bars[3] != " " and top[3 * MAX_BAR] == " "  # a small month: a low bar
    top, bottom, starts = strip_rows({"2000-01": 1, "2025-12": 1}, 30)
    assert len(bottom) <= 30 and len(top) == len(bottom)
