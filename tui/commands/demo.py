"""`veille demo`: the whole pipeline offline on the bundled demo site."""

from __future__ import annotations

import argparse

NAME = "demo"
HELP = "the whole pipeline offline on the bundled demo site"
DESCRIPTION = HELP[0].upper() + HELP[1:] + "."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-tui", action="store_true",
                        help="print a summary and a few searches instead of opening the workbench")


def run(args: argparse.Namespace) -> int:
    from tui.commands._shared import not_built

    return not_built(NAME)
