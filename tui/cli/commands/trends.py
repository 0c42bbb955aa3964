"""`veille trends`: how many articles searches find per month, week or year."""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
from datetime import date, datetime
from typing import TYPE_CHECKING

from tui.cli.exitcodes import CommandError, Exit

if TYPE_CHECKING:
    from tui.trends import Trends

NAME = "trends"
HELP = "how many articles searches find per month, week or year (table, chart, JSON, CSV)"
DESCRIPTION = (
    "Count, for each QUERY, the articles the search finds (the same count as `veille "
    "search`, filters included) per publication month, ISO week or year, over the span of "
    "the dated articles found (or --since/--until), empty periods included. On a terminal, "
    "a bar chart; in a pipe, a plain table; --json and --csv for scripts. Undated articles "
    "count in the totals only."
)
SEARCH_PAGE = 10


def configure(parser: argparse.ArgumentParser) -> None:

    parser.add_argument("queries", nargs="+", metavar="QUERY",
                        help="one or more searches, each quoted")
    parser.add_argument("--by", choices=("month", "week", "year"), default="month",
                        help="period (default: month)")
    parser.add_argument("--since", metavar="DATE", help="published on or after DATE")
    parser.add_argument("--until", metavar="DATE", help="published on or before DATE")
    parser.add_argument("--source", metavar="NAME", action="append", default=[],
                        help="only this source (repeatable)")
    parser.add_argument("--per-source", action="store_true",
                        help="with --json: also the counts of each source")
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="one JSON object")
    out.add_argument("--csv", action="store_true", help="CSV: period, then one column a query")


def run(args: argparse.Namespace) -> int:
    from tui.cli.commands._shared import parse_date_arg
    from tui.cli.exitcodes import nothing_yet

    queries = [q.strip() for q in args.queries]
    if any(not q for q in queries):
        raise CommandError("une QUERY vide ne compte rien : donnez des mots à chaque recherche")
    since = parse_date_arg(args.since, "--since")
    until_arg = parse_date_arg(args.until, "--until", end=True)
    if not args.home.has_corpus():
        raise nothing_yet(args.home.root)
    trends = _compute(args, queries, since, until_arg)
    if args.json:
        from tui.cli.commands._shared import print_json

        data = trends.to_json()
        data.update(since=since.date().isoformat() if since else None,
                    until=_until_day(until_arg).isoformat() if until_arg else None,
                    sources=list(args.source))
        print_json(data)
    elif args.csv:
        _write_csv(trends)
    else:
        _print(trends)
    return Exit.OK


def _until_day(value: date | datetime | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    from calendar import monthrange

    year = int(value[:4])
    if len(value) == 4:
        return date(year, 12, 31)
    month = int(value[5:7])
    return date(year, month, monthrange(year, month)[1])


def _compute(args: argparse.Namespace, queries: list[str], since: datetime | None,
             until: date | datetime | str | None) -> Trends:
    import indexer
    from corpus import open_store
    from tui.trends import compute

    def ids_of(query: str) -> list[str]:
        # The page size of `veille search` (its --limit default): its `total` is the count.
        total = searcher.search(query, limit=SEARCH_PAGE, sources=args.source, since=since,
                                until=until, snippets=False).total
        ids: list[str] = searcher.search_ids(query, sources=args.source, since=since,
                                             until=until, partial=True)
        return ids[:total]

    def sources_of(ids: list[str]) -> dict[str, str]:
        found = {}
        for start in range(0, len(ids), 500):
            found.update({a.id: a.source for a in
                          store.get_many(ids[start:start + 500]).values()})
        return found

    try:
        with indexer.Searcher(args.home) as searcher, \
                open_store(args.home, create=False) as store:
            return compute(queries, args.by, ids_of=ids_of, dates_of=store.published_dates,
                           sources_of=sources_of if args.per_source else None,
                           since=since.date() if since else None,
                           until=_until_day(until) if until else None)
    except indexer.NoIndex:
        raise CommandError(f"pas encore d’index dans {args.home.root} : lancez `veille index`",
                           Exit.NOTHING_YET) from None


def _print(trends: Trends) -> None:
    from tui.cli.output import color_enabled, color_mode
    from tui.trends_chart import chart_lines, table_lines

    out = sys.stdout
    if not trends.periods:
        out.write("aucun article daté trouvé : rien à compter par période\n")
        for series in trends.series:
            out.write(f"  {series.query} : {series.total} article"
                      f"{'s' if series.total > 1 else ''}\n")
        return
    if out.isatty() or color_mode() == "always":
        width = min(shutil.get_terminal_size((100, 24)).columns, 160)
        lines = chart_lines(trends, width, color_enabled(out))
    else:
        lines = table_lines(trends)
    out.write("\n".join(lines) + "\n")
    undated = [s for s in trends.series if s.undated]
    for series in undated:
        out.write(f"({series.undated} article{'s' if series.undated > 1 else ''} sans date "
                  f"pour « {series.query} »)\n")


def _write_csv(trends: Trends) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["period", *(_csv_safe(s.query) for s in trends.series)])
    for period in trends.periods:
        writer.writerow([period, *(s.counts.get(period, 0) for s in trends.series)])


def _csv_safe(text: str) -> str:
    """A query as a CSV header cell that no spreadsheet runs as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
