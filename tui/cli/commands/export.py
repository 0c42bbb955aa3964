"""`veille export`: the corpus, or a query's results, as JSON Lines or CSV, streamed."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime

from corpus import Article, CorpusStore
from corpus.batches import articles_in_order
from tui import formats
from tui.cli.exitcodes import CommandError, Exit

NAME = "export"
HELP = "export the corpus or a query's results (JSON Lines or CSV)"
DESCRIPTION = (
    "Write every stored article (or only those matching --query) to standard output or to "
    "--output FILE, as JSON Lines (the article JSON, one per line) or CSV (one row per "
    "article, tags joined with `; `). Streams: memory stays flat whatever the corpus size. "
    "In CSV, a cell starting with =, +, -, @, a tab or a carriage return gets a leading "
    "apostrophe, so that a spreadsheet shows it as text instead of running it as a formula. "
    "--output refuses the home's own data files. With --query, exactly what `veille search` "
    "counts is written, in its order: one line per story by default (--group), the "
    "article representing it (as `veille search` shows it, --prefer applies) with "
    "`story`, `reprint_count` and `reprints` (id, url, title, source, published of the "
    "other articles found; in CSV, their URLs); --no-group writes every article found."
)

def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=formats.choices("articles"), default="jsonl",
                        help="output format (default: jsonl)")
    parser.add_argument("--query", metavar="QUERY",
                        help="export only the articles matching this search")
    parser.add_argument("--source", metavar="NAME", action="append", default=[],
                        help="only this source (repeatable)")
    parser.add_argument("--since", metavar="DATE", help="published on or after DATE")
    parser.add_argument("--until", metavar="DATE",
                        help="published on or before DATE (its whole day, month or year)")
    parser.add_argument("--sort", choices=("relevance", "date"), default=None,
                        help="with --query: the order of `veille search --sort` "
                        "(default: relevance)")
    grouping = parser.add_mutually_exclusive_group()
    grouping.add_argument("--group", dest="group", action="store_true", default=None,
                          help="with --query: one line per story, reprints folded (the "
                          "default, as `veille search` counts)")
    grouping.add_argument("--no-group", dest="group", action="store_false",
                          help="with --query: one line per article found")
    parser.add_argument("--prefer", metavar="NAME", action="append", default=None,
                        help="with --query: the source whose article represents a story "
                        "(repeatable; as for `veille search`)")
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="write to FILE instead of standard output")


def run(args: argparse.Namespace) -> int:
    from tui.cli.commands._shared import guard_output, open_output, open_store_for_reading
    from tui.cli.progress import Progress

    if args.output:
        guard_output(args.home, args.output)
    since, until = _period(args)
    extras: dict[str, dict[str, object]] | None = None
    articles: Iterable[Article]
    with open_store_for_reading(args.home) as store:
        _check_sources(args, store)
        if args.query and args.group is not False:
            articles, extras = _query_stories(args, store)
            total: int | None = len(extras)
        elif args.query:
            articles = _query_articles(args, store)
            total = None
        else:
            for flag, given in (("--sort", args.sort is not None), ("--group", args.group is True),
                                ("--prefer", bool(args.prefer))):
                if given:
                    raise CommandError(f"{flag} ne s’applique qu’avec --query")
            articles = _all_articles(store, args.source)
            total = store.count() if not (args.source or since or until) else None
            if since or until:
                articles = _published_within(articles, since, until)
        out, close = open_output(args.output)
        try:
            with Progress("export", total, enabled=None if args.output else False) as progress:
                n = formats.write_articles(args.format, articles, out, progress.advance,
                                           extras)
        finally:
            if close:
                out.close()
    if args.output:
        noun = "article exporté" if n == 1 else "articles exportés"
        sys.stderr.write(f"{n} {noun} vers {args.output}\n")
    return Exit.OK


def _all_articles(store: CorpusStore, sources: list[str]) -> Iterator[Article]:
    if not sources:
        yield from store.iter_articles()
    for source in sources:
        yield from store.iter_articles(source=source)


def _period(args: argparse.Namespace) -> tuple[datetime | None, datetime | None]:
    from tui.cli.commands._shared import parse_date_arg

    return (parse_date_arg(args.since, "--since"),
            parse_date_arg(args.until, "--until", end=True))


def _check_sources(args: argparse.Namespace, store: CorpusStore) -> None:
    from tui.cli.commands._shared import check_sources, known_sources

    if args.source:
        check_sources(args.source, known_sources(args.home, store))


def _published_within(articles: Iterable[Article], since: datetime | None,
                      until: datetime | None) -> Iterator[Article]:
    for article in articles:
        when = article.published
        if when is None or (since and when < since) or (until and when > until):
            continue
        yield article


def _query_articles(args: argparse.Namespace, store: CorpusStore) -> Iterator[Article]:
    """Exactly the articles `veille search QUERY` counts in its total, with the same
    filters, in the order of its pages (`--sort`)."""
    import indexer

    since, until = _period(args)
    try:
        ids = indexer.search_ids(args.query, home=args.home, sources=tuple(args.source),
                                 since=since, until=until, sort=args.sort or "relevance")
    except indexer.NoIndex:
        raise CommandError(
            f"pas encore d’index dans {args.home.root} : lancez `veille index`",
            Exit.NOTHING_YET) from None
    yield from articles_in_order(store, ids)


def _query_stories(args: argparse.Namespace, store: CorpusStore
                   ) -> tuple[Iterator[Article], dict[str, dict[str, object]]]:
    """The stories `veille search QUERY` shows, in its order: each one's representative
    article (read from the store a batch at a time), and its story fields by article id."""
    import indexer
    from tui.cli.commands._grouping import preferred
    from tui.cli.commands._shared import known_sources

    # The known sources (a GROUP BY over the whole corpus) only check --prefer's names.
    known = known_sources(args.home, store) if args.prefer else []
    prefer = preferred(args.home, args.prefer, known)
    since, until = _period(args)
    try:
        with indexer.Searcher(args.home) as searcher:
            result = searcher.search(args.query, limit=2**31 - 1, sources=tuple(args.source),
                                     since=since, until=until, sort=args.sort or "relevance",
                                     snippets=False, prefer=prefer)
    except indexer.NoIndex:
        raise CommandError(
            f"pas encore d’index dans {args.home.root} : lancez `veille index`",
            Exit.NOTHING_YET) from None
    extras: dict[str, dict[str, object]] = {
        h.id: {"story": h.story, "reprint_count": len(h.reprints),
               "reprints": [r.to_json() for r in h.reprints]}
        for h in result.hits}
    return articles_in_order(store, [h.id for h in result.hits]), extras
