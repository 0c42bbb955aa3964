"""`veille tui`: open the search workbench (the default command)."""

from __future__ import annotations

import argparse

NAME = "tui"
HELP = "open the search workbench (the default command)"
DESCRIPTION = HELP[0].upper() + HELP[1:] + "."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="?", default="", metavar="QUERY",
                        help="start with this search")


def run(args: argparse.Namespace) -> int:
    from tui.commands._shared import not_built

    return not_built(NAME)
