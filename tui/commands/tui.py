"""`veille tui`: open the search workbench (the default command)."""

from __future__ import annotations

import argparse

NAME = "tui"
HELP = "open the search workbench (the default command)"
DESCRIPTION = (
    "Open the search workbench on the home's index: search as you type, results with a "
    "preview, facets and filters, export. With nothing indexed yet it says how to get "
    "articles. Press ? inside for every key."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="?", default="", metavar="QUERY",
                        help="start with this search")


def run(args: argparse.Namespace) -> int:
    from corpus.text import clean_line
    from tui.app import VeilleApp

    app = VeilleApp(args.home, clean_line(args.query or ""))
    app.run()
    return int(app.return_code or 0)  # 1 when the app stopped on an unexpected error
