"""`veille crawl`: crawl the configured sources, store what is new or changed, update the index."""

from __future__ import annotations

import argparse

NAME = "crawl"
HELP = "crawl the configured sources, store what is new or changed, update the index"
DESCRIPTION = HELP[0].upper() + HELP[1:] + "."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sources", metavar="FILE",
                        help="sources file (default: sources.toml in the home)")
    parser.add_argument("--source", metavar="NAME", action="append", default=[],
                        help="crawl only this source (repeatable)")
    parser.add_argument("--max-pages", metavar="N", type=int,
                        help="fetch at most N pages per source in this run")
    parser.add_argument("--no-index", action="store_true",
                        help="do not update the index at the end")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--quiet", action="store_true", help="print nothing on success")


def run(args: argparse.Namespace) -> int:
    from tui.commands._shared import not_built

    return not_built(NAME)
