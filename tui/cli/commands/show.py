"""`veille show ID|URL`: one article, whole."""

from __future__ import annotations

import argparse
import sys

from tui.cli.exitcodes import CommandError, Exit

NAME = "show"
HELP = "show one article, whole"
DESCRIPTION = (
    "Print one stored article, found by its id or by any of its URLs. Every text printed, "
    "URL and id included, is stripped of terminal control sequences."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ref", metavar="ID|URL", help="article id (16 hex digits) or URL")
    parser.add_argument("--json", action="store_true", help="print the article JSON")


def run(args: argparse.Namespace) -> int:
    from tui.cli.commands._shared import open_store_for_reading, print_json
    from tui.render import format_article_text

    with open_store_for_reading(args.home) as store:
        article = store.get(args.ref)
    if article is None:
        raise CommandError(f"aucun article {args.ref!r} dans {args.home.root}", Exit.USAGE)
    if args.json:
        print_json(article.to_json())
    else:
        sys.stdout.write(format_article_text(article))
    return Exit.OK
