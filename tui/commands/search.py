"""`veille search`: search the index."""

from __future__ import annotations

import argparse

NAME = "search"
HELP = "search the index"
DESCRIPTION = HELP[0].upper() + HELP[1:] + "."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", metavar="QUERY", help="the search (see the query syntax)")
    parser.add_argument("--limit", type=int, default=10, metavar="N", help="hits to show")
    parser.add_argument("--offset", type=int, default=0, metavar="N", help="hits to skip")
    parser.add_argument("--source", metavar="NAME", action="append", default=[],
                        help="only this source (repeatable)")
    parser.add_argument("--since", metavar="DATE", help="published on or after DATE")
    parser.add_argument("--until", metavar="DATE", help="published on or before DATE")
    parser.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def run(args: argparse.Namespace) -> int:
    from tui.commands._shared import not_built

    return not_built(NAME)
