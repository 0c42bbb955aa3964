"""The command-line options of reprint grouping: `--no-group`, `--prefer`."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from corpus import Home


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
    from tui.cli.commands._shared import check_sources
    from tui.source_titles import preferred_sources

    if names:
        check_sources(list(names), list(known), "--prefer")
        return list(names)
    return preferred_sources(home.sources_file)
