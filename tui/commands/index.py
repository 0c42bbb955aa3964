"""`veille index`: bring the index up to date with the corpus."""

from __future__ import annotations

import argparse

NAME = "index"
HELP = "bring the index up to date with the corpus"
DESCRIPTION = HELP[0].upper() + HELP[1:] + "."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rebuild", action="store_true",
                        help="build a fresh index from the whole corpus and swap it in")


def run(args: argparse.Namespace) -> int:
    from tui.commands._shared import not_built

    return not_built(NAME)
