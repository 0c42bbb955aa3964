"""How a story of reprints is said to people, in the CLI and the workbench (French)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from corpus.french import count
from tui.render import safe, short_date

if TYPE_CHECKING:
    from corpus import Home
    from indexer import Hit


def story_label(hit: Hit) -> str:
    """`repris par 3 titres` (other sources), `1 autre version` (same source); '' alone."""
    if not hit.reprints:
        return ""
    if hit.titles:
        return f"repris par {count(hit.titles, 'titre')}"
    return count(len(hit.reprints), "autre version", "autres versions")


def reprints_line(hit: Hit) -> str:
    """`repris par 2 titres : dakar-eco (12/03/2025), …` ('' for a story of one article)."""
    if not hit.reprints:
        return ""
    listed = ", ".join(f"{safe(r.source)} ({short_date(r.published).strip() or 'sans date'})"
                       for r in hit.reprints)
    return f"{story_label(hit)} : {listed}"


def add_grouping_options(parser: argparse.ArgumentParser) -> None:
    """`--no-group` and `--prefer`, for the commands that show stories."""
    parser.add_argument("--no-group", dest="group", action="store_false",
                        help="every article is a hit: reprints of one story are not folded")
    parser.add_argument("--prefer", metavar="NAME", action="append", default=None,
                        help="a story is represented by this source's article when it has "
                        "one (repeatable, first preferred first; default: `prefer` of the "
                        "sources file's [stories] table, else the earliest article)")


def preferred(home: Home, names: Sequence[str] | None, known: Sequence[str]) -> list[str]:
    """The sources whose article represents a story: `--prefer` (checked against `known`:
    exit 2 for a typo), else the sources file's `[stories] prefer`."""
    from tui.commands._shared import check_sources
    from tui.source_titles import preferred_sources

    if names:
        check_sources(list(names), list(known), "--prefer")
        return list(names)
    return preferred_sources(home.sources_file)
