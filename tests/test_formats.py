"""The one table of output formats: every command and the workbench take it from there."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from corpus import Article
from tui import formats
from tui.cli.program import build_parser


def _article(title: str) -> Article:
    return Article.from_json({"url": f"https://exemple.fr/{abs(hash(title))}", "title": title,
                              "text": "Texte de l’article.", "source": "exemple",
                              "tags": ["énergie", "ports"]})


def test_every_format_writes_something_and_every_spelling_is_unique() -> None:
    spellings: list[str] = []
    for fmt in formats.FORMATS:
        assert any(fmt.writes(kind) for kind in ("articles", "digest", "review")), fmt.name
        assert fmt.suffixes and all(s.startswith(".") for s in fmt.suffixes)
        spellings += [fmt.name, *fmt.aliases]
        assert formats.get(fmt.name) is fmt
    assert len(spellings) == len(set(spellings))


@pytest.mark.parametrize(("command", "kind"), [
    (["export"], "articles"), (["selection", "export"], "articles"),
    (["watch", "show", "x"], "digest"), (["review", "--from-selection", "-o", "r.md"],
                                         "review"),
])
def test_the_commands_offer_exactly_the_table_s_formats(command: list[str], kind: str) -> None:
    parser = build_parser()
    for name in formats.choices(kind, aliases=True):  # type: ignore[arg-type]
        assert parser.parse_args([*command, "--format", name]).format == name
    with pytest.raises(SystemExit):
        parser.parse_args([*command, "--format", "pdf"])


def test_article_formats_round_trip() -> None:
    articles = [_article("Hydrogène vert au Maroc"), _article("=HYPERLINK(\"x\")")]
    out = io.StringIO()
    assert formats.write_articles("jsonl", articles, out) == 2
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["title"] for r in rows] == [a.title for a in articles]
    out = io.StringIO()
    ticks: list[int] = []
    assert formats.write_articles("csv", articles, out, lambda: ticks.append(1)) == 2
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert table[0]["tags"] == "énergie; ports"
    assert table[1]["title"].startswith("'=")  # never a formula in a spreadsheet
    assert ticks == [1, 1]
    with pytest.raises(ValueError):
        formats.write_articles("docx", articles, io.StringIO())


@pytest.mark.parametrize(("name", "kind", "expected"), [
    ("export.CSV", "articles", "csv"), ("x.ndjson", "articles", "jsonl"),
    ("x.txt", "articles", None), ("revue.markdown", "review", "markdown"),
    ("revue.htm", "review", "html"), ("revue.docx", "review", "docx"),
    ("revue.csv", "review", None), ("digest.md", "digest", "markdown"),
])
def test_a_file_name_asks_for_its_format(name: str, kind: str, expected: str | None) -> None:
    fmt = formats.for_path(Path(name), kind)  # type: ignore[arg-type]
    assert (fmt.name if fmt else None) == expected


async def test_the_export_dialog_offers_the_article_formats(tmp_path: Path) -> None:
    from textual.app import App
    from textual.widgets import RadioButton

    from tui.app.dialogs.export import ExportDialog

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(ExportDialog(tmp_path / "x.csv", "tout", 3))

    async with Host().run_test() as pilot:
        await pilot.pause()
        buttons = pilot.app.screen.query(RadioButton)
        assert [b.id for b in buttons] == [f"fmt-{n}" for n in formats.choices("articles")]
        assert [b.id for b in buttons if b.value] == ["fmt-csv"]
