"""Watch digests mark matched words with `**…**` (bold on a terminal), never guillemets."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from indexer import Hit
from tui.cli.commands.watch import text_digest

HIT = Hit("0123456789abcdef", "https://usine-demo.example/a0", "Le Maroc et l’hydrogène",
          "usine-demo", datetime(2025, 3, 12, tzinfo=UTC), "Rédaction", 1.0,
          "Rabat mise sur l’<mark>hydrogène</mark> <mark>vert</mark> « made in Maroc ».")
WATCH = SimpleNamespace(name="h2", query="hydrogène vert")


def test_a_pipe_gets_markdown_bold() -> None:
    text = text_digest(WATCH, [HIT], set(), only_new=False)
    assert "l’**hydrogène** **vert** « made in Maroc »" in text
    assert "«hydrogène»" not in text


def test_a_terminal_gets_bold() -> None:
    text = text_digest(WATCH, [HIT], set(), only_new=False, bold=True)
    assert "\x1b[1mhydrogène\x1b[0m" in text and "**" not in text
