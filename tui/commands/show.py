"""`veille show ID|URL`: one article, whole."""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import Any

from tui.exitcodes import CommandError, Exit

NAME = "show"
HELP = "show one article, whole"
DESCRIPTION = (
    "Print one stored article, found by its id or by any of its URLs. Every text printed, "
    "URL and id included, is stripped of terminal control sequences."
)
_UNSAFE = re.compile("[\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff"
                     "\ufff9-\ufffb]")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ref", metavar="ID|URL", help="article id (16 hex digits) or URL")
    parser.add_argument("--json", action="store_true", help="print the article JSON")


def terminal_safe_json(obj: Any) -> str:
    """JSON with every character a terminal could act on escaped (`\\u009b`...).

    json.dumps escapes C0 controls; C1 controls, DEL and the bidi and zero-width marks
    (those `corpus.strip_controls` removes from displayed text) pass through raw unless
    escaped here. The JSON value is unchanged.
    """
    text = json.dumps(obj, ensure_ascii=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def run(args: argparse.Namespace) -> int:
    from tui.commands._shared import open_store_for_reading
    from tui.render import format_article_text

    with open_store_for_reading(args.home) as store:
        article = store.get(args.ref)
    if article is None:
        raise CommandError(f"no article {args.ref!r} in {args.home.root}", Exit.USAGE)
    if args.json:
        sys.stdout.write(terminal_safe_json(article.to_json()) + "\n")
    else:
        sys.stdout.write(format_article_text(article))
    return Exit.OK
