"""`veille search`: search the index."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from indexer import SearchResult

NAME = "search"
HELP = "search the index"
DESCRIPTION = (
    "Search the index. Keywords find articles holding all of them first; also "
    '"exact phrase", -word or NOT word, a OR b, (grouping), title:/titre:, '
    "author:/auteur:, source:, tag:, date:2025, date:2025-03, "
    "date:[2025-01-01 TO 2025-06-30], prefix*."
)
_MARK = re.compile(r"<mark>(.*?)</mark>")


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
    from tui.commands._shared import parse_date_arg, print_json
    from tui.exitcodes import CommandError, Exit, nothing_yet

    if args.limit < 0 or args.offset < 0:
        raise CommandError("--limit and --offset must not be negative")
    since = parse_date_arg(args.since, "--since")
    until = _end_of(args.until, parse_date_arg(args.until, "--until"))
    if not args.home.has_corpus():
        raise nothing_yet(args.home.root)

    import indexer

    try:
        result = indexer.search(args.query, home=args.home, limit=args.limit,
                                offset=args.offset, sources=args.source, since=since,
                                until=until, sort=args.sort)
    except indexer.NoIndex:
        raise CommandError(
            f"no index yet in {args.home.root}: run `veille index` to build it",
            Exit.NOTHING_YET) from None
    if args.json:
        print_json(result.to_json())
    else:
        _print(result, args.offset, sys.stdout.isatty())
    return 0


def _end_of(text: str | None, value: datetime | None) -> date | datetime | str | None:
    """`--until 2025` and `--until 2025-03` mean the end of that year or month."""
    if text is None or value is None:
        return value
    stripped = text.strip()
    if len(stripped) == 4 or len(stripped) == 7:
        return stripped  # the indexer reads a bare year or month as the whole period
    if len(stripped) == 10:
        return date.fromisoformat(stripped)
    return value


def _print(result: SearchResult, offset: int, tty: bool) -> None:
    from tui.render import safe, short_date

    out = sys.stdout
    for note in result.notes:
        sys.stderr.write(f"note: {note}\n")
    if not result.hits:
        out.write(f"aucun résultat pour « {safe(result.query)} »")
        out.write(f" — essayez « {safe(result.suggestion)} »\n" if result.suggestion else "\n")
        return
    for rank, hit in enumerate(result.hits, offset + 1):
        title = safe(hit.title) or "(sans titre)"
        head = f"{rank:>3}. {short_date(hit.published)}  {safe(hit.source)}  "
        out.write(head + (f"\x1b[1m{title}\x1b[0m" if tty else title) + "\n")
        if hit.snippet:
            out.write("     " + _marks(safe(hit.snippet), tty) + "\n")
        out.write(f"     {safe(hit.url)}\n")
    shown = f"{offset + 1}-{offset + len(result.hits)}"
    approx = "" if result.complete else " (au moins)"
    line = f"{shown} sur {result.total:,}{approx} résultats ({result.took_ms:.0f} ms)"
    out.write(line.replace(",", " ") + "\n")
    if result.suggestion:
        out.write(f"vouliez-vous dire « {safe(result.suggestion)} » ?\n")


def _marks(snippet: str, tty: bool) -> str:
    if tty:
        return _MARK.sub(lambda m: f"\x1b[1;7m{m.group(1)}\x1b[0m", snippet)
    return _MARK.sub(lambda m: m.group(1), snippet)
