"""`veille extract`: run the article extractor on one page, store nothing."""

from __future__ import annotations

import argparse

NAME = "extract"
HELP = "run the article extractor on one page, store nothing"
DESCRIPTION = HELP[0].upper() + HELP[1:] + "."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar="FILE.html|URL", help="a saved page or a URL")
    parser.add_argument("--url", metavar="URL", help="the page's URL (for a saved file)")
    parser.add_argument("--json", action="store_true", help="print the article JSON")


def run(args: argparse.Namespace) -> int:
    from tui.commands._shared import not_built

    return not_built(NAME)
