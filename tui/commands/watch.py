"""`veille watch`: saved searches (veilles) that report what is new."""

from __future__ import annotations

import argparse

NAME = "watch"
HELP = "saved searches (veilles) that report what is new"
DESCRIPTION = HELP[0].upper() + HELP[1:] + "."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", help="add, list, rm, seen or show")


def run(args: argparse.Namespace) -> int:
    from tui.commands._shared import not_built

    return not_built(NAME)
